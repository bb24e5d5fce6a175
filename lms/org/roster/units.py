"""Which unit a roster row names: by its code or its name, typed the way people type them.

A unit column may hold a code ("HCM-TK", "hcm-tk") or a name ("Phường Tân Khánh", "phuong
tan khanh", "P. Tân Khánh", "Tân Khánh"): codes are compared without case or spaces, names as
headers are (see ``columns.fold``), and a name may leave out or abbreviate the kind of unit it
starts with. Only units open on the day of the import are candidates (after the 2025 reform
codes and names were reused). A value that fits several units of the import is refused rather
than guessed: the reason asks for the code.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from ..models import OrgUnit
from .columns import fold
from .files import shown

FOUND_KEPT = 1_000  # values remembered: a roster names few units; a hostile file, any number
# The kind of unit a name starts with, written out or abbreviated ("P." for Phường...), in
# folded form; compared on both sides, so "Tân Khánh" finds "Phường Tân Khánh".
KIND_PREFIX = re.compile(
    r"^(?:(?:phuong|xa|thi tran|thi xa|dac khu|thanh pho|tinh|quan|huyen)\s+"
    r"|(?:p|x|tt|tx|tp|q|h)\s*\.\s*)"
)


def code_key(text: str) -> str:
    """A code as compared: no case, no spaces ("hcm - tk" is HCM-TK)."""
    return "".join(fold(text).split())


def name_key(text: str) -> str:
    return fold(text)


def short_name_key(text: str) -> str:
    """A name without the kind of unit it starts with."""
    return KIND_PREFIX.sub("", fold(text), count=1).strip()


class UnitFinder:
    """Finds the open unit a cell names, among the units an import may place people in."""

    def __init__(self, *, units: Iterable[OrgUnit], allowed_ids: set[int]):
        self.allowed_ids = allowed_ids
        self.indexes: list[tuple[Callable[[str], str], dict[str, list[OrgUnit]]]] = [
            (code_key, defaultdict(list)),
            (name_key, defaultdict(list)),
            (short_name_key, defaultdict(list)),
        ]
        for unit in units:
            code_index, name_index, short_index = (index for _key, index in self.indexes)
            code_index[code_key(unit.code)].append(unit)
            name_index[name_key(unit.name)].append(unit)
            short_index[short_name_key(unit.name)].append(unit)
        self.found: dict[str, tuple[OrgUnit | None, str]] = {}

    def find(self, text: str) -> tuple[OrgUnit | None, str]:
        """(the unit, "") or (None, why no unit). Rows of a roster name few units over and
        over: each value is looked up once (up to ``FOUND_KEPT`` values)."""
        if text in self.found:
            return self.found[text]
        result = self._find(text)
        if len(self.found) < FOUND_KEPT:
            self.found[text] = result
        return result

    def _find(self, text: str) -> tuple[OrgUnit | None, str]:
        candidates: list[OrgUnit] = []
        for key, index in self.indexes:  # a code first, then a whole name, then a short one
            if candidates := index.get(key(text), []):
                break
        inside = [unit for unit in candidates if unit.pk in self.allowed_ids]
        if len(inside) == 1:
            return inside[0], ""
        if inside:
            codes = ", ".join(sorted(unit.code for unit in inside))
            return None, _(
                "Several units of this import are named “%(value)s”: write the code of the "
                "one you mean (%(codes)s)."
            ) % {"value": shown(text), "codes": codes}
        if candidates:
            return None, _("Unit “%(code)s” is outside the units this import is for.") % {
                "code": shown(text)
            }
        return None, _("No unit open today has the code or name “%(value)s”.") % {
            "value": shown(text)
        }
