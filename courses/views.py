"""Thin views: learners enrol, open lessons, mark them done, and see My learning."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from courses.models import CoursePage, LessonPage
from courses.selectors import course_lessons, my_learning
from courses.services import (
    CourseUnavailable,
    NotEnrolled,
    enrollment_create,
    enrollment_of,
    enrollments_attach_person,
    lesson_complete,
)
from lms.org.services import LinkError, person_link_login
from lms.ratelimits import limit_posts


def lesson_serve(request, *, lesson: LessonPage, serve, args, kwargs):
    """Lessons are for enrolled learners: others are sent to log in or to the course page."""
    if getattr(request, "is_preview", False):
        return serve(request, *args, **kwargs)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = lesson.get_parent().specific
    try:
        enrollment_of(user=request.user, course=course)
    except NotEnrolled:
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(course.url)
    return serve(request, *args, **kwargs)


@require_POST
@login_required
def enrol_view(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        enrollment_create(user=request.user, course=course)
    except CourseUnavailable:
        raise Http404 from None
    lessons = course_lessons(course=course)
    messages.success(request, _("You are enrolled. Good luck!"))
    return redirect(lessons[0].url if lessons else course.url)


@require_POST
@login_required
def lesson_done_view(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    course = lesson.get_parent().specific
    try:
        enrollment = enrollment_of(user=request.user, course=course)
    except NotEnrolled:
        raise Http404 from None
    if lesson.has_graded_activity:
        messages.error(request, _("This lesson is completed by submitting its quiz."))
        return redirect(lesson.url)
    try:
        lesson_complete(enrollment=enrollment, lesson=lesson)
    except CourseUnavailable:
        raise Http404 from None
    enrollment.refresh_from_db()
    if enrollment.completed_at is not None:
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect("my_learning")
    lessons = course_lessons(course=course)
    following = [item for item in lessons if item.path > lesson.path]
    return redirect(following[0].url if following else course.url)


@login_required
def my_learning_view(request):
    return TemplateResponse(request, "courses/my_learning.html", my_learning(user=request.user))


class LinkRecordForm(forms.Form):
    national_id = forms.CharField(
        label=gettext_lazy("National ID number (12 digits)"), required=False, max_length=20
    )
    employee_code = forms.CharField(
        label=gettext_lazy("or your employee code"), required=False, max_length=32
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that my training results are linked to my staff record and reported to my "
            "unit's HR officers, as the Personal Data Protection Law requires."
        ),
        required=False,
    )


@login_required
@sensitive_post_parameters("national_id")
@limit_posts("LMS_RATE_LINK")
def link_record_view(request):
    """A learner who signs in matches their login to their roster record, once."""
    if hasattr(request.user, "person"):
        messages.info(request, _("Your account is already linked to a record."))
        return redirect("my_learning")
    form = LinkRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_link_login(user=request.user, **form.cleaned_data)
        except LinkError as error:
            form.add_error(None, str(error))
        else:
            enrollments_attach_person(user=request.user, person=person)
            messages.success(request, _("Your account is now linked to your record."))
            return redirect("my_learning")
    return TemplateResponse(request, "courses/link_record.html", {"form": form})
