from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = "lms.mfa"
    label = "mfa"
    verbose_name = _("Two-factor sign-in")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy check)
