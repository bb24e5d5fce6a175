"""Admin screens for link requests: HR officers approve or reject learners' requests to be
linked to a record of their units. A request outside the officer's units answers 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .admin_pages import admin_page, hr_officer_required
from .filters import LinkRequestFilterSet
from .linking import (
    LinkDecisionForm,
    LinkError,
    link_request_approve,
    link_request_in_scope,
    link_request_reject,
    link_requests_in_scope,
)

REQUESTS_PER_PAGE = 50


@hr_officer_required
def link_request_index_view(request):
    filters = LinkRequestFilterSet(request.GET, queryset=link_requests_in_scope(user=request.user))
    page = Paginator(filters.qs, REQUESTS_PER_PAGE).get_page(request.GET.get("p"))
    return admin_page(
        request,
        "org/admin/link_requests.html",
        _("Link requests"),
        {"form": filters.form, "link_requests": page, "decision_form": LinkDecisionForm()},
    )


@require_POST
@hr_officer_required
def link_request_approve_view(request, pk):
    link_request = link_request_in_scope(user=request.user, pk=pk)
    try:
        person = link_request_approve(link_request=link_request, officer=request.user)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(login)s is now linked to the record of %(person)s.")
            % {"login": link_request.user.get_username(), "person": person.full_name},
        )
    return redirect("org_link_requests:index")


@require_POST
@hr_officer_required
def link_request_reject_view(request, pk):
    link_request = link_request_in_scope(user=request.user, pk=pk)
    form = LinkDecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        link_request_reject(link_request=link_request, officer=request.user, reason=reason)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The request of %(login)s is rejected.")
            % {"login": link_request.user.get_username()},
        )
    return redirect("org_link_requests:index")
