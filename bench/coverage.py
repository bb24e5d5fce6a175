"""Coverage at province scale: the report against the bare SQL aggregate of the same numbers.

Generates (set-based SQL, not the ORM) 60,000 staff in 200 agencies and 1,500,000 citizens in
100 communes (10 districts of 10), with 1,000,000 citizen attainments and 45,000 staff ones, then
times, each the median of several runs:

- the province report: every card, and the table of the province's units (the selector), and
  the whole admin page as a browser gets it;
- one commune's report;
- the CSV export of the province table (the whole download);

and next to each the bare SQL that computes the same numbers. Prints JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms .venv/bin/python bench/coverage.py
    .venv/bin/python bench/coverage.py --scale 0.02        # SQLite: a smaller province

It uses a test database (created and dropped) and never touches the development database.
"""

import argparse
import csv
import datetime
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

STAFF, CITIZENS, CITIZEN_ATTAINMENTS, STAFF_ATTAINMENTS = 60_000, 1_500_000, 1_000_000, 45_000
AGENCIES, DISTRICTS, COMMUNES_PER_DISTRICT = 200, 10, 10
REFERENCE = datetime.date(2025, 12, 31)
RUNS = 5


def postgres() -> bool:
    return connection.vendor == "postgresql"


def series(count: int) -> tuple[str, str]:
    """(prefix, from-clause) giving rows n = 1..count."""
    if postgres():
        return "", f"generate_series(1, {int(count)}) AS g(n)"
    return (
        f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {int(count)}) ",
        "g",
    )


def plus_days(base: str, expression: str, *, timestamp: bool = False) -> str:
    if postgres():
        kind = "TIMESTAMPTZ" if timestamp else "DATE"
        return f"({kind} '{base}' + ({expression}) * INTERVAL '1 day')" + (
            "" if timestamp else "::date"
        )
    function = "datetime" if timestamp else "date"
    return f"{function}('{base}', '+' || ({expression}) || ' days')"


def execute(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def timed(work, runs: int = RUNS) -> tuple[float, object]:
    result, times = None, []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def build(scale: float) -> dict:
    """The province, its people and attainments. Returns what the measurements need."""
    from courses.models import CourseIndexPage, CoursePage
    from lms.home.services import site_setup
    from lms.org.models import OrgUnit, PopulationFigure
    from lms.targets.models import Target

    staff, citizens = int(STAFF * scale), int(CITIZENS * scale)
    citizen_attainments, staff_attainments = (
        int(CITIZEN_ATTAINMENTS * scale),
        int(STAFF_ATTAINMENTS * scale),
    )
    site_setup()
    province = OrgUnit.add_root(code="P", name="Tỉnh", kind=OrgUnit.Kind.PROVINCE)
    agencies = [
        OrgUnit.objects.get(pk=province.pk).add_child(
            code=f"A{number:03d}", name=f"Sở {number}", kind=OrgUnit.Kind.DEPARTMENT
        )
        for number in range(AGENCIES)
    ]
    communes = []
    for district_number in range(DISTRICTS):
        district = OrgUnit.objects.get(pk=province.pk).add_child(
            code=f"D{district_number:02d}", name=f"Huyện {district_number}", kind="city"
        )
        for number in range(COMMUNES_PER_DISTRICT):
            communes.append(
                OrgUnit.objects.get(pk=district.pk).add_child(
                    code=f"D{district_number:02d}C{number:02d}",
                    name=f"Xã {district_number}-{number}",
                    kind=OrgUnit.Kind.COMMUNE,
                )
            )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            unit=commune,
            year=2025,
            working_age_count=citizens // len(communes) + 500,
            source="bench",
        )
        for commune in communes
    )
    execute("CREATE TEMP TABLE bench_unit (role varchar(8), idx integer, unit_id integer)")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_unit VALUES (%s, %s, %s)",
            [("agency", index, unit.pk) for index, unit in enumerate(agencies)]
            + [("commune", index, unit.pk) for index, unit in enumerate(communes)],
        )

    now = "CURRENT_TIMESTAMP"
    for kind, count, role, size in (
        ("staff", staff, "agency", len(agencies)),
        ("citizen", citizens, "commune", len(communes)),
    ):
        prefix, source = series(count)
        code = "'B-' || n" if kind == "staff" else "''"
        category = "'civil_servant'" if kind == "staff" else "''"
        execute(
            f"""{prefix}INSERT INTO org_person (kind, full_name, employee_code, national_id_hash,
                national_id_last4, date_of_birth, sex, unit_id, position_category,
                is_it_officer, joined_on, phone, created_at, updated_at)
            SELECT '{kind}', 'Người ' || n, {code}, '', '', {plus_days("1970-01-01", "n % 12000")},
                CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, u.unit_id, {category},
                (n % 25 = 0), {plus_days("2020-01-01", "0")}, '', {now}, {now}
            FROM {source} JOIN bench_unit u ON u.role = '{role}' AND u.idx = n % {size}"""
        )
    execute(
        f"""INSERT INTO org_placement (person_id, unit_id, kind, start_on)
        SELECT id, unit_id, kind, {plus_days("2020-01-01", "0")} FROM org_person"""
    )
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(title="Kỹ năng số", slug="ky-nang-so", summary="Khoá học thử tải.")
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    t1 = Target.objects.create(
        code="T1-2025", name="T1", population="staff", required_percentage=100,
        period_start=datetime.date(2025, 1, 1), period_end=REFERENCE, deadline=REFERENCE,
    )  # fmt: skip
    t2 = Target.objects.create(
        code="T2-2025", name="T2", population="citizens", required_percentage=70,
        period_start=datetime.date(2025, 1, 1), period_end=REFERENCE, deadline=REFERENCE,
    )  # fmt: skip
    for target in (t1, t2):
        target.courses.set([course])
        target.save()

    learners = citizen_attainments + staff_attainments
    prefix, source = series(learners)
    execute(
        f"""{prefix}INSERT INTO auth_user (password, is_superuser, username, first_name,
            last_name, email, is_staff, is_active, date_joined)
        SELECT '!', (1 = 0), 'b' || n, '', '', '', (1 = 0), (1 = 1), {now} FROM {source}"""
    )
    # The first learners of each kind (every person but one in four of the staff; two in three
    # of the citizens) completed the course in 2025, on days spread over the year.
    execute(
        f"""INSERT INTO courses_enrollment (user_id, person_id, course_id, enrolled_at,
            started_at, completed_at, passed)
        SELECT u.id, p.id, %s, {plus_days("2025-01-01", "p.rn %% 330", timestamp=True)},
            {plus_days("2025-01-01", "p.rn %% 330", timestamp=True)},
            {plus_days("2025-01-01", "p.rn %% 330", timestamp=True)}, (1 = 1)
        FROM (
            SELECT id, row_number() OVER (ORDER BY id) AS rn FROM org_person
            WHERE (kind = 'staff' AND id %% 4 <> 0) OR kind = 'citizen'
        ) p
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM auth_user
              WHERE username LIKE 'b%%') u ON u.rn = p.rn""",
        [course.pk],
    )
    for target, kind in ((t1, "staff"), (t2, "citizen")):
        execute(
            f"""INSERT INTO targets_attainment (target_id, person_id, enrollment_id, unit_id,
                attained_on, counts_from)
            SELECT %s, p.id, e.id, p.unit_id, {date_of("e.completed_at")}, {date_of("e.completed_at")}
            FROM courses_enrollment e JOIN org_person p ON p.id = e.person_id
            WHERE p.kind = %s""",
            [target.pk, kind],
        )
    # After a bulk load, as autovacuum would soon do: statistics and the visibility map.
    execute("VACUUM ANALYZE" if postgres() else "ANALYZE")
    from lms.targets.models import Attainment

    return {
        "province": OrgUnit.objects.get(pk=province.pk),
        "commune": OrgUnit.objects.get(pk=communes[0].pk),
        "t1": t1,
        "t2": t2,
        "counts": {
            "units": OrgUnit.objects.count(),
            "staff": staff,
            "citizens": citizens,
            "attainments": Attainment.objects.count(),
        },
    }


def date_of(column: str) -> str:
    # Completion times are at midnight UTC; Vietnam is 7 hours ahead, the same day.
    return f"({column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date" if postgres() else f"date({column})"


def bare_numerators(*, target_id: int, prefix: str, depth_length: int) -> list:
    """Trained, and trained in the last 90 days, per unit one level below ``prefix``."""
    sql = """
        SELECT substr(u.path, 1, %s) AS branch, count(*),
               sum(CASE WHEN a.counts_from > %s THEN 1 ELSE 0 END)
        FROM targets_attainment a JOIN org_orgunit u ON u.id = a.unit_id
        WHERE a.target_id = %s AND a.counts_from <= %s AND u.path LIKE %s
        GROUP BY substr(u.path, 1, %s)"""
    since = REFERENCE - datetime.timedelta(days=90)
    with connection.cursor() as cursor:
        cursor.execute(sql, [depth_length, since, target_id, REFERENCE, prefix + "%", depth_length])
        return cursor.fetchall()


def bare_staff_headcounts(*, prefix: str, depth_length: int) -> list:
    sql = """
        SELECT substr(u.path, 1, %s), count(*)
        FROM org_placement p JOIN org_orgunit u ON u.id = p.unit_id
        WHERE p.kind = 'staff' AND p.start_on <= %s
          AND (p.end_on IS NULL OR p.end_on >= %s) AND u.path LIKE %s
          AND NOT EXISTS (SELECT 1 FROM org_placement later WHERE later.person_id = p.person_id
                          AND later.kind = 'staff' AND later.start_on > p.start_on
                          AND later.start_on <= %s)
        GROUP BY substr(u.path, 1, %s)"""
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                depth_length,
                REFERENCE,
                datetime.date(2025, 1, 1),
                prefix + "%",
                REFERENCE,
                depth_length,
            ],
        )
        return cursor.fetchall()


def bare_population(*, prefix: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT f.unit_id, f.working_age_count FROM org_populationfigure f
               JOIN org_orgunit u ON u.id = f.unit_id WHERE f.year = 2025 AND u.path LIKE %s""",
            [prefix + "%"],
        )
        return cursor.fetchall()


def bare_report(unit, targets) -> list:
    """The same numbers as the report's cards and table, in bare SQL: per child of ``unit``
    (and the unit itself), trained and recent for each target, staff headcounts, and the
    population figures."""
    child_length = len(unit.path) + 4
    results = []
    for target in targets:
        results.append(
            bare_numerators(target_id=target.pk, prefix=unit.path, depth_length=child_length)
        )
        if target.population == "staff":
            results.append(bare_staff_headcounts(prefix=unit.path, depth_length=child_length))
        else:
            results.append(bare_population(prefix=unit.path))
    return results


def selector_report(unit, targets, user) -> list:
    """What the page computes: a card per target for the unit, its units' table per target."""
    from lms.targets.coverage.readings import reading_for
    from lms.targets.coverage.report import coverage_table

    today = datetime.date(2026, 6, 1)
    rows = []
    for target in targets:
        reading = reading_for(target=target, as_of=None, today=today)
        card, parts = coverage_table(user=user, target=target, unit=unit, reading=reading)
        rows += [card, *parts]
    return [(row.unit.code if row.unit else "", row.trained, row.headcount) for row in rows]


def bare_csv(unit, target) -> bytes:
    rows = bare_report(unit, [target])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for result in rows:
        for row in result:
            writer.writerow(row)
    return buffer.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full province")
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = parser.parse_args()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model
        from django.test import Client

        started = time.perf_counter()
        world = build(arguments.scale)
        generated = time.perf_counter() - started
        admin = get_user_model().objects.create_superuser("bench-admin", "", "x")
        client = Client()
        client.force_login(admin)
        province, commune, targets = world["province"], world["commune"], [world["t1"], world["t2"]]

        def page(url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return len(response.content)

            return get

        province_url = f"/admin/coverage/?year=2025&target=T2-2025&unit={province.pk}"
        commune_url = f"/admin/coverage/?year=2025&target=T2-2025&unit={commune.pk}"
        page(province_url)()  # warm up: templates, plugin state, menus
        measurements = {}
        for name, work, bare in (
            (
                "province report (selector: 2 cards + 2 unit tables)",
                lambda: selector_report(province, targets, admin),
                lambda: bare_report(province, targets),
            ),
            (
                "province report (whole admin page)",
                page(province_url),
                lambda: bare_report(province, targets),
            ),
            (
                "one commune (selector)",
                lambda: selector_report(commune, targets, admin),
                lambda: bare_report(commune, targets),
            ),
            (
                "one commune (whole admin page)",
                page(commune_url),
                lambda: bare_report(commune, targets),
            ),
            (
                "CSV export of the province table (whole download)",
                page(province_url + "&export=csv"),
                lambda: bare_csv(province, world["t2"]),
            ),
        ):
            seconds, _ = timed(work, arguments.runs)
            bare_seconds, _ = timed(bare, arguments.runs)
            measurements[name] = {
                "seconds": round(seconds, 4),
                "bare_sql_seconds": round(bare_seconds, 4),
                "ratio": round(seconds / bare_seconds, 2) if bare_seconds else None,
            }
        print(
            json.dumps(
                {
                    "benchmark": "coverage",
                    "database": connection.vendor,
                    "scale": arguments.scale,
                    "data": world["counts"],
                    "generation_seconds": round(generated, 1),
                    "runs_per_measurement": arguments.runs,
                    "measurements": measurements,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
