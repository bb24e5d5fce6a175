"""A course is reviewed with its lessons: one submission and one decision cover them all, only
reviewers decide, and a lesson changed on its own later is still reviewed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.review import course_lessons_in_review
from tests.factories import UserFactory, course_form

pytestmark = pytest.mark.django_db


def draft_course(*, owner, lessons=2, title="Khoá học mới") -> CoursePage:
    """A course and its lessons as a trainer leaves them: drafts, never published."""
    course = CoursePage(title=title, slug="khoa-moi", summary="Tóm tắt", live=False, owner=owner)
    CourseIndexPage.objects.get().add_child(instance=course)
    course.save_revision(user=owner)
    for number in range(1, lessons + 1):
        lesson = LessonPage(
            title=f"Bài {number}",
            slug=f"bai-{number}",
            live=False,
            owner=owner,
            body=[{"type": "rich_text", "value": f"<p>Nội dung {number}</p>"}],
        )
        course.add_child(instance=lesson)
        lesson.save_revision(user=owner)
    return course


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


def submit(client, user, course):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        course_form(course, **{"action-submit": "Submit for moderation"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def decide(client, user, course, action, comment=""):
    """The reviewer's one click on the course (the dashboard's and the editor's action)."""
    client.force_login(user)
    task_state = CoursePage.objects.get(pk=course.pk).current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[course.pk, action, task_state.pk]),
        {"comment": comment},
    )


def state_of(page) -> str | None:
    state = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()
    return state.status if state else None


def test_one_submission_puts_the_course_and_its_changed_lessons_in_review(
    client, trainer, reviewer
):
    course = draft_course(owner=trainer, lessons=2)
    unchanged = LessonPage(title="Bài cũ", slug="bai-cu", body=[])
    course.add_child(instance=unchanged)
    unchanged.save_revision(user=trainer).publish()  # published before: nothing to review

    submit(client, trainer, course)

    assert state_of(course) == WorkflowState.STATUS_IN_PROGRESS
    first, second, old = lessons_of(course)
    assert state_of(first) == state_of(second) == WorkflowState.STATUS_IN_PROGRESS
    assert state_of(old) is None
    in_review = course_lessons_in_review(course=CoursePage.objects.get(pk=course.pk))
    assert [lesson.pk for lesson in in_review] == [first.pk, second.pk]
    # In review, a lesson is locked against its trainer: what is approved is what was reviewed.
    assert LessonPage.objects.get(pk=first.pk).get_lock().for_user(trainer)
    assert not any(page.live for page in [CoursePage.objects.get(pk=course.pk), first, second])


def test_one_approval_publishes_the_course_and_its_lessons(client, trainer, reviewer):
    course = draft_course(owner=trainer, lessons=3)
    submit(client, trainer, course)

    response = decide(client, reviewer, course, "approve")

    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).live
    lessons = lessons_of(course)
    assert [lesson.live for lesson in lessons] == [True, True, True]
    assert not any(lesson.has_unpublished_changes for lesson in lessons)
    assert {state_of(lesson) for lesson in lessons} == {WorkflowState.STATUS_APPROVED}
    decided = TaskState.objects.filter(status=TaskState.STATUS_APPROVED)
    assert decided.count() == 4 and {state.finished_by for state in decided} == {reviewer}


def test_requesting_changes_returns_the_course_and_its_lessons_with_the_comment(
    client, trainer, reviewer
):
    course = draft_course(owner=trainer, lessons=2)
    submit(client, trainer, course)

    decide(client, reviewer, course, "reject", comment="Bổ sung ví dụ cho bài 2.")

    lessons = lessons_of(course)
    for page in [course, *lessons]:
        assert state_of(page) == WorkflowState.STATUS_NEEDS_CHANGES
        rejected = TaskState.objects.for_instance(page).get(status=TaskState.STATUS_REJECTED)
        assert rejected.comment == "Bổ sung ví dụ cho bài 2."
        assert rejected.finished_by == reviewer
    assert not any(page.live for page in [CoursePage.objects.get(pk=course.pk), *lessons])
    # Changes requested: the trainer can edit the lessons again...
    assert LessonPage.objects.get(pk=lessons[0].pk).get_lock() is None

    # ... and one resubmission of the course sends them all back to review.
    submit(client, trainer, CoursePage.objects.get(pk=course.pk))
    for page in [course, *lessons]:
        assert state_of(page) == WorkflowState.STATUS_IN_PROGRESS
    decide(client, reviewer, course, "approve")
    assert all(lesson.live for lesson in lessons_of(course))


def test_a_trainer_cannot_approve(client, trainer, reviewer):
    course = draft_course(owner=trainer, lessons=2)
    submit(client, trainer, course)

    response = decide(client, trainer, course, "approve")

    # Wagtail answers a refused admin action by sending the user back to the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    # Nor through the editor's own workflow action.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        course_form(
            course, **{"action-workflow-action": "true", "workflow-action-name": "approve"}
        ),
    )
    assert not CoursePage.objects.get(pk=course.pk).live
    assert not any(lesson.live for lesson in lessons_of(course))
    assert not TaskState.objects.filter(status=TaskState.STATUS_APPROVED).exists()


def test_the_demo_administrator_approves_too(client, trainer):
    course = draft_course(owner=trainer, lessons=1)
    submit(client, trainer, course)
    admin = UserFactory(username="quan.tri", is_superuser=True, is_staff=True)

    decide(client, admin, course, "approve")

    assert all(page.live for page in [CoursePage.objects.get(pk=course.pk), *lessons_of(course)])


def test_a_lesson_changed_after_the_course_is_live_is_reviewed_on_its_own(
    client, trainer, reviewer
):
    course = draft_course(owner=trainer, lessons=2)
    submit(client, trainer, course)
    decide(client, reviewer, course, "approve")
    lesson = lessons_of(course)[1]

    client.force_login(trainer)
    data = nested_form_data(
        {
            "title": "Bài 2 (sửa)",
            "slug": lesson.slug,
            "body": streamfield([("rich_text", rich_text("<p>Nội dung mới</p>"))]),
        }
    )
    # A trainer cannot publish the change...
    client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), {**data, "action-publish": "1"}
    )
    assert LessonPage.objects.get(pk=lesson.pk).title == "Bài 2"
    # ... they submit it, and only the lesson goes to review.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), {**data, "action-submit": "1"}
    )
    assert state_of(lesson) == WorkflowState.STATUS_IN_PROGRESS
    assert CoursePage.objects.get(pk=course.pk).current_workflow_state is None

    client.force_login(reviewer)
    task_state = LessonPage.objects.get(pk=lesson.pk).current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk])
    )
    assert LessonPage.objects.get(pk=lesson.pk).title == "Bài 2 (sửa)"


def test_a_lesson_added_during_the_review_waits_for_its_own_submission(client, trainer, reviewer):
    course = draft_course(owner=trainer, lessons=1)
    submit(client, trainer, course)
    late = LessonPage(title="Bài thêm", slug="bai-them", live=False, body=[])
    CoursePage.objects.get(pk=course.pk).add_child(instance=late)
    late.save_revision(user=trainer)

    decide(client, reviewer, course, "approve")

    assert lessons_of(course)[0].live
    assert not LessonPage.objects.get(pk=late.pk).live  # never reviewed, never published


def test_cancelling_the_course_review_withdraws_its_lessons(client, trainer):
    course = draft_course(owner=trainer, lessons=2)
    submit(client, trainer, course)

    CoursePage.objects.get(pk=course.pk).current_workflow_state.cancel(user=trainer)

    for page in [course, *lessons_of(course)]:
        assert state_of(page) == WorkflowState.STATUS_CANCELLED


def test_the_editor_says_which_lessons_went_with_the_course(client, trainer, reviewer):
    course = draft_course(owner=trainer, lessons=2)

    submitted = submit(client, trainer, course)

    said = [str(message) for message in get_messages(submitted.wsgi_request)]
    assert any("“Bài 1”, “Bài 2”" in message for message in said)

    client.force_login(reviewer)
    approved = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        course_form(
            course, **{"action-workflow-action": "true", "workflow-action-name": "approve"}
        ),
    )
    assert approved.status_code == 302
    assert all(page.live for page in [CoursePage.objects.get(pk=course.pk), *lessons_of(course)])
    said = [str(message) for message in get_messages(approved.wsgi_request)]
    assert any("“Bài 1”, “Bài 2”" in message for message in said)


def test_publishing_the_course_directly_leaves_its_lessons_in_review(client, trainer, reviewer):
    course = draft_course(owner=trainer, lessons=2)
    submit(client, trainer, course)

    # A reviewer may publish the course itself (Wagtail then ends its review)...
    CoursePage.objects.get(pk=course.pk).get_latest_revision().publish(user=reviewer)

    assert CoursePage.objects.get(pk=course.pk).live
    # ... its lessons are not published unseen, nor sent back: they wait for a decision.
    for lesson in lessons_of(course):
        assert not lesson.live
        assert state_of(lesson) == WorkflowState.STATUS_IN_PROGRESS


def test_a_lesson_submitted_after_the_course_is_not_published_by_the_courses_approval(
    client, trainer, reviewer
):
    """The approval reaches the lessons the course's submission took along, not one the
    trainer submitted on its own afterwards: that one waits for its own review."""
    course = draft_course(owner=trainer, lessons=1)
    submit(client, trainer, course)
    late = LessonPage(title="Bài thêm sau", slug="bai-them-sau", live=False, owner=trainer, body=[])
    CoursePage.objects.get(pk=course.pk).add_child(instance=late)
    late.save_revision(user=trainer)
    late.get_workflow().start(late, trainer)  # submitted on its own, on the same task

    decide(client, reviewer, course, "approve")

    (first,) = [lesson for lesson in lessons_of(course) if lesson.pk != late.pk]
    assert first.live
    late = LessonPage.objects.get(pk=late.pk)
    assert not late.live
    assert state_of(late) == WorkflowState.STATUS_IN_PROGRESS
