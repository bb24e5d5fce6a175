"""The Coverage report in the Wagtail admin. Every figure comes from lms.targets.coverage; each
view checks scope on the server, and a unit outside the officer's units answers 404."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.org.forms import DateInput
from lms.org.selectors import is_hr_officer, org_units_in_scope, people_in_scope, unit_in_scope

from .charts import trend_chart
from .coverage import (
    Source,
    Status,
    TrendPoint,
    coverage_of,
    coverage_table,
    coverage_trend,
    display_units,
    not_trained,
    reading_for,
    scope_roots,
    target_years,
    targets_of_year,
)
from .exports import (
    coverage_headers,
    coverage_rows,
    export_filename,
    not_trained_headers,
    not_trained_rows,
    report_exporters,
    trend_headers,
    trend_rows,
)
from .models import Target

PEOPLE_PER_PAGE = 50
SORT_KEYS = {
    "unit": lambda row: row.unit.name,
    "headcount": lambda row: row.headcount if row.headcount is not None else -1,
    "trained": lambda row: row.trained,
    "percentage": lambda row: row.percentage if row.percentage is not None else -1,
    "gap": lambda row: row.gap if row.gap is not None else -1,
    "status": lambda row: list(Status.labels).index(row.status),
}


class CoverageFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Leave empty for today."),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


def _require_hr(request) -> None:
    if not is_hr_officer(request.user):
        raise PermissionDenied


def _unit_or_none(request):
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return unit_in_scope(user=request.user, pk=pk)


def _download(*, exporter, kind, target, unit, day, headers, rows) -> HttpResponse:
    """A table as a file named with what it holds: kind, target, unit and date."""
    filename = export_filename(
        kind=kind, target=target, unit=unit, day=day, extension=exporter.extension
    )
    response = HttpResponse(
        exporter.export(title=target.code, headers=headers, rows=rows),
        content_type=exporter.content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _exporter(request):
    code = request.GET.get("export")
    if not code:
        return None
    exporter = report_exporters().get(code)
    if exporter is None:
        raise Http404
    return exporter


def _breadcrumbs(*, user, unit):
    if unit is None:
        return []
    ancestors = list(unit.get_ancestors())
    in_scope = set(
        org_units_in_scope(user=user)
        .filter(pk__in=[ancestor.pk for ancestor in ancestors])
        .values_list("pk", flat=True)
    )
    return [ancestor for ancestor in ancestors if ancestor.pk in in_scope]


def coverage_view(request):
    _require_hr(request)
    unit = _unit_or_none(request)
    today = timezone.localdate()
    years = target_years() or [today.year]
    form = CoverageFilterForm(request.GET or None, years=years)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = cleaned.get("year") or (today.year if today.year in years else years[0])
    as_of = cleaned.get("as_of")
    targets = list(targets_of_year(year=year))
    selected = next(
        (target for target in targets if target.code == request.GET.get("target")),
        targets[0] if targets else None,
    )
    context = {
        "form": form,
        "year": year,
        "as_of": as_of,
        "unit": unit,
        "breadcrumbs": _breadcrumbs(user=request.user, unit=unit),
        "target": selected,
        "exporters": list(report_exporters().values()),
        "today": today,
    }
    selected_card = None
    if selected is not None:
        reading = reading_for(target=selected, as_of=as_of, today=today)
        selected_card, rows = coverage_table(
            user=request.user, target=selected, unit=unit, reading=reading
        )
        sort = request.GET.get("sort", "unit")
        descending = request.GET.get("order") == "desc"
        rows.sort(key=SORT_KEYS.get(sort, SORT_KEYS["unit"]), reverse=descending)
        exporter = _exporter(request)
        if exporter is not None and request.GET.get("table") != "trend":
            return _download(
                exporter=exporter,
                kind="coverage",
                target=selected,
                unit=unit,
                day=reading.reference,
                headers=coverage_headers(),
                rows=coverage_rows([selected_card, *rows]),
            )
        points = coverage_trend(
            target=selected,
            units=[unit] if unit is not None else scope_roots(user=request.user),
            until=reading.reference,
        )
        if (
            reading.source == Source.LIVE
            and reading.started
            and (not points or points[-1].day < reading.reference)
        ):
            points.append(_live_point(selected_card))
        if exporter is not None:
            return _download(
                exporter=exporter,
                kind="trend",
                target=selected,
                unit=unit,
                day=reading.reference,
                headers=trend_headers(),
                rows=trend_rows(points),
            )
        context.update(
            {
                "reading": reading,
                "rows": rows,
                "sort": sort,
                "descending": descending,
                "chart": trend_chart(
                    points=points,
                    start=selected.period_start,
                    end=selected.period_end,
                    required=float(selected.required_percentage),
                ),
                "points": points,
            }
        )
    cards = []
    for target in targets:
        reading = reading_for(target=target, as_of=as_of, today=today)
        if target == selected:
            card = selected_card
        else:
            [card] = coverage_of(
                target=target,
                units=_roots(user=request.user, target=target, unit=unit, reading=reading),
                reading=reading,
                combined=True,
            )
        cards.append({"coverage": card, "reading": reading, "selected": target == selected})
    context["cards"] = cards
    title = _("Coverage") if unit is None else _("Coverage: %(unit)s") % {"unit": unit.name}
    return TemplateResponse(
        request,
        "targets/admin/coverage.html",
        {"page_title": title, "header_title": title, **context},
    )


def _roots(*, user, target, unit, reading) -> list:
    """What a card adds up: the unit shown, or the user's top units on the reference day."""
    if unit is not None:
        return [unit]
    return display_units(user=user, target=target, parent=None, reference=reading.reference)


def _live_point(coverage) -> TrendPoint:
    return TrendPoint(coverage.reference, coverage.trained, coverage.headcount)


def not_trained_view(request):
    _require_hr(request)
    unit = _unit_or_none(request)
    target = (
        Target.objects.select_related("scope").filter(code=request.GET.get("target", "")).first()
    )
    if target is None:
        raise Http404
    today = timezone.localdate()
    reading = reading_for(target=target, as_of=None, today=today)
    units = _roots(user=request.user, target=target, unit=unit, reading=reading)
    # People the officer is responsible for now: someone counted here who has since moved
    # to a unit outside their scope is not listed (their record is not theirs to see).
    queryset = not_trained(target=target, units=units, reference=reading.reference).filter(
        person__in=people_in_scope(user=request.user)
    )
    exporter = _exporter(request)
    if exporter is not None:
        return _download(
            exporter=exporter,
            kind="not-trained",
            target=target,
            unit=unit,
            day=reading.reference,
            headers=not_trained_headers(),
            rows=not_trained_rows(queryset.iterator(chunk_size=2_000)),
        )
    page = Paginator(queryset, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    title = _("Not trained yet: %(target)s") % {"target": target.display_name}
    return TemplateResponse(
        request,
        "targets/admin/not_trained.html",
        {
            "page_title": title,
            "header_title": title,
            "target": target,
            "unit": unit,
            "page": page,
            "reading": reading,
            "exporters": list(report_exporters().values()),
            "breadcrumbs": _breadcrumbs(user=request.user, unit=unit),
            "citizens": target.population == Target.Population.CITIZENS,
        },
    )
