"""A course is reviewed with its lessons: one submission, one decision.

Wagtail's moderation workflow reviews one page at a time, so a course of five lessons took six
submissions and six approvals. This module follows the course's review (from Wagtail's workflow
signals, connected in courses.receivers) and takes its lessons along, without replacing any
of Wagtail's machinery:

- when the course's review task starts (submitted, resubmitted after changes were requested, or
  restarted), each of its lessons with unpublished changes starts (or resumes) its own review;
- when a reviewer approves the course's task or requests changes, the lessons its submission
  took along (recorded as CourseReviewLesson) get the same decision, by the same reviewer,
  with the same comment; a lesson submitted later on its own is decided on its own;
- when the course's review is cancelled, so are its lessons'.

Each lesson keeps a real workflow state of its own. So Wagtail locks it against trainers' edits
while it is in review (the version published is the version reviewed), its history records the
decision, and a lesson edited on its own later (the course being live) goes through review on
its own, like any page. Nobody publishes a lesson by submitting a course: only the decision of
someone allowed to approve the task does, and it is checked for every lesson.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from wagtail.models import Page, TaskState, WorkflowState

# Pages are read through Wagtail's Page (a course's children are its lessons): the course
# editor's panels use this module, and the course models import those panels.

DECISIONS = {TaskState.STATUS_APPROVED: "approve", TaskState.STATUS_REJECTED: "reject"}


def review_course(*, workflow_state: WorkflowState) -> Page | None:
    """The course a workflow state reviews, or None when it reviews anything else."""
    course_model = apps.get_model("courses", "CoursePage")
    if workflow_state.content_type_id != ContentType.objects.get_for_model(course_model).pk:
        return None
    return course_model.objects.filter(pk=workflow_state.object_id).first()


def course_lessons_with_changes(*, course: Page) -> list[Page]:
    """The lessons a submission of the course takes along: those with changes not published
    yet (new lessons included), in course order."""
    return list(
        Page.objects.child_of(course)
        .filter(has_unpublished_changes=True, latest_revision__isnull=False)
        .order_by("path")
    )


def _lesson_task_states(*, course: Page, course_task_state: TaskState):
    """The lessons' task states in progress that the course's submission took along (see
    CourseReviewLesson), with their lessons."""
    review_lesson = apps.get_model("courses", "CourseReviewLesson")
    lessons = {str(lesson.pk): lesson for lesson in Page.objects.child_of(course)}
    taken = review_lesson.objects.filter(course_task_state=course_task_state).values(
        "lesson_task_state"
    )
    states = TaskState.objects.filter(
        pk__in=taken,
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=course.get_base_content_type(),
        workflow_state__object_id__in=list(lessons),
    ).select_related("workflow_state", "task")
    pairs = [(lessons[state.workflow_state.object_id], state) for state in states]
    return sorted(pairs, key=lambda pair: pair[0].path)  # in course order


def course_lessons_in_review(*, course: Page) -> list[Page]:
    """The lessons that go with the course's current review task: approving the course
    publishes them, requesting changes returns them."""
    task_state = course.current_workflow_task_state
    if task_state is None:
        return []
    states = _lesson_task_states(course=course, course_task_state=task_state)
    return [lesson for lesson, _state in states]


def course_lessons_decided_with(*, course: Page, user) -> tuple[str, list[Page]]:
    """The decision a reviewer last made on the course ("approved" or "rejected") and the
    lessons that got it with the course, for telling the reviewer what their click did."""
    decision = (
        TaskState.objects.for_instance(course)
        .filter(finished_by=user, status__in=list(DECISIONS))
        .order_by("-finished_at", "-pk")
        .first()
    )
    if decision is None:
        return "", []
    review_lesson = apps.get_model("courses", "CourseReviewLesson")
    lessons = {str(lesson.pk): lesson for lesson in Page.objects.child_of(course)}
    decided = TaskState.objects.filter(
        pk__in=review_lesson.objects.filter(course_task_state=decision).values("lesson_task_state"),
        status=decision.status,
        finished_by=user,
        finished_at__gte=decision.finished_at,
        workflow_state__base_content_type=course.get_base_content_type(),
        workflow_state__object_id__in=list(lessons),
    ).values_list("workflow_state__object_id", flat=True)
    pages = sorted({lessons[pk] for pk in decided}, key=lambda lesson: lesson.path)
    return decision.status, pages


def course_review_lessons_submit(
    *, course: Page, user, course_task_state: TaskState | None = None
) -> list[Page]:
    """Put the course's lessons with unpublished changes in review alongside the course, and
    record them as going with ``course_task_state`` (the course's review task): its decision
    reaches them, and only them."""
    review_lesson = apps.get_model("courses", "CourseReviewLesson")
    submitted = []
    for lesson in course_lessons_with_changes(course=course):
        if user is not None and not lesson.permissions_for_user(user).can_edit():
            continue  # not theirs to submit: it stays a draft, and the course panel says so
        state = lesson.current_workflow_state
        if state is None:
            workflow = lesson.get_workflow()
            if workflow is None:
                continue
            workflow.start(lesson, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        # A lesson already in review stays there, and is decided with the course.
        submitted.append(lesson)
        lesson_task_state = lesson.current_workflow_task_state
        if course_task_state is not None and lesson_task_state is not None:
            review_lesson.objects.get_or_create(
                course_task_state=course_task_state, lesson_task_state=lesson_task_state
            )
    return submitted


def course_review_lessons_decide(*, course_task_state: TaskState, user) -> list[Page]:
    """Give the course's lessons in review on the same task the course's decision."""
    action = DECISIONS.get(course_task_state.status)
    course = review_course(workflow_state=course_task_state.workflow_state)
    if action is None or course is None:
        return []
    decided = []
    for lesson, state in _lesson_task_states(course=course, course_task_state=course_task_state):
        task = state.task.specific
        # The reviewer's right was checked for the course; it is checked again for each
        # lesson, so that a decision never reaches a page this reviewer may not decide.
        if user is not None and action not in {name for name, *_ in task.get_actions(lesson, user)}:
            raise PermissionDenied
        task.on_action(state, user, action, comment=course_task_state.comment)
        decided.append(lesson)
    return decided


def course_review_lessons_cancel(*, course: Page, user) -> list[Page]:
    """Withdraw the lessons' reviews with the course's.

    Publishing a course also ends its review (Wagtail cancels it): then the lessons stay in
    review, for the reviewer to decide, rather than going back to drafts nobody asked for.
    """
    if course.live and not course.has_unpublished_changes:
        return []
    lessons = {str(lesson.pk): lesson for lesson in Page.objects.child_of(course)}
    states = WorkflowState.objects.active().filter(
        base_content_type=course.get_base_content_type(), object_id__in=list(lessons)
    )
    cancelled = []
    for state in states:
        state.cancel(user=user)
        cancelled.append(lessons[state.object_id])
    return cancelled
