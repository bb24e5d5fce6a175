"""Thin views: learners enrol, mark lessons done and link their login to their staff record.

Lessons guard themselves (LessonPage.serve); My learning is lms.home's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from courses.selectors import course_lessons, learner_lesson
from courses.services import (
    CourseUnavailable,
    NotEnrolled,
    NotInAudience,
    learner_enrol,
    lesson_complete,
)
from lms.org.linking import (
    LinkError,
    LinkMismatch,
    LinkRecordForm,
    LinkRequestForm,
    link_request_create,
    link_request_latest,
    person_link_login,
)
from lms.ratelimits import FailureLimit, too_many_requests


@require_POST
@login_required
def enrol_view(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        learner_enrol(user=request.user, course=course)
    except CourseUnavailable:
        raise Http404 from None
    except NotInAudience:
        messages.error(request, _("This course is for state staff only."))
        return redirect(course.url)
    lessons = course_lessons(course=course)
    messages.success(request, _("You are enrolled. Good luck!"))
    return redirect(lessons[0].url if lessons else course.url)


@require_POST
@login_required
def lesson_done_view(request, lesson_id: int):
    try:
        enrollment, lesson = learner_lesson(user=request.user, lesson_id=lesson_id)
    except NotEnrolled:
        raise Http404 from None
    course = enrollment.course
    if lesson.has_graded_activity:
        messages.error(request, _("This lesson is completed by submitting its quiz."))
        return redirect(lesson.url)
    try:
        lesson_complete(enrollment=enrollment, lesson=lesson)
    except CourseUnavailable:
        raise Http404 from None
    enrollment.refresh_from_db()
    if enrollment.completed_at is not None:
        return redirect(course.url)  # the course page shows the outcome and the certificate
    lessons = course_lessons(course=course)
    following = [item for item in lessons if item.path > lesson.path]
    return redirect(following[0].url if following else course.url)


# Wrong details count per account and per client; right ones never do, so an office linking
# its people from one address is not held up.
link_failures = FailureLimit(group="link-record", rate="LMS_RATE_LINK", keys=("user", "client"))


@login_required
@sensitive_post_parameters("national_id", "date_of_birth")
def link_record_view(request):
    """A learner who signs in proves who they are on the roster (national ID and date of birth)
    and is linked to their record, once; or asks an HR officer to approve the link."""
    if hasattr(request.user, "person"):
        messages.info(request, _("Your account is already linked to a record."))
        return redirect("my_learning")
    form = LinkRecordForm(request.POST or None)
    if request.method == "POST":
        if link_failures.blocked(request):
            return too_many_requests(request)
        if form.is_valid():
            try:
                person_link_login(user=request.user, **form.cleaned_data)
            except LinkMismatch as error:
                link_failures.record_failure(request)
                form.add_error(None, str(error))
            except LinkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your account is now linked to your record."))
                return redirect("my_learning")
    context = {"form": form, "link_request": link_request_latest(user=request.user)}
    return TemplateResponse(request, "courses/link_record.html", context)


@login_required
def link_request_view(request):
    """Ask an HR officer to link the learner's login to the record of an employee code."""
    if hasattr(request.user, "person"):
        messages.info(request, _("Your account is already linked to a record."))
        return redirect("my_learning")
    name = request.user.get_full_name()
    form = LinkRequestForm(request.POST or None, initial={"full_name": name})
    if request.method == "POST" and form.is_valid():
        try:
            link_request_create(user=request.user, **form.cleaned_data)
        except LinkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. An HR officer of your unit will check it; "
                    "its status is shown on this page."
                ),
            )
            return redirect("link_record")
    return TemplateResponse(request, "courses/link_request.html", {"form": form})
