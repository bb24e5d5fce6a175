"""Roster import at scale: a generated 50,000-row roster is previewed and imported, against the
bare cost of the same work (reading the CSV with the csv module, and a raw bulk insert).

Prints JSON: rows, seconds, rows per second and peak traced memory of each step.

    DJANGO_SETTINGS_MODULE=lms.settings.test .venv/bin/python bench/roster_import.py [ROWS]

It uses a throwaway SQLite database (or DATABASE_URL's server, in a test database) and never
touches the development database.
"""

import csv
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django

django.setup()

from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

HEADERS = [
    "Họ và tên",
    "Số định danh cá nhân",
    "Mã cán bộ",
    "Ngày sinh",
    "Mã đơn vị",
    "Nhóm vị trí",
    "Chuyên trách CNTT",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hải", "Lan", "Mai", "Nam", "Quân"]
POSITIONS = ["Công chức", "Viên chức", "Lãnh đạo", "Người lao động"]


def roster_file(rows: int, path: Path, unit_codes: list[str]) -> None:
    rng = random.Random(2025)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for number in range(rows):
            writer.writerow(
                [
                    f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    f"0741{number:08d}",
                    f"B-{number:06d}",
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2004)}",
                    rng.choice(unit_codes),
                    rng.choice(POSITIONS),
                    "Có" if rng.random() < 0.05 else "Không",
                ]
            )


def measure(label: str, rows: int, work) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "step": label,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "peak_traced_mib": round(peak / 2**20, 1),
        "result": result,
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from lms.demo.province import units_build
        from lms.org.models import OrgUnit, Person
        from lms.org.roster.planner import roster_import_run, roster_plan

        units = units_build()
        codes = [code for code in units if code.startswith("BDG-TU-")]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "roster.csv"
            roster_file(rows, path, codes)
            size = path.stat().st_size

            def bare_read():
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    return sum(1 for _ in csv.reader(handle, delimiter=";")) - 1

            def bare_insert():
                people = [
                    Person(
                        kind="staff",
                        full_name=f"x{n}",
                        employee_code=f"X-{n}",
                        unit=units["BDG-TU-KB"],
                    )
                    for n in range(rows)
                ]
                Person.objects.bulk_create(people, batch_size=1000)
                count = Person.objects.filter(employee_code__startswith="X-").delete()[0]
                return count

            def run(apply: bool):
                with path.open("rb") as handle:
                    step = roster_import_run if apply else roster_plan
                    plan = step(
                        file=handle,
                        filename="roster.csv",
                        size=size,
                        unit=units["BDG-TU"],
                        allowed_units=OrgUnit.objects.all(),
                        complete=False,
                    )
                return {
                    key: value
                    for key, value in plan.summary().items()
                    if key in ("create", "update", "unchanged", "rejected")
                }

            results = [
                measure("bare: csv module reads the file", rows, bare_read),
                measure("bare: bulk insert of as many people", rows, bare_insert),
                measure("preview (dry run)", rows, lambda: run(False)),
                measure("import", rows, lambda: run(True)),
                measure("re-import of the same file (idempotent)", rows, lambda: run(True)),
            ]
        print(
            json.dumps(
                {
                    "benchmark": "roster_import",
                    "rows": rows,
                    "file_mib": round(size / 2**20, 1),
                    "database": django.db.connection.vendor,
                    "steps": results,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
