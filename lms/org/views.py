"""Admin screens for units and people. Every view checks scope on the server: a unit or
person outside the officer's units answers 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from .admin_pages import admin_page, administrator_required, hr_officer_required
from .admin_selectors import (
    unit_overview,
    units_to_assign_to,
    units_to_combine_with,
)
from .forms import AssignForm, MergeForm, OrgUnitForm, PeopleFilterForm, SplitForm
from .selectors import people_search, person_in_scope, unit_in_scope
from .services import (
    OrgError,
    person_place,
    person_record_open,
    unit_create,
    unit_split,
    units_merge,
)

PEOPLE_PER_PAGE = 50


@hr_officer_required
def unit_index_view(request, pk=None):
    overview = unit_overview(user=request.user, pk=pk)
    title = overview["parent"].name if overview["parent"] else _("Org units")
    return admin_page(request, "org/admin/unit_index.html", title, overview)


@administrator_required
def unit_form_view(request, pk=None, parent_pk=None):
    unit = unit_in_scope(user=request.user, pk=pk) if pk else None
    parent = unit_in_scope(user=request.user, pk=parent_pk) if parent_pk else None
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if unit is not None:
            unit = form.save()
        else:
            unit = unit_create(unit=form.save(commit=False), parent=parent)
        messages.success(request, _("Unit “%(unit)s” saved.") % {"unit": unit})
        return redirect("org_units:children", pk=unit.pk)
    title = _("Edit %(unit)s") % {"unit": unit} if unit else _("Add a unit")
    return admin_page(request, "org/admin/form.html", title, {"form": form, "parent": parent})


@administrator_required
def unit_merge_view(request, pk):
    unit = unit_in_scope(user=request.user, pk=pk)
    units = units_to_combine_with(user=request.user, unit=unit)
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
    return admin_page(request, "org/admin/form.html", title, {"form": form, "unit": unit})


@administrator_required
def unit_split_view(request, pk):
    unit = unit_in_scope(user=request.user, pk=pk)
    units = units_to_combine_with(user=request.user, unit=unit)
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
    return admin_page(request, "org/admin/form.html", title, {"form": form, "unit": unit})


@hr_officer_required
def people_index_view(request):
    form = PeopleFilterForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = Paginator(people_search(user=request.user, query=query, status=status), PEOPLE_PER_PAGE)
    people = page.get_page(request.GET.get("p"))
    return admin_page(
        request,
        "org/admin/people_index.html",
        _("People"),
        {"form": form, "people": people, "today": timezone.localdate()},
    )


@hr_officer_required
def person_detail_view(request, pk):
    record = person_record_open(viewer=request.user, pk=pk)
    assign_form = AssignForm(units=units_to_assign_to(user=request.user))
    # Apps above lms.org add sections to the record (Wagtail components) through this hook,
    # called with (request, person, panels), so that org imports none of them.
    panels = []
    for add_panels in hooks.get_hooks("construct_person_record_panels"):
        add_panels(request, record["person"], panels)
    return admin_page(
        request,
        "org/admin/person_detail.html",
        record["person"].full_name,
        {**record, "assign_form": assign_form, "panels": panels},
    )


@hr_officer_required
def person_assign_view(request, pk):
    person = person_in_scope(user=request.user, pk=pk)
    form = AssignForm(request.POST or None, units=units_to_assign_to(user=request.user))
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
    return admin_page(
        request,
        "org/admin/form.html",
        _("Assign %(person)s") % {"person": person.full_name},
        {"form": form},
    )
