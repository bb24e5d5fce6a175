"""Helpers for testing plugins: register hook implementations for the length of one test.

from plugins.testing import plugin_registered

def test_my_plugin_reacts():
    with plugin_registered(my_plugin.hooks, name="my_plugin"):
        ...
"""

from contextlib import contextmanager

from plugins.discovery import PluginRecord
from plugins.manager import get_plugin_system


@contextmanager
def plugin_registered(plugin, *, name: str):
    """Register ``plugin`` (a module or an object with @hookimpl methods) as plugin ``name``."""
    system = get_plugin_system()
    record = PluginRecord(
        name=name,
        module=getattr(plugin, "__name__", name),
        package="",
        source="test",
        version="0",
        description="registered by a test",
        lms_versions="*",
    )
    system.records[name] = record
    system.pm.register(plugin, name=name)
    callers = system.pm.get_hookcallers(plugin) or []
    unknown = [caller.name for caller in callers if caller.spec is None]
    try:
        if unknown:
            raise AssertionError(f"{name} implements hooks the LMS does not have: {unknown}")
        record.hooks = sorted(caller.name for caller in callers)
        yield record
    finally:
        system.pm.unregister(plugin)
        system.records.pop(name, None)
        for key in [key for key in system.failures if key[0] == name]:
            system.failures.pop(key)
