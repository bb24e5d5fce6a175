"""Forms of the targets admin: a target's edit form and the Coverage report's filter."""

import datetime

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
    """The report's year and as-of date, which must agree: the year chooses the targets, the
    date the day they are read on, so a date outside the year would read that year's targets
    on a day outside their period. The year leads: the date picker offers only its days, a
    date alone (a link without a year) chooses its own year, and a date in another year is
    refused here, on the server."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
        help_text=_("A day of the chosen year. Leave empty for today, or for a past year its end."),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(choice, choice) for choice in years]
        # The page writes the help text under the date, with this id.
        self.fields["as_of"].widget.attrs["aria-describedby"] = f"{self['as_of'].auto_id}-help"

    def show_year(self, year: int) -> None:
        """Draw the form for the year the page shows (chosen, taken from the date, or the
        default one), with a date picker that offers only its days."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["year"] = str(year)
        else:
            self.initial["year"] = year
        self.fields["as_of"].widget.attrs.update(
            min=datetime.date(year, 1, 1).isoformat(), max=datetime.date(year, 12, 31).isoformat()
        )

    def clean(self):
        cleaned = super().clean()
        year, as_of = cleaned.get("year"), cleaned.get("as_of")
        if as_of is None:
            return cleaned
        if year is None:  # not given, or not a year of the choice: the date's year, if any
            if as_of.year not in dict(self.fields["year"].choices):
                self.add_error("as_of", _("No target runs in %(year)s.") % {"year": as_of.year})
            else:
                cleaned["year"] = as_of.year
        elif year is not None and as_of.year != year:
            self.add_error(
                "as_of",
                _("Choose a day of %(year)s, or leave the date empty.") % {"year": year},
            )
        return cleaned
