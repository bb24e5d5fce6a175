"""Citizens register themselves and become people of their commune's citizen population."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DateInput, UnitChoiceField
from .models import OrgUnit, Person, Placement

MINIMUM_AGE = 15  # Labour Code: working age starts at 15
USERNAME_TAKEN = "taken"  # the form error's code (see public_views: a double submit)


class UsernameTaken(Exception):
    """Another registration took the username between the form's check and the insert."""


class CitizenRegistrationForm(forms.Form):
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
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.RegexField(
        label=_("Phone number"),
        regex=r"^\+?[0-9 .]{9,15}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 9 to 15 digits.")},
    )
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        error_messages={"invalid": _("3 to 150 letters, digits or . @ + - _")},
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my personal data (name, date of birth, commune, contact) is processed to "
            "provide training and to report training coverage, as the Personal Data Protection "
            "Law requires."
        ),
        error_messages={"required": _("Your consent is needed to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            OrgUnit.objects.open_on(timezone.localdate())
            .filter(kind=OrgUnit.Kind.COMMUNE)
            .order_by("name")
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today or born < datetime.date(today.year - 120, 1, 1):
            raise ValidationError(_("Enter your real date of birth."))
        if (today - born).days < MINIMUM_AGE * 365:
            raise ValidationError(_("You must be at least 15 years old to register."))
        return born

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken."), code=USERNAME_TAKEN)
        return username

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(_("Give an email address or a phone number."))
        if cleaned.get("password"):
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                validate_password(cleaned["password"], user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


def citizen_register(
    *, full_name, date_of_birth, commune, email, phone, username, password, sex=""
) -> Person:
    """Create the citizen's login and record, or raise UsernameTaken: the unique username
    decides between two registrations racing for it (a double submit), never a 500."""
    try:
        with transaction.atomic():
            return _citizen_create(
                full_name=full_name,
                date_of_birth=date_of_birth,
                commune=commune,
                email=email,
                phone=phone,
                username=username,
                password=password,
                sex=sex,
            )
    except IntegrityError as error:
        if get_user_model().objects.filter(username=username).exists():
            raise UsernameTaken(username) from error
        raise


def _citizen_create(
    *, full_name, date_of_birth, commune, email, phone, username, password, sex
) -> Person:
    now = timezone.now()
    family, _, given = full_name.strip().partition(" ")
    user = get_user_model().objects.create_user(
        username=username,
        email=email or "",
        password=password,
        first_name=given[:150],
        last_name=family[:150],
    )
    person = Person.objects.create(
        kind=Person.Kind.CITIZEN,
        full_name=full_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        unit=commune,
        user=user,
        joined_on=now.date(),
        consent_at=now,
        linked_at=now,
        phone=phone or "",
    )
    Placement.objects.create(
        person=person, unit=commune, start_on=now.date(), kind=Person.Kind.CITIZEN
    )
    return person
