"""What the LMS expects of the objects plugins contribute, written as Protocols.

Plain Python, no Django import: the hook specifications and the public API use these types, and
both must be importable while the settings load. A plugin does not subclass these (except the
requirement base class, which lives in the LMS); it returns objects that have these attributes,
and a type checker can verify that it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

if TYPE_CHECKING:
    from wagtail.blocks import Block

    from courses.models import CoursePage, Enrollment
    from courses.requirements import RequirementProgress

#: One roster row as a spreadsheet numbers it (the header is row 1), with each column's text.
RosterRow = tuple[int, dict[str, str]]


@runtime_checkable
class RosterFormat(Protocol):
    """A parser for HR roster files (``register_roster_formats``)."""

    code: str
    label: str

    def accepts(self, *, filename: str, head: bytes) -> bool:
        """Whether this format reads the file, judging by its name and first bytes."""
        ...

    def read(self, *, file: BinaryIO) -> Iterable[RosterRow]:
        """Every row; raises ValueError with a message for the officer when unreadable."""
        ...


@runtime_checkable
class ReportExporter(Protocol):
    """A download format for coverage reports (``register_report_exporters``)."""

    code: str
    label: str
    extension: str
    content_type: str

    def export(
        self, *, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
    ) -> bytes: ...


@runtime_checkable
class CompletionRequirement(Protocol):
    """A completion requirement type (``register_completion_requirements``).

    Subclass ``plugins.api.RequirementType``, which has this shape and sensible defaults.
    """

    code: str
    label: str
    graded: bool

    def params_block(self) -> Block: ...

    def describe(self, *, params: dict[str, Any]) -> str: ...

    def default_params(self, *, course: CoursePage) -> dict[str, Any] | None: ...

    def evaluate(
        self, *, enrollment: Enrollment, params: dict[str, Any]
    ) -> RequirementProgress: ...


@dataclass(frozen=True)
class Recipient:
    """Whom a notification is for, as a channel sees them: plain values, no database object.

    ``kind`` is ``"staff"`` or ``"citizen"``; ``language`` a language code (``"vi"``, ``"en"``);
    ``email`` and ``phone`` are ``""`` when unknown.
    """

    person_id: int
    name: str
    kind: str
    language: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReminderMessage:
    """A message rendered in the recipient's language, for any channel to deliver.

    ``subject``, ``text`` (plain text, with every link written out) and ``html`` are ready to
    send. ``short_text`` fits one SMS or chat message (a sentence and one link). ``template``
    and ``context`` say how the LMS rendered it, so that the e-mail channel can have the LMS
    render and log it again (``plugins.api.email_send``). ``kind`` says what it is about
    (``"reminder"``).
    """

    kind: str
    subject: str
    text: str
    html: str
    short_text: str
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    # Where the recipient stops these messages with one click ("" when they may not: staff
    # reminders of their duties). The e-mail channel puts it in List-Unsubscribe (RFC 8058).
    opt_out_url: str = ""


@runtime_checkable
class NotificationChannel(Protocol):
    """A way to reach people (``register_notification_channels``): e-mail, SMS, Zalo..."""

    code: str
    label: str

    def reaches(self, recipient: Recipient) -> bool:
        """Whether this channel can deliver to the recipient (an address, a phone number)."""
        ...

    def send(self, *, recipient: Recipient, message: ReminderMessage) -> str:
        """Deliver or queue the message; return a short reference for the log ("" if none).
        Raise an exception when it cannot be sent: the LMS records it as failed."""
        ...


@runtime_checkable
class IdentityProvider(Protocol):
    """An OpenID Connect provider people sign in with (``register_identity_providers``).

    ``plugins.api.OpenIDProvider`` has this shape and reads the endpoints from the issuer's
    discovery document; return one of those unless the provider needs something else.
    """

    code: str  # short and URL-safe: /accounts/sso/<code>/login/
    label: str  # the login button says "Sign in with <label>"
    population: str  # "staff" (links to roster records only) or "citizens" (may create them)
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    sign_algo: str
    claims: Mapping[str, str]  # LMS field -> claim name, over the LMS_OIDC_CLAIMS setting
    # May a sign-in link a staff roster record? None (or absent): only a staff provider may.
    links_staff: bool | None

    def endpoints(self) -> Mapping[str, str]:
        """``authorization_endpoint``, ``token_endpoint``, ``userinfo_endpoint``, ``jwks_uri``
        and ``issuer``, as an OpenID discovery document names them."""
        ...


LessonBlocks = list[tuple[str, "Block"]]
"""``register_lesson_blocks`` answers ``[(name, wagtail block instance), ...]``."""
