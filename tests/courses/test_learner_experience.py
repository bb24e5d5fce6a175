"""What a learner sees of where they stand: failing never looks like passing, the completion
moment, resume, and who may enrol. Pages are read in Vietnamese, as learners read them."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Enrollment, LessonPage, LessonProgress
from courses.services import enrollment_create, lesson_complete
from plugins.quiz.services import quiz_submit
from tests.factories import (
    HALF_RIGHT_ANSWERS,
    RIGHT_ANSWERS,
    CertificateTemplateFactory,
    PersonFactory,
    UserFactory,
    course_with_lessons,
    org_unit,
)

pytestmark = pytest.mark.django_db

WRONG_ANSWERS = {"q1": ["q1-a2"], "q2": ["q2-b3"]}


@pytest.fixture
def staff_learner(db):
    user = UserFactory(username="cong.chuc", first_name="Lan")
    PersonFactory(user=user, unit=org_unit(code="SO-TTTT"))
    return user


def lessons_of(course):
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


def submit(enrollment, lesson, answers):
    number = enrollment.quiz_attempts.count() + 1
    return quiz_submit(
        enrollment=enrollment,
        lesson=lesson,
        block_id="quiz-1",
        answers=answers,
        attempt_number=number,
    )


def started(learner, **options):
    """A course with one plain lesson (done) and a quiz lesson; the learner enrolled."""
    course = course_with_lessons(lessons=1, quiz=True, **options)
    enrollment = enrollment_create(user=learner, course=course)
    plain, quiz = lessons_of(course)
    lesson_complete(enrollment=enrollment, lesson=plain)
    return course, enrollment, quiz


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_pass_mark_and_attempts_are_stated_before_the_first_attempt(
    client, site, staff_learner
):
    _, _, quiz = started(staff_learner, max_attempts=3, pass_mark=70)
    client.force_login(staff_learner)
    html = page(client, quiz.url)
    assert "Điểm đạt: trả lời đúng 70% số câu." in html
    assert "Được làm bài 3 lần." in html


def test_a_failed_attempt_is_shown_as_not_passed_and_the_lesson_is_not_done(
    client, site, staff_learner
):
    course, enrollment, quiz = started(staff_learner, max_attempts=3)
    submit(enrollment, quiz, WRONG_ANSWERS)  # 0 of 2
    assert not LessonProgress.objects.filter(lesson=quiz).exists()
    client.force_login(staff_learner)

    lesson_html = page(client, quiz.url)
    assert "quiz-result--failed" in lesson_html and "quiz-result--passed" not in lesson_html
    assert "Chưa đạt" in lesson_html
    assert "Cần đạt 80% để qua bài. Còn 2 lần làm bài." in lesson_html
    assert "Bạn đã hoàn thành bài học này" not in lesson_html
    assert "Bạn đã đạt bài học này" not in lesson_html
    assert "tiến độ khoá học 50%" in lesson_html  # the plain lesson only, not 100 %

    course_html = page(client, course.url)
    assert 'badge--failed">chưa đạt</span>' in course_html  # the quiz lesson in the outline
    assert "Tiến độ của bạn: 50%" in course_html
    assert "Tiếp tục học" in course_html and quiz.url in course_html  # resume at the quiz
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None


def test_the_outline_tells_passed_done_not_passed_and_not_started(client, site, staff_learner):
    course = course_with_lessons(lessons=2, quiz=True, max_attempts=2)
    enrollment = enrollment_create(user=staff_learner, course=course)
    first, _second, quiz = lessons_of(course)
    lesson_complete(enrollment=enrollment, lesson=first)
    submit(enrollment, quiz, HALF_RIGHT_ANSWERS)
    client.force_login(staff_learner)
    html = page(client, course.url)
    outline = html[html.index('id="outline-heading"') :]
    assert outline.count('badge--done">đã xong</span>') == 1  # lesson 1
    assert outline.count('badge--todo">chưa bắt đầu</span>') == 1  # lesson 2
    assert outline.count('badge--failed">chưa đạt</span>') == 1  # the quiz
    submit(enrollment, quiz, RIGHT_ANSWERS)
    html = page(client, course.url)
    outline = html[html.index('id="outline-heading"') :]
    assert outline.count('badge--done">đạt</span>') == 1


def test_using_the_last_attempt_below_the_pass_mark_ends_the_course_as_not_passed(
    client, site, staff_learner
):
    course, enrollment, quiz = started(staff_learner, max_attempts=1)
    submit(enrollment, quiz, WRONG_ANSWERS)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None and enrollment.passed is False
    client.force_login(staff_learner)
    html = page(client, course.url)
    assert "completion--failed" in html and "Đã kết thúc khoá học: chưa đạt" in html
    assert "Chúc mừng" not in html
    lesson_html = page(client, quiz.url)
    assert "Đã hết lượt làm bài: chưa đạt mức điểm 80%." in lesson_html
    assert "Làm lại" not in lesson_html  # no "try again"


def test_a_lost_quiz_settles_the_course_even_with_lessons_left(site, staff_learner):
    """A course that can no longer be passed says so instead of staying open forever."""
    course = course_with_lessons(lessons=2, quiz=True, max_attempts=1)
    enrollment = enrollment_create(user=staff_learner, course=course)
    *_, quiz = lessons_of(course)
    submit(enrollment, quiz, WRONG_ANSWERS)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None and enrollment.passed is False


def test_passing_shows_congratulations_and_the_certificate_being_prepared(
    client, site, staff_learner
):
    course, enrollment, quiz = started(
        staff_learner, max_attempts=2, certificate_template=CertificateTemplateFactory()
    )
    submit(enrollment, quiz, RIGHT_ANSWERS)
    enrollment.refresh_from_db()
    assert enrollment.passed is True
    client.force_login(staff_learner)
    for url in (quiz.url, course.url):
        html = page(client, url)
        assert "completion--passed" in html
        assert "Chúc mừng! Bạn đã hoàn thành đạt yêu cầu khoá học" in html
        assert "Còn 1 lần làm bài" not in html and "Làm lại" not in html
        assert (
            "Giấy chứng nhận của bạn đang được chuẩn bị" in html
            or "Tải giấy chứng nhận (PDF)" in html
        )
    status = client.get(f"/certificates/mine/{course.pk}/status/")
    assert status.status_code == 200 and status.json()["status"] in {"pending", "issued"}


def test_an_issued_certificate_is_offered_on_the_course_page(client, site, staff_learner):
    from certificates.models import Certificate

    course, enrollment, quiz = started(
        staff_learner, certificate_template=CertificateTemplateFactory()
    )
    submit(enrollment, quiz, RIGHT_ANSWERS)
    Certificate.objects.filter(enrollment=enrollment).update(status=Certificate.Status.ISSUED)
    certificate = Certificate.objects.get(enrollment=enrollment)
    client.force_login(staff_learner)
    html = page(client, course.url)
    assert f"/certificates/{certificate.code}/download/" in html
    body = client.get(f"/certificates/mine/{course.pk}/status/").json()
    assert body["url"] == f"/certificates/{certificate.code}/download/"


def test_the_certificate_status_is_only_ever_the_learners_own(client, site, staff_learner):
    course, enrollment, quiz = started(
        staff_learner, certificate_template=CertificateTemplateFactory()
    )
    submit(enrollment, quiz, RIGHT_ANSWERS)
    other = UserFactory(username="nguoi.khac")
    client.force_login(other)
    assert client.get(f"/certificates/mine/{course.pk}/status/").status_code == 404
    client.logout()
    assert client.get(f"/certificates/mine/{course.pk}/status/").status_code == 302


def test_after_passing_no_further_attempt_is_offered(client, site, staff_learner):
    course = course_with_lessons(lessons=2, quiz=True, max_attempts=3)
    enrollment = enrollment_create(user=staff_learner, course=course)
    *_, quiz = lessons_of(course)
    submit(enrollment, quiz, RIGHT_ANSWERS)  # passed, though the course is not complete
    client.force_login(staff_learner)
    html = page(client, quiz.url)
    assert "quiz-result--passed" in html and "Bạn đã đạt bài học này." in html
    assert 'name="attempt"' not in html


def test_quizzes_that_decide_nothing_complete_the_lesson_on_any_attempt(
    client, site, staff_learner
):
    course = course_with_lessons(lessons=0, quiz=True, graded_activities_optional=True)
    course.completion_requirements = [{"type": "all_lessons_done", "value": None}]
    course.save_revision().publish()
    enrollment = enrollment_create(user=staff_learner, course=course)
    (quiz,) = lessons_of(course)
    submit(enrollment, quiz, WRONG_ANSWERS)
    enrollment.refresh_from_db()
    assert enrollment.passed is True
    client.force_login(staff_learner)
    html = page(client, quiz.url)
    assert "Chỉ cần làm bài là hoàn thành bài học này" in html
    assert "quiz-result--neutral" in html


def test_login_lands_on_my_learning(client, site):
    from lms.demo.accounts import DEMO_PASSWORD

    UserFactory(username="hoc.vien.moi", password=DEMO_PASSWORD)
    response = client.post(
        "/accounts/login/", {"username": "hoc.vien.moi", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/me/"


def test_my_learning_offers_to_continue_with_the_next_lesson(client, site, staff_learner):
    older = course_with_lessons(title="Khoá cũ", lessons=3)
    recent = course_with_lessons(title="Khoá đang học", lessons=3)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    old_enrollment = enrollment_create(user=staff_learner, course=older, at=long_ago)
    lesson_complete(enrollment=old_enrollment, lesson=lessons_of(older)[0], at=long_ago)
    enrollment = enrollment_create(user=staff_learner, course=recent)
    first, second, _ = lessons_of(recent)
    lesson_complete(enrollment=enrollment, lesson=first)
    client.force_login(staff_learner)
    html = page(client, "/me/")
    card = html[html.index('id="continue-heading"') : html.index("</section>")]
    assert "Khoá đang học" in card and "bài 2/3" in card and second.url in card
    assert "Xin chào, Lan" in html


def test_required_for_you_lists_the_targets_that_apply_with_their_courses(
    client, site, staff_learner
):
    from lms.targets.models import Attainment, Target

    course = course_with_lessons(title="Kỹ năng số", lessons=1)
    today = timezone.localdate()
    applies = Target.objects.create(
        code="t-staff",
        name="Cán bộ được đào tạo kỹ năng số",
        population=Target.Population.STAFF,
        required_percentage=80,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=60),
        deadline=today + datetime.timedelta(days=60),
    )
    applies.courses.set([course])
    applies.save()  # a ParentalManyToManyField is written when its model is saved
    Target.objects.create(
        code="t-citizens",
        name="Người dân dùng dịch vụ công",
        population=Target.Population.CITIZENS,
        required_percentage=50,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=60),
        deadline=today + datetime.timedelta(days=60),
    )
    Target.objects.create(
        code="t-elsewhere",
        name="Chỉ tiêu của đơn vị khác",
        population=Target.Population.STAFF,
        scope=org_unit(code="OTHER"),
        required_percentage=50,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=60),
        deadline=today + datetime.timedelta(days=60),
    )
    client.force_login(staff_learner)
    html = page(client, "/me/")
    required = html[html.index('id="required-heading"') :]
    required = required[: required.index("</section>")]
    assert "Cán bộ được đào tạo kỹ năng số" in required
    assert "chưa đạt" in required and "Kỹ năng số" in required and course.url in required
    assert "Người dân dùng dịch vụ công" not in required
    assert "Chỉ tiêu của đơn vị khác" not in required

    enrollment = enrollment_create(user=staff_learner, course=course)
    lesson_complete(enrollment=enrollment, lesson=lessons_of(course)[0])
    person = staff_learner.person
    # What lms.targets records for a placed person who passed (tested in tests/targets).
    Attainment.objects.create(
        target=applies,
        person=person,
        enrollment=enrollment,
        unit=person.unit,
        attained_on=today,
        counts_from=today,
    )
    html = page(client, "/me/")
    assert f"đã đạt ngày {today:%d/%m/%Y}" in html


def test_my_learning_keeps_a_fixed_number_of_queries(
    client, site, staff_learner, django_assert_max_num_queries
):
    for number in range(4):
        course = course_with_lessons(title=f"Khoá {number}", lessons=2)
        enrollment = enrollment_create(user=staff_learner, course=course)
        lesson_complete(enrollment=enrollment, lesson=lessons_of(course)[0])
    client.force_login(staff_learner)
    client.get("/me/")  # warm the site and plugin caches
    with django_assert_max_num_queries(20):
        assert client.get("/me/").status_code == 200


def test_a_citizen_is_told_a_staff_course_is_not_for_them_and_cannot_enrol(client, site):
    citizen = UserFactory(username="nguoi.dan")
    course = course_with_lessons(title="Dành cho công chức", for_state_staff=True)
    client.force_login(citizen)
    html = page(client, course.url)
    assert "Khoá học này chỉ dành cho cán bộ, công chức, viên chức." in html
    assert f"/learning/enrol/{course.pk}/" not in html  # no enrol button
    response = client.post(f"/learning/enrol/{course.pk}/", follow=True)
    assert not Enrollment.objects.filter(user=citizen).exists()
    assert "Khoá học này chỉ dành cho cán bộ, công chức, viên chức." in response.content.decode()


def test_a_citizens_course_is_open_to_citizens_and_staff(client, site, staff_learner):
    citizen = UserFactory(username="nguoi.dan")
    course = course_with_lessons(title="Dịch vụ công", for_citizens=True)
    for user in (citizen, staff_learner):
        client.force_login(user)
        assert f"/learning/enrol/{course.pk}/" in page(client, course.url)
        client.post(f"/learning/enrol/{course.pk}/")
        assert Enrollment.objects.filter(user=user, course=course).exists()


def test_an_anonymous_visitor_learns_a_course_is_for_staff_before_logging_in(client, site):
    course = course_with_lessons(title="Dành cho công chức")
    html = page(client, course.url)
    assert "Khoá học này chỉ dành cho cán bộ, công chức, viên chức." in html
    assert "Đăng nhập để ghi danh" in html


def make_target(code, *, start_in_days=-30, end_in_days=60, scope=None, **fields):
    from lms.targets.models import Target

    today = timezone.localdate()
    return Target.objects.create(
        code=code,
        name=fields.pop("name", f"Chỉ tiêu {code}"),
        population=fields.pop("population", Target.Population.STAFF),
        required_percentage=80,
        period_start=today + datetime.timedelta(days=start_in_days),
        period_end=today + datetime.timedelta(days=end_in_days),
        deadline=today + datetime.timedelta(days=end_in_days),
        scope=scope,
        **fields,
    )


def test_required_for_you_lists_only_targets_a_course_passed_now_counts_for(site, staff_learner):
    from lms.targets.personal import targets_for_person

    make_target("running")
    make_target("not-yet", start_in_days=10, end_in_days=100)
    make_target("over", start_in_days=-100, end_in_days=-1)
    listed = targets_for_person(person=staff_learner.person)
    assert [item.target.code for item in listed] == ["running"]
    assert listed[0].days_left == 60


def test_required_for_you_names_the_same_courses_as_the_coverage_count(site, staff_learner):
    """The batched read agrees with lms.targets' own qualifying_course_ids."""
    from courses.models import CompetencyArea
    from lms.targets.attainments import qualifying_course_ids
    from lms.targets.personal import _qualifying_course_ids

    area = CompetencyArea.objects.create(code="an-toan", name="An toàn")
    named, in_area, other = (course_with_lessons(title=t) for t in ("Một", "Hai", "Ba"))
    in_area.competency_areas.add(area)
    in_area.save_revision().publish()
    by_course, by_area, both = make_target("a"), make_target("b"), make_target("c")
    by_course.courses.set([named])
    by_course.save()
    by_area.competency_areas.set([area])
    by_area.save()
    both.courses.set([named, other])
    both.competency_areas.set([area])
    both.save()
    batched = _qualifying_course_ids(targets=[by_course, by_area, both])
    for target in (by_course, by_area, both):
        assert batched[target.pk] == qualifying_course_ids(target=target)


def test_my_learning_queries_do_not_grow_with_targets(
    client, site, staff_learner, django_assert_max_num_queries
):
    course = course_with_lessons(title="Kỹ năng số", lessons=1)
    for number in range(6):
        target = make_target(f"t{number}")
        target.courses.set([course])
        target.save()
    client.force_login(staff_learner)
    client.get("/me/")
    with django_assert_max_num_queries(14):  # 9 without targets
        assert client.get("/me/").status_code == 200


def test_optional_quizzes_may_be_retried_as_often_as_allowed(client, site, staff_learner):
    course = course_with_lessons(lessons=1, quiz=True, max_attempts=3)
    course.completion_requirements = [{"type": "all_lessons_done", "value": None}]
    course.graded_activities_optional = True
    course.save_revision().publish()
    enrollment = enrollment_create(user=staff_learner, course=course)
    *_, quiz = lessons_of(course)
    submit(enrollment, quiz, WRONG_ANSWERS)
    client.force_login(staff_learner)
    html = page(client, quiz.url)
    assert 'name="attempt" value="2"' in html  # "try again" is offered
    assert "Đáp án đúng" not in html  # and the answers stay hidden while it is


def test_a_score_just_under_the_pass_mark_never_reads_as_reaching_it(site):
    """2 of 3 right is 66.67 %: against a 67 % mark it must not read "67 %"."""
    from decimal import Decimal
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    attempt = SimpleNamespace(number=1, correct_count=2, question_count=3, score=Decimal("66.67"))
    context = {
        "value": {"title": "Kiểm tra"},
        "block_id": "quiz-1",
        "pass_mark": 67,
        "max_attempts": 2,
        "last_attempt": attempt,
        "attempts": [attempt],
        "best_score": attempt.score,
        "passed": False,
        "last_passed": False,
        "attempts_left": 1,
        "questions": [],
        "can_attempt": False,
    }
    with translation.override("vi"):
        html = render_to_string("quiz/quiz_block.html", context)
    assert "(66,7%)" in html and "67%)" not in html
