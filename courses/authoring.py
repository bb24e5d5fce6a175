"""A trainer's own courses at a glance (the "My courses" dashboard panel): drafts, in review,
published, with their learners and how many passed."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy
from wagtail.models import WorkflowState

from courses.issuers import certificate_promised_without_template
from courses.models import CoursePage


class CourseGroup:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"

    LABELS = {
        DRAFT: pgettext_lazy("course state", "Drafts"),
        IN_REVIEW: pgettext_lazy("course state", "In review"),
        PUBLISHED: pgettext_lazy("course state", "Published"),
    }


@dataclass(frozen=True)
class CourseOverview:
    course: CoursePage
    learners: int
    passed: int
    changes_requested: bool
    certificate_missing: bool

    @property
    def completion_percent(self) -> int | None:
        """Share of the course's learners who passed it, whole percent, halves up."""
        if not self.learners:
            return None
        share = Decimal(100 * self.passed) / Decimal(self.learners)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def completion_label(self) -> str:
        return "" if self.completion_percent is None else f"{self.completion_percent}\u00a0%"


def _workflow_state_exists(status: str) -> Exists:
    # A page's workflow states name its specific content type (as the page row does) and its
    # id as text: matched without looking the content type up.
    return Exists(
        WorkflowState.objects.filter(
            content_type=OuterRef("content_type_id"),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status=status,
        )
    )


def trainer_courses(*, user) -> dict[str, list[CourseOverview]]:
    """The courses a trainer created (Wagtail's page owner), grouped: drafts, in review,
    published; each with its learners and how many passed. One query.

    A course in review is in review whether or not an earlier version is live; a draft sent
    back with changes requested is a draft again, marked so.
    """
    courses = (
        CoursePage.objects.filter(owner=user)
        .annotate(
            learners=Count("enrollments"),
            passed=Count("enrollments", filter=Q(enrollments__passed=True)),
            in_review=_workflow_state_exists(WorkflowState.STATUS_IN_PROGRESS),
            changes_requested=_workflow_state_exists(WorkflowState.STATUS_NEEDS_CHANGES),
        )
        .order_by("title", "pk")
    )
    groups: dict[str, list[CourseOverview]] = {
        CourseGroup.DRAFT: [],
        CourseGroup.IN_REVIEW: [],
        CourseGroup.PUBLISHED: [],
    }
    for course in courses:
        if course.in_review:
            group = CourseGroup.IN_REVIEW
        elif course.live:
            group = CourseGroup.PUBLISHED
        else:
            group = CourseGroup.DRAFT
        groups[group].append(
            CourseOverview(
                course=course,
                learners=course.learners,
                passed=course.passed,
                changes_requested=course.changes_requested,
                certificate_missing=certificate_promised_without_template(course),
            )
        )
    return groups
