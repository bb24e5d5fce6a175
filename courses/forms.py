"""The course editor's form: the issuing-unit chooser offers the units open today."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from courses.issuers import issuing_unit_label, issuing_units
from lms.org.models import OrgUnit


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("issuing_unit")
        if field is None:
            return
        today = timezone.localdate()
        units = issuing_units(day=today)
        current = self.instance.issuing_unit_id
        if current is not None:
            # A unit closed since it was chosen stays in the list, marked, so that the editor
            # does not silently drop it; saving then asks for the unit that exists today.
            units = (units | OrgUnit.objects.filter(pk=current)).order_by("code", "pk")
        field.queryset = units
        field.label_from_instance = lambda unit: issuing_unit_label(unit, day=today)
        field.help_text = _(
            "The units open today, by code. The course page and its certificates name this "
            "unit as their issuer."
        )

    def clean_issuing_unit(self):
        unit = self.cleaned_data.get("issuing_unit")
        if unit is not None and not unit.is_open_on(timezone.localdate()):
            raise forms.ValidationError(
                _(
                    "%(unit)s no longer exists: choose the unit that issues this course's "
                    "certificates today (its successor, if it was merged)."
                ),
                params={"unit": unit.name},
                code="closed_unit",
            )
        return unit
