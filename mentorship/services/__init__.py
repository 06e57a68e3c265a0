"""Writes of the mentorship app: ``mentors`` (applications, approval, pausing),
``questions`` (ask, claim, answer, follow up, resolve, hand back), ``routing`` (who is
told about a question), ``escalation`` (unclaimed after 48 hours), ``library`` (a
resolved question becomes a resource) and ``matches`` (longer mentor matches).
Import from here: ``from mentorship.services import question_claim``."""

from ._common import *  # noqa: F403  (each module lists its services in __all__)
from .escalation import *  # noqa: F403
from .library import *  # noqa: F403
from .matches import *  # noqa: F403
from .mentors import *  # noqa: F403
from .questions import *  # noqa: F403
from .routing import *  # noqa: F403
