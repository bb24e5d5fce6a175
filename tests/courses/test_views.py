"""Learners on the public site: catalogue, enrolment, lessons, My learning, and scope."""

import pytest

from courses.models import Enrollment, LessonPage, LessonProgress
from courses.services import enrollment_create, lesson_complete
from tests.factories import PersonFactory, UserFactory, course_with_lessons, org_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(learner):
    """A civil servant: their login is linked to their staff record (staff courses are theirs)."""
    PersonFactory(user=learner, unit=org_unit(code="SO-TTTT"))
    return learner


def lessons_of(course):
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


def test_catalogue_lists_published_courses_only(client, site):
    course_with_lessons(title="Khoá đã xuất bản")
    course_with_lessons(title="Khoá nháp", publish=False)
    html = client.get("/courses/").content.decode()
    assert "Khoá đã xuất bản" in html
    assert "Khoá nháp" not in html


def test_catalogue_filters_by_audience(client, site):
    course_with_lessons(title="Cho người dân", for_citizens=True, for_state_staff=False)
    course_with_lessons(title="Cho cán bộ", for_citizens=False, for_state_staff=True)
    html = client.get("/courses/?audience=citizens").content.decode()
    assert "Cho người dân" in html
    assert "Cho cán bộ" not in html


def test_catalogue_filters_by_competency_area(client, site):
    from courses.competencies import competency_areas_ensure
    from courses.models import CompetencyArea

    competency_areas_ensure(CompetencyArea)
    safe = course_with_lessons(title="An toàn mạng")
    safe.competency_areas.set([CompetencyArea.objects.get(code="safety")])
    safe.save_revision().publish()
    course_with_lessons(title="Văn bản điện tử")
    html = client.get("/courses/?area=safety").content.decode()
    assert "An toàn mạng" in html
    assert "Văn bản điện tử" not in html


def test_catalogue_search_finds_by_title(client, site):
    course_with_lessons(title="Chữ ký số cho công chức")
    course_with_lessons(title="Mạng xã hội an toàn")
    html = client.get("/courses/?q=chữ ký").content.decode()
    assert "Chữ ký số cho công chức" in html
    assert "Mạng xã hội an toàn" not in html


def test_catalogue_ignores_nonsense_filters(client, site):
    course_with_lessons(title="Khoá A")
    response = client.get("/courses/?audience=aliens&area=../../etc&q=" + "x" * 5000)
    assert response.status_code == 200


def test_course_page_shows_outline_duration_requirements_and_enrol(client, site, learner):
    course = course_with_lessons(lessons=2, estimated_minutes=45)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Bài 1" in html and "Bài 2" in html
    assert "45" in html
    assert "Hoàn thành mọi bài học" in html  # the requirement, in Vietnamese
    assert "Ghi danh" in html  # Enrol


def test_anonymous_visitor_is_asked_to_log_in_to_enrol(client, site):
    course = course_with_lessons()
    html = client.get(course.url).content.decode()
    assert "Đăng nhập để ghi danh" in html
    response = client.post(f"/learning/enrol/{course.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]
    assert not Enrollment.objects.exists()


def test_enrolling_twice_by_double_click_makes_one_enrollment(client, site, learner):
    course = course_with_lessons()
    client.force_login(learner)
    first = client.post(f"/learning/enrol/{course.pk}/")
    second = client.post(f"/learning/enrol/{course.pk}/")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == lessons_of(course)[0].url
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_enrolling_in_an_unpublished_course_answers_404(client, site, learner):
    course = course_with_lessons(publish=False)
    client.force_login(learner)
    assert client.post(f"/learning/enrol/{course.pk}/").status_code == 404


def test_lessons_need_an_enrollment(client, site, learner):
    course = course_with_lessons()
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 302  # to login
    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response.headers["Location"] == course.url


def test_mark_as_done_then_next_lesson(client, site, learner):
    course = course_with_lessons(lessons=2)
    enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)
    client.force_login(learner)
    page = client.get(first.url).content.decode()
    assert "Đánh dấu đã xong" in page  # Mark as done
    assert "Bài 1 / 2" in page or "Bài 1 trên 2" in page
    response = client.post(f"/learning/lessons/{first.pk}/done/")
    assert response.headers["Location"] == second.url
    assert LessonProgress.objects.filter(lesson=first).exists()


def test_completing_a_lesson_without_enrollment_answers_404(client, site, learner):
    course = course_with_lessons()
    client.force_login(learner)
    assert client.post(f"/learning/lessons/{lessons_of(course)[0].pk}/done/").status_code == 404
    assert not LessonProgress.objects.exists()


def test_completing_a_lesson_of_an_unpublished_course_answers_404(client, site, learner):
    course = course_with_lessons()
    enrollment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    course.unpublish()  # the lesson itself stays live
    client.force_login(learner)
    assert client.post(f"/learning/lessons/{lesson.pk}/done/").status_code == 404


def test_mark_as_done_needs_post(client, site, learner):
    course = course_with_lessons()
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    assert client.get(f"/learning/lessons/{lessons_of(course)[0].pk}/done/").status_code == 405


def test_my_learning_shows_progress_and_completion_dates(client, site, learner):
    doing = course_with_lessons(title="Đang học", lessons=2)
    done = course_with_lessons(title="Đã học xong", lessons=1)
    lesson_complete(
        enrollment=enrollment_create(user=learner, course=doing), lesson=lessons_of(doing)[0]
    )
    lesson_complete(
        enrollment=enrollment_create(user=learner, course=done), lesson=lessons_of(done)[0]
    )
    client.force_login(learner)
    html = client.get("/me/").content.decode()
    assert "Đang học" in html and "50%" in html
    assert "Đã học xong" in html and "Hoàn thành ngày" in html


def test_my_learning_never_shows_another_learners_progress(client, site, learner):
    course = course_with_lessons(title="Khoá của người khác")
    enrollment_create(user=UserFactory(username="nguoi.khac"), course=course)
    client.force_login(learner)
    assert "Khoá của người khác" not in client.get("/me/").content.decode()


def test_my_learning_needs_login(client, site):
    assert client.get("/me/").status_code == 302
