"""List pages run a fixed number of SQL queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from courses.services import enrollment_create, lesson_complete
from tests.factories import course_with_lessons

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def build(learner, *, courses: int, lessons: int):
    built = []
    for _ in range(courses):
        course = course_with_lessons(lessons=lessons, quiz=True)
        enrollment = enrollment_create(user=learner, course=course)
        for lesson in LessonPage.objects.live().child_of(course)[: lessons - 1]:
            lesson_complete(enrollment=enrollment, lesson=lesson)
        built.append(course)
    return built


@pytest.mark.parametrize("url", ["/courses/", "/me/"])
def test_list_pages_do_not_grow_with_courses(client, site, learner, url):
    client.force_login(learner)
    build(learner, courses=2, lessons=2)
    client.get(url)  # warm caches (site root, plugin state) as a running site has
    small = queries_for(client, url)
    build(learner, courses=6, lessons=5)
    large = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 2 courses, {large} with 8"


def test_course_page_does_not_grow_with_lessons(client, site, learner):
    client.force_login(learner)
    small_course = build(learner, courses=1, lessons=2)[0]
    large_course = build(learner, courses=1, lessons=9)[0]
    client.get(small_course.url)
    assert queries_for(client, small_course.url) == queries_for(client, large_course.url)
