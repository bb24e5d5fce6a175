"""Targets of the digital transformation plan, who has attained them, and nightly snapshots."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel


class Target(ClusterableModel):
    """Who must be trained (a population within an org scope), by what (courses or competency
    areas), how many (a percentage), in which period, and by when."""

    class Population(models.TextChoices):
        STAFF = "staff", _("State staff")
        IT_OFFICERS = "it_officers", _("IT / digital-transformation officers")
        CITIZENS = "citizens", _("Citizens of working age")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    population = models.CharField(_("who counts"), max_length=16, choices=Population.choices)
    # Position categories of state staff that count; empty means every category.
    position_categories = models.JSONField(_("position categories"), default=list, blank=True)
    scope = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("within unit"),
        help_text=_("People in this unit and its sub-units. Empty: everyone."),
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage", blank=True, related_name="+", verbose_name=_("qualifying courses")
    )
    competency_areas = ParentalManyToManyField(
        "courses.CompetencyArea",
        blank=True,
        related_name="+",
        verbose_name=_("qualifying competency areas"),
        help_text=_("Completing any course in one of these areas also qualifies."),
    )
    required_percentage = models.DecimalField(
        _("required percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="target_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.period_start and self.deadline and self.deadline < self.period_start:
            errors["deadline"] = _("The deadline cannot come before the period starts.")
        if errors:
            raise ValidationError(errors)

    def reference_day(self, *, today: datetime.date) -> datetime.date:
        """The day the period is counted at: its end, or today while it runs."""
        return min(today, self.period_end)


class Attainment(models.Model):
    """A person counts as trained for a target: written in the same transaction as the
    completion that earns it, so coverage is a count.

    ``unit`` is where the person is counted: their last placement in the period (up to today
    while it runs; the report moves people of a unit gone that day to where its successors
    are). ``counts_from`` is the day they count from: the completion, or the day they joined
    the target's population in the period if that came later. The target's scope is applied
    when counting, not here: who is within it depends on the day counted.
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="attainments")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="attainments")
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="attainments"
    )
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    attained_on = models.DateField(_("attained on"))
    counts_from = models.DateField(_("counts from"))

    class Meta:
        verbose_name = _("attainment")
        verbose_name_plural = _("attainments")
        constraints = [
            models.UniqueConstraint(fields=["target", "person"], name="attainment_unique_person")
        ]
        indexes = [models.Index(fields=["target", "unit", "counts_from"])]

    def __str__(self) -> str:
        return f"{self.person_id} ✓ {self.target_id} ({self.attained_on})"


class CoverageSnapshot(models.Model):
    """A unit's figures for a target on a day (its whole subtree), for trends and past dates."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="snapshots")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    taken_on = models.DateField(_("date"))
    trained = models.PositiveIntegerField(_("trained"))
    # Null when the denominator is unknown (no population figure for the year).
    headcount = models.PositiveIntegerField(_("headcount"), null=True)
    trained_recently = models.PositiveIntegerField(_("trained in the last 90 days"), default=0)

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "unit", "taken_on"], name="snapshot_unique_day"
            )
        ]
        indexes = [models.Index(fields=["target", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.unit_id} {self.taken_on}: {self.trained}/{self.headcount}"
