"""Inviting the people of an applied roster import to set a password.

An HR officer invites, from the import's page, the people it named who have an e-mail address
and no login: each gets a login (inactive, no password) linked to their record, and an e-mail
with a one-time link. Opening it, they choose a password and agree to the processing of their
data; the login is then active and the link recorded. Someone invited who never answers can be
invited again once the link has expired, or at once if the roster corrects their address (the
link dies: it is for the address it was sent to).

An address is one person's or nobody's: an address several people of the import share (a
commune's mailbox), or that an account already uses, gets no invitation. With password sign-in
switched off for learners (LMS_LOCAL_LOGIN_FOR_LEARNERS), nobody is invited: an invited login is
a learner's.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from lms.notifications.services import email_send

from .accounts import ResetSetPasswordForm
from .linking import CONSENT_LABEL, person_link_proven
from .models import Person, RosterImport
from .selectors import people_in_scope

logger = logging.getLogger("lms")


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token (single use: it dies with the unusable password it was made for),
    under its own salt, so an invitation's link opens no password reset and the reverse."""

    key_salt = "lms.org.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # The link is for one address: it dies when the login's or the record's changes (a
        # roster correcting a mistyped address), so whoever got it by mistake cannot use it.
        record = _record_address(user)
        return f"{super()._make_hash_value(user, timestamp)}{user.email.casefold()}|{record}"

    def check_token(self, user, token):
        # And the addresses must agree (any case), whatever the token says.
        return (
            user is not None
            and invitation_address_agrees(user=user)
            and super().check_token(user, token)
        )


invitation_token_generator = InvitationTokenGenerator()


def _record_address(user) -> str:
    address = Person.objects.filter(user=user).values_list("email", flat=True).first()
    return (address or "").casefold()


def invitation_address_agrees(*, user) -> bool:
    """Whether the login's address is still the one its record holds (any case)."""
    record = _record_address(user)
    return bool(record) and record == user.email.casefold()


def invitations_offered() -> bool:
    """An invitation makes a learner's login (no admin access): only worth sending when
    learners may sign in with a password (lms.identity.backends.may_use_password's rule)."""
    return settings.LMS_LOCAL_LOGIN_FOR_LEARNERS


def invited_password_allowed(*, user) -> bool:
    """lms.identity.backends.may_use_password for a login that is not active yet (whose
    has_perm answers False): lms.org sits below lms.identity, so it reads the same setting
    and admin access itself (tests/org/test_invitation_policy.py checks that both agree)."""
    if settings.LMS_LOCAL_LOGIN_FOR_LEARNERS or user.is_superuser:
        return True
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return access.filter(Q(user=user) | Q(group__user=user)).exists()


def invitation_valid_for() -> datetime.timedelta:
    """How long a link works (Django's PASSWORD_RESET_TIMEOUT): also how long before the same
    person can be invited again."""
    return datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def _invited_login() -> Q:
    """A login that only an invitation made: never used, no password, not active."""
    return Q(
        user__is_active=False,
        user__last_login__isnull=True,
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        invited_at__isnull=False,
    )


def person_login_invited_only(*, person: Person) -> bool:
    """Whether the person's login is one only an invitation made (not accepted yet). Single
    sign-on (lms.identity) may take such a login over: the provider proved who they are."""
    return person.user_id is not None and (
        Person.objects.filter(_invited_login(), pk=person.pk).exists()
    )


def invitation_people(*, roster_import: RosterImport, user) -> QuerySet[Person]:
    """The people the applied import named who are in the officer's scope and on the roster."""
    if roster_import.status != RosterImport.Status.DONE:
        return Person.objects.none()
    return people_in_scope(user=user).filter(
        pk__in=roster_import.people.values("pk"), left_on__isnull=True
    )


# Why an invitation leaves someone out (the preview's rows), "" when it goes to them.
LEFT_OUT = (
    "with_login",
    "no_address",
    "invited_recently",
    "address_too_long",
    "address_used",
    "shared_address",
)


def _left_out_because(people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` annotated with ``left_out``: the first reason that applies, else "".
    Shared addresses are found afterwards, among those left ("" here)."""
    accounts = get_user_model().objects
    address_used = accounts.filter(
        Q(email__iexact=OuterRef("email")) | Q(username__iexact=OuterRef("email"))
    )
    username_length = get_user_model()._meta.get_field("username").max_length
    return people.annotate(
        address_length=Length("email"),
        left_out=Case(
            When(Q(user__isnull=False) & ~_invited_login(), then=Value("with_login")),
            When(email="", then=Value("no_address")),
            # The last link still works: it went to the address the record holds now.
            When(
                Q(invited_at__gte=timezone.now() - invitation_valid_for())
                & (Q(user__isnull=True) | Q(user__email__iexact=F("email"))),
                then=Value("invited_recently"),
            ),
            # The address is the username (what the e-mail says to sign in with).
            When(address_length__gt=username_length, then=Value("address_too_long")),
            When(Exists(address_used), user__isnull=True, then=Value("address_used")),
            When(
                Exists(address_used.exclude(pk=OuterRef("user_id"))),
                user__isnull=False,
                then=Value("address_used"),
            ),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def _sharing_an_address(people: QuerySet[Person]) -> list[int]:
    """Ids of those of ``people`` whose address (in any case) another of them has too."""
    rows = list(people.values_list("pk", "email"))
    counts = Counter(email.casefold() for _pk, email in rows)
    return [pk for pk, email in rows if counts[email.casefold()] > 1]


def invitation_candidates(*, roster_import: RosterImport, user) -> QuerySet[Person]:
    """Whom an invitation would go to now: an address of their own that no account uses yet
    and no login of their own, and no earlier link that still works."""
    if not invitations_offered():
        return Person.objects.none()
    people = _left_out_because(invitation_people(roster_import=roster_import, user=user))
    remaining = people.filter(left_out="")
    return remaining.exclude(pk__in=_sharing_an_address(remaining))


def invitation_summary(*, roster_import: RosterImport, user) -> dict:
    """The counts the officer sees before sending: everyone falls in one row."""
    people = _left_out_because(invitation_people(roster_import=roster_import, user=user))
    reasons = dict(people.order_by().values_list("left_out").annotate(count=Count("pk")))
    shared = len(_sharing_an_address(people.filter(left_out="")))
    summary = {reason: reasons.get(reason, 0) for reason in LEFT_OUT}
    summary["shared_address"] = shared
    offered = invitations_offered()
    return {
        **summary,
        "people": sum(reasons.values()),
        "offered": offered,
        "to_invite": reasons.get("", 0) - shared if offered else 0,
    }


@dataclass(frozen=True)
class InvitationsSent:
    sent: int
    failed: int  # an address taken by an account meanwhile (the others went out all the same)


@transaction.atomic
def people_invite(*, roster_import: RosterImport, user) -> InvitationsSent:
    """Invite everyone ``invitation_candidates`` lists. Safe to submit twice: the import's
    row lock makes a second request wait, then find them invited."""
    RosterImport.objects.select_for_update().filter(pk=roster_import.pk).first()
    now = timezone.now()
    sent = failed = 0
    candidates = invitation_candidates(roster_import=roster_import, user=user)
    for person in candidates.select_related("user", "unit").order_by("pk"):
        try:
            # A savepoint each: one login that cannot be made spoils nobody else's.
            with transaction.atomic():
                _person_invite(person=person, now=now)
        except IntegrityError:
            logger.warning("Invitation of person %s failed: address taken meanwhile", person.pk)
            failed += 1
        else:
            sent += 1
    return InvitationsSent(sent=sent, failed=failed)


def _person_invite(*, person: Person, now) -> None:
    # The address is the username: it is what the invitation says to sign in with.
    username = person.email.lower()
    login = person.user
    if login is None:
        login = get_user_model().objects.create_user(
            username=username, email=person.email, is_active=False
        )
        person.user = login
    elif (login.email, login.get_username()) != (person.email, username):
        # Invited before at an address the roster has corrected since: the login follows.
        login.email = person.email
        login.username = username
        login.save(update_fields=["email", "username"])
    person.invited_at = now
    person.save(update_fields=["user", "invited_at", "updated_at"])
    token = invitation_token_generator.make_token(login)
    path = reverse(
        "invitation_accept",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(login.pk)), "token": token},
    )
    email_send(
        to=person.email,
        template="invitation",
        context={
            "name": person.full_name,
            "unit": person.unit.name,
            "username": login.get_username(),
            "accept_url": settings.LMS_PUBLIC_URL.rstrip("/") + path,
            "valid_days": max(invitation_valid_for().days, 1),
        },
        kind="invitation",
        user=login,
    )


@transaction.atomic
def invitation_accept(*, user, password: str) -> None:
    """The invited person chose a password and agreed: the login is active and linked."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is not None:
        person_link_proven(person=person, user=user, consent_at=timezone.now())


class InvitationAcceptForm(ResetSetPasswordForm):
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={
            "required": _("Please agree to the processing of your personal data to continue.")
        },
    )

    def save(self, commit=True):
        invitation_accept(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user
