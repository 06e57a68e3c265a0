"""Forms of the candidates app: the finder, signup, My journey, data rights."""

from .calls import IntroCallForm
from .finder import ZipForm, clean_zip_code
from .journey import ProfileForm, RaceForm
from .privacy import AccountDeleteForm
from .screening import AvailabilityForm, ScreenerApplyForm, ScreeningLogForm
from .signup import SignupForm, normalise_phone

__all__ = [
    "AccountDeleteForm",
    "AvailabilityForm",
    "IntroCallForm",
    "ProfileForm",
    "RaceForm",
    "ScreenerApplyForm",
    "ScreeningLogForm",
    "SignupForm",
    "ZipForm",
    "clean_zip_code",
    "normalise_phone",
]
