"""Writes about plugins: an administrator enables or disables one."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from plugins.manager import get_plugin_system
from plugins.models import PluginState

ACTION_ENABLE = "lms_plugins.enable"
ACTION_DISABLE = "lms_plugins.disable"


class UnknownPlugin(LookupError):
    pass


@transaction.atomic
def plugin_set_enabled(*, name: str, enabled: bool, user) -> PluginState:
    """Enable or disable a loaded plugin, recording who did it and when (audit log too).

    Every process sees the change at its next request or task; this one at once.
    """
    system = get_plugin_system()
    record = system.records.get(name)
    if record is None or not record.loaded:
        raise UnknownPlugin(name)
    state, _ = PluginState.objects.select_for_update().get_or_create(name=name)
    state.enabled = enabled
    state.changed_by = user
    state.changed_at = timezone.now()
    state.save()
    log(instance=state, action=ACTION_ENABLE if enabled else ACTION_DISABLE, user=user)
    transaction.on_commit(system.mark_state_stale)
    return state
