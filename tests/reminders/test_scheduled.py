"""Scheduled reminders: each day of a target's schedule reminds its untrained people once, by
the daily beat task or by `send_reminders`, which prints the count per unit."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from lms.reminders.models import ReminderLog, ReminderSchedule, validate_schedule_days
from lms.reminders.selectors import schedule_day_due
from lms.reminders.tasks import reminders_scheduled_task

from .conftest import running_target, staff_here, with_schedule

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("left", "due"),
    [(90, None), (61, None), (60, 60), (45, 60), (31, 60), (30, 30), (8, 30), (7, 7), (0, 7)],
)
def test_the_due_schedule_day_is_the_last_one_reached(left, due):
    deadline = D(2026, 12, 31)
    today = deadline - datetime.timedelta(days=left)
    assert schedule_day_due(days=[60, 30, 7], deadline=deadline, today=today) == due


def test_nothing_is_due_after_the_deadline():
    assert schedule_day_due(days=[7], deadline=D(2026, 1, 10), today=D(2026, 1, 11)) is None


def test_a_schedule_is_whole_numbers_of_days():
    from django.core.exceptions import ValidationError

    validate_schedule_days("60, 30,7")
    for bad in ("", "sáu mươi", "30, -1", "400", "7.5"):
        with pytest.raises(ValidationError):
            validate_schedule_days(bad)
    assert ReminderSchedule(days_before="7, 60, 30, 30").days == [60, 30, 7]


@pytest.fixture
def scheduled(units, course, smtp_server):
    target = with_schedule(running_target(deadline_in=20, courses=[course]))  # 30-day reminder
    people = [
        staff_here(units["BDG-TU-KB"]),
        staff_here(units["BDG-TU-KB"]),
        staff_here(units["BDG-TU-UH"]),
        staff_here(units["BDG-STTTT"], login=False),  # no address: not reached
    ]
    return target, people


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_the_due_reminders_once_and_prints_the_count_per_unit(
    scheduled, smtp_server, django_capture_on_commit_callbacks
):
    target, _ = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "NHAC-1 (30 days before" in output and "reminds 3 of 4 not trained" in output
    assert "  Phường Khánh Bình: 2\n" in output and "  Phường Uyên Hưng: 1\n" in output
    assert "sent 3, failed 0, not sent 0" in output
    assert len(smtp_server.messages) == 3
    logs = ReminderLog.objects.filter(target=target)
    assert {(log.trigger, log.schedule_day, log.outcome) for log in logs} == {
        ("scheduled", 30, "sent")
    }
    # Again the same day (or the next): the 30-day reminder was sent; nothing more goes.
    with django_capture_on_commit_callbacks(execute=True):
        again = run()
    assert "reminds 0 of 4" in again and "3 already reminded" in again
    assert len(smtp_server.messages) == 3


def test_a_dry_run_counts_and_sends_nothing(scheduled, smtp_server):
    output = run("--dry-run", "--target", "NHAC-1")
    assert "would remind 3 of 4 not trained" in output and "1 unreachable" in output
    assert ReminderLog.objects.count() == 0 and smtp_server.messages == []


def test_the_command_refuses_an_unknown_target(scheduled):
    with pytest.raises(CommandError, match="NOPE"):
        run("--target", "NOPE")


def test_an_inactive_schedule_or_a_target_past_its_deadline_sends_nothing(units, course):
    target = with_schedule(running_target(deadline_in=20, courses=[course]))
    staff_here(units["BDG-TU-KB"])
    ReminderSchedule.objects.filter(target=target).update(active=False)
    assert run() == "No reminder is due today.\n"
    ReminderSchedule.objects.filter(target=target).update(active=True)
    target.deadline = timezone.localdate() - datetime.timedelta(days=1)
    target.save()
    assert run() == "No reminder is due today.\n"


def test_the_beat_runs_the_scheduled_reminders_daily(
    scheduled, smtp_server, django_capture_on_commit_callbacks
):
    entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == reminders_scheduled_task.name
    )
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {30}
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scheduled_task.delay()
    assert len(smtp_server.messages) == 3


def test_a_failing_channel_is_logged_as_failed_and_the_others_still_go(
    scheduled, django_capture_on_commit_callbacks
):
    from plugins.api import hookimpl
    from plugins.testing import plugin_registered

    class Broken:
        code = "aaa_broken"  # before "email" by code
        label = "Broken"

        def reaches(self, recipient):
            return recipient.name.startswith(first.full_name)

        def send(self, *, recipient, message):
            raise ConnectionError("gateway down")

    class Plugin:
        @hookimpl
        def register_notification_channels(self):
            return [Broken()]

    _, people = scheduled
    first = people[0]
    with (
        plugin_registered(Plugin(), name="broken"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        output = run()
    assert "sent 2, failed 1, not sent 0" in output
    failed = ReminderLog.objects.get(outcome="failed")
    assert (failed.person, failed.channel) == (first, "aaa_broken")
    assert "gateway down" in failed.detail


def test_a_batch_is_sent_a_chunk_per_task_run(
    scheduled, smtp_server, monkeypatch, django_capture_on_commit_callbacks
):
    from lms.reminders import tasks

    monkeypatch.setattr(tasks, "BATCH_CHUNK", 1)
    runs = []
    original = tasks.reminder_batch_send_task.run

    def counted(**kwargs):
        runs.append(kwargs["batch_id"])
        return original(**kwargs)

    monkeypatch.setattr(tasks.reminder_batch_send_task, "run", counted)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scheduled_task.delay()
    assert len(smtp_server.messages) == 3
    assert len(runs) == 3  # one person per run, each run queueing the next while some remain
    assert ReminderLog.objects.filter(outcome="sent").count() == 3


def test_an_administrator_gives_a_target_its_schedule_in_the_settings(client, units, course):
    from tests.factories import UserFactory

    target = running_target(courses=[course])
    client.force_login(UserFactory(is_superuser=True))
    assert "/admin/snippets/reminders/reminderschedule/" in client.get("/admin/").content.decode()
    url = "/admin/snippets/reminders/reminderschedule/add/"
    refused = client.post(url, {"target": target.pk, "days_before": "sáu mươi", "active": "on"})
    assert refused.status_code == 200 and not ReminderSchedule.objects.exists()
    client.post(url, {"target": target.pk, "days_before": "60, 30, 7", "active": "on"})
    assert ReminderSchedule.objects.get(target=target).days == [60, 30, 7]


def test_a_person_deleted_before_the_task_runs_is_dropped_from_the_batch(scheduled):
    from lms.reminders.models import ReminderBatch
    from lms.reminders.selectors import scheduled_reminder_plan
    from lms.reminders.sending import reminder_batch_record, reminder_batch_send

    target, people = scheduled
    plan = scheduled_reminder_plan(target=target, today=timezone.localdate())
    batch, _ = reminder_batch_record(target=target, plan=plan, trigger="manual", token="t" * 20)
    # The batch's first person (people are listed by unit and name, not as created).
    gone_id = batch.person_ids[0]
    next(person for person in people if person.pk == gone_id).delete()
    first = reminder_batch_send(batch=batch, limit=1)
    assert (first["sent"], first["remaining"]) == (0, 2)
    assert gone_id not in ReminderBatch.objects.get(pk=batch.pk).person_ids
    rest = reminder_batch_send(batch=batch, limit=5)
    assert (rest["sent"], rest["remaining"]) == (2, 0)
