from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RfsConfig(AppConfig):
    name = "rfs"
    verbose_name = _("People, regions and email")
