"""Changes that touch what a target counts: each asks for the target's attainments to be
recomputed, in a task once the change is committed (the worker must see it). The work itself
is lms.targets.attainments.attainments_sync, which the task runs."""

from collections.abc import Iterable

from django.db.models import Q

from courses.models import CompetencyArea, CoursePage

from .models import Target
from .tasks import target_attainments_task


def _recount(*, target_ids: Iterable[int]) -> None:
    for target_id in target_ids:
        target_attainments_task.delay_on_commit(target_id=target_id)


def target_saved(*, target: Target) -> None:
    """A target was created or its definition edited in the admin."""
    _recount(target_ids=[target.pk])


def targets_recount_for_area(*, area: CompetencyArea) -> None:
    """A competency area is being deleted: the targets that qualified through it lose it.
    Call before the deletion, while the area still links them."""
    _recount(
        target_ids=list(Target.objects.filter(competency_areas=area).values_list("pk", flat=True))
    )


def targets_recount_for_course(*, course: CoursePage) -> None:
    """A course was published and its competency areas may have changed: the targets that
    qualify by one of its areas now, or that counted a completion of it before."""
    areas = list(course.competency_areas.values_list("pk", flat=True))
    affected = (
        Target.objects.filter(
            Q(competency_areas__in=areas) | Q(attainments__enrollment__course=course)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    _recount(target_ids=list(affected))
