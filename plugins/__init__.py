"""The plugin system. A plugin implements hooks with::

    from plugins import hookimpl

    @hookimpl
    def after_course_completed(enrollment):
        ...

That import is all a plugin needs from the core. See docs/plugins.md.
"""

import pluggy

PROJECT_NAME = "lms"
ENTRY_POINT_GROUP = "lms.plugins"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["ENTRY_POINT_GROUP", "PROJECT_NAME", "hookimpl", "hookspec"]
