"""The one place services get plugin hooks from::

    from plugins.manager import hooks

    hooks.after_course_completed(enrollment=enrollment)
    blocks = hooks.register_lesson_blocks()   # [(plugin_name, contribution), ...]

The pluggy manager is built on first use (never at import time) from the plugins discovered
when the settings loaded. Each plugin's implementation is called on its own, so one plugin's
failure never stops another's, nor the action that fired the hook:

- ``after_*``: exceptions are logged with the plugin and the event; nothing is returned.
- ``register_*``, ``extend_*``, ``get_*``: a failing plugin loses only that contribution; the
  failure is logged and shown in Settings > Plugins.

Disabled plugins (PluginState rows) are skipped. Their state is re-read at the start of every
request and task (see plugins.middleware and plugins.apps), so a change made in the admin
takes effect in every process without a restart.
"""

import logging
import threading
import time
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import pluggy
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from plugins import PROJECT_NAME, hookspecs
from plugins.discovery import PluginRecord, discover_plugins
from plugins.reasons import NOT_SELECTED

logger = logging.getLogger("plugins")

NOTIFICATION_PREFIX = "after_"
HOOK_PREFIXES = ("register_", "extend_", "get_", NOTIFICATION_PREFIX)


@dataclass(frozen=True)
class ContributionFailure:
    plugin: str
    hook: str
    error: str
    at: Any


class PluginSystem:
    def __init__(self, records: list[PluginRecord]):
        self.records = {record.name: record for record in records}
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.failures: dict[tuple[str, str], ContributionFailure] = {}
        self.disabled: frozenset[str] = frozenset()
        self._state_stale = True
        self._lock = threading.Lock()
        for record in records:
            if record.loaded:
                self._load(record)
            elif record.refused_code == NOT_SELECTED:
                logger.info("Plugin %r is not loaded: %s", record.name, record.refused)
            else:
                logger.error("Plugin %r refused: %s", record.name, record.refused)

    def _load(self, record: PluginRecord) -> None:
        if record.django_app and record.django_app not in settings.INSTALLED_APPS:
            self._refuse(record, "restart")
            return
        try:
            module = import_module(record.module)
        except Exception as error:
            self._refuse(record, "module_import", module=record.module, error=repr(error))
            return
        refusal = self.register(module, record=record)
        if refusal:
            self._refuse(record, refusal[0], **refusal[1])

    def register(self, plugin, *, record: PluginRecord) -> tuple[str, dict] | None:
        """Register ``plugin``'s hook implementations under ``record.name`` if they keep the
        contract; otherwise register nothing and answer why (a reason code and its params).

        The loader and ``plugins.testing.plugin_registered`` both come through here, so a test
        refuses exactly what start-up refuses.
        """
        try:
            self.pm.register(plugin, name=record.name)
        except pluggy.PluginValidationError as error:
            return "contract", {"error": str(error)}
        callers = self.pm.get_hookcallers(plugin) or []
        wrappers = [
            caller.name
            for caller in callers
            for impl in caller.get_hookimpls()
            if impl.plugin is plugin and (impl.hookwrapper or impl.wrapper)
        ]
        unknown = [caller.name for caller in callers if caller.spec is None]
        if wrappers or unknown:
            self.pm.unregister(plugin)
            if wrappers:
                return "wrappers", {"hooks": ", ".join(wrappers)}
            return "unknown_hooks", {"hooks": ", ".join(unknown)}
        record.hooks = sorted(caller.name for caller in callers)
        self.records[record.name] = record
        return None

    def unregister(self, name: str) -> None:
        """Forget a plugin registered with ``register`` (tests)."""
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self.records.pop(name, None)
        with self._lock:
            for key in [key for key in self.failures if key[0] == name]:
                self.failures.pop(key)

    def _refuse(self, record: PluginRecord, code: str, **params) -> None:
        record.refuse(code, **params)
        reason = record.refused
        logger.error("Plugin %r refused: %s", record.name, reason)

    # State -----------------------------------------------------------------------------------

    def mark_state_stale(self) -> None:
        """Re-read enabled/disabled state before the next hook call (one small query)."""
        self._state_stale = True

    def refresh_state(self) -> None:
        from plugins.models import PluginState

        try:
            # A savepoint, so a database not yet migrated leaves the transaction usable.
            with transaction.atomic():
                disabled = list(
                    PluginState.objects.filter(enabled=False).values_list("name", flat=True)
                )
        except DatabaseError:
            logger.warning("Plugin state cannot be read (database not migrated?): all enabled.")
            disabled = []
        self.disabled = frozenset(disabled)
        self._state_stale = False

    def is_enabled(self, name: str) -> bool:
        if self._state_stale:
            self.refresh_state()
        record = self.records.get(name)
        return bool(record and record.loaded and name not in self.disabled)

    # Calls -----------------------------------------------------------------------------------

    def call(
        self, hook_name: str, *, include_disabled: bool = False, **kwargs
    ) -> list[tuple[str, Any]]:
        """Call one hook on each plugin, each on its own; see the module docstring.

        ``include_disabled`` is only for structure that stored content depends on (block
        definitions): a disabled plugin's blocks stay defined so no lesson loses data.
        """
        if not hook_name.startswith(HOOK_PREFIXES):
            raise AttributeError(f"{hook_name} is not an LMS hook")
        caller = getattr(self.pm.hook, hook_name)
        if caller.spec is None:
            raise AttributeError(f"{hook_name} is not an LMS hook")
        missing = set(caller.spec.argnames) - set(kwargs)
        if missing:
            raise TypeError(f"{hook_name} needs the keyword arguments {sorted(missing)}")
        if self._state_stale and not include_disabled:
            self.refresh_state()
        results = []
        # pluggy calls the last registered implementation first; keep that order.
        for impl in reversed(caller.get_hookimpls()):
            if impl.plugin_name in self.disabled and not include_disabled:
                continue
            arguments = {name: kwargs[name] for name in impl.argnames}
            started = time.perf_counter()
            try:
                value = impl.function(**arguments)
            except Exception as error:
                self._hook_failed(impl.plugin_name, hook_name, error)
                continue
            finally:
                if settings.LMS_TRACE_PLUGINS:
                    logger.info(
                        "plugin hook %s.%s(%s) took %.2f ms",
                        impl.plugin_name,
                        hook_name,
                        ", ".join(f"{key}={value!r}" for key, value in arguments.items()),
                        (time.perf_counter() - started) * 1000,
                    )
            self.failures.pop((impl.plugin_name, hook_name), None)
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    def _hook_failed(self, plugin: str, hook_name: str, error: Exception) -> None:
        if hook_name.startswith(NOTIFICATION_PREFIX):
            logger.exception(
                "Plugin %r failed handling the event %s; the action that fired it stands.",
                plugin,
                hook_name,
            )
            return
        with self._lock:
            self.failures[(plugin, hook_name)] = ContributionFailure(
                plugin=plugin, hook=hook_name, error=repr(error), at=timezone.now()
            )
        logger.exception("Plugin %r failed in %s; its contribution is left out.", plugin, hook_name)

    def failures_of(self, name: str) -> list[ContributionFailure]:
        return [failure for (plugin, _), failure in self.failures.items() if plugin == name]


_system: PluginSystem | None = None
_system_lock = threading.Lock()


def get_plugin_system() -> PluginSystem:
    global _system
    if _system is None:
        with _system_lock:
            if _system is None:
                _system = PluginSystem(discover_plugins(only=settings.LMS_PLUGINS or None))
    return _system


class _Hooks:
    """``hooks.<name>(**kwargs)``: call a hook on every enabled plugin."""

    def __getattr__(self, hook_name: str):
        def call(**kwargs):
            results = get_plugin_system().call(hook_name, **kwargs)
            if hook_name.startswith(NOTIFICATION_PREFIX):
                return None
            return results

        call.__name__ = hook_name
        return call


hooks = _Hooks()
