"""The login form that explains a refused learner, and the citizen's completion form."""

import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.org.forms import DateInput, UnitChoiceField
from lms.org.models import OrgUnit, Person

from .backends import REFUSED_ATTRIBUTE

CITIZEN_CONSENT = _(
    "I agree that my personal data (name, date of birth, commune, contact) is processed to "
    "provide training and to report training coverage, as the Personal Data Protection "
    "Law requires."
)


class LoginForm(AuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, REFUSED_ATTRIBUTE, False):
                raise ValidationError(
                    _(
                        "Learners sign in with their identity provider: use a button above. "
                        "Password sign-in is kept for administrators, HR officers and trainers."
                    ),
                    code="local_login_off",
                ) from None
            raise


class CitizenCompletionForm(forms.Form):
    """Only the fields the provider's claims did not give, then the consent."""

    full_name = forms.CharField(label=_("Full name"), max_length=255)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Person.Sex.choices,
        widget=forms.RadioSelect,
        help_text=_("Working age ends at a different age for women and men."),
    )
    commune = UnitChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Commune or ward where you live")
    )
    consent = forms.BooleanField(
        label=CITIZEN_CONSENT,
        error_messages={"required": _("Your consent is needed to create an account.")},
    )

    def __init__(self, *args, missing: list[str], communes, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["full_name", "date_of_birth", "sex", "commune"]:
            if name not in missing:
                del self.fields[name]
        if "commune" in self.fields:
            self.fields["commune"].queryset = communes.order_by("name")

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today or born < datetime.date(today.year - 120, 1, 1):
            raise ValidationError(_("Enter your real date of birth."))
        return born
