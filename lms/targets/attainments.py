"""Who has attained which target: computed from raw enrollments, placements and people.

One function, ``attainments_expected``, says what the attainments of a target should be; the
writers compare it with what is stored. The completion path, the people-change path and
``rebuild_attainments`` all go through it, so they cannot disagree.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from courses.models import CoursePage, Enrollment
from lms.org.models import Person, Placement

from .coverage.population import placement_kind
from .models import Attainment, Target
from .working_age import is_working_age

CHUNK = 2_000


@dataclass(frozen=True)
class Earned:
    enrollment_id: int
    attained_on: datetime.date
    counts_from: datetime.date
    unit_id: int


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def add(self, other: "SyncResult") -> None:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted


def qualifying_course_ids(*, target: Target) -> set[int]:
    """Courses whose completion qualifies: the target's own, and those in its areas."""
    ids = set(target.courses.values_list("pk", flat=True))
    area_ids = list(target.competency_areas.values_list("pk", flat=True))
    if area_ids:
        ids.update(
            CoursePage.objects.filter(competency_areas__in=area_ids).values_list("pk", flat=True)
        )
    return ids


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def in_population(target: Target, person: dict) -> bool:
    """Whether a person (a dict of Person fields) belongs to the people the target counts."""
    kind = person["kind"]
    if target.population == Target.Population.CITIZENS:
        return kind == Person.Kind.CITIZEN and is_working_age(
            born=person["date_of_birth"], sex=person["sex"], on=target.period_end
        )
    if kind != Person.Kind.STAFF:
        return False
    if target.population == Target.Population.IT_OFFICERS:
        return person["is_it_officer"]
    return not target.position_categories or (
        person["position_category"] in target.position_categories
    )


def placements_in_period(
    *, person_ids: Iterable[int], kind: str, start: datetime.date, reference: datetime.date
) -> dict[int, tuple[int, datetime.date]]:
    """person id → (unit they count in, first day they belonged in the period).

    A person counts in their last placement that began by ``reference`` and did not end
    before the period began: leavers count where they were, movers where they went.
    """
    found: dict[int, tuple[int, datetime.date, datetime.date]] = {}
    rows = (
        Placement.objects.filter(person_id__in=list(person_ids), kind=kind, start_on__lte=reference)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .values_list("person_id", "unit_id", "start_on")
        .order_by("person_id", "start_on", "pk")
    )
    for person_id, unit_id, start_on in rows:
        first = found[person_id][2] if person_id in found else start_on
        found[person_id] = (unit_id, start_on, first)
    return {pid: (unit_id, max(first, start)) for pid, (unit_id, _, first) in found.items()}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for index in range(0, len(ids), CHUNK):
        yield ids[index : index + CHUNK]


def attainments_expected(
    *,
    target: Target,
    person_ids: Iterable[int] | None = None,
    today: datetime.date | None = None,
    course_ids: set[int] | None = None,
) -> dict[int, Earned]:
    """person id → what they should have for ``target`` (only people who attained it).

    The target's scope is not applied here but where people are counted (lms.targets.coverage):
    whether someone is within it depends on the day counted (a move, a unit handed on to
    another), and a stored fact must not."""
    today = today or timezone.localdate()
    reference = target.reference_day(today=today)
    if reference < target.period_start:
        return {}
    if course_ids is None:
        course_ids = qualifying_course_ids(target=target)
    if not course_ids:
        return {}
    completions = Enrollment.objects.filter(
        person__isnull=False,
        passed=True,
        course_id__in=course_ids,
        completed_at__gte=_day_start(target.period_start),
        completed_at__lt=_day_start(reference + datetime.timedelta(days=1)),
    )
    if person_ids is not None:
        completions = completions.filter(person_id__in=list(person_ids))
    first_completion: dict[int, tuple[int, datetime.datetime]] = {}
    for pk, person_id, completed_at in completions.order_by(
        "person_id", "completed_at", "pk"
    ).values_list("pk", "person_id", "completed_at"):
        first_completion.setdefault(person_id, (pk, completed_at))

    expected: dict[int, Earned] = {}
    for chunk in _chunks(sorted(first_completion)):
        people = Person.objects.filter(pk__in=chunk).values(
            "pk", "kind", "position_category", "is_it_officer", "date_of_birth", "sex"
        )
        members = [person["pk"] for person in people if in_population(target, person)]
        placed = placements_in_period(
            person_ids=members,
            kind=placement_kind(target=target),
            start=target.period_start,
            reference=reference,
        )
        for person_id, (unit_id, member_from) in placed.items():
            enrollment_id, completed_at = first_completion[person_id]
            attained_on = timezone.localdate(completed_at)
            expected[person_id] = Earned(
                enrollment_id=enrollment_id,
                attained_on=attained_on,
                counts_from=max(attained_on, member_from),
                unit_id=unit_id,
            )
    return expected


def _stored(*, target: Target, person_ids: list[int] | None) -> dict[int, Attainment]:
    rows = Attainment.objects.filter(target=target)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    return {row.person_id: row for row in rows}


def _as_earned(row: Attainment) -> Earned:
    return Earned(row.enrollment_id, row.attained_on, row.counts_from, row.unit_id)


@dataclass(frozen=True)
class Drift:
    target: str
    person_id: int
    stored: Earned | None
    expected: Earned | None


def attainments_drift(*, target: Target, today: datetime.date | None = None) -> list[Drift]:
    """Differences between the stored attainments of a target and raw events (none expected)."""
    expected = attainments_expected(target=target, today=today)
    stored = {pid: _as_earned(row) for pid, row in _stored(target=target, person_ids=None).items()}
    return [
        Drift(target.code, person_id, stored.get(person_id), expected.get(person_id))
        for person_id in sorted(set(expected) | set(stored))
        if stored.get(person_id) != expected.get(person_id)
    ]


@transaction.atomic
def attainments_sync(
    *,
    target: Target,
    person_ids: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> SyncResult:
    """Make the stored attainments of ``target`` (for these people, or everyone) true."""
    ids = None if person_ids is None else sorted(set(person_ids))
    if ids is not None:
        # One writer per person at a time: a completion and a transfer of the same person in
        # two transactions would otherwise both act on what they read before the other wrote.
        list(Person.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    expected = attainments_expected(target=target, person_ids=ids, today=today)
    stored = _stored(target=target, person_ids=ids)
    result = SyncResult()
    gone = [row.pk for pid, row in stored.items() if pid not in expected]
    if gone:
        result.deleted = Attainment.objects.filter(pk__in=gone).delete()[0]
    changed = []
    for person_id, earned in expected.items():
        row = stored.get(person_id)
        if row is not None and _as_earned(row) != earned:
            row.enrollment_id, row.attained_on = earned.enrollment_id, earned.attained_on
            row.counts_from, row.unit_id = earned.counts_from, earned.unit_id
            changed.append(row)
    if changed:
        result.updated = len(changed)
        Attainment.objects.bulk_update(
            changed, ["enrollment", "attained_on", "counts_from", "unit"], batch_size=CHUNK
        )
    new = [
        Attainment(target=target, person_id=person_id, **earned.__dict__)
        for person_id, earned in expected.items()
        if person_id not in stored
    ]
    if new:
        result.created = len(Attainment.objects.bulk_create(new, batch_size=CHUNK))
    return result


def attainments_sync_people(*, person_ids: Iterable[int]) -> SyncResult:
    """After people changed (placement, roster facts, a linked login): every target."""
    ids = sorted(set(person_ids))
    result = SyncResult()
    if not ids:
        return result
    targets = list(Target.objects.select_related("scope"))
    for chunk in _chunks(ids):
        # Locked first, as attainments_sync does; then only people with something to count
        # (a passed completion or an attainment): most of a roster import has neither.
        list(Person.objects.select_for_update().filter(pk__in=chunk).values_list("pk", flat=True))
        concerned = {
            *Enrollment.objects.filter(person_id__in=chunk, passed=True).values_list(
                "person_id", flat=True
            ),
            *Attainment.objects.filter(person_id__in=chunk).values_list("person_id", flat=True),
        }
        if not concerned:
            continue
        for target in targets:
            result.add(attainments_sync(target=target, person_ids=concerned))
    return result


def attainments_for_completion(*, enrollment: Enrollment) -> SyncResult:
    """In the completing transaction: the targets this completion may earn."""
    result = SyncResult()
    if enrollment.person_id is None or not enrollment.passed:
        return result
    day = timezone.localdate(enrollment.completed_at)
    targets = (
        Target.objects.filter(period_start__lte=day, period_end__gte=day)
        .filter(Q(courses=enrollment.course_id) | Q(competency_areas__courses=enrollment.course_id))
        .distinct()
        .select_related("scope")
    )
    for target in targets:
        result.add(attainments_sync(target=target, person_ids=[enrollment.person_id]))
    return result
