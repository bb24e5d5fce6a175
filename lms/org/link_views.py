"""Admin screens for link requests: HR officers approve or reject learners' requests to be
linked to a record of their units. A request outside the officer's units answers 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .linking import (
    LinkDecisionForm,
    LinkError,
    link_request_approve,
    link_request_reject,
    link_requests_in_scope,
)
from .models import LinkRequest
from .selectors import is_hr_officer

REQUESTS_PER_PAGE = 50


class LinkRequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All")), *LinkRequest.Status.choices],
        required=False,
    )


def _require_hr(request) -> None:
    if not is_hr_officer(request.user):
        raise PermissionDenied


def link_request_index_view(request):
    _require_hr(request)
    form = LinkRequestFilterForm(request.GET or {"status": LinkRequest.Status.PENDING})
    requests = link_requests_in_scope(user=request.user)
    if form.is_valid() and form.cleaned_data["status"]:
        requests = requests.filter(status=form.cleaned_data["status"])
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("p"))
    title = _("Link requests")
    return TemplateResponse(
        request,
        "org/admin/link_requests.html",
        {
            "page_title": title,
            "header_title": title,
            "form": form,
            "link_requests": page,
            "decision_form": LinkDecisionForm(),
        },
    )


def _decide(request, pk, decide):
    _require_hr(request)
    link_request = get_object_or_404(link_requests_in_scope(user=request.user), pk=pk)
    try:
        message = decide(link_request)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("org_link_requests:index")


@require_POST
def link_request_approve_view(request, pk):
    def approve(link_request):
        person = link_request_approve(link_request=link_request, officer=request.user)
        return _("%(login)s is now linked to the record of %(person)s.") % {
            "login": link_request.user.get_username(),
            "person": person.full_name,
        }

    return _decide(request, pk, approve)


@require_POST
def link_request_reject_view(request, pk):
    form = LinkDecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def reject(link_request):
        link_request_reject(link_request=link_request, officer=request.user, reason=reason)
        return _("The request of %(login)s is rejected.") % {
            "login": link_request.user.get_username()
        }

    return _decide(request, pk, reject)
