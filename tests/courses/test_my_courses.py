"""The trainer's "My courses" dashboard panel: their own courses only, grouped drafts / in
review / published, with learners and the share who passed, in a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone

from courses.authoring import CourseGroup, trainer_courses
from courses.dashboard import MyCoursesPanel
from courses.models import CourseIndexPage, CoursePage, Enrollment
from lms.org.models import OrgUnit
from tests.factories import UserFactory, org_unit

pytestmark = pytest.mark.django_db
AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def course(*, owner, title, live=False, **fields) -> CoursePage:
    page = CoursePage(
        title=title, slug=f"k-{CoursePage.objects.count()}", summary="x", live=live, owner=owner
    )
    for name, value in fields.items():
        setattr(page, name, value)
    CourseIndexPage.objects.get().add_child(instance=page)
    revision = page.save_revision(user=owner)
    if live:
        revision.publish()
    return CoursePage.objects.get(pk=page.pk)


def learners(page, *, passed=0, failed=0, studying=0) -> None:
    outcomes = [True] * passed + [False] * failed + [None] * studying
    for number, outcome in enumerate(outcomes):
        Enrollment.objects.create(
            user=UserFactory(username=f"hv-{page.pk}-{number}"),
            course=page,
            enrolled_at=AT,
            completed_at=AT if outcome is not None else None,
            passed=outcome,
        )


@pytest.fixture
def courses(trainer, reviewer):
    """A trainer's courses in every state, and another trainer's published course."""
    unit = org_unit(code="HCM-SKHCN", name="Sở Khoa học và Công nghệ", kind=OrgUnit.Kind.DEPARTMENT)
    draft = course(owner=trainer, title="A. Bản nháp", issuing_unit=unit)
    returned = course(owner=trainer, title="B. Được trả lại")
    returned.get_workflow().start(returned, trainer)
    returned.current_workflow_task_state.reject(user=reviewer, comment="Sửa lại")
    in_review = course(owner=trainer, title="C. Đang chờ duyệt")
    in_review.get_workflow().start(in_review, trainer)
    published = course(owner=trainer, title="D. Đã xuất bản", live=True)
    learners(published, passed=2, failed=1, studying=3)  # 2 of 6 passed: 33 %
    quiet = course(owner=trainer, title="E. Chưa ai học", live=True)
    other = course(owner=UserFactory(username="gv.khac"), title="F. Của người khác", live=True)
    learners(other, passed=1)
    return {
        "draft": draft,
        "returned": returned,
        "in_review": in_review,
        "published": published,
        "quiet": quiet,
        "other": other,
    }


def titles(overviews) -> list[str]:
    return [item.course.title for item in overviews]


def test_the_trainers_courses_are_grouped_by_state(trainer, courses):
    groups = trainer_courses(user=trainer)

    assert titles(groups[CourseGroup.DRAFT]) == ["A. Bản nháp", "B. Được trả lại"]
    assert titles(groups[CourseGroup.IN_REVIEW]) == ["C. Đang chờ duyệt"]
    assert titles(groups[CourseGroup.PUBLISHED]) == ["D. Đã xuất bản", "E. Chưa ai học"]
    draft, returned = groups[CourseGroup.DRAFT]
    assert returned.changes_requested and not draft.changes_requested
    assert draft.certificate_missing  # names an issuer, has no template


def test_learners_and_completion_rate_are_right(trainer, courses):
    published, quiet = trainer_courses(user=trainer)[CourseGroup.PUBLISHED]

    assert (published.learners, published.passed, published.completion_percent) == (6, 2, 33)
    assert (quiet.learners, quiet.completion_percent) == (0, None)


def test_a_half_rounds_up(trainer, site):
    page = course(owner=trainer, title="Nửa", live=True)
    learners(page, passed=1, studying=7)  # 12.5 %

    (overview,) = trainer_courses(user=trainer)[CourseGroup.PUBLISHED]

    assert overview.completion_percent == 13


def render(user) -> BeautifulSoup:
    request = RequestFactory().get("/admin/")
    request.user = user
    return BeautifulSoup(MyCoursesPanel().render_html({"request": request}), "html.parser")


def test_the_panel_shows_only_the_trainers_own_courses(trainer, courses):
    soup = render(trainer)

    shown = {int(item["data-course"]) for item in soup.select("[data-course]")}
    mine = {page.pk for key, page in courses.items() if key != "other"}
    assert shown == mine
    published = soup.select_one(f"[data-course='{courses['published'].pk}']")
    assert published.select_one("[data-learners]")["data-learners"] == "6"
    assert published.select_one("[data-completion]")["data-completion"] == "33"
    draft = soup.select_one(f"[data-course='{courses['draft'].pk}']")
    assert draft.select_one("[data-certificate-missing]") is not None
    returned = soup.select_one(f"[data-course='{courses['returned'].pk}']")
    assert returned.select_one("[data-changes-requested]") is not None
    groups = [section["data-group"] for section in soup.select("[data-group]")]
    assert groups == ["draft", "in_review", "published"]


def test_the_panel_reads_in_two_queries_however_many_courses(
    trainer, courses, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the courses with their figures; the catalogue
        render(trainer)
    for number in range(5):
        learners(course(owner=trainer, title=f"Thêm {number}", live=True), passed=1, studying=1)
    with django_assert_num_queries(2):
        render(trainer)


def test_the_dashboard_shows_the_panel_to_trainers_only(client, trainer, courses):
    client.force_login(trainer)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert {
        int(item["data-course"]) for item in soup.select("#my-courses-section [data-course]")
    } == {page.pk for key, page in courses.items() if key != "other"}

    someone = UserFactory(username="to.chuc")  # in the admin, but writes no course
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(someone)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert soup.select_one("#my-courses-section") is None
