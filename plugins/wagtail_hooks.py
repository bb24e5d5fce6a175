from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from plugins import views
from plugins.services import ACTION_DISABLE, ACTION_ENABLE


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_plugin_admin_urls():
    urls = [
        path("", views.PluginIndexView.as_view(), name="index"),
        path("<str:name>/toggle/", views.plugin_toggle_view, name="toggle"),
    ]
    return [path("plugins/", include((urls, "lms_plugins"), namespace="lms_plugins"))]


@hooks.register("register_settings_menu_item")
def register_plugins_menu_item():
    return AdministratorMenuItem(
        _("Plugins"), reverse("lms_plugins:index"), name="plugins", icon_name="code", order=900
    )


@hooks.register("register_log_actions")
def register_plugin_log_actions(actions):
    actions.register_action(ACTION_ENABLE, _("Enable plugin"), _("Plugin enabled"))
    actions.register_action(ACTION_DISABLE, _("Disable plugin"), _("Plugin disabled"))
