"""The course authoring admin: the trainer's dashboard panel, what the course editor tells a
trainer after saving (the lessons that went to review with the course, a certificate the course
promises but cannot give), and the editor's fields on a phone."""

from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import TaskState

from courses.dashboard import MyCoursesPanel
from courses.issuers import certificate_promised_without_template
from courses.models import CoursePage
from courses.review import course_lessons_decided_with, course_lessons_in_review
from courses.setup import TRAINERS_GROUP

SUBMITTING_ACTIONS = ("action-submit", "action-restart-workflow")


@hooks.register("insert_global_admin_css")
def editor_on_phones_css():
    return format_html('<link rel="stylesheet" href="{}">', static("courses/admin/editor.css"))


@hooks.register("construct_homepage_panels")
def add_my_courses_panel(request, panels):
    user = request.user
    if (
        user.groups.filter(name=TRAINERS_GROUP).exists()
        or CoursePage.objects.filter(owner=user).exists()
    ):
        panels.append(MyCoursesPanel())


def _warn_if_certificate_missing(request, page) -> None:
    if certificate_promised_without_template(page):
        messages.warning(
            request,
            _(
                "“%(title)s” names an issuing unit but has no certificate template: learners "
                "who pass will get no certificate. Choose a template, or clear the issuing unit."
            )
            % {"title": page.title},
        )


@hooks.register("after_create_page")
def after_course_created(request, page):
    if isinstance(page, CoursePage):
        _warn_if_certificate_missing(request, page)


@hooks.register("after_edit_page")
def after_course_edited(request, page):
    if not isinstance(page, CoursePage):
        return
    if any(action in request.POST for action in SUBMITTING_ACTIONS):
        lessons = course_lessons_in_review(course=page)
        if lessons:
            messages.success(
                request,
                ngettext(
                    "Its lesson went to review with the course: %(lessons)s. Approving the "
                    "course publishes it too.",
                    "Its %(count)d lessons went to review with the course: %(lessons)s. "
                    "Approving the course publishes them too.",
                    len(lessons),
                )
                % {
                    "count": len(lessons),
                    "lessons": _titles(lessons),
                },
            )
    if "action-workflow-action" in request.POST:
        _tell_what_the_decision_did(request, page)
    _warn_if_certificate_missing(request, page)


def _titles(lessons) -> str:
    return ", ".join(f"“{lesson.title}”" for lesson in lessons)


def _tell_what_the_decision_did(request, page) -> None:
    status, lessons = course_lessons_decided_with(course=page, user=request.user)
    if not lessons:
        return
    if status == TaskState.STATUS_APPROVED:
        text = _("Approved and published with the course: %(lessons)s.")
    else:
        text = _("Sent back to the trainer with the course and your comment: %(lessons)s.")
    messages.success(request, text % {"lessons": _titles(lessons)})
