"""Reads about plugins, for Settings > Plugins."""

from dataclasses import dataclass

from plugins.api import API_VERSION
from plugins.discovery import PluginRecord
from plugins.manager import ContributionFailure, get_plugin_system
from plugins.models import PluginState


@dataclass(frozen=True)
class PluginRow:
    record: PluginRecord
    status: str  # "enabled", "disabled" or "refused"
    state: PluginState | None
    failures: list[ContributionFailure]


def plugin_list() -> list[PluginRow]:
    system = get_plugin_system()
    states = {state.name: state for state in PluginState.objects.select_related("changed_by")}
    rows = []
    for record in sorted(system.records.values(), key=lambda record: record.name):
        state = states.get(record.name)
        if not record.loaded:
            status = "refused"
        elif state is not None and not state.enabled:
            status = "disabled"
        else:
            status = "enabled"
        rows.append(PluginRow(record, status, state, system.failures_of(record.name)))
    return rows


def plugin_api_versions() -> tuple[str, str]:
    """(plugin API version, product version): what a plugin author matches lms_versions to."""
    from lms import __version__

    return API_VERSION, __version__
