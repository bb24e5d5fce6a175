from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from plugins.selectors import plugin_api_versions, plugin_list
from plugins.services import UnknownPlugin, plugin_set_enabled


def _require_administrator(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


class PluginIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "plugins/admin/index.html"
    page_title = gettext_lazy("Plugins")
    header_icon = "code"

    def dispatch(self, request, *args, **kwargs):
        _require_administrator(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = plugin_list()
        context["api_version"], context["lms_version"] = plugin_api_versions()
        return context


@require_POST
def plugin_toggle_view(request, name: str):
    _require_administrator(request)
    enable = request.POST.get("enabled") == "1"
    try:
        plugin_set_enabled(name=name, enabled=enable, user=request.user)
    except UnknownPlugin:
        raise Http404 from None
    if enable:
        messages.success(request, _("Plugin “%(name)s” is enabled.") % {"name": name})
    else:
        messages.success(request, _("Plugin “%(name)s” is disabled.") % {"name": name})
    return redirect("lms_plugins:index")
