"""The work of reminding: a batch records who was chosen, then each of them is sent a reminder
through the channel that reaches them, and each reminder is logged on the person's record.
Nothing here queues a task (lms.reminders.services does), so the tasks can import it."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.org.models import Person
from lms.targets.models import Attainment, Target

from .channels import channel_for, notification_channels
from .messages import (
    may_opt_out,
    recipient_languages,
    recipient_of,
    reminder_context,
    reminder_message,
)
from .models import ReminderBatch, ReminderLog, ReminderOptOut, Trigger
from .selectors import ReminderPlan, min_days, scheduled_reminder_plan, scheduled_targets

logger = logging.getLogger("lms")


def reminder_batch_record(
    *,
    target: Target,
    plan: ReminderPlan,
    trigger: str,
    token: str = "",
    run_date: datetime.date | None = None,
    sent_by=None,
) -> tuple[ReminderBatch, bool]:
    """Record the people ``plan`` reaches as one batch; a key already used answers the batch
    it made (created False). A manual batch's key is ``token`` (a form submitted twice sends
    once), a scheduled one's is the target, the plan's schedule day and ``run_date``."""
    if trigger == Trigger.MANUAL:
        if not token or run_date is not None:
            raise ValueError("A manual batch is keyed by its form's token alone.")
        key = {"trigger": trigger, "token": token}
    else:
        if token or run_date is None or plan.schedule_day is None:
            raise ValueError("A scheduled batch is keyed by its schedule day and date.")
        key = {
            "trigger": trigger,
            "target": target,
            "schedule_day": plan.schedule_day,
            "run_date": run_date,
        }
    try:
        with transaction.atomic():
            batch = ReminderBatch.objects.create(
                **{
                    "target": target,
                    "schedule_day": plan.schedule_day,
                    **key,
                    "sent_by": sent_by,
                    "person_ids": plan.person_ids,
                }
            )
    except IntegrityError:
        return ReminderBatch.objects.get(**key), False
    return batch, True


def _skip_reason(*, person: Person, batch: ReminderBatch, now: datetime.datetime) -> str:
    """Why a person chosen for the batch is not reminded after all (things change between the
    choice and the task: a completion, an opt-out, another reminder); "" to send."""
    if Attainment.objects.filter(target_id=batch.target_id, person=person).exists():
        return "trained"
    if may_opt_out(kind=person.kind) and ReminderOptOut.objects.filter(person=person).exists():
        return "opted_out"
    reminders = ReminderLog.objects.filter(person=person, outcome=ReminderLog.Outcome.SENT)
    if (
        batch.schedule_day is not None
        and reminders.filter(target_id=batch.target_id, schedule_day=batch.schedule_day).exists()
    ):
        return "already"
    if reminders.filter(sent_at__gt=now - datetime.timedelta(days=min_days())).exists():
        return "recent"
    return ""


def reminder_batch_send(*, batch: ReminderBatch, limit: int | None = None) -> dict[str, int]:
    """Send the batch's reminders (at most ``limit`` of them); safe to run again: people
    already logged for it are skipped. Answers how many were sent, failed and skipped, and
    how many remain."""
    target = Target.objects.get(pk=batch.target_id)
    today = timezone.localdate()
    channels = notification_channels()
    done = set(ReminderLog.objects.filter(batch=batch).values_list("person_id", flat=True))
    todo = [person_id for person_id in batch.person_ids if person_id not in done]
    outcomes = {outcome: 0 for outcome in ReminderLog.Outcome.values}
    outcomes["remaining"] = max(len(todo) - limit, 0) if limit is not None else 0
    gone = set()
    for person_id in todo[:limit]:
        with transaction.atomic():
            # One person at a time, locked: a manual and a scheduled batch never both remind.
            person = (
                # of=("self",): PostgreSQL locks no row of the nullable side of an outer join.
                Person.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=person_id)
                .first()
            )
            if person is None:  # deleted since: nothing to remind, nor to log
                gone.add(person_id)
                continue
            outcome, channel_code, detail = _send_one(
                person=person, batch=batch, target=target, today=today, channels=channels
            )
            ReminderLog.objects.create(
                person=person,
                target=target,
                batch=batch,
                channel=channel_code,
                trigger=batch.trigger,
                schedule_day=batch.schedule_day,
                sent_by_id=batch.sent_by_id,
                outcome=outcome,
                detail=detail[:255],
            )
            outcomes[outcome] += 1
    if gone:  # so that a later run does not look for them again
        batch.person_ids = [pk for pk in batch.person_ids if pk not in gone]
        ReminderBatch.objects.filter(pk=batch.pk).update(person_ids=batch.person_ids)
    if not outcomes["remaining"]:
        ReminderBatch.objects.filter(pk=batch.pk).update(done_at=timezone.now())
    return outcomes


def _send_one(*, person, batch, target, today, channels) -> tuple[str, str, str]:
    skip = _skip_reason(person=person, batch=batch, now=timezone.now())
    if skip:
        return ReminderLog.Outcome.SKIPPED, "", skip
    language = recipient_languages(people=[person]).get(person.pk)
    recipient = recipient_of(person, language=language)
    channel = channel_for(recipient, channels=channels)
    if channel is None:
        return ReminderLog.Outcome.SKIPPED, "", "no_channel"
    context = reminder_context(
        recipient=recipient, target=target, today=today, opt_out=may_opt_out(kind=person.kind)
    )
    message = reminder_message(context=context, language=recipient.language)
    try:
        reference = channel.send(recipient=recipient, message=message)
    except Exception as error:  # a channel's failure is this reminder's, not the batch's
        logger.warning("Reminder to person %s by %s failed: %r", person.pk, channel.code, error)
        return ReminderLog.Outcome.FAILED, str(channel.code), f"{type(error).__name__}: {error}"
    return ReminderLog.Outcome.SENT, str(channel.code), str(reference or "")


@dataclass
class ScheduledRun:
    plan: ReminderPlan
    batch: ReminderBatch | None = None
    created: bool = False  # False: today's batch was made by an earlier run
    outcomes: dict[str, int] | None = None


def reminders_scheduled_send(
    *,
    today: datetime.date,
    target_code: str | None = None,
    dry_run: bool = False,
    in_background: bool = False,
) -> list[ScheduledRun]:
    """The reminders the targets' schedules owe today: their batches, sent here unless
    ``in_background`` (the caller queues them) or ``dry_run`` (no batch either). One batch per
    target, schedule day and date: running twice the same day sends once."""
    runs = []
    for target in scheduled_targets(today=today, code=target_code):
        plan = scheduled_reminder_plan(target=target, today=today)
        if plan is None:
            continue
        run = ScheduledRun(plan=plan)
        runs.append(run)
        if dry_run or not plan.reached:
            continue
        run.batch, run.created = reminder_batch_record(
            target=target,
            plan=plan,
            trigger=Trigger.SCHEDULED,
            run_date=today,
        )
        if run.created and not in_background:
            run.outcomes = reminder_batch_send(batch=run.batch)
    return runs
