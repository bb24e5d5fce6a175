"""Forms of the targets admin: a target's edit form and the Coverage report's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.org.forms import DateInput
from lms.org.models import Person


class TargetForm(WagtailAdminModelForm):
    position_categories = forms.MultipleChoiceField(
        label=_("Position categories"),
        choices=Person.PositionCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For state staff: the categories that count. None ticked: all of them."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("courses") and not cleaned.get("competency_areas"):
            raise forms.ValidationError(
                _("Choose the courses or the competency areas whose completion qualifies.")
            )
        return cleaned


class CoverageFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
