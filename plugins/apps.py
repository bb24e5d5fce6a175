from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    verbose_name = _("Plugins")

    def ready(self) -> None:
        from celery.signals import task_prerun

        from plugins.manager import get_plugin_system

        # Load the plugins now, so a refused one is named in the log at start-up.
        get_plugin_system()
        task_prerun.connect(_refresh_before_task, weak=False, dispatch_uid="plugins-state")


def _refresh_before_task(**kwargs) -> None:
    from plugins.manager import get_plugin_system

    get_plugin_system().mark_state_stale()
