from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "lms.targets"
    label = "targets"
    verbose_name = _("Targets and coverage")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signals that keep attainments true)
