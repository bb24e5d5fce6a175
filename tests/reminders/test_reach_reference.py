"""Who a reminder reaches, counted twice: by the product (the officer's preview and the daily
schedule) and by a deliberately naive reference written here from the rules in plain words,
on histories Hypothesis generates (staff and citizens, addresses on the record or on the
login or nowhere, phone numbers and an SMS channel, completions, opt-outs, past reminders of this target and of
another, sent, failed or not sent, for schedule days or not, and the cap's length).

The reference reads nothing from the database and shares no code with lms.reminders: it is the
rules of ISSUE 14 applied to the facts the test drew.
"""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from lms.org.models import Person, Placement
from lms.reminders.models import ReminderLog, ReminderOptOut, ReminderSchedule
from lms.reminders.selectors import officer_reminder_plan, scheduled_reminder_plan
from lms.targets.models import Target
from plugins.api import hookimpl
from plugins.testing import plugin_registered
from tests.factories import PersonFactory, UserFactory, org_unit
from tests.targets.conftest import complete

from .conftest import running_target

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SCHEDULE_DAY = 30  # "60, 30, 7" with the deadline 20 days away: the 30-day reminder is due


class SmsChannel:
    code = "sms_test"
    label = "SMS"

    def reaches(self, recipient):
        return bool(recipient.phone)

    def send(self, *, recipient, message):
        return "sms"


class Sms:
    @hookimpl
    def register_notification_channels(self):
        return [SmsChannel()]


@dataclass
class PastReminder:
    days_ago: int  # and half a day more, so no reminder sits exactly on the cap's edge
    outcome: str
    this_target: bool
    schedule_day: int | None


@dataclass
class Someone:
    citizen: bool
    login: str  # "none", "email", "no email"
    record_email: bool  # an address on the record itself (from the roster)
    phone: bool
    trained: bool
    opted_out: bool
    past: list[PastReminder] = field(default_factory=list)


past_reminders = st.builds(
    PastReminder,
    days_ago=st.integers(0, 12),
    outcome=st.sampled_from(["sent", "failed", "skipped"]),
    this_target=st.booleans(),
    schedule_day=st.sampled_from([None, SCHEDULE_DAY, 7]),
)
someone = st.builds(
    Someone,
    citizen=st.booleans(),
    login=st.sampled_from(["none", "email", "no email"]),
    record_email=st.booleans(),
    phone=st.booleans(),
    trained=st.booleans(),
    opted_out=st.booleans(),
    past=st.lists(past_reminders, max_size=3),
)


def reference(people, *, citizens_target, scheduled, sms, min_days):
    """Rules in plain words → (ids reached, counts of those left out by reason)."""
    reached, left_out = [], {"already": 0, "opted_out": 0, "capped": 0, "unreachable": 0}
    for pk, who in people.items():
        # Who the target counts: its population (staff, or citizens on the site).
        if who.citizen != citizens_target:
            continue
        if who.trained:
            continue
        sent = [past for past in who.past if past.outcome == "sent"]
        if scheduled and any(p.this_target and p.schedule_day == SCHEDULE_DAY for p in sent):
            left_out["already"] += 1
        elif who.citizen and who.opted_out:  # staff cannot opt out
            left_out["opted_out"] += 1
        elif any(past.days_ago < min_days for past in sent):
            left_out["capped"] += 1
        elif not (who.record_email or who.login == "email" or (sms and who.phone)):
            left_out["unreachable"] += 1
        else:
            reached.append(pk)
    return sorted(reached), left_out


def without_duplicate_schedule_days(who: Someone) -> Someone:
    """A person is reminded of a target for a schedule day once (the product's constraint)."""
    seen, kept = set(), []
    for past in who.past:
        key = (past.this_target, past.schedule_day)
        if past.outcome == "sent" and past.schedule_day is not None:
            if key in seen:
                continue
            seen.add(key)
        kept.append(past)
    who.past = kept
    return who


@pytest.fixture
def world(site, course):
    province = org_unit(code="P", name="Tỉnh")
    ward = org_unit(code="P-W", name="Phường", parent=province)
    return province, ward, course


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(someone, min_size=1, max_size=6),
    citizens_target=st.booleans(),
    scheduled=st.booleans(),
    sms=st.booleans(),
    min_days=st.integers(1, 10),
)
def test_the_product_reaches_whom_the_rules_say(
    world, people, citizens_target, scheduled, sms, min_days
):
    province, ward, course = world
    now = timezone.now()
    with transaction.atomic():
        population = Target.Population.CITIZENS if citizens_target else Target.Population.STAFF
        target = running_target("REF", deadline_in=20, population=population, courses=[course])
        other = running_target("OTHER", deadline_in=90, population=population)
        ReminderSchedule.objects.create(target=target, days_before="60, 30, 7")
        ids = {}
        for index, who in enumerate(map(without_duplicate_schedule_days, people)):
            person = PersonFactory(
                unit=ward if index % 2 else province,
                joined_on=datetime.date(2020, 1, 1),
                kind=Person.Kind.CITIZEN if who.citizen else Person.Kind.STAFF,
                date_of_birth=datetime.date(1990, 5, 5),
                sex="female",
                phone="0912 345 678" if who.phone else "",
                email=f"r{index}@example.invalid" if who.record_email else "",
                **({"employee_code": "", "position_category": ""} if who.citizen else {}),
            )
            Placement.objects.create(
                person=person,
                unit=person.unit,
                start_on=datetime.date(2020, 1, 1),
                kind=person.kind,
            )
            if who.login != "none":
                email = f"p{index}@example.invalid" if who.login == "email" else ""
                person.user = UserFactory(email=email)
                person.save(update_fields=["user"])
            if who.trained and who.login != "none":
                complete(person, course, on=timezone.localdate() - datetime.timedelta(days=1))
            elif who.trained:
                who.trained = False  # nobody completes a course without a login
            if who.opted_out:
                ReminderOptOut.objects.create(person=person)
            for past in who.past:
                log = ReminderLog.objects.create(
                    person=person,
                    target=target if past.this_target else other,
                    channel="email",
                    trigger="scheduled" if past.schedule_day else "manual",
                    schedule_day=past.schedule_day,
                    outcome=past.outcome,
                )
                ReminderLog.objects.filter(pk=log.pk).update(
                    sent_at=now - datetime.timedelta(days=past.days_ago, hours=12)
                )
            ids[person.pk] = who
        note(f"people: {ids}")
        expected_ids, expected_left_out = reference(
            ids, citizens_target=citizens_target, scheduled=scheduled, sms=sms, min_days=min_days
        )
        with (
            override_settings(LMS_REMINDER_MIN_DAYS=min_days),
            plugin_registered(Sms(), name="sms") if sms else nullcontext(),
        ):
            target = Target.objects.select_related("scope", "reminder_schedule").get(pk=target.pk)
            if scheduled:
                plan = scheduled_reminder_plan(target=target, today=timezone.localdate())
            else:
                plan = officer_reminder_plan(
                    user=UserFactory(is_superuser=True),
                    target=target,
                    unit=None,
                    today=timezone.localdate(),
                )
        assert sorted(plan.person_ids) == expected_ids
        assert {
            "already": plan.already,
            "opted_out": plan.opted_out,
            "capped": plan.capped,
            "unreachable": plan.unreachable,
        } == expected_left_out
        transaction.set_rollback(True)


def test_the_reference_shares_no_code_with_the_product():
    import inspect

    source = inspect.getsource(reference)
    assert "lms." not in source and "plan" not in source
