"""Reminders at province scale: who a reminder reaches, against the bare SQL of the same rule.

Builds a province of 170 units under one root (10 districts of 15 communes, 10 agencies) with
STAFF staff people (default 200,000) and CITIZENS citizens, a running staff target and a
running citizens target, each with a schedule whose 30-day reminder is due today. A quarter of
the staff and 30 % of the citizens are trained; among the others some were reminded for this
schedule day already, some within LMS_REMINDER_MIN_DAYS (the cap), some citizens asked for no
more reminders, and most people have an e-mail address (on their record, or their login's).

Times, each the median of several runs:

- the officer's preview (``officer_reminder_plan``, an HR officer of the province, no unit) and
  the schedule's plan (``scheduled_reminder_plan``) for each target, with how many each reaches
  and leaves out, by reason;
- the bare cost: one SQL query counting the same untrained people, by the same reasons
  (``bare_sql_seconds``, the ratio's denominator); the count of the untrained alone; and the
  plan's own query run with a plain cursor (``plan_query_raw_seconds``: the database's share);
- the peak memory (tracemalloc) of building each plan, in a separate run.

Prints JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms .venv/bin/python bench/reminders.py
    .venv/bin/python bench/reminders.py --staff 20000 --citizens 5000     # SQLite, smaller

It uses a test database (created and dropped) and never touches the development database.
"""

import argparse
import datetime
import gc
import itertools
import json
import os
import statistics
import sys
import time
import tracemalloc
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
from django.utils import timezone  # noqa: E402

DISTRICTS, COMMUNES_PER_DISTRICT, AGENCIES = 10, 15, 10
CHUNK = 10_000
RUNS = 3
SCHEDULE_DAY = 30  # the deadline is 20 days away: the 30-day reminder is due
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


# Who is what, by person number (distinct moduli, so that the groups overlap as in life).
def trained(n: int, kind: str) -> bool:
    return n % 4 == 0 if kind == "staff" else n % 10 < 3


def reminded_for_the_day(n: int) -> bool:  # 30-day reminder sent 10 days ago
    return n % 7 == 1


def reminded_recently(n: int) -> bool:  # a manual reminder 2 days ago: within the cap
    return n % 11 == 2


def reminded_long_ago(n: int) -> bool:  # 40 days ago: outside the cap, for other days
    return n % 5 == 2


def opted_out(n: int) -> bool:  # only citizens may refuse reminders
    return n % 9 == 5


def address(n: int) -> str:
    """The record's e-mail address: most have one, one in 13 only their login's, one in 13
    none at all (unreachable unless trained, who have a login without an address)."""
    return "" if n % 13 in (3, 4) else f"nguoi{n}@tinh.gov.vn"


def login_address(n: int) -> str:
    return f"hocvien{n}@mail.vn" if n % 13 == 4 else ""


def has_login(n: int, kind: str) -> bool:
    return trained(n, kind) or n % 13 == 4


def chunks(numbers, size: int = CHUNK):
    iterator = iter(numbers)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def build(*, staff: int, citizens: int) -> dict:
    from django.contrib.auth import get_user_model

    from courses.models import CourseIndexPage, CoursePage, Enrollment
    from lms.home.services import site_setup
    from lms.org.models import OrgRole, OrgUnit
    from lms.reminders.models import ReminderSchedule
    from lms.targets.models import Target

    site_setup()
    province = OrgUnit.add_root(code="P", name="Tỉnh", kind=OrgUnit.Kind.PROVINCE)
    units = []
    for number in range(AGENCIES):
        units.append(
            OrgUnit.objects.get(pk=province.pk).add_child(
                code=f"A{number:02d}", name=f"Sở {number}", kind=OrgUnit.Kind.DEPARTMENT
            )
        )
    communes = []
    for district_number in range(DISTRICTS):
        district = OrgUnit.objects.get(pk=province.pk).add_child(
            code=f"D{district_number:02d}", name=f"Huyện {district_number}", kind="city"
        )
        units.append(district)
        for number in range(COMMUNES_PER_DISTRICT):
            communes.append(
                OrgUnit.objects.get(pk=district.pk).add_child(
                    code=f"D{district_number:02d}C{number:02d}",
                    name=f"Xã {district_number}-{number}",
                    kind=OrgUnit.Kind.COMMUNE,
                )
            )
    units += communes

    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(title="Kỹ năng số", slug="ky-nang-so", summary="Khoá học thử tải.")
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    targets = {}
    for kind, population in (("staff", "staff"), ("citizen", "citizens")):
        target = Target.objects.create(
            code=f"NHAC-{kind}",
            name=f"Nhắc {kind}",
            population=population,
            required_percentage=100 if kind == "staff" else 70,
            period_start=TODAY - 200 * DAY,
            period_end=TODAY + 20 * DAY,
            deadline=TODAY + 20 * DAY,
        )
        target.courses.set([course])
        target.save()
        ReminderSchedule.objects.create(target=target, days_before="60, 30, 7")
        targets[kind] = target

    generate(kind="staff", count=staff, units=units, course=course, target=targets["staff"])
    generate(
        kind="citizen", count=citizens, units=communes, course=course, target=targets["citizen"]
    )
    stamp_reminders()
    officer = get_user_model().objects.create_user("bench-officer", "", "x")
    OrgRole.objects.create(user=officer, unit=province, role=OrgRole.Role.HR_OFFICER)
    # After a bulk load, as autovacuum would soon do: statistics and the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "province": province,
        "officer": officer,
        "targets": targets,
        "counts": {
            "units": OrgUnit.objects.count() - 1,
            "staff": staff,
            "citizens": citizens,
            "enrollments": Enrollment.objects.count(),
        },
    }


def generate(*, kind: str, count: int, units: list, course, target) -> None:
    """People of ``kind`` numbered 0..count-1, spread over ``units``, in chunks (bulk_create):
    logins, placements, completions and attainments, reminder logs and opt-outs."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX as UNUSABLE
    from wagtail.users.models import UserProfile

    from courses.models import Enrollment
    from lms.org.models import Person, Placement
    from lms.reminders.models import ReminderLog, ReminderOptOut, Trigger
    from lms.targets.models import Attainment

    user_model = get_user_model()
    since = datetime.date(2020, 1, 1)
    done_on = TODAY - 5 * DAY
    done_at = timezone.make_aware(datetime.datetime.combine(done_on, datetime.time(9)))
    offset = 0 if kind == "staff" else 10_000_000  # distinct usernames and codes
    for numbers in chunks(range(count)):
        logins = {
            n: user
            for n, user in zip(
                [n for n in numbers if has_login(n, kind)],
                user_model.objects.bulk_create(
                    user_model(username=f"u{offset + n}", email=login_address(n), password=UNUSABLE)
                    for n in numbers
                    if has_login(n, kind)
                ),
                strict=True,
            )
        }
        UserProfile.objects.bulk_create(
            UserProfile(user=user, preferred_language="en")
            for n, user in logins.items()
            if n % 2 == 0
        )
        people = Person.objects.bulk_create(
            Person(
                kind=kind,
                full_name=f"Nguyễn Văn {kind} {n}",
                employee_code=f"B-{n}" if kind == "staff" else "",
                position_category="civil_servant" if kind == "staff" else "",
                date_of_birth=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                sex="female" if n % 2 else "male",
                unit=units[n % len(units)],
                user=logins.get(n),
                email=address(n),
                joined_on=since,
            )
            for n in numbers
        )
        Placement.objects.bulk_create(
            Placement(person=person, unit=person.unit, kind=kind, start_on=since)
            for person in people
        )
        by_number = dict(zip(numbers, people, strict=True))
        enrollments = Enrollment.objects.bulk_create(
            Enrollment(
                user=by_number[n].user,
                person=by_number[n],
                course=course,
                enrolled_at=done_at,
                started_at=done_at,
                completed_at=done_at,
                passed=True,
            )
            for n in numbers
            if trained(n, kind)
        )
        Attainment.objects.bulk_create(
            Attainment(
                target=target,
                person=enrollment.person,
                enrollment=enrollment,
                unit=enrollment.person.unit,
                attained_on=done_on,
                counts_from=done_on,
            )
            for enrollment in enrollments
        )
        logs = []
        for n in numbers:
            person = by_number[n]
            if reminded_for_the_day(n):
                logs.append(
                    ReminderLog(
                        person=person,
                        target=target,
                        trigger=Trigger.SCHEDULED,
                        schedule_day=SCHEDULE_DAY,
                        channel="email",
                        outcome="sent",
                        detail="bench-day",
                    )
                )
            if reminded_recently(n):
                logs.append(
                    ReminderLog(
                        person=person,
                        target=target,
                        trigger=Trigger.MANUAL,
                        channel="email",
                        outcome="sent",
                        detail="bench-recent",
                    )
                )
            if reminded_long_ago(n):
                logs.append(
                    ReminderLog(
                        person=person,
                        target=target,
                        trigger=Trigger.MANUAL,
                        channel="email",
                        outcome="sent",
                        detail="bench-old",
                    )
                )
        ReminderLog.objects.bulk_create(logs)
        if kind == "citizen":
            ReminderOptOut.objects.bulk_create(
                ReminderOptOut(person=by_number[n]) for n in numbers if opted_out(n)
            )


def stamp_reminders() -> None:
    """sent_at is auto_now_add (bulk_create sets it to now): date the logs as intended."""
    from lms.reminders.models import ReminderLog

    now = timezone.now()
    for detail, days in (("bench-day", 10), ("bench-recent", 2), ("bench-old", 40)):
        ReminderLog.objects.filter(detail=detail).update(sent_at=now - days * DAY, detail="")


def bare_sql(*, target, prefix: str, schedule_day: int | None, classify: bool = True) -> dict:
    """The plan's rule written directly in SQL: the untrained of the target's population whose
    counting placement lies under ``prefix``, by the first reason that leaves them out."""
    from lms.reminders.selectors import min_days
    from lms.targets.coverage.population import placement_kind
    from lms.targets.working_age import working_age_births

    kind = placement_kind(target=target)
    reference = target.reference_day(today=TODAY)
    params = {
        "kind": kind,
        "reference": reference,
        "period_start": target.period_start,
        "prefix": prefix + "%",
        "target": target.pk,
        "day": schedule_day,
        "since": timezone.now() - datetime.timedelta(days=min_days()),
    }
    population = ""
    if kind == "citizen":
        female = working_age_births(sex="female", on=target.period_end)
        other = working_age_births(sex="male", on=target.period_end)
        population = """AND ((pe.sex = 'female' AND pe.date_of_birth > %(f0)s
                               AND pe.date_of_birth <= %(f1)s)
                          OR (pe.sex <> 'female' AND pe.date_of_birth > %(o0)s
                              AND pe.date_of_birth <= %(o1)s))"""
        params |= {"f0": female[0], "f1": female[1], "o0": other[0], "o1": other[1]}
    untrained = f"""
        SELECT DISTINCT p.person_id, pe.kind, pe.email, au.email AS login_email
        FROM org_placement p
        JOIN org_orgunit ou ON ou.id = p.unit_id
        JOIN org_person pe ON pe.id = p.person_id
        LEFT JOIN auth_user au ON au.id = pe.user_id
        WHERE p.kind = %(kind)s AND p.start_on <= %(reference)s
          AND (p.end_on IS NULL OR p.end_on >= %(period_start)s) AND ou.path LIKE %(prefix)s
          AND NOT EXISTS (SELECT 1 FROM org_placement later
                          WHERE later.person_id = p.person_id AND later.kind = %(kind)s
                            AND later.start_on <= %(reference)s
                            AND (later.start_on > p.start_on
                                 OR (later.start_on = p.start_on AND later.id > p.id)))
          {population}
          AND NOT EXISTS (SELECT 1 FROM targets_attainment a
                          WHERE a.target_id = %(target)s AND a.person_id = p.person_id
                            AND a.counts_from <= %(reference)s)"""
    if not classify:
        sql = f"SELECT 'untrained', count(*) FROM ({untrained}) u"
    else:
        already = (
            """WHEN EXISTS (SELECT 1 FROM reminders_reminderlog r
                            WHERE r.person_id = u.person_id AND r.target_id = %(target)s
                              AND r.schedule_day = %(day)s AND r.outcome = 'sent')
               THEN 'already'"""
            if schedule_day is not None
            else ""
        )
        sql = f"""
            SELECT reason, count(*) FROM (
                SELECT CASE {already}
                    WHEN u.kind = 'citizen' AND EXISTS (
                        SELECT 1 FROM reminders_reminderoptout o WHERE o.person_id = u.person_id
                    ) THEN 'opted_out'
                    WHEN EXISTS (SELECT 1 FROM reminders_reminderlog r
                                 WHERE r.person_id = u.person_id AND r.outcome = 'sent'
                                   AND r.sent_at > %(since)s) THEN 'capped'
                    WHEN COALESCE(NULLIF(u.email, ''), u.login_email, '') = ''
                    THEN 'unreachable'
                    ELSE 'reached' END AS reason
                FROM ({untrained}) u
            ) x GROUP BY reason"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def plan_counts(plan) -> dict:
    return {
        "untrained": plan.untrained,
        "reached": len(plan.reached),
        "already": plan.already,
        "opted_out": plan.opted_out,
        "capped": plan.capped,
        "unreachable": plan.unreachable,
    }


def timed(work, runs: int) -> tuple[float, object]:
    result, times = None, []
    for _ in range(runs):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def peak_memory(work) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def plan_query(work) -> tuple[str, object]:
    """The largest query the plan runs (the one that reads the people), as sent."""
    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        work()
    return max(queries, key=lambda query: len(query[0]))


def raw_fetch(sql: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def measure(name: str, work, *, bare, bare_count, runs: int) -> dict:
    work()  # warm up: plugin hooks, channels, caches
    seconds, plan = timed(work, runs)
    counts = plan_counts(plan)
    del plan
    bare_seconds, bare_counts = timed(bare, runs)
    count_seconds, _ = timed(bare_count, runs)
    sql, params = plan_query(work)
    raw_seconds, raw_rows = timed(lambda: raw_fetch(sql, params), runs)
    peak = peak_memory(work)
    bare_counts = {reason: bare_counts.get(reason, 0) for reason in counts if reason != "untrained"}
    bare_counts["untrained"] = sum(bare_counts.values())
    return {
        "plan": name,
        "seconds": round(seconds, 3),
        **counts,
        "bare_sql_seconds": round(bare_seconds, 3),
        "ratio": round(seconds / bare_seconds, 1) if bare_seconds else None,
        "bare_sql_agrees": bare_counts == counts,
        "bare_count_untrained_seconds": round(count_seconds, 3),
        "plan_query_raw_seconds": round(raw_seconds, 3),
        "plan_query_rows": raw_rows,
        "peak_memory_mb": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=200_000, help="staff people")
    parser.add_argument("--citizens", type=int, default=50_000, help="citizens (0: none)")
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = parser.parse_args()
    # A name of its own: a test run on the same server is never clobbered by this one.
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = "test_lms_bench_reminders"
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from lms.reminders.selectors import officer_reminder_plan, scheduled_reminder_plan
        from lms.targets.models import Target

        started = time.perf_counter()
        world = build(staff=arguments.staff, citizens=arguments.citizens)
        generated = time.perf_counter() - started
        officer, prefix = world["officer"], world["province"].path
        measurements = []
        kinds = ["staff"] + (["citizen"] if arguments.citizens else [])
        for kind in kinds:
            target = Target.objects.select_related("scope", "reminder_schedule").get(
                pk=world["targets"][kind].pk
            )
            for name, work, day in (
                (
                    f"officer_reminder_plan ({kind})",
                    lambda t=target: officer_reminder_plan(
                        user=officer, target=t, unit=None, today=TODAY
                    ),
                    None,
                ),
                (
                    f"scheduled_reminder_plan ({kind}, day {SCHEDULE_DAY})",
                    lambda t=target: scheduled_reminder_plan(target=t, today=TODAY),
                    SCHEDULE_DAY,
                ),
            ):
                measurements.append(
                    measure(
                        name,
                        work,
                        bare=lambda t=target, d=day: bare_sql(
                            target=t, prefix=prefix, schedule_day=d
                        ),
                        bare_count=lambda t=target: bare_sql(
                            target=t, prefix=prefix, schedule_day=None, classify=False
                        ),
                        runs=arguments.runs,
                    )
                )
        print(
            json.dumps(
                {
                    "benchmark": "reminders",
                    "database": connection.vendor,
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
