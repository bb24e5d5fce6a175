"""Find the installed plugins. Imported by the settings, so it must not import Django.

A plugin is announced by an entry point in the group ``lms.plugins``; the entry point's value
names the module that holds its hook implementations (``lms_badges.hooks``). The package around
that module declares the plugin in its ``__init__.py``, which must stay free of Django imports::

    LMS_PLUGIN = {
        "version": "1.0.0",
        "description": "One line that says what the plugin does.",
        "lms_versions": ">=0.2,<1.0",
    }

``lms_versions`` is the range of plugin API versions (``plugins.api.API_VERSION``) the plugin
works with, not of product releases: the LMS can be released without breaking plugins.

If the package also has an ``apps.py`` it is a Django app and joins INSTALLED_APPS; if it has a
``urls.py`` its URLs are served under ``/plugins/<name>/``.
"""

import importlib
import importlib.metadata
import importlib.util
from dataclasses import dataclass, field

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from plugins import ENTRY_POINT_GROUP
from plugins.api import API_VERSION
from plugins.reasons import NOT_SELECTED, reason_text

BUNDLED_DISTRIBUTION = "lms-vn"


@dataclass
class PluginRecord:
    name: str
    module: str
    package: str
    source: str  # "bundled" or "installed"
    distribution: str = ""
    version: str = ""
    description: str = ""
    lms_versions: str = ""
    django_app: str | None = None
    has_urls: bool = False
    refused_code: str = ""  # why the plugin was not loaded (see plugins.reasons); "" when it was
    refused_params: dict = field(default_factory=dict)
    hooks: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return not self.refused_code

    def refuse(self, code: str, **params) -> None:
        self.refused_code, self.refused_params = code, params

    @property
    def refused(self) -> str:
        """The reason in English, as the log says it."""
        return reason_text(self.refused_code, self.refused_params, language="en")

    @property
    def refused_display(self) -> str:
        """The reason in the reader's language, for the admin."""
        return reason_text(self.refused_code, self.refused_params)


def _has_submodule(package: str, name: str) -> bool:
    try:
        return importlib.util.find_spec(f"{package}.{name}") is not None
    except (ImportError, ValueError):
        return False


def _base_record(entry_point) -> PluginRecord:
    module = entry_point.value.split(":", 1)[0].strip()
    package = module.rpartition(".")[0] or module
    distribution = entry_point.dist.name if entry_point.dist else ""
    bundled = distribution == BUNDLED_DISTRIBUTION or package.startswith("plugins.")
    return PluginRecord(
        name=entry_point.name,
        module=module,
        package=package,
        source="bundled" if bundled else "installed",
        distribution=distribution,
    )


def _read_declaration(record: PluginRecord, entry_point, *, current_version: str) -> None:
    """Fill in what the plugin declares, or say why it is refused."""
    package = record.package
    try:
        declared = getattr(importlib.import_module(package), "LMS_PLUGIN", None)
    except Exception as error:
        record.refuse("package_import", package=package, error=repr(error))
        return
    if not isinstance(declared, dict):
        record.refuse("no_declaration", package=package)
        return
    dist_version = entry_point.dist.version if entry_point.dist else ""
    record.version = str(declared.get("version") or dist_version)
    record.description = str(declared.get("description", ""))
    record.lms_versions = str(declared.get("lms_versions", ""))
    if not record.lms_versions:
        record.refuse("no_lms_versions")
        return
    try:
        supported = SpecifierSet(record.lms_versions)
    except InvalidSpecifier:
        record.refuse("bad_lms_versions", versions=repr(record.lms_versions))
        return
    if Version(current_version) not in supported:
        record.refuse("incompatible", versions=record.lms_versions, current=current_version)
        return
    if _has_submodule(package, "apps"):
        record.django_app = package
    record.has_urls = _has_submodule(package, "urls")


def _announcer(entry_point) -> str:
    distribution = entry_point.dist.name if entry_point.dist else "?"
    return f"{distribution} ({entry_point.value})"


def discover_plugins(*, only: list[str] | None = None) -> list[PluginRecord]:
    """Every plugin announced in the entry point group, loaded or refused, by name.

    ``only``, when given, restricts loading to those names (the LMS_PLUGINS setting); the
    others are listed as refused with that reason. A name that two distributions announce is
    refused, naming both: which one Python finds first depends on sys.path, so loading either
    would silently run code the administrator may not expect.
    """
    importlib.invalidate_caches()
    current_version = API_VERSION
    announced: dict[str, list] = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        same_name = announced.setdefault(entry_point.name, [])
        # One distribution seen twice on sys.path (an editable and a built install) is no clash.
        if _announcer(entry_point) not in {_announcer(seen) for seen in same_name}:
            same_name.append(entry_point)
    records = []
    for name, entry_points in announced.items():
        record = _base_record(entry_points[0])
        records.append(record)
        if len(entry_points) > 1:
            record.refuse("name_clash", announcers=", ".join(sorted(map(_announcer, entry_points))))
        elif only and name not in only:
            record.refuse(NOT_SELECTED)
        else:
            _read_declaration(record, entry_points[0], current_version=current_version)
    return sorted(records, key=lambda record: record.name)


def plugin_django_apps(records: list[PluginRecord]) -> list[str]:
    return [record.django_app for record in records if record.loaded and record.django_app]
