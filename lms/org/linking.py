"""Linking a login to a staff record: proven by national ID and date of birth together, or
approved by an HR officer whose scope holds the record's unit.

An employee code alone proves nothing (codes are sequential and printed on documents), so it
only ever names the record a request is about; it never links by itself.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import LinkRequest, Person
from .national_id import national_id_normalise, national_id_protect
from .selectors import org_units_in_scope
from .services import OrgError
from .signals import login_linked

CONSENT_LABEL = _(
    "I agree that my training results are linked to my staff record and reported to my "
    "unit's HR officers, as the Personal Data Protection Law requires."
)


class LinkError(OrgError):
    pass


class LinkMismatch(LinkError):
    """The details match no record that can be linked. One message for every cause (no such
    number, another date of birth, a record already linked or left), so that an answer tells a
    guesser nothing."""

    def __init__(self):
        super().__init__(
            gettext(
                "These details do not match a staff record that can be linked. Check your "
                "national ID number and date of birth, or ask your HR officer to approve a link."
            )
        )


class LinkRecordForm(forms.Form):
    national_id = forms.CharField(
        label=_("National ID number (12 digits)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={
            "required": _("Please agree to the processing of your personal data to continue.")
        },
    )

    def clean_national_id(self):
        # The format says nothing about the roster, so it is checked here, with its own message.
        return national_id_normalise(self.cleaned_data["national_id"])


class LinkRequestForm(forms.Form):
    employee_code = forms.CharField(label=_("Your employee code"), max_length=32)
    full_name = forms.CharField(label=_("Your full name"), max_length=255)
    note = forms.CharField(
        label=_("Note to your HR officer"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example your unit and how the officer can reach you."),
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={
            "required": _("Please agree to the processing of your personal data to continue.")
        },
    )


class LinkDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the learner)"), max_length=255, required=False
    )


def _linkable_people() -> QuerySet[Person]:
    return Person.objects.filter(kind=Person.Kind.STAFF, user__isnull=True, left_on__isnull=True)


def _link(*, person: Person, user, consent_at: datetime.datetime) -> Person:
    now = timezone.now()
    person.user, person.linked_at, person.consent_at = user, now, consent_at
    person.save(update_fields=["user", "linked_at", "consent_at", "updated_at"])
    # Requests this link settles: the learner's own, and anyone else's for the same record.
    pending = LinkRequest.objects.filter(status=LinkRequest.Status.PENDING)
    pending.filter(user=user).update(status=LinkRequest.Status.WITHDRAWN, decided_at=now)
    pending.filter(person=person).update(
        status=LinkRequest.Status.REJECTED,
        decided_at=now,
        reason=gettext("The record was linked to another login."),
    )
    login_linked.send(sender=Person, person=person, user=user)
    return person


def person_link_proven(*, person: Person, user, consent_at: datetime.datetime | None) -> Person:
    """Link a login to a record whose national ID a trusted identity provider has proven
    (single sign-on, lms.identity). The caller holds the record's row lock and has checked
    that it is free; the same settling of requests and the same signal as any link."""
    return _link(person=person, user=user, consent_at=consent_at)


@transaction.atomic
def person_link_login(
    *, user, national_id: str, date_of_birth: datetime.date, consent: bool
) -> Person:
    """Link a signed-in learner to the staff record whose national ID and date of birth they
    give, both matching. Raises LinkMismatch, the same whatever did not match."""
    if not consent:
        raise LinkError(
            gettext("Please agree to the processing of your personal data to continue.")
        )
    if hasattr(user, "person"):
        raise LinkError(gettext("Your account is already linked to a record."))
    try:
        protected = national_id_protect(national_id)
    except ValidationError as error:
        raise LinkError(error.messages[0]) from None
    person = (
        _linkable_people()
        .select_for_update()
        .filter(national_id_hash=protected.hash, date_of_birth=date_of_birth)
        .first()
    )
    if person is None:
        raise LinkMismatch
    return _link(person=person, user=user, consent_at=timezone.now())


@transaction.atomic
def link_request_create(
    *, user, employee_code: str, full_name: str, note: str = "", consent: bool
) -> LinkRequest:
    """Ask for a link by employee code. The request is made whether or not the code names a
    free record, so the answer is the same."""
    if not consent:
        raise LinkError(
            gettext("Please agree to the processing of your personal data to continue.")
        )
    if hasattr(user, "person"):
        raise LinkError(gettext("Your account is already linked to a record."))
    if LinkRequest.objects.filter(user=user, status=LinkRequest.Status.PENDING).exists():
        raise LinkError(gettext("Your request is already waiting for an HR officer."))
    code = employee_code.strip()
    return LinkRequest.objects.create(
        user=user,
        employee_code=code,
        full_name=full_name.strip(),
        note=note.strip(),
        person=_linkable_people().filter(employee_code=code).first(),
    )


def link_requests_in_scope(*, user) -> QuerySet[LinkRequest]:
    """Requests an HR officer may see and decide: those about a record in their units.
    Administrators also see requests that named no free record, to close them."""
    requests = LinkRequest.objects.select_related("user", "person", "person__unit", "decided_by")
    if user.is_superuser:
        return requests
    return requests.filter(person__unit__in=org_units_in_scope(user=user))


def link_request_in_scope(*, user, pk) -> LinkRequest:
    """The request, if the officer may see it; otherwise Http404 (no hint that it exists)."""
    return get_object_or_404(link_requests_in_scope(user=user), pk=pk)


def link_request_latest(*, user) -> LinkRequest | None:
    return LinkRequest.objects.filter(user=user).order_by("-created_at", "-pk").first()


def _decidable(*, link_request: LinkRequest, officer) -> LinkRequest:
    # Locked, so two officers deciding at once do not both act; re-read within the scope, so a
    # service call can never decide a request the officer may not see.
    locked = (
        link_requests_in_scope(user=officer)
        .select_for_update(of=("self",))
        .filter(pk=link_request.pk)
        .first()
    )
    if locked is None:
        raise LinkError(gettext("This request is not in your units."))
    if locked.status != LinkRequest.Status.PENDING:
        raise LinkError(gettext("This request has already been decided."))
    return locked


@transaction.atomic
def link_request_approve(*, link_request: LinkRequest, officer) -> Person:
    link_request = _decidable(link_request=link_request, officer=officer)
    person = _linkable_people().select_for_update().filter(pk=link_request.person_id).first()
    if person is None:
        raise LinkError(gettext("No record free to link matches this request: reject it."))
    if hasattr(link_request.user, "person"):
        raise LinkError(gettext("This login is already linked to a record: reject the request."))
    link_request.status = LinkRequest.Status.APPROVED
    link_request.decided_by, link_request.decided_at = officer, timezone.now()
    link_request.save(update_fields=["status", "decided_by", "decided_at"])
    # Consent was given with the request.
    return _link(person=person, user=link_request.user, consent_at=link_request.created_at)


@transaction.atomic
def link_request_reject(*, link_request: LinkRequest, officer, reason: str = "") -> LinkRequest:
    link_request = _decidable(link_request=link_request, officer=officer)
    link_request.status = LinkRequest.Status.REJECTED
    link_request.decided_by, link_request.decided_at = officer, timezone.now()
    link_request.reason = reason.strip()
    link_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return link_request
