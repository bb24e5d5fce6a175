"""Page types live where they belong, and trainers' work is reviewed before it is published."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.setup import REVIEW_WORKFLOW, TRAINERS_GROUP
from lms.home.models import HomePage
from lms.home.services import site_setup
from tests.factories import UserFactory, course_with_lessons


class PageTypeRulesTests(WagtailPageTestCase):
    def test_courses_are_created_only_in_the_catalogue(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)

    def test_lessons_are_created_only_in_courses(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)

    def test_the_catalogue_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})


@pytest.fixture
def trainer(site):
    user = UserFactory(username="giang.vien")
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


@pytest.mark.django_db
def test_trainers_write_courses_but_cannot_publish_them(trainer):
    catalogue = CourseIndexPage.objects.get()
    permissions = catalogue.permissions_for_user(trainer)
    assert permissions.can_add_subpage()
    assert not permissions.can_publish_subpage()
    assert not HomePage.objects.get().permissions_for_user(trainer).can_edit()


@pytest.mark.django_db
def test_a_trainers_course_goes_to_review_before_publishing(trainer):
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(title="Khoá mới", slug="khoa-moi", summary="x", live=False)
    catalogue.add_child(instance=course)
    course.save_revision(user=trainer)
    workflow = course.get_workflow()
    assert workflow.name == REVIEW_WORKFLOW
    state = workflow.start(course, trainer)
    assert state.status == "in_progress"
    course.refresh_from_db()
    assert not course.live  # published only once a reviewer approves


@pytest.mark.django_db
def test_trainers_edit_only_the_sections_granted_to_them(site):
    from courses.setup import section_grant

    security = course_with_lessons(title="An toàn")
    other = course_with_lessons(title="Khác")
    group = Group.objects.create(name="Giảng viên an toàn thông tin")
    section_grant(group=group, page=security, codenames=("add_page", "change_page"))
    user = UserFactory(username="gv.attt")
    user.groups.add(group)
    assert security.permissions_for_user(user).can_edit()
    assert LessonPage.objects.child_of(security).first().permissions_for_user(user).can_edit()
    assert not other.permissions_for_user(user).can_edit()
    assert not CourseIndexPage.objects.get().permissions_for_user(user).can_add_subpage()


@pytest.mark.django_db
def test_authoring_setup_is_idempotent(site):
    from wagtail.models import GroupPagePermission, WorkflowPage

    before = (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        Page.objects.count(),
    )
    site_setup()
    assert (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        Page.objects.count(),
    ) == before
