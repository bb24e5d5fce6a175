"""Why a plugin was not loaded, in words: English in the log, the reader's language in the
admin. Importing this is safe while settings load (nothing is translated until shown)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

NOT_SELECTED = "not_selected"

REASONS = {
    "package_import": _("its package %(package)s failed to import: %(error)s"),
    "no_declaration": _(
        "%(package)s does not declare LMS_PLUGIN (version, description, lms_versions)"
    ),
    "no_lms_versions": _("it does not say which plugin API versions it supports (lms_versions)"),
    "bad_lms_versions": _("its lms_versions %(versions)s is not a version range"),
    "incompatible": _(
        "it supports plugin API versions %(versions)s, and this LMS offers API %(current)s"
    ),
    NOT_SELECTED: _("not listed in the LMS_PLUGINS setting"),
    "name_clash": _(
        "several installed packages announce this plugin name: %(announcers)s. "
        "Uninstall all but one, then restart the LMS"
    ),
    "restart": _("it is a Django app installed after start-up: restart the LMS"),
    "module_import": _("its module %(module)s failed to import: %(error)s"),
    "contract": _("its hooks do not match the contract: %(error)s"),
    "unknown_hooks": _("it implements hooks the LMS does not have (misspelled?): %(hooks)s"),
    "wrappers": _("hook wrappers are not part of the LMS contract: %(hooks)s"),
}


def reason_text(code: str, params: dict, *, language: str | None = None) -> str:
    if not code:
        return ""
    if language:
        with override(language):
            return str(REASONS[code]) % params
    return str(REASONS[code]) % params
