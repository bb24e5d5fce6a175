"""The trainer's journey in the admin, on a desktop and on a 360 px phone: a course with two
lessons, written as drafts, submitted once; the reviewer (the demo administrator) approves once;
the course and both lessons are live."""

import re

import pytest

from courses.models import CoursePage, LessonPage
from tests.e2e.conftest import admin_login, assert_page_is_sound

pytestmark = pytest.mark.django_db(transaction=True)

SAVE = "footer .w-dropdown-button > button.action-save"
# Wagtail's minimap of the editor's sections sits folded at the right edge of the screen, a strip
# of it showing, until it is opened: partly off-screen by design, not content cut off.
WITHOUT_MINIMAP = ".w-minimap { display: none !important; }"
MORE_ACTIONS = "footer .w-dropdown-button .w-dropdown__toggle"


def save_draft(page) -> None:
    page.click(SAVE)
    page.wait_for_load_state("networkidle")


def fill_title(page, title: str) -> None:
    """The title, and the slug the editor makes of it (on leaving the field, once its
    scripts have started)."""
    page.wait_for_load_state("networkidle")
    page.fill("#id_title", title)
    page.locator("#id_title").blur()
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")


def add_lesson(page, site_url: str, course: CoursePage, title: str, text: str) -> None:
    page.visit(f"{site_url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    fill_title(page, title)
    assert_editor_is_sound(page)
    save_draft(page)
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))


def assert_editor_is_sound(page) -> None:
    """assert_page_is_sound on a page editor, Wagtail's folded minimap aside."""
    page.add_style_tag(content=WITHOUT_MINIMAP)
    assert_page_is_sound(page)


def journey(page, site_url: str, *, title: str) -> CoursePage:
    # The trainer: their dashboard, then a new course from its "My courses" panel.
    admin_login(page, site_url, "trainer")
    page.snap("trainer-dashboard")
    assert page.locator("#my-courses-section").is_visible()
    assert_page_is_sound(page)
    page.click("#my-courses-section a[href*='/add/courses/coursepage/']")
    page.wait_for_url(re.compile(r"/admin/pages/add/courses/coursepage/"))
    # The issuing units are those open today, with their codes, in code order.
    labels = page.locator("#id_issuing_unit option").all_inner_texts()[1:]
    codes = [label.split(" · ")[0] for label in labels]
    assert codes == sorted(codes) and "HCM-SKHCN" in codes and "BDG-STTTT" not in codes
    assert page.locator("[data-effective-rule]").is_visible()
    assert_editor_is_sound(page)
    fill_title(page, title)
    page.fill("#id_summary", "Khoá học thử của giảng viên.")
    page.select_option("#id_issuing_unit", label="HCM-SKHCN · Sở Khoa học và Công nghệ")
    save_draft(page)
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    course = CoursePage.objects.get(title=title)
    assert course.owner.username == "trainer" and not course.live
    # No certificate template, yet an issuing unit: the editor warns (item "say which").
    page.snap("course-saved")
    assert page.locator("[data-certificate-promise]").is_visible()
    # The rule in words follows the tick box "quizzes do not decide the result" at once.
    rule = page.locator("[data-effective-rule]")
    assert rule.locator("ul[data-rules-when='required']").is_visible()
    page.check("#id_graded_activities_optional")
    assert rule.locator("ul[data-rules-when='optional']").is_visible()
    assert not rule.locator("ul[data-rules-when='required']").is_visible()
    page.uncheck("#id_graded_activities_optional")
    assert_editor_is_sound(page)

    add_lesson(page, site_url, course, "Bài 1: Làm quen", "Nội dung bài 1")
    add_lesson(page, site_url, course, "Bài 2: Thực hành", "Nội dung bài 2")

    # One submission, from the course: the editor lists the lessons that go with it.
    page.visit(f"{site_url}/admin/pages/{course.pk}/edit/")
    assert page.locator("[data-course-review] li").count() == 2
    assert_editor_is_sound(page)
    page.click(MORE_ACTIONS)
    page.click("button[name='action-submit']")
    page.wait_for_load_state("networkidle")
    page.snap("submitted")
    assert_page_is_sound(page)  # the catalogue's listing, where Wagtail takes the trainer
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    assert len(lessons) == 2
    assert all(page_.workflow_in_progress for page_ in [course, *lessons])
    page.visit(f"{site_url}/admin/")
    assert page.locator(
        f"#my-courses-section [data-group='in_review'] [data-course='{course.pk}']"
    ).is_visible()
    assert_page_is_sound(page)
    page.context.clear_cookies()

    # The reviewer: one approval, on the course.
    admin_login(page, site_url, "admin")
    assert_page_is_sound(page)
    page.visit(f"{site_url}/admin/pages/{course.pk}/edit/")
    assert page.locator("[data-course-review] li").count() == 2
    assert_editor_is_sound(page)
    page.click(MORE_ACTIONS)
    page.click("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    page.wait_for_load_state("networkidle")
    page.snap("approved")

    course = CoursePage.objects.get(pk=course.pk)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    assert course.live and all(lesson.live for lesson in lessons)
    assert not any(page_.workflow_in_progress for page_ in [course, *lessons])
    response = page.visit(site_url + course.url)
    assert response.status == 200
    for lesson in lessons:
        assert page.get_by_text(lesson.title).first.is_visible()
    return course


def test_a_trainer_submits_a_course_with_its_lessons_once_and_it_is_approved_once(page, demo_site):
    journey(page, demo_site, title="Khoá học của giảng viên (máy tính)")


def test_the_same_journey_on_a_phone(phone_page, demo_site):
    journey(phone_page, demo_site, title="Khoá học của giảng viên (điện thoại)")
