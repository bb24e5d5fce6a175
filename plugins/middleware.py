from django.http import Http404

from plugins.manager import get_plugin_system

PLUGIN_URL_PREFIX = "/plugins/"


class PluginStateMiddleware:
    """Each request sees the plugin state as it is now, and a disabled plugin's URLs 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        system = get_plugin_system()
        system.mark_state_stale()
        if request.path.startswith(PLUGIN_URL_PREFIX):
            name = request.path[len(PLUGIN_URL_PREFIX) :].split("/", 1)[0]
            if not system.is_enabled(name):
                raise Http404
        return self.get_response(request)
