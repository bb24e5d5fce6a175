"""The course editor: the issuing units it offers, the warning for a certificate promised without
a template, and the completion rule in words."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.setup import TRAINERS_GROUP
from lms.org.models import OrgUnit
from tests.factories import (
    CertificateTemplateFactory,
    UserFactory,
    course_form,
    course_with_lessons,
    org_unit,
    quiz_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client, site):
    trainer = UserFactory(username="giang.vien")
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    client.force_login(trainer)
    return client


@pytest.fixture
def units(db):
    """A province merged on 1 July 2025: its old units closed, the new ones open, and one
    unit that opens only next year."""
    today = timezone.localdate()
    old = org_unit(code="BDG", name="Tỉnh Bình Dương", kind=OrgUnit.Kind.PROVINCE)
    org_unit(code="BDG-STTTT", name="Sở Thông tin và Truyền thông", parent=old)
    new = org_unit(code="HCM", name="Thành phố Hồ Chí Minh", kind=OrgUnit.Kind.PROVINCE)
    for code, name in [
        ("HCM-SNV", "Sở Nội vụ"),
        ("HCM-SKHCN", "Sở Khoa học và Công nghệ"),
        ("HCM-AAA", "Trung tâm mới"),
    ]:
        org_unit(code=code, name=name, parent=OrgUnit.objects.get(pk=new.pk))
    # Validity through the queryset: treebeard moves siblings' paths as children are added.
    OrgUnit.objects.filter(code__startswith="BDG").update(valid_to=datetime.date(2025, 6, 30))
    OrgUnit.objects.filter(code__in=["HCM", "HCM-SNV", "HCM-SKHCN"]).update(
        valid_from=datetime.date(2025, 7, 1)
    )
    OrgUnit.objects.filter(code="HCM-AAA").update(valid_from=today + datetime.timedelta(days=365))
    return {unit.code: unit for unit in OrgUnit.objects.all()}


def edit_page(client, course) -> BeautifulSoup:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def unit_options(soup) -> list[tuple[str, str]]:
    select = soup.select_one("select[name=issuing_unit]")
    return [(option["value"], option.get_text(strip=True)) for option in select.select("option")]


# The issuing unit ------------------------------------------------------------------------


def test_the_issuing_unit_list_shows_the_units_open_today_with_codes_by_code(trainer_client, units):
    response = trainer_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["courses", "coursepage", CourseIndexPage.objects.get().pk],
        )
    )
    options = unit_options(BeautifulSoup(response.content, "html.parser"))

    assert [label for value, label in options if value] == [
        "HCM · Thành phố Hồ Chí Minh",
        "HCM-SKHCN · Sở Khoa học và Công nghệ",
        "HCM-SNV · Sở Nội vụ",
    ]


def test_a_unit_closed_since_it_was_chosen_is_shown_as_such_and_must_be_replaced(
    trainer_client, units
):
    course = course_with_lessons(issuing_unit=units["BDG-STTTT"], lessons=0)

    options = unit_options(edit_page(trainer_client, course))
    closed = [label for value, label in options if value == str(units["BDG-STTTT"].pk)]
    assert len(closed) == 1 and "01/07/2025" in closed[0]  # kept in view, not silently dropped

    url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    refused = trainer_client.post(url, course_form(course, issuing_unit=str(units["BDG-STTTT"].pk)))
    assert refused.status_code == 200  # the form again, with the reason
    assert "issuing_unit" in refused.context["form"].errors
    accepted = trainer_client.post(
        url, course_form(course, issuing_unit=str(units["HCM-SKHCN"].pk))
    )
    assert accepted.status_code == 302
    revision = CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object()
    assert revision.issuing_unit == units["HCM-SKHCN"]


def test_a_unit_not_open_yet_cannot_be_chosen(trainer_client, units):
    course = course_with_lessons(lessons=0)
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])

    response = trainer_client.post(url, course_form(course, issuing_unit=str(units["HCM-AAA"].pk)))

    assert response.status_code == 200 and "issuing_unit" in response.context["form"].errors


# A certificate promised without a template -----------------------------------------------


def test_a_course_naming_an_issuer_without_a_template_is_warned_on_its_form(trainer_client, units):
    promising = course_with_lessons(issuing_unit=units["HCM-SKHCN"], lessons=0)
    certified = course_with_lessons(
        issuing_unit=units["HCM-SKHCN"],
        certificate_template=CertificateTemplateFactory(),
        lessons=0,
    )
    silent = course_with_lessons(lessons=0)  # no issuer, no template: promises nothing

    warning = edit_page(trainer_client, promising).select_one("[data-certificate-promise]")
    assert warning is not None and "Sở Khoa học và Công nghệ" in warning.get_text()
    assert edit_page(trainer_client, certified).select_one("[data-certificate-promise]") is None
    assert edit_page(trainer_client, silent).select_one("[data-certificate-promise]") is None


def test_saving_such_a_course_says_so(trainer_client, units):
    course = course_with_lessons(lessons=0)

    response = trainer_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        course_form(course, issuing_unit=str(units["HCM-SKHCN"].pk)),
    )

    assert response.status_code == 302
    levels = [message.level_tag for message in get_messages(response.wsgi_request)]
    assert "warning" in levels


# The rule in words ----------------------------------------------------------------------


def rule_panel(soup):
    return soup.select_one("[data-effective-rule]")


def shown(panel, when: str) -> list[str]:
    element = panel.select_one(f"ul[data-rules-when={when}]")
    return [item.get_text(strip=True) for item in element.select("li")]


def test_the_rule_panel_is_on_the_create_form_in_vietnamese(trainer_client):
    response = trainer_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["courses", "coursepage", CourseIndexPage.objects.get().pk],
        )
    )
    panel = rule_panel(BeautifulSoup(response.content, "html.parser"))
    assert "Lưu khoá học để xem điều kiện được áp dụng" in panel.get_text()


def test_the_rule_panel_shows_both_rules_and_the_one_that_applies(trainer_client):
    course = course_with_lessons(lessons=1, quiz=True, rules_left_empty=True)

    panel = rule_panel(edit_page(trainer_client, course))

    assert shown(panel, "required") == [
        "Hoàn thành mọi bài học",
        "Đạt mọi bài kiểm tra với ít nhất 80%",
    ]
    assert shown(panel, "optional") == ["Hoàn thành mọi bài học"]
    assert not panel.select_one("ul[data-rules-when=required]").has_attr("hidden")
    assert panel.select_one("ul[data-rules-when=optional]").has_attr("hidden")

    course.graded_activities_optional = True
    course.save_revision().publish()
    panel = rule_panel(edit_page(trainer_client, course))
    assert panel.select_one("ul[data-rules-when=required]").has_attr("hidden")
    assert not panel.select_one("ul[data-rules-when=optional]").has_attr("hidden")


def test_the_rule_panel_shows_the_draft_the_trainer_saved(trainer_client):
    course = course_with_lessons(lessons=1, rules_left_empty=True)
    draft = course.get_latest_revision_as_object()
    draft.completion_requirements = [{"type": "quiz_passed", "value": {"pass_mark": 90}}]
    draft.save_revision()

    panel = rule_panel(edit_page(trainer_client, course))

    assert shown(panel, "required") == ["Đạt mọi bài kiểm tra với ít nhất 90%"]


def test_a_quiz_in_a_lesson_not_published_yet_is_announced(trainer_client):
    course = course_with_lessons(lessons=1, rules_left_empty=True)
    quiz = LessonPage(
        title="Kiểm tra",
        slug="kiem-tra",
        live=False,
        body=[{"type": "quiz", "id": "quiz-1", "value": quiz_value()}],
    )
    course.add_child(instance=quiz)
    quiz.save_revision()

    panel = rule_panel(edit_page(trainer_client, course))

    # The rule counts published lessons only; the panel says the quiz will count.
    assert shown(panel, "required") == ["Hoàn thành mọi bài học"]
    assert panel.select_one("[data-unpublished-graded]") is not None

    quiz.save_revision().publish()
    panel = rule_panel(edit_page(trainer_client, course))
    assert "Đạt mọi bài kiểm tra với ít nhất 80%" in shown(panel, "required")
    assert panel.select_one("[data-unpublished-graded]") is None


def test_a_written_quiz_rule_is_said_to_apply_even_with_quizzes_made_optional(trainer_client):
    course = course_with_lessons(lessons=1, quiz=True, graded_activities_optional=True)

    panel = rule_panel(edit_page(trainer_client, course))

    assert "Đạt mọi bài kiểm tra với ít nhất 80%" in shown(panel, "optional")
    note = panel.select_one("[data-graded-rule-written]")
    assert note is not None and not note.has_attr("hidden")
