"""Trainers write courses in the Wagtail admin: the editor offers core and plugin blocks and
the requirement types, and saving works."""

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, LessonPage
from courses.setup import TRAINERS_GROUP
from tests.factories import UserFactory, course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client, site):
    trainer = UserFactory(username="giang.vien")
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    client.force_login(trainer)
    return client


def test_the_lesson_editor_offers_core_and_plugin_blocks(trainer_client):
    course = course_with_lessons(lessons=1, quiz=True)
    lesson = LessonPage.objects.child_of(course).first()
    html = trainer_client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert "rich_text" in html and "callout" in html
    assert "quiz" in html and "max_attempts" in html  # the quiz plugin's block
    course_html = trainer_client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "all_lessons_done" in course_html and "quiz_passed" in course_html


def test_a_trainer_adds_a_lesson_with_a_quiz_and_submits_it_for_review(trainer_client):
    course = course_with_lessons(lessons=0)
    data = nested_form_data(
        {
            "title": "Bài mới",
            "slug": "bai-moi",
            "body": streamfield(
                [
                    ("rich_text", rich_text("<p>Nội dung</p>")),
                    (
                        "quiz",
                        {
                            "title": "Kiểm tra nhanh",
                            "max_attempts": "2",
                            "questions": streamfield([]),
                        },
                    ),
                ]
            ),
        }
    )
    # ListBlocks in the admin form post their items with -count / -N-value / -N-id / -N-deleted.
    data.update(
        {
            "body-1-value-questions-count": "1",
            "body-1-value-questions-0-id": "q-new",
            "body-1-value-questions-0-deleted": "",
            "body-1-value-questions-0-order": "0",
            "body-1-value-questions-0-value-text": "Câu hỏi?",
            "body-1-value-questions-0-value-explanation": "",
            "body-1-value-questions-0-value-choices-count": "2",
            "body-1-value-questions-0-value-choices-0-id": "c1",
            "body-1-value-questions-0-value-choices-0-deleted": "",
            "body-1-value-questions-0-value-choices-0-order": "0",
            "body-1-value-questions-0-value-choices-0-value-text": "Đúng",
            "body-1-value-questions-0-value-choices-0-value-correct": "on",
            "body-1-value-questions-0-value-choices-1-id": "c2",
            "body-1-value-questions-0-value-choices-1-deleted": "",
            "body-1-value-questions-0-value-choices-1-order": "1",
            "body-1-value-questions-0-value-choices-1-value-text": "Sai",
            "action-submit": "Submit for moderation",
        }
    )
    response = trainer_client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = LessonPage.objects.get(slug="bai-moi")
    assert not lesson.live  # waits for a reviewer
    revision = lesson.get_latest_revision_as_object()
    assert [child.block_type for child in revision.body] == ["rich_text", "quiz"]
    assert revision.body[1].value["questions"][0]["choices"][0]["correct"] is True
    assert CourseIndexPage.objects.get().get_workflow() is not None
