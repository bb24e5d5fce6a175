"""URLs of plugins that carry a urls.py, served under /plugins/<name>/."""

import logging
from importlib import import_module

from django.conf import settings
from django.urls import include, path

logger = logging.getLogger("plugins")


def plugin_urlpatterns() -> list:
    patterns = []
    for record in settings.PLUGIN_RECORDS:
        if not (record.loaded and record.has_urls):
            continue
        module = f"{record.package}.urls"
        try:
            import_module(module)
        except Exception:
            logger.exception(
                "Plugin %r: its URLs (%s) failed to load; left out.", record.name, module
            )
            continue
        patterns.append(path(f"plugins/{record.name}/", include(module)))
    return patterns
