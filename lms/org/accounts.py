"""A login's own account: what its profile page shows and edits, and the forms of the password
reset and password change.

The password reset e-mail links to the site's public address (LMS_PUBLIC_URL), never to the
host the request named: a forged Host header would otherwise send a victim a link to the
attacker's site, carrying the victim's reset token.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from lms.notifications.services import email_send

from .linking import link_request_latest
from .models import LinkRequest, OrgUnit, Person

NEW_PASSWORD_HELP = _(
    "At least 8 characters, not only digits, not a common password and not close to your "
    "name or username."
)


def account_display_name(*, user, person: Person | None = None) -> str:
    """The name to greet a login by: its record's name, else family name first, as
    Vietnamese names are written (Django's get_full_name puts the given name first)."""
    if person is not None:
        return person.full_name
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


@dataclass(frozen=True)
class AccountProfile:
    user: object
    person: Person | None
    # The person's unit and the units above it, top first (e.g. province, city, ward).
    unit_trail: list[OrgUnit]
    link_request: LinkRequest | None

    @property
    def display_name(self) -> str:
        return account_display_name(user=self.user, person=self.person)

    @property
    def is_staff_record(self) -> bool:
        return self.person is not None and self.person.kind == Person.Kind.STAFF

    @property
    def name_editable(self) -> bool:
        # A staff record's name is the roster's, kept by the unit's HR officers: certificates
        # print it, so the learner cannot change it here. A citizen's record is their own.
        return not self.is_staff_record


def account_profile(*, user) -> AccountProfile:
    """The signed-in user's own account and record: nothing here is read for anyone else."""
    person = Person.objects.select_related("unit").filter(user=user).first()
    trail = [*person.unit.get_ancestors(), person.unit] if person else []
    # A pending or refused link request matters only while no record is linked.
    link_request = link_request_latest(user=user) if person is None else None
    return AccountProfile(user=user, person=person, unit_trail=trail, link_request=link_request)


def _name_parts(full_name: str) -> tuple[str, str]:
    """(family name, given names): the same split as registration, first word the family."""
    family, _, given = full_name.strip().partition(" ")
    return family[:150], given[:150]


@transaction.atomic
def profile_update(*, user, email: str, full_name: str | None = None) -> None:
    """Change the login's e-mail and, when given, its name; a citizen's own record takes the
    new name too, so that their certificates print it."""
    fields = ["email"]
    user.email = email
    if full_name is not None:
        user.last_name, user.first_name = _name_parts(full_name)
        fields += ["last_name", "first_name"]
        Person.objects.filter(user=user, kind=Person.Kind.CITIZEN).update(
            full_name=full_name.strip()
        )
    user.save(update_fields=fields)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(label=_("Email"), required=False)
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change your e-mail address: password resets are sent to it."),
    )

    def __init__(self, *args, profile: AccountProfile, **kwargs):
        user = profile.user
        initial = {"full_name": profile.display_name, "email": user.email}
        super().__init__(*args, initial=initial, **kwargs)
        self.profile = profile
        if not profile.name_editable:
            del self.fields["full_name"]
        if not user.has_usable_password():
            del self.fields["current_password"]
        self.wrong_password = False

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self):
        cleaned = super().clean()
        user, person = self.profile.user, self.profile.person
        email = cleaned.get("email")
        if email is None:
            return cleaned
        changed = email.casefold() != user.email.casefold()
        # Whoever holds an open session must not be able to redirect password resets.
        needs_password = changed and "current_password" in self.fields
        if needs_password and not user.check_password(cleaned.get("current_password") or ""):
            self.wrong_password = True
            self.add_error(
                "current_password", _("Enter your current password to change your e-mail.")
            )
        citizen = person is not None and person.kind == Person.Kind.CITIZEN
        if citizen and not email and not person.phone:
            # As at registration: a citizen stays reachable one way or the other.
            self.add_error("email", _("Give an email address or a phone number."))
        return cleaned

    def changes(self) -> dict:
        """The keyword arguments of profile_update."""
        changes = {"email": self.cleaned_data["email"]}
        if "full_name" in self.fields:
            changes["full_name"] = self.cleaned_data["full_name"]
        return changes


class PublicUrlPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the link built on LMS_PUBLIC_URL and the e-mail sent (and
    logged) by lms.notifications, in the language of the page. Users who cannot sign in with a
    password (demo-seeded learners) and inactive users get no e-mail (Django's rule), and the
    page that follows is the same whether or not an account uses the address."""

    confirm_url_name = "password_reset_confirm"

    def save(self, *, extra_email_context=None, **kwargs):
        public = urlsplit(settings.LMS_PUBLIC_URL)
        context = {
            **(extra_email_context or {}),
            # Django's own names, so that nothing falls back to the request's host.
            "protocol": public.scheme,
            "domain": public.netloc,
            "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // (24 * 3600), 1),
        }
        kwargs.update(domain_override=public.netloc, use_https=public.scheme == "https")
        return super().save(extra_email_context=context, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        path = reverse(
            self.confirm_url_name, kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        email_send(
            to=context["email"],
            template="password_reset",
            context={
                **context,
                "reset_url": settings.LMS_PUBLIC_URL.rstrip("/") + path,
                "display_name": account_display_name(
                    user=user, person=Person.objects.filter(user=user).first()
                ),
            },
            kind="password_reset",
            language=get_language(),
            user=user,
        )


class AdminPasswordResetForm(PublicUrlPasswordResetForm, WagtailPasswordResetForm):
    """The admin's reset (WAGTAILADMIN_USER_PASSWORD_RESET_FORM): the same e-mail, linking to
    the admin's own set-password page."""

    confirm_url_name = "wagtailadmin_password_reset_confirm"


class NewPasswordMixin:
    """Django's validator help is an HTML list; the site's forms show one plain sentence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP


class ResetSetPasswordForm(NewPasswordMixin, SetPasswordForm):
    pass


class AccountPasswordChangeForm(NewPasswordMixin, PasswordChangeForm):
    pass
