"""Reminders to people who have not met a target: when they go out, who asked to stop them,
and what was sent to whom."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def schedule_days(text: str) -> list[int]:
    """``"60, 30, 7"`` → ``[60, 30, 7]`` (largest first, no repeats); ValueError if not."""
    days = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 0 <= int(part) <= 366:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


def validate_schedule_days(text: str) -> None:
    try:
        days = schedule_days(text)
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days between 0 and 366, separated by commas, e.g. 60, 30, 7.")
        ) from None
    if not days:
        raise ValidationError(_("Give at least one number of days."))


class ReminderSchedule(models.Model):
    """When a target's untrained people are reminded: so many days before its deadline."""

    target = models.OneToOneField(
        "targets.Target",
        on_delete=models.CASCADE,
        related_name="reminder_schedule",
        verbose_name=_("target"),
    )
    days_before = models.CharField(
        _("days before the deadline"),
        max_length=100,
        default="60, 30, 7",
        validators=[validate_schedule_days],
        help_text=_(
            "Reminders go out this many days before the target's deadline, e.g. 60, 30, 7."
        ),
    )
    active = models.BooleanField(_("send scheduled reminders"), default=True)

    class Meta:
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")

    def __str__(self) -> str:
        return f"{self.target}: {self.days_before}"

    @property
    def days(self) -> list[int]:
        return schedule_days(self.days_before)


class ReminderOptOut(models.Model):
    """A person asked to receive no more reminders they may refuse (citizens' reminders;
    staff reminders are part of their duties and cannot be refused)."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    opted_out_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self) -> str:
        return f"{self.person_id} ✗ ({self.opted_out_at:%Y-%m-%d})"


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Sent by an HR officer")
    SCHEDULED = "scheduled", _("Scheduled")


class ReminderBatch(models.Model):
    """One decision to remind people (an officer's click, a scheduled run): the people chosen
    then, sent by a task. Each kind has its own key, so one can never take the other's place:
    a manual batch is once per form (``token``, the nonce of a form the server signed for that
    officer), a scheduled batch once per target, schedule day and ``run_date``."""

    token = models.CharField(max_length=64, blank=True)
    target = models.ForeignKey("targets.Target", on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    # The schedule's day (days before the deadline) a scheduled batch is for, and its date.
    schedule_day = models.PositiveSmallIntegerField(null=True, blank=True)
    run_date = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder batch")
        verbose_name_plural = _("reminder batches")
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "token"],
                condition=Q(trigger="manual"),
                name="reminder_batch_once_per_form",
            ),
            models.UniqueConstraint(
                fields=["target", "schedule_day", "run_date"],
                condition=Q(trigger="scheduled"),
                name="reminder_batch_once_per_schedule_day",
            ),
            # Each batch has its kind's key, and only that one.
            models.CheckConstraint(
                condition=(Q(trigger="manual", run_date__isnull=True) & ~Q(token=""))
                | Q(
                    trigger="scheduled",
                    token="",
                    run_date__isnull=False,
                    schedule_day__isnull=False,
                ),
                name="reminder_batch_key_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.trigger} ({len(self.person_ids)})"


#: Why a chosen person was not reminded after all (ReminderLog.detail of a skipped reminder).
SKIP_REASONS = {
    "trained": _("trained meanwhile"),
    "opted_out": _("asked for no more reminders"),
    "already": _("already reminded for this date"),
    "recent": _("reminded recently"),
    "no_channel": _("no way to reach them"),
}


class ReminderLog(models.Model):
    """One reminder to one person: what it was about, how and why it went, and how it ended."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        "targets.Target", on_delete=models.CASCADE, related_name="+", verbose_name=_("target")
    )
    batch = models.ForeignKey(
        ReminderBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs"
    )
    channel = models.CharField(_("channel"), max_length=32, blank=True)
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    schedule_day = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # The channel's reference, or why it failed or was skipped (never the message itself).
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["person", "-sent_at"])]
        constraints = [
            # Each of a schedule's days reminds a person of a target once.
            models.UniqueConstraint(
                fields=["person", "target", "schedule_day"],
                condition=Q(schedule_day__isnull=False, outcome="sent"),
                name="reminder_once_per_schedule_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ← {self.target_id} {self.channel} {self.outcome}"

    @property
    def detail_display(self) -> str:
        return str(SKIP_REASONS.get(self.detail, self.detail))
