"""Courses: catalogue, course and lesson pages, enrollments and lesson progress."""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from courses.blocks import lesson_core_blocks, lesson_plugin_blocks
from courses.fields import ExtensibleStreamField
from courses.panels import EffectiveRulePanel
from courses.requirements import requirement_core_blocks, requirement_plugin_blocks


class Audience(models.TextChoices):
    STATE_STAFF = "state_staff", _("State staff")
    IT_OFFICERS = "it_officers", _("IT / digital-transformation officers")
    CITIZENS = "citizens", _("Citizens")


AUDIENCE_FIELDS = {
    Audience.STATE_STAFF: "for_state_staff",
    Audience.IT_OFFICERS: "for_it_officers",
    Audience.CITIZENS: "for_citizens",
}


@register_snippet
class CompetencyArea(models.Model):
    """A domain of the national digital-competency framework."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class CourseIndexPage(Page):
    """The course catalogue (/courses/)."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue_filters_from, course_catalogue

        context = super().get_context(request, *args, **kwargs)
        filters = catalogue_filters_from(request.GET)
        context["filters"] = filters
        context["courses"] = course_catalogue(catalogue=self, **filters.as_kwargs())
        context["audiences"] = Audience.choices
        context["areas"] = CompetencyArea.objects.all()
        return context


class CoursePage(Page):
    summary = models.TextField(_("summary"), max_length=1000)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    for_state_staff = models.BooleanField(_("for state staff"), default=True)
    for_it_officers = models.BooleanField(
        _("for IT / digital-transformation officers"), default=False
    )
    for_citizens = models.BooleanField(_("for citizens"), default=False)
    competency_areas = ParentalManyToManyField(
        CompetencyArea, blank=True, related_name="courses", verbose_name=_("competency areas")
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated duration (minutes)"), default=60)
    issuing_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing unit"),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate template"),
        help_text=_("Learners who pass receive a certificate made with it. Empty: none."),
    )
    completion_requirements = ExtensibleStreamField(
        core_blocks=requirement_core_blocks,
        plugin_blocks=requirement_plugin_blocks,
        blank=True,
        verbose_name=_("completion requirements"),
        help_text=_(
            "Leave empty to require every lesson to be completed. Quizzes must be passed in "
            "any case, unless you make them optional below."
        ),
    )
    graded_activities_optional = models.BooleanField(
        _("quizzes do not decide the result"),
        default=False,
        help_text=_(
            "Tick only if attempting the quizzes is enough, whatever the score. Otherwise "
            "learners must pass every quiz of the course to pass it."
        ),
    )

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("for_state_staff"),
        index.FilterField("for_it_officers"),
        index.FilterField("for_citizens"),
        index.FilterField("live"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("for_state_staff"),
                FieldPanel("for_it_officers"),
                FieldPanel("for_citizens"),
            ],
            heading=_("Audiences"),
        ),
        FieldPanel("competency_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("estimated_minutes"),
        FieldPanel("issuing_unit"),
        FieldPanel("certificate_template"),
        MultiFieldPanel(
            [
                FieldPanel("completion_requirements"),
                FieldPanel("graded_activities_optional"),
                EffectiveRulePanel(),
            ],
            heading=_("Completion"),
        ),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def audiences(self) -> list[str]:
        return [
            str(label) for code, label in Audience.choices if getattr(self, AUDIENCE_FIELDS[code])
        ]

    def requirements_spec(self) -> list[dict]:
        """The requirements as plain data, as an enrollment freezes them."""
        return [
            {"type": child.block_type, "params": child.block.get_prep_value(child.value)}
            for child in self.completion_requirements
        ]

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(course=self, user=request.user))
        return context


class LessonPage(Page):
    body = ExtensibleStreamField(
        core_blocks=lesson_core_blocks,
        plugin_blocks=lesson_plugin_blocks,
        blank=True,
        verbose_name=_("lesson"),
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def has_graded_activity(self) -> bool:
        """A lesson with a graded activity (a quiz) is completed by doing it, not by a button."""
        return any(getattr(child.block, "is_graded_activity", False) for child in self.body)

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_serve

        return lesson_serve(request, lesson=self, serve=super().serve, args=args, kwargs=kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(lesson=self, user=request.user))
        return context


class Enrollment(models.Model):
    """A learner's enrollment in a course: raw facts with timestamps.

    *Completed* and *passed* are separate facts: a learner who used up every quiz attempt below
    the pass mark has completed the course without passing it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("enrolled at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The course's requirements as they were when the learner started; null before that.
    frozen_requirements = models.JSONField(null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrollment_unique_user_course"
            ),
            models.CheckConstraint(
                condition=Q(passed__isnull=True) | Q(completed_at__isnull=False),
                name="enrollment_passed_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="progress_unique_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.lesson_id}"
