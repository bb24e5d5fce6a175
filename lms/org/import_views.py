"""Admin screens for roster imports, scoped to the officer's units (others answer 404)."""

from django import forms
from django.contrib import messages
from django.http import StreamingHttpResponse
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
from .models import PopulationImport, RosterImport
from .national_id import national_id_mask
from .population import (
    PopulationImportError,
    population_import_create,
    population_import_progress,
)
from .roster_files import MAX_PROBLEMS_KEPT, number_text
from .selectors import org_units_in_scope
from .views import _render, _require_admin, _require_hr


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


PROBLEMS_SHOWN = 500


def masked_problems(problems: list[dict]) -> list[dict]:
    """Stored reasons, as shown: masked again, whatever was stored before masking existed."""
    return [
        {
            **problem,
            "column": national_id_mask(problem["column"]),
            "reason": national_id_mask(problem["reason"]),
        }
        for problem in problems
    ]


def import_detail_view(request, pk):
    _require_hr(request)
    roster_import = _import_in_scope(request, pk)
    summary = dict(roster_import.summary)
    summary["extra_columns"] = [national_id_mask(name) for name in summary.get("extra_columns", [])]
    rejected = summary.get("rejected", len(roster_import.problems))
    return _render(
        request,
        "org/admin/import_detail.html",
        roster_import.filename,
        {
            "roster_import": roster_import,
            "message": national_id_mask(roster_import.message),
            "summary": summary,
            "progress": roster_import_progress(roster_import=roster_import),
            "problems": masked_problems(roster_import.problems[:PROBLEMS_SHOWN]),
            "more_in_download": max(len(roster_import.problems) - PROBLEMS_SHOWN, 0),
            "not_kept": max(rejected - len(roster_import.problems), 0),
            "kept_limit": number_text(MAX_PROBLEMS_KEPT),
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
        chunks = rejected_rows_file(roster_import=roster_import)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect("org_imports:detail", pk=pk)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{roster_import.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Population figures (CSV or XLSX)"),
        help_text=gettext_lazy("Columns: Mã đơn vị, Năm, Dân số trong độ tuổi lao động, Nguồn."),
    )


def population_import_view(request):
    _require_admin(request)
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
    return _render(
        request,
        "org/admin/population_import.html",
        _("Import population figures"),
        {
            "form": form,
            "multipart": True,
            "imports": PopulationImport.objects.select_related("created_by")[:10],
        },
    )


def population_import_detail_view(request, pk):
    _require_admin(request)
    population_import = get_object_or_404(PopulationImport, pk=pk)
    summary = population_import.summary
    rejected = summary.get("rejected", len(population_import.problems))
    return _render(
        request,
        "org/admin/population_import_detail.html",
        population_import.filename,
        {
            "population_import": population_import,
            "summary": summary,
            "message": national_id_mask(population_import.message),
            "progress": population_import_progress(population_import=population_import),
            "problems": [
                {"row": problem["row"], "reason": national_id_mask(problem["reason"])}
                for problem in population_import.problems[:PROBLEMS_SHOWN]
            ],
            "not_shown": max(rejected - min(len(population_import.problems), PROBLEMS_SHOWN), 0),
        },
    )
