"""Who a reminder would reach, and why the others would not: the one answer the preview, the
officer's send, the schedule and ``send_reminders`` all act on."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone
from wagtail.users.models import UserProfile

from lms.org.models import OrgUnit, Person, Placement, contact_email
from lms.targets.coverage.not_trained import not_trained, not_trained_in_scope
from lms.targets.coverage.readings import reading_for
from lms.targets.coverage.regions import target_region
from lms.targets.models import Target
from plugins.contracts import NotificationChannel, Recipient

from .channels import channel_for, notification_channels
from .messages import may_opt_out, recipient_from, site_languages
from .models import ReminderLog, ReminderOptOut, ReminderSchedule


def min_days() -> int:
    """Nobody gets more than one reminder in this many days, whatever the target."""
    return int(getattr(settings, "LMS_REMINDER_MIN_DAYS", 7))


@dataclass
class Reached:
    """One person a reminder reaches: plain values (a plan may hold a province's staff)."""

    person_id: int
    kind: str  # Person.Kind
    unit_name: str  # where the person is counted (for the count per unit)
    recipient: Recipient
    channel: NotificationChannel


@dataclass
class ReminderPlan:
    """The people a reminder reaches, and how many of the untrained it leaves out, by reason."""

    target: Target
    reference: datetime.date
    schedule_day: int | None = None
    reached: list[Reached] = field(default_factory=list)
    untrained: int = 0
    already: int = 0  # reminded for this schedule day already
    opted_out: int = 0
    capped: int = 0  # reminded within LMS_REMINDER_MIN_DAYS
    unreachable: int = 0  # no channel reaches them

    @property
    def person_ids(self) -> list[int]:
        return [item.person_id for item in self.reached]

    def per_unit(self) -> list[tuple[str, int]]:
        """(unit name, people reached), by unit name."""
        counts = Counter(item.unit_name for item in self.reached)
        return sorted(counts.items())


def reminder_plan(
    *,
    target: Target,
    placements: QuerySet[Placement],
    reference: datetime.date,
    schedule_day: int | None = None,
    now: datetime.datetime | None = None,
) -> ReminderPlan:
    """Of the untrained ``placements`` (one per person), those a reminder reaches now: not yet
    reminded for ``schedule_day``, not opted out (where they may), not reminded within the
    cap, and reached by a channel. Each left-out person counts under the first reason."""
    now = now or timezone.now()
    plan = ReminderPlan(target=target, reference=reference, schedule_day=schedule_day)
    annotated = placements.annotate(
        opted_out=Exists(ReminderOptOut.objects.filter(person_id=OuterRef("person_id"))),
        capped=Exists(
            ReminderLog.objects.filter(
                person_id=OuterRef("person_id"),
                outcome=ReminderLog.Outcome.SENT,
                sent_at__gt=now - datetime.timedelta(days=min_days()),
            )
        ),
        already=Exists(
            ReminderLog.objects.filter(
                person_id=OuterRef("person_id"),
                target=target,
                schedule_day=schedule_day,
                outcome=ReminderLog.Outcome.SENT,
            )
        )
        if schedule_day is not None
        else Value(False),
    )
    # The language each person chose (their admin profile's), in the same query: no list of
    # ids, however many people the plan holds.
    annotated = annotated.annotate(
        chosen_language=Subquery(
            UserProfile.objects.filter(user_id=OuterRef("person__user_id")).values(
                "preferred_language"
            )[:1]
        )
    )
    # Only the columns the plan uses, unsorted: building a Person, its login and its unit for
    # each of a province's staff, and sorting them by unit and name, cost most of the time.
    rows = annotated.order_by().values_list(
        "person_id",
        "person__kind",
        "person__full_name",
        "person__email",
        "person__phone",
        "person__user__email",
        "unit__name",
        "opted_out",
        "capped",
        "already",
        "chosen_language",
    )
    languages = site_languages()
    channels = notification_channels()
    seen = set()
    for (
        person_id,
        kind,
        full_name,
        email,
        phone,
        login_email,
        unit_name,
        opted_out,
        capped,
        already,
        chosen_language,
    ) in rows.iterator(chunk_size=2_000):
        if person_id in seen:  # one reminder per person, whatever their placements
            continue
        seen.add(person_id)
        plan.untrained += 1
        if already:
            plan.already += 1
        elif opted_out and may_opt_out(kind=kind):
            plan.opted_out += 1
        elif capped:
            plan.capped += 1
        else:
            recipient = recipient_from(
                person_id=person_id,
                name=full_name,
                kind=kind,
                email=contact_email(email=email, login_email=login_email),
                phone=phone,
                language=chosen_language if chosen_language in languages else None,
            )
            channel = channel_for(recipient, channels=channels)
            if channel is None:
                plan.unreachable += 1
            else:
                plan.reached.append(
                    Reached(
                        person_id=person_id,
                        kind=kind,
                        unit_name=unit_name,
                        recipient=recipient,
                        channel=channel,
                    )
                )
    return plan


def officer_reminder_plan(
    *, user, target: Target, unit: OrgUnit | None, today: datetime.date
) -> ReminderPlan:
    """What an officer's reminder would reach among the untrained of their scope (or of
    ``unit``), exactly the people the page "Not trained yet" lists."""
    reading, placements = not_trained_in_scope(user=user, target=target, unit=unit, today=today)
    return reminder_plan(target=target, placements=placements, reference=reading.reference)


def target_open_for_reminders(*, target: Target, today: datetime.date) -> bool:
    """Reminders are for targets that can still be met: their period has begun and their
    deadline has not passed."""
    return target.period_start <= today <= target.deadline


def schedule_day_due(*, days: list[int], deadline: datetime.date, today: datetime.date):
    """The schedule's day whose turn it is: the smallest number of days before the deadline
    that today has reached (60, 30, 7 with 45 days left → 60; with 30 left → 30). None before
    the first or after the deadline."""
    left = (deadline - today).days
    if left < 0:
        return None
    reached = [day for day in days if day >= left]
    return min(reached) if reached else None


def scheduled_targets(*, today: datetime.date, code: str | None = None) -> list[Target]:
    """Targets whose schedule is on and whose period runs up to their deadline today."""
    targets = Target.objects.filter(
        reminder_schedule__active=True, period_start__lte=today, deadline__gte=today
    ).select_related("scope", "reminder_schedule")
    if code:
        targets = targets.filter(code=code)
    return list(targets.order_by("deadline", "code"))


def scheduled_reminder_plan(*, target: Target, today: datetime.date) -> ReminderPlan | None:
    """The reminders a target's schedule owes today, to its untrained people wherever they
    are; None when no schedule day is due."""
    schedule: ReminderSchedule = target.reminder_schedule
    day = schedule_day_due(days=schedule.days, deadline=target.deadline, today=today)
    if day is None:
        return None
    reading = reading_for(target=target, as_of=None, today=today)
    roots = [
        unit
        for unit in OrgUnit.get_root_nodes()
        if unit.is_open_on(reading.reference)
        and target_region(target=target, unit=unit) is not None
    ]
    placements = not_trained(target=target, units=roots, reference=reading.reference)
    return reminder_plan(
        target=target, placements=placements, reference=reading.reference, schedule_day=day
    )


def person_reminders(*, person: Person) -> QuerySet[ReminderLog]:
    """A person's reminders, newest first (their record shows them)."""
    return ReminderLog.objects.filter(person=person).select_related("target", "sent_by")
