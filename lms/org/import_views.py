"""Admin screens for roster imports, scoped to the officer's units (others answer 404), and
for population imports (administrators only)."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .admin_pages import admin_page, administrator_required, hr_officer_required
from .forms import PopulationImportForm, RosterUploadForm
from .invitations import invitation_summary, invitation_valid_for, people_invite
from .population_imports import (
    PopulationImportError,
    population_import_create,
    population_import_report,
    population_imports_recent,
)
from .roster.imports import (
    RosterImportError,
    roster_import_cancel,
    roster_import_confirm,
    roster_import_create,
    roster_import_in_scope,
    roster_import_report,
    roster_import_units,
    roster_imports_in_scope,
)
from .roster.rejected_rows import rejected_rows_file


@hr_officer_required
def import_index_view(request):
    imports = roster_imports_in_scope(user=request.user)[:50]
    return admin_page(
        request, "org/admin/import_index.html", _("Roster imports"), {"imports": imports}
    )


@hr_officer_required
def import_new_view(request):
    units = roster_import_units(user=request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = roster_import_create(
                user=request.user,
                unit=form.cleaned_data["unit"],
                upload=form.cleaned_data["file"],
                complete=form.cleaned_data["complete"],
            )
        except RosterImportError as error:
            form.add_error("file", str(error))
        else:
            return redirect("org_imports:detail", pk=roster_import.pk)
    return admin_page(
        request,
        "org/admin/form.html",
        _("Import a roster"),
        {"form": form, "multipart": True, "submit_label": _("Check the file")},
    )


@hr_officer_required
def import_detail_view(request, pk):
    report = roster_import_report(user=request.user, pk=pk)
    return admin_page(
        request, "org/admin/import_detail.html", report["roster_import"].filename, report
    )


@require_POST
@hr_officer_required
def import_confirm_view(request, pk):
    roster_import = roster_import_in_scope(user=request.user, pk=pk)
    try:
        roster_import_confirm(roster_import=roster_import, user=request.user)
    except RosterImportError as error:
        messages.error(request, str(error))
    return redirect("org_imports:detail", pk=pk)


@require_POST
@hr_officer_required
def import_cancel_view(request, pk):
    roster_import = roster_import_in_scope(user=request.user, pk=pk)
    try:
        roster_import_cancel(roster_import=roster_import)
    except RosterImportError as error:
        messages.error(request, str(error))
    return redirect("org_imports:index")


@hr_officer_required
def import_rejected_view(request, pk):
    roster_import = roster_import_in_scope(user=request.user, pk=pk)
    try:
        chunks = rejected_rows_file(roster_import=roster_import)
    except RosterImportError as error:
        messages.error(request, str(error))
        return redirect("org_imports:detail", pk=pk)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{roster_import.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@hr_officer_required
def import_invite_view(request, pk):
    """Preview (GET: how many people an invitation reaches), then send (POST)."""
    roster_import = roster_import_in_scope(user=request.user, pk=pk)
    if request.method == "POST":
        outcome = people_invite(roster_import=roster_import, user=request.user)
        if outcome.sent:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation is being sent.",
                    "%(count)s invitations are being sent.",
                    outcome.sent,
                )
                % {"count": outcome.sent},
            )
        elif not outcome.failed:
            messages.info(request, _("Nobody to invite: no invitation was sent."))
        if outcome.failed:
            messages.warning(
                request,
                ngettext(
                    "%(count)s person was not invited: an account started using their address "
                    "meanwhile.",
                    "%(count)s people were not invited: an account started using their address "
                    "meanwhile.",
                    outcome.failed,
                )
                % {"count": outcome.failed},
            )
        return redirect("org_imports:detail", pk=pk)
    return admin_page(
        request,
        "org/admin/import_invite.html",
        _("Invite to set a password"),
        {
            "roster_import": roster_import,
            "counts": invitation_summary(roster_import=roster_import, user=request.user),
            "valid_days": max(invitation_valid_for().days, 1),
        },
    )


@administrator_required
def population_import_view(request):
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            population_import = population_import_create(
                user=request.user, upload=form.cleaned_data["file"]
            )
        except PopulationImportError as error:
            form.add_error("file", str(error))
        else:
            return redirect("org_population_import_detail", pk=population_import.pk)
    return admin_page(
        request,
        "org/admin/population_import.html",
        _("Import population figures"),
        {"form": form, "multipart": True, "imports": population_imports_recent()},
    )


@administrator_required
def population_import_detail_view(request, pk):
    report = population_import_report(pk=pk)
    return admin_page(
        request,
        "org/admin/population_import_detail.html",
        report["population_import"].filename,
        report,
    )
