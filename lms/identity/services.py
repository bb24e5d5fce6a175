"""Single sign-on: who a provider's verified claims are in the LMS.

- A subject seen before signs in to the login it is linked to. Subjects are stored and found
  by their keyed hash (models.subject_hash): a provider may use the national ID as subject.
- Otherwise the national ID claim is hashed (the clear number is never stored) and matched to
  a record. A staff record free to link is linked at once: the person is told how their data
  is used (a notice, recorded), nothing more. So is one whose only login is an invitation not
  yet accepted: that login is the one signed in to. Only providers that link staff
  (links_staff: staff providers, and citizens' ones a province allowed) may; the others are
  refused. A citizen record needs the citizen's consent.
- With no record: a staff provider refuses (the roster is the only source of staff); a
  citizens' provider creates the citizen record once the citizen has given what the claims
  lacked and their consent.
Every refusal raises SignInRefused and leaves no account behind.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lms.org.invitations import person_login_invited_only
from lms.org.linking import person_link_proven
from lms.org.models import OrgUnit, Person, Placement
from lms.org.national_id import national_id_protect

from .claims import MappedClaims
from .models import DataProcessingRecord, ExternalIdentity, subject_hash
from .providers import provider_links_staff

STAFF_NOTICE = _(
    "You signed in with {provider}. This account is now linked to your staff record: your "
    "training results are reported to your unit's HR officers for the training plan, as the "
    "Personal Data Protection Law allows for public duties. Your national ID number is not "
    "stored, only a code that matches it."
)


class SignInRefused(Exception):
    """A sign-in that cannot go on. ``reason`` picks the page (views.FAILURES)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SignInOutcome:
    """Either a login to sign in, or a citizen's details still to complete (``pending``)."""

    user: Any = None
    pending: dict[str, Any] = field(default_factory=dict)
    notice: str = ""


def communes_open() -> Any:
    return OrgUnit.objects.open_on(timezone.localdate()).filter(kind=OrgUnit.Kind.COMMUNE)


def _username(*, provider_code: str, hashed_subject: str) -> str:
    # Stable and opaque: the subject may be personal (some providers use the ID number).
    return f"{provider_code}.{hashed_subject[:20]}"


def _login_create(*, provider_code: str, hashed_subject: str, full_name: str, email: str):
    family, _, given = full_name.strip().partition(" ")
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    user = get_user_model().objects.create_user(
        username=_username(provider_code=provider_code, hashed_subject=hashed_subject),
        email=email,
        first_name=given[:150],
        last_name=family[:150],
    )
    user.set_unusable_password()  # signs in through the provider only (until a reset)
    user.save(update_fields=["password"])
    return user


def _record(*, user, person, provider_code: str, basis: str, text: str) -> None:
    DataProcessingRecord.objects.create(
        user=user,
        person=person,
        provider=provider_code,
        basis=basis,
        text=text,
        language=translation.get_language() or "",
    )


def sso_sign_in(*, provider, mapped: MappedClaims) -> SignInOutcome:
    """Decide who verified claims are; see the module docstring. Raises SignInRefused."""
    try:
        with transaction.atomic():
            return _sign_in(provider=provider, mapped=mapped)
    except IntegrityError:
        # Two first sign-ins at once (two tabs): the one that lost finds the other's link.
        known = ExternalIdentity.objects.filter(
            provider=provider.code,
            subject_hash=subject_hash(provider_code=provider.code, subject=mapped.subject),
        )
        if known.exists():
            return sso_sign_in(provider=provider, mapped=mapped)
        raise SignInRefused("conflict") from None


def _sign_in(*, provider, mapped: MappedClaims) -> SignInOutcome:
    if not mapped.subject:
        raise SignInRefused("answer")
    protected = national_id_protect(mapped.national_id) if mapped.national_id else None
    hashed_subject = subject_hash(provider_code=provider.code, subject=mapped.subject)
    known = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider.code, subject_hash=hashed_subject)
        .first()
    )
    if known is not None:
        return _returning(known=known, protected=protected)
    if protected is None:
        raise SignInRefused("no_national_id")
    person = Person.objects.select_for_update().filter(national_id_hash=protected.hash).first()
    if person is None:
        if provider.population == "staff":
            raise SignInRefused("unknown_id")
        pending = _pending(
            provider=provider, hashed_subject=hashed_subject, mapped=mapped, person=None
        )
        return SignInOutcome(pending=pending)
    if person.left_on is not None and provider.population == "staff":
        raise SignInRefused("unknown_id")  # no longer on the roster
    if person.left_on is not None:
        raise SignInRefused("conflict")
    if person.kind == Person.Kind.STAFF:
        if not provider_links_staff(provider=provider):
            # The staff directory is the roster's own way in; a citizens' provider links a
            # staff record only where the province chose so. Said before "linked to another
            # login", which would send a staff member to the wrong remedy.
            raise SignInRefused("staff_roster")
        if person.user_id is not None and not person_login_invited_only(person=person):
            raise SignInRefused("conflict")
        return _staff_link(
            provider=provider, hashed_subject=hashed_subject, mapped=mapped, person=person
        )
    if person.user_id is not None:
        raise SignInRefused("conflict")
    if provider.population == "staff":
        raise SignInRefused("unknown_id")  # a staff directory never vouches for a citizen
    return SignInOutcome(
        pending=_pending(
            provider=provider, hashed_subject=hashed_subject, mapped=mapped, person=person
        )
    )


def _returning(*, known: ExternalIdentity, protected) -> SignInOutcome:
    user = known.user
    if not user.is_active:
        raise SignInRefused("inactive")
    person = getattr(user, "person", None)
    # The provider now names someone else than the record this login holds: two records for
    # one person, or a reassigned subject. Neither may be guessed at.
    if protected and person is not None and person.national_id_hash not in ("", protected.hash):
        raise SignInRefused("conflict")
    known.last_login_at = timezone.now()
    known.save(update_fields=["last_login_at"])
    return SignInOutcome(user=user)


def _staff_link(
    *, provider, hashed_subject: str, mapped: MappedClaims, person: Person
) -> SignInOutcome:
    if person.user_id is not None:
        # The login an invitation made and nobody used: the provider proved who they are, so
        # it is theirs now (the invitation's link dies with its first sign-in).
        user = person.user
        user.is_active = True
        user.save(update_fields=["is_active"])
    else:
        user = _login_create(
            provider_code=provider.code,
            hashed_subject=hashed_subject,
            full_name=person.full_name,
            email=mapped.email,
        )
    ExternalIdentity.objects.create(
        provider=provider.code,
        subject_hash=hashed_subject,
        user=user,
        last_login_at=timezone.now(),
    )
    person_link_proven(person=person, user=user, consent_at=None)
    notice = str(STAFF_NOTICE).format(provider=provider.label)
    _record(
        user=user,
        person=person,
        provider_code=provider.code,
        basis=DataProcessingRecord.Basis.NOTICE,
        text=notice,
    )
    return SignInOutcome(user=user, notice=notice)


def _pending(
    *, provider, hashed_subject: str, mapped: MappedClaims, person: Person | None
) -> dict[str, Any]:
    """What the completion page needs, fit for the session: the national ID and the subject
    only hashed."""
    protected = national_id_protect(mapped.national_id)
    if person is not None:  # the record's own facts first, the claims where it has none
        born = person.date_of_birth or mapped.date_of_birth
        full_name, sex, commune_id = person.full_name, person.sex or mapped.sex, person.unit_id
    else:
        born, full_name, sex = mapped.date_of_birth, mapped.full_name, mapped.sex
        commune = communes_open().filter(code=mapped.commune_code).first()
        commune_id = commune.pk if commune else None
    return {
        "provider": provider.code,
        "subject_hash": hashed_subject,
        "national_id_hash": protected.hash,
        "national_id_last4": protected.last4,
        "person_id": person.pk if person else None,
        "full_name": full_name,
        "date_of_birth": born.isoformat() if born else "",
        "sex": sex,
        "commune_id": commune_id,
        "email": mapped.email,
        "phone": mapped.phone,
    }


def pending_missing(*, pending: dict[str, Any]) -> list[str]:
    """The fields the claims did not give, in the order the page asks for them."""
    return [
        name
        for name, present in [
            ("full_name", pending.get("full_name")),
            ("date_of_birth", pending.get("date_of_birth")),
            ("sex", pending.get("sex")),
            ("commune", pending.get("commune_id")),
        ]
        if not present
    ]


def sso_citizen_complete(
    *, provider, pending: dict[str, Any], answers: dict[str, Any], consent_text: str
):
    """Create (or link) the citizen's record and login from the claims and the answers to
    what they lacked, with the consent recorded. Returns the login. A second submit of the
    same completion signs in to the login the first made. Raises SignInRefused."""
    try:
        with transaction.atomic():
            return _citizen_complete(
                provider=provider, pending=pending, answers=answers, consent_text=consent_text
            )
    except IntegrityError:
        # Another sign-in took the subject or the national ID between the claims and now.
        known = ExternalIdentity.objects.filter(
            provider=pending["provider"], subject_hash=pending["subject_hash"]
        ).first()
        if known is not None and known.user.is_active:
            return known.user
        raise SignInRefused("conflict") from None


def _citizen_complete(*, provider, pending, answers, consent_text):
    known = ExternalIdentity.objects.filter(
        provider=provider.code, subject_hash=pending["subject_hash"]
    ).first()
    if known is not None:
        return known.user
    now = timezone.now()
    values = {
        "full_name": pending.get("full_name") or answers.get("full_name", ""),
        "date_of_birth": (
            datetime.date.fromisoformat(pending["date_of_birth"])
            if pending.get("date_of_birth")
            else answers.get("date_of_birth")
        ),
        "sex": pending.get("sex") or answers.get("sex", ""),
    }
    commune = (
        communes_open().filter(pk=pending["commune_id"]).first()
        if pending.get("commune_id")
        else answers.get("commune")
    )
    if commune is None:
        raise SignInRefused("answer")
    user = _login_create(
        provider_code=provider.code,
        hashed_subject=pending["subject_hash"],
        full_name=values["full_name"],
        email=pending.get("email", ""),
    )
    if pending.get("person_id"):
        person = (
            Person.objects.select_for_update()
            .filter(
                pk=pending["person_id"],
                national_id_hash=pending["national_id_hash"],
                user__isnull=True,
                left_on__isnull=True,
            )
            .first()
        )
        if person is None:
            raise SignInRefused("conflict")
        person.date_of_birth = person.date_of_birth or values["date_of_birth"]
        person.sex = person.sex or values["sex"]
        person.save(update_fields=["date_of_birth", "sex", "updated_at"])
        person_link_proven(person=person, user=user, consent_at=now)
    else:
        person = Person.objects.create(
            kind=Person.Kind.CITIZEN,
            full_name=values["full_name"],
            national_id_hash=pending["national_id_hash"],
            national_id_last4=pending["national_id_last4"],
            date_of_birth=values["date_of_birth"],
            sex=values["sex"],
            unit=commune,
            user=user,
            joined_on=now.date(),
            consent_at=now,
            linked_at=now,
            phone=pending.get("phone", ""),
        )
        Placement.objects.create(
            person=person, unit=commune, start_on=now.date(), kind=Person.Kind.CITIZEN
        )
    ExternalIdentity.objects.create(
        provider=provider.code, subject_hash=pending["subject_hash"], user=user, last_login_at=now
    )
    _record(
        user=user,
        person=person,
        provider_code=provider.code,
        basis=DataProcessingRecord.Basis.CONSENT,
        text=consent_text,
    )
    return user
