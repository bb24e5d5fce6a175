"""The course catalogue, course and lesson pages.

A page reads what it shows itself (Wagtail's way: a page is its own view), so the models
import nothing from the layers above them; selectors and services build on them.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import lesson_core_blocks, lesson_plugin_blocks
from courses.fields import ExtensibleStreamField
from courses.forms import CoursePageForm
from courses.panels import CertificatePromisePanel, CourseReviewPanel, EffectiveRulePanel
from courses.requirements import (
    course_requirements,
    enrollment_requirements,
    requirement_core_blocks,
    requirement_evaluate,
    requirement_plugin_blocks,
    requirements_describe,
)
from lms.org.models import Person
from plugins.manager import hooks

from .catalogue import AUDIENCE_FIELDS, Audience, CompetencyArea

MAX_QUERY_LENGTH = 200


class CourseIndexPage(Page):
    """The course catalogue (/courses/)."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = CatalogueFilters.from_query(request.GET)
        context["filters"] = filters
        context["courses"] = self.courses(**filters.as_kwargs())
        context["audiences"] = Audience.choices
        context["areas"] = CompetencyArea.objects.all()
        return context

    def courses(self, *, query: str = "", audience: str = "", area: str = "") -> list["CoursePage"]:
        """Live courses of the catalogue, filtered and searched, with what the cards show."""
        courses = CoursePage.objects.live().public().child_of(self)
        if audience:
            courses = courses.filter(**{AUDIENCE_FIELDS[Audience(audience)]: True})
        if area:
            courses = courses.filter(competency_areas__code=area)
        if query:
            matching = [page.pk for page in courses.search(query, operator="or")]
            courses = CoursePage.objects.filter(pk__in=matching)
            order = {pk: position for position, pk in enumerate(matching)}
        else:
            order = None
        courses = (
            courses.select_related("cover_image")
            .prefetch_related(
                Prefetch("competency_areas", queryset=CompetencyArea.objects.all()),
                # Wagtail's image tags read ``prefetched_renditions``: one query for every
                # card's cover instead of one per card when the rendition cache is cold.
                Prefetch("cover_image__renditions", to_attr="prefetched_renditions"),
            )
            .annotate(lesson_count=live_lessons_count())
            .order_by("path")
        )
        courses = list(courses)
        if order is not None:
            courses.sort(key=lambda course: order[course.pk])
        return courses


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    audience: str = ""
    area: str = ""

    @classmethod
    def from_query(cls, params) -> "CatalogueFilters":
        """Read filters from the query string, ignoring values that are not real choices."""
        audience = params.get("audience", "")
        area = params.get("area", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
            audience=audience if audience in Audience.values else "",
            area=area if area and CompetencyArea.objects.filter(code=area).exists() else "",
        )

    def as_kwargs(self) -> dict:
        return {"query": self.q, "audience": self.audience, "area": self.area}

    @property
    def active(self) -> bool:
        return bool(self.q or self.audience or self.area)


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

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        CourseReviewPanel(),
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
        MultiFieldPanel(
            [
                FieldPanel("issuing_unit"),
                FieldPanel("certificate_template"),
                CertificatePromisePanel(),
            ],
            heading=_("Certificate"),
        ),
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

    def live_lessons(self) -> list["LessonPage"]:
        return list(LessonPage.objects.live().child_of(self).order_by("path"))

    def open_to(self, user) -> bool:
        """Whether the user may enrol: citizens' courses are open to every signed-in user;
        staff courses to those linked to a staff record (and to admin users trying them)."""
        if not user.is_authenticated:
            return False
        if self.for_citizens or user.is_staff:
            return True
        person = getattr(user, "person", None)  # RelatedObjectDoesNotExist is an AttributeError
        return person is not None and person.kind == Person.Kind.STAFF

    def progress_of(self, user) -> dict:
        """The live lessons, the user's enrollment, each lesson's state for them, and the
        lesson to continue with."""
        lessons = self.live_lessons()
        enrollment = None
        states: dict[int, str] = {}
        if user.is_authenticated:
            enrollment = self.enrollments.filter(user=user).first()
            if enrollment is not None:
                states = lesson_states(enrollment=enrollment)
        done_ids = {pk for pk, state in states.items() if state == LessonState.DONE}
        done = sum(1 for lesson in lessons if lesson.pk in done_ids)
        outline = [
            OutlineItem(lesson=lesson, state=_outline_state(lesson, states.get(lesson.pk)))
            for lesson in lessons
        ]
        return {
            "lessons": lessons,
            "outline": outline,
            "enrollment": enrollment,
            "done_ids": done_ids,
            "progress_percent": round(100 * done / len(lessons)) if lessons else 0,
            # Where "continue" leads: the first lesson not done yet (a failed quiz included).
            "resume_lesson": next(
                (lesson for lesson in lessons if lesson.pk not in done_ids), None
            ),
        }

    def requirement_rows(self, enrollment) -> list[dict]:
        """Each rule described, with the learner's progress on it when they are enrolled."""
        spec = (
            enrollment_requirements(enrollment=enrollment)
            if enrollment
            else course_requirements(course=self)
        )
        return [
            {
                "label": label,
                "progress": requirement_evaluate(enrollment=enrollment, requirement=requirement)
                if enrollment is not None
                else None,
            }
            for label, requirement in zip(requirements_describe(spec=spec), spec, strict=True)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        progress = self.progress_of(request.user)
        context.update(progress)
        context["requirements"] = self.requirement_rows(progress["enrollment"])
        context["areas"] = list(self.competency_areas.all())
        context["open_to_user"] = self.open_to(request.user)
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
        """Lessons are for enrolled learners: others are sent to log in or to the course page."""
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course = self.get_parent().specific
        if not (course.live and course.enrollments.filter(user=request.user).exists()):
            messages.info(request, gettext("Enrol in the course to open its lessons."))
            return redirect(course.url)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        detail = course.progress_of(request.user)
        lessons = detail["lessons"]
        position = next((index for index, item in enumerate(lessons) if item.pk == self.pk), 0)
        enrollment = detail["enrollment"]
        context.update(detail)
        context.update(
            {
                "course": course,
                "position": position + 1,
                "previous_lesson": lessons[position - 1] if position > 0 else None,
                "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
                "lesson_done": self.pk in detail["done_ids"],
                # The rules the learner is held to, for graded blocks (a quiz's pass mark).
                "requirements_spec": enrollment_requirements(enrollment=enrollment)
                if enrollment is not None
                else course_requirements(course=course),
            }
        )
        return context


def live_lessons_count(course_ref: str = "") -> Coalesce:
    """The number of live lessons under a course, as a subquery: ``course_ref`` leads from the
    outer query's rows to the course page ("" for courses, "course__" for enrollments)."""
    lessons = (
        LessonPage.objects.live()
        .filter(
            path__startswith=OuterRef(f"{course_ref}path"), depth=OuterRef(f"{course_ref}depth") + 1
        )
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), 0)


class LessonState:
    """A lesson's state for one learner, as the outline shows it."""

    DONE = "done"  # completed; for a lesson with a graded activity, passed
    ATTEMPTED = "attempted"  # a graded activity attempted, not passed (yet)
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class OutlineItem:
    lesson: "LessonPage"
    state: str  # "done", "passed", "not_passed" or "not_started"


def _outline_state(lesson: LessonPage, state: str | None) -> str:
    if state == LessonState.DONE:
        return "passed" if lesson.has_graded_activity else "done"
    if state == LessonState.ATTEMPTED and lesson.has_graded_activity:
        return "not_passed"
    return "not_started"


def lesson_states(*, enrollment) -> dict[int, str]:
    """lesson id → LessonState for the lessons the learner has touched: done (from the LMS's
    records), attempted (from the plugins that own graded activities)."""
    states = {
        lesson_id: LessonState.DONE
        for lesson_id in enrollment.progress.values_list("lesson_id", flat=True)
    }
    for _plugin, contribution in hooks.extend_lesson_states(enrollment=enrollment):
        for lesson_id, state in (contribution or {}).items():
            if state == LessonState.ATTEMPTED:
                states.setdefault(int(lesson_id), LessonState.ATTEMPTED)
    return states
