"""Admin screens for roster imports, scoped to the officer's units (others answer 404)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .forms import UnitChoiceField
from .imports import (
    ImportError_,
    rejected_rows_file,
    roster_import_cancel,
    roster_import_confirm,
    roster_import_create,
    roster_import_progress,
)
from .models import RosterImport
from .selectors import org_units_in_scope
from .views import _render, _require_hr


class RosterUploadForm(forms.Form):
    unit = UnitChoiceField(queryset=None, label=gettext_lazy("Unit the roster is for"))
    file = forms.FileField(
        label=gettext_lazy("Roster file (CSV, text or XLSX)"),
        help_text=gettext_lazy(
            "Columns: Họ và tên, Số định danh cá nhân, Mã cán bộ, Ngày sinh, Mã đơn vị, Nhóm vị trí, Chuyên trách CNTT (Vietnamese or English names, any order)."
        ),
    )
    complete = forms.BooleanField(
        label=gettext_lazy("This file is the complete roster of the unit"),
        help_text=gettext_lazy(
            "People of the unit missing from the file are then marked as having left (they are kept for history)."
        ),
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _imports_in_scope(user):
    return RosterImport.objects.filter(unit__in=org_units_in_scope(user=user)).select_related(
        "unit", "created_by"
    )


def _import_in_scope(request, pk) -> RosterImport:
    return get_object_or_404(_imports_in_scope(request.user), pk=pk)


def import_index_view(request):
    _require_hr(request)
    return _render(
        request,
        "org/admin/import_index.html",
        _("Roster imports"),
        {
            "imports": _imports_in_scope(request.user)[:50],
        },
    )


def import_new_view(request):
    _require_hr(request)
    units = org_units_in_scope(user=request.user).filter(valid_to__isnull=True)
    form = RosterUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = roster_import_create(
                user=request.user,
                unit=form.cleaned_data["unit"],
                upload=form.cleaned_data["file"],
                complete=form.cleaned_data["complete"],
            )
        except ImportError_ as error:
            form.add_error("file", str(error))
        else:
            return redirect("org_imports:detail", pk=roster_import.pk)
    return _render(
        request,
        "org/admin/form.html",
        _("Import a roster"),
        {
            "form": form,
            "multipart": True,
            "submit_label": _("Check the file"),
        },
    )


def import_detail_view(request, pk):
    _require_hr(request)
    roster_import = _import_in_scope(request, pk)
    return _render(
        request,
        "org/admin/import_detail.html",
        roster_import.filename,
        {
            "roster_import": roster_import,
            "summary": roster_import.summary,
            "progress": roster_import_progress(roster_import=roster_import),
            "problems": roster_import.problems[:500],
            "more_problems": max(len(roster_import.problems) - 500, 0),
        },
    )


@require_POST
def import_confirm_view(request, pk):
    _require_hr(request)
    roster_import = _import_in_scope(request, pk)
    try:
        roster_import_confirm(roster_import=roster_import, user=request.user)
    except ImportError_ as error:
        messages.error(request, str(error))
    return redirect("org_imports:detail", pk=pk)


@require_POST
def import_cancel_view(request, pk):
    _require_hr(request)
    roster_import = _import_in_scope(request, pk)
    try:
        roster_import_cancel(roster_import=roster_import)
    except ImportError_ as error:
        messages.error(request, str(error))
    return redirect("org_imports:index")


def import_rejected_view(request, pk):
    _require_hr(request)
    roster_import = _import_in_scope(request, pk)
    try:
        content = rejected_rows_file(roster_import=roster_import)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect("org_imports:detail", pk=pk)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{roster_import.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response
