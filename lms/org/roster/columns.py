"""Roster columns: which header holds which field, and the words a roster's values use.

Headers and values are compared the way people type them (any case, with or without
diacritics): see ``fold``. The population import reads its headers the same way.
"""

import unicodedata
from collections.abc import Iterable

from ..models import Person

# Column headers people write, in Vietnamese and English, compared without case or diacritics.
HEADER_ALIASES = {
    "full_name": ["họ và tên", "họ tên", "tên", "full name", "name"],
    "national_id": [
        "số định danh cá nhân",
        "số định danh",
        "số cccd",
        "cccd",
        "căn cước công dân",
        "số căn cước",
        "national id",
        "national id number",
        "citizen id",
        "id number",
    ],
    "employee_code": [
        "mã cán bộ",
        "mã nhân viên",
        "mã cbccvc",
        "mã số",
        "employee code",
        "staff code",
        "employee id",
    ],
    "date_of_birth": ["ngày sinh", "ngày tháng năm sinh", "date of birth", "birth date", "dob"],
    # A unit is named by its code, its name, or both (see ``units``); a column of either
    # kind may hold either, as long as the value names one open unit.
    "unit_code": ["mã đơn vị", "mã đv", "unit code", "unit id"],
    "unit_name": [
        "tên đơn vị",
        "đơn vị",
        "đơn vị công tác",
        "cơ quan, đơn vị",
        "unit name",
        "unit",
    ],
    # Earlier names win when a file has two: "Chức vụ" often holds job titles instead.
    "position": [
        "nhóm vị trí",
        "vị trí",
        "position category",
        "position",
        "chức danh",
        "chức vụ",
    ],
    "it_officer": [
        "chuyên trách cntt",
        "cán bộ chuyên trách cntt",
        "chuyên trách chuyển đổi số",
        "it officer",
        "it/dx officer",
    ],
    # Where the invitation to set a password goes (lms.org.invitations).
    "email": [
        "email",
        "e-mail",
        "địa chỉ email",
        "thư điện tử",
        "địa chỉ thư điện tử",
        "email address",
        "e-mail address",
    ],
}
POSITION_VALUES = {
    Person.PositionCategory.LEADER: ["lãnh đạo", "lãnh đạo, quản lý", "leader", "manager"],
    Person.PositionCategory.CIVIL_SERVANT: ["công chức", "cán bộ", "civil servant", "cadre"],
    Person.PositionCategory.PUBLIC_EMPLOYEE: ["viên chức", "public employee"],
    Person.PositionCategory.WORKER: ["người lao động", "lao động hợp đồng", "worker"],
}
YES = {"có", "co", "x", "yes", "y", "1", "true", "đúng"}
NO = {"", "không", "khong", "no", "n", "0", "false"}
FIELD_LABELS = {
    "full_name": "Họ và tên",
    "national_id": "Số định danh cá nhân",
    "employee_code": "Mã cán bộ",
    "date_of_birth": "Ngày sinh",
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "position": "Nhóm vị trí",
    "it_officer": "Chuyên trách CNTT",
    "email": "Email",
}


def fold(text: str) -> str:
    """Lower case, single spaces, no diacritics: how headers and values are compared."""
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).lower()).replace("đ", "d")
    return "".join(char for char in text if not unicodedata.combining(char))


FOLDED_HEADERS = {
    fold(alias): (name, rank)
    for name, aliases in HEADER_ALIASES.items()
    for rank, alias in enumerate(aliases)
}
FOLDED_POSITIONS = {
    fold(value): code for code, values in POSITION_VALUES.items() for value in values
}


def map_columns(headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Which header holds which field; where two headers name one field, the more specific
    name (earlier in ``HEADER_ALIASES``) wins and the other is an extra column."""
    best: dict[str, tuple[int, str]] = {}
    headers = list(headers)
    for header in headers:
        name, rank = FOLDED_HEADERS.get(fold(header), (None, 0))
        if name and (name not in best or rank < best[name][0]):
            best[name] = (rank, header)
    columns = {name: header for name, (_rank, header) in best.items()}
    chosen = set(columns.values())
    extra = [header for header in headers if header and header not in chosen]
    return columns, extra
