from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import OrgUnit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class DateInput(forms.DateInput):
    input_type = "date"


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of the validity period is before its start."))
        return cleaned


class MergeForm(forms.Form):
    others = UnitMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Other units merged at the same time"),
        widget=forms.CheckboxSelectMultiple,
    )
    successor = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Merged into"))
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = units
        self.fields["successor"].queryset = units


class SplitForm(forms.Form):
    successors = UnitMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Units taking over"),
        widget=forms.CheckboxSelectMultiple,
    )
    partial = forms.BooleanField(
        label=_("Partial split: the unit carries on"),
        required=False,
        help_text=_("Leave unticked when the unit ceases to exist."),
    )
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = units


class AssignForm(forms.Form):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("New unit"))
    start_on = forms.DateField(
        label=pgettext_lazy("date", "From"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, employee code or last 4 ID digits"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("On the roster")),
            ("awaiting", _("Awaiting assignment")),
            ("left", _("Left")),
            ("all", _("Everyone")),
        ],
    )


class RosterUploadForm(forms.Form):
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Unit the roster is for"),
        required=False,
        empty_label=_("The units named in the file, row by row"),
        help_text=_(
            "Leave this to import people of several of your units from one file: each row then "
            "names its unit in a Mã đơn vị or Tên đơn vị column (code or name). Choose a unit "
            "to import for that unit and its sub-units only."
        ),
    )
    file = forms.FileField(
        label=_("Roster file (CSV, text or XLSX)"),
        help_text=_(
            "Columns: Họ và tên, Số định danh cá nhân, Mã cán bộ, Ngày sinh, Mã đơn vị or Tên đơn vị, Nhóm vị trí, Chuyên trách CNTT (Vietnamese or English names, any order)."
        ),
    )
    complete = forms.BooleanField(
        label=_("This file is the complete roster"),
        help_text=_(
            "People missing from the file are then marked as having left (they are kept for history): people of the chosen unit, or, when the rows name their units, people of each unit the file names."
        ),
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        only = list(units[:2])
        if len(only) == 1:  # one unit: the roster is for it, as before files named units
            self.fields["unit"].initial = only[0].pk


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Population figures (CSV or XLSX)"),
        help_text=_("Columns: Mã đơn vị, Năm, Dân số trong độ tuổi lao động, Nguồn."),
    )
