"""The Coverage report in the Wagtail admin. Every figure comes from lms.targets.coverage; each
view checks scope on the server, and a unit outside the officer's units answers 404."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.org.selectors import is_hr_officer, scope_ancestors, unit_in_scope

from .coverage.not_trained import not_trained_in_scope
from .coverage.page import coverage_page
from .coverage.years import target_years
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
from .forms import CoverageFilterForm
from .models import Target

PEOPLE_PER_PAGE = 50


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


class CoverageView(WagtailAdminTemplateMixin, View):
    """The year's targets as cards, and the selected target's units, trend and downloads."""

    template_name = "targets/admin/coverage.html"
    header_icon = "table"
    # The page draws its own trail of units, which keeps the chosen year, date and target.
    breadcrumbs_items = []

    def get(self, request):
        _require_hr(request)
        unit = _unit_or_none(request)
        today = timezone.localdate()
        years = target_years() or [today.year]
        self.form = CoverageFilterForm(request.GET or None, years=years)
        filters = {}
        if self.form.is_bound:
            # What passed validation counts even when something else did not: a date refused
            # for lying outside the chosen year leaves that year standing, with the reason.
            self.form.is_valid()
            filters = self.form.cleaned_data
        self.page = coverage_page(
            user=request.user,
            unit=unit,
            today=today,
            years=years,
            year=filters.get("year"),
            as_of=filters.get("as_of"),
            target_code=request.GET.get("target"),
            sort=request.GET.get("sort", "unit"),
            descending=request.GET.get("order") == "desc",
        )
        self.form.show_year(self.page.year)
        exporter = _exporter(request) if self.page.target is not None else None
        if exporter is not None:
            return _page_download(
                exporter=exporter, page=self.page, trend=request.GET.get("table") == "trend"
            )
        self.people = None
        if self.page.shows_people:
            # A unit without sub-units in the period: its people take the table's place.
            self.people = Paginator(self.page.people(), PEOPLE_PER_PAGE).get_page(
                request.GET.get("page")
            )
        return self.render_to_response(self.get_context_data())

    def get_page_title(self):
        if self.page.unit is None:
            return _("Coverage")
        return _("Coverage: %(unit)s") % {"unit": self.page.unit.name}

    def get_context_data(self, **kwargs):
        page = self.page
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            year=page.year,
            as_of=page.as_of,
            unit=page.unit,
            breadcrumbs=page.breadcrumbs,
            target=page.target,
            exporters=list(report_exporters().values()),
            today=page.today,
            cards=page.cards,
        )
        if page.target is not None:
            context.update(
                reading=page.reading,
                rows=page.rows,
                sort=page.sort,
                descending=page.descending,
                chart=page.chart,
                points=page.points,
                people=self.people,
                citizens=page.target.population == Target.Population.CITIZENS,
            )
        return context


def _page_download(*, exporter, page, trend: bool) -> HttpResponse:
    """The selected target's trend, or its table with the total first, as the page shows it."""
    if trend:
        kind, headers, rows = "trend", trend_headers(), trend_rows(page.points)
    else:
        kind, headers = "coverage", coverage_headers()
        rows = coverage_rows([page.card, *page.rows])
    return _download(
        exporter=exporter,
        kind=kind,
        target=page.target,
        unit=page.unit,
        day=page.reading.reference,
        headers=headers,
        rows=rows,
    )


coverage_view = CoverageView.as_view()


def not_trained_view(request):
    _require_hr(request)
    unit = _unit_or_none(request)
    target = (
        Target.objects.select_related("scope").filter(code=request.GET.get("target", "")).first()
    )
    if target is None:
        raise Http404
    reading, queryset = not_trained_in_scope(
        user=request.user, target=target, unit=unit, today=timezone.localdate()
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
            "breadcrumbs": scope_ancestors(user=request.user, unit=unit),
            "citizens": target.population == Target.Population.CITIZENS,
        },
    )
