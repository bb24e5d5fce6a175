"""What a reminder says and to whom: the plain values channels receive (plugins.api's Recipient
and ReminderMessage), rendered in the recipient's language, with the opt-out link where the
person may refuse reminders."""

import datetime

from django.conf import settings
from django.core import signing
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from lms.org.models import Person
from lms.targets.models import Target
from plugins.contracts import Recipient, ReminderMessage

TEMPLATE = "reminder"
KIND = "reminder"
OPT_OUT_SALT = "lms.reminders.opt-out"


def may_opt_out(*, kind: str) -> bool:
    """Citizens (``kind``: a Person.Kind) learn by choice and may refuse reminders; staff
    training is part of their duties (every staff target is mandatory), so their reminders
    carry no way out."""
    return kind == Person.Kind.CITIZEN


def opt_out_token(*, person_id: int) -> str:
    # Signed, not stored: the link in any past reminder keeps working, and no one can forge
    # another person's (the signature depends on SECRET_KEY).
    return signing.dumps(person_id, salt=OPT_OUT_SALT, compress=True)


def opt_out_person_id(*, token: str) -> int | None:
    """The person a link is for; None when the link was altered."""
    try:
        value = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def opt_out_url(*, person_id: int) -> str:
    path = reverse("reminders_opt_out", kwargs={"token": opt_out_token(person_id=person_id)})
    return f"{settings.LMS_PUBLIC_URL.rstrip('/')}{path}"


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def recipient_languages(*, people: list[Person]) -> dict[int, str]:
    """person id → the language the person chose for the site (their admin profile's), where
    they did; one query."""
    user_to_person = {person.user_id: person.pk for person in people if person.user_id}
    chosen = UserProfile.objects.filter(user_id__in=list(user_to_person)).exclude(
        preferred_language=""
    )
    return {
        user_to_person[user_id]: language
        for user_id, language in chosen.values_list("user_id", "preferred_language")
        if language in site_languages()
    }


def recipient_of(person: Person, *, language: str | None = None) -> Recipient:
    """The person as channels see them (the login's address when the record has none)."""
    return recipient_from(
        person_id=person.pk,
        name=person.full_name,
        kind=person.kind,
        email=person.contact_email,
        phone=person.phone,
        language=language,
    )


def recipient_from(
    *, person_id: int, name: str, kind: str, email: str, phone: str, language: str | None
) -> Recipient:
    """recipient_of from plain values (a plan reads columns, not Person objects); ``email``
    is where to write (lms.org.models.contact_email)."""
    return Recipient(
        person_id=person_id,
        name=name,
        kind=kind,
        language=language or settings.LANGUAGE_CODE,
        email=email,
        phone=phone,
    )


def reminder_context(
    *, recipient: Recipient, target: Target, today: datetime.date, opt_out: bool
) -> dict:
    """The template's context, plain JSON values (e-mail is rendered again from it)."""
    with translation.override(recipient.language):
        deadline = formats.date_format(target.deadline, "SHORT_DATE_FORMAT")
        target_name = target.display_name
    public_url = settings.LMS_PUBLIC_URL.rstrip("/")
    return {
        "name": recipient.name,
        "target_name": target_name,
        "deadline": deadline,
        "days_left": max((target.deadline - today).days, 0),
        "learn_url": f"{public_url}{reverse('my_learning')}",
        "opt_out_url": opt_out_url(person_id=recipient.person_id) if opt_out else "",
    }


def _render_plain(name: str, context: dict) -> str:
    """A plain-text part (subject, text): nothing HTML-escaped, so "&" in a name stays "&",
    whether or not the template turns autoescaping off itself."""
    return get_template(name).template.render(Context(context, autoescape=False))


def reminder_message(*, context: dict, language: str) -> ReminderMessage:
    """The reminder rendered in ``language`` from the same templates the e-mail uses."""
    full = {"public_url": settings.LMS_PUBLIC_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(_render_plain(f"emails/{TEMPLATE}/subject.txt", full).split())
        text = _render_plain(f"emails/{TEMPLATE}/body.txt", full)
        html = render_to_string(f"emails/{TEMPLATE}/body.html", full)
        short_text = _(
            "%(name)s, please complete the training for “%(target)s” by %(deadline)s: %(url)s"
        ) % {
            "name": context["name"],
            "target": context["target_name"],
            "deadline": context["deadline"],
            "url": context["learn_url"],
        }
    return ReminderMessage(
        kind=KIND,
        subject=subject,
        text=text,
        html=html,
        short_text=short_text,
        template=TEMPLATE,
        context=context,
        opt_out_url=context.get("opt_out_url", ""),
    )
