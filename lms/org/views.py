"""Admin screens for units and people. Every view checks scope on the server: a unit or
person outside the officer's units answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import AssignForm, MergeForm, OrgUnitForm, PeopleFilterForm, SplitForm
from .models import OrgUnit, PersonAccessLog
from .selectors import (
    is_hr_officer,
    org_units_in_scope,
    people_search,
    person_in_scope,
    unit_children,
    unit_history,
    unit_in_scope,
)
from .services import OrgError, person_place, unit_split, units_merge

PEOPLE_PER_PAGE = 50


def _require_hr(request) -> None:
    if not is_hr_officer(request.user):
        raise PermissionDenied


def _require_admin(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def _render(request, template, title, context):
    return TemplateResponse(
        request, template, {"page_title": title, "header_title": title, **context}
    )


def unit_index_view(request, pk=None):
    _require_hr(request)
    parent = unit_in_scope(user=request.user, pk=pk) if pk else None
    context = {
        "parent": parent,
        "ancestors": list(parent.get_ancestors()) if parent else [],
        "units": unit_children(user=request.user, parent=parent),
        "today": timezone.localdate(),
        "can_manage": request.user.is_superuser,
    }
    if parent is not None:
        context.update(unit_history(unit=parent))
    title = parent.name if parent else _("Org units")
    return _render(request, "org/admin/unit_index.html", title, context)


def unit_form_view(request, pk=None, parent_pk=None):
    _require_admin(request)
    unit = unit_in_scope(user=request.user, pk=pk) if pk else None
    parent = unit_in_scope(user=request.user, pk=parent_pk) if parent_pk else None
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if unit is not None:
            unit = form.save()
        elif parent is not None:
            unit = parent.add_child(instance=form.save(commit=False))
        else:
            unit = OrgUnit.add_root(instance=form.save(commit=False))
        messages.success(request, _("Unit “%(unit)s” saved.") % {"unit": unit})
        return redirect("org_units:children", pk=unit.pk)
    title = _("Edit %(unit)s") % {"unit": unit} if unit else _("Add a unit")
    return _render(request, "org/admin/form.html", title, {"form": form, "parent": parent})


def _open_units(request):
    return org_units_in_scope(user=request.user).open_on(timezone.localdate()).order_by("code")


def unit_merge_view(request, pk):
    _require_admin(request)
    unit = unit_in_scope(user=request.user, pk=pk)
    units = org_units_in_scope(user=request.user).exclude(pk=unit.pk).filter(valid_to__isnull=True)
    form = MergeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            units_merge(
                predecessors=[unit, *form.cleaned_data["others"]],
                successor=form.cleaned_data["successor"],
                effective_on=form.cleaned_data["effective_on"],
                user=request.user,
            )
        except OrgError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The merger is recorded; people moved to the new unit."))
            return redirect("org_units:children", pk=form.cleaned_data["successor"].pk)
    title = _("Merge %(unit)s") % {"unit": unit}
    return _render(request, "org/admin/form.html", title, {"form": form, "unit": unit})


def unit_split_view(request, pk):
    _require_admin(request)
    unit = unit_in_scope(user=request.user, pk=pk)
    units = org_units_in_scope(user=request.user).exclude(pk=unit.pk).filter(valid_to__isnull=True)
    form = SplitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            unit_split(
                unit=unit,
                successors=list(form.cleaned_data["successors"]),
                effective_on=form.cleaned_data["effective_on"],
                partial=form.cleaned_data["partial"],
                user=request.user,
            )
        except OrgError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The split is recorded. Its people wait for HR to assign them to a new unit."),
            )
            return redirect("org_people:index")
    title = _("Split %(unit)s") % {"unit": unit}
    return _render(request, "org/admin/form.html", title, {"form": form, "unit": unit})


def people_index_view(request):
    _require_hr(request)
    form = PeopleFilterForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = Paginator(people_search(user=request.user, query=query, status=status), PEOPLE_PER_PAGE)
    people = page.get_page(request.GET.get("p"))
    return _render(
        request,
        "org/admin/people_index.html",
        _("People"),
        {"form": form, "people": people, "today": timezone.localdate()},
    )


def person_detail_view(request, pk):
    _require_hr(request)
    person = person_in_scope(user=request.user, pk=pk)
    PersonAccessLog.objects.create(viewer=request.user, person=person)
    assign_form = AssignForm(units=_open_units(request))
    return _render(
        request,
        "org/admin/person_detail.html",
        person.full_name,
        {
            "person": person,
            "placements": person.placements.select_related("unit"),
            # Training record, with certificates (reverse one-to-one, one query).
            "enrollments": person.enrollments.select_related("course", "certificate").order_by(
                "-enrolled_at"
            ),
            "accesses": person.access_log.select_related("viewer")[:20],
            "assign_form": assign_form,
            "awaiting": person.left_on is None and not person.unit.is_open_on(timezone.localdate()),
        },
    )


def person_assign_view(request, pk):
    _require_hr(request)
    person = person_in_scope(user=request.user, pk=pk)
    form = AssignForm(request.POST or None, units=_open_units(request))
    if request.method == "POST" and form.is_valid():
        person_place(
            person=person, unit=form.cleaned_data["unit"], start_on=form.cleaned_data["start_on"]
        )
        messages.success(
            request,
            _("%(person)s now belongs to %(unit)s.")
            % {"person": person.full_name, "unit": form.cleaned_data["unit"]},
        )
        return redirect("org_people:detail", pk=person.pk)
    return _render(
        request,
        "org/admin/form.html",
        _("Assign %(person)s") % {"person": person.full_name},
        {"form": form},
    )
