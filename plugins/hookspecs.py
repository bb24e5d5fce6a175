"""The hook contract between the LMS and its plugins.

Each function is a specification: its docstring says when the LMS calls it, with which keyword
arguments, and what it should return. Hooks are always called with keyword arguments, only
from services. Names start with a verb that says how the LMS treats the answers:

- ``register_*``: contributions collected from every enabled plugin (lists are concatenated).
  A plugin whose implementation raises loses only that contribution; the admin shows why.
- ``extend_*``: dictionaries merged into something the LMS builds; same failure rule.
- ``after_*``: notifications. The return value is ignored. An exception is logged with the
  plugin's name and the event, and never undoes or blocks the action that fired it.

Every hook says in which plugin API version (``plugins.api.API_VERSION``) it was added. How a
hook changes later is written in docs/plugins.md ("Versions and deprecation"): a changed hook is
added beside the old one, and the old one is marked with pluggy's ``warn_on_impl`` so a plugin
still implementing it loads, works and is told what to use instead.

docs/plugins.md lists these hooks; a test checks that every one is documented, versioned and
tested.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from plugins import hookspec
from plugins.contracts import (
    CompletionRequirement,
    IdentityProvider,
    LessonBlocks,
    NotificationChannel,
    ReportExporter,
    RosterFormat,
)

if TYPE_CHECKING:
    from certificates.models import Certificate
    from courses.models import Enrollment, LessonPage, LessonProgress


def added_in(version: str) -> Callable:
    """Record the plugin API version that introduced a hook (read by the docs test)."""

    def mark(function: Callable) -> Callable:
        function.added_in = version
        return function

    return mark


@hookspec
@added_in("0.1")
def register_lesson_blocks() -> LessonBlocks:
    """Lesson body blocks this plugin adds.

    Called once per process, the first time the lesson body is used. Return a list of
    ``(name, block)`` pairs, where ``block`` is a Wagtail block instance. Names must be unique
    across plugins; prefix them with your plugin's name (``badges_badge``).

    Blocks are part of the lesson body's structure, not of its migrations: adding or removing a
    plugin never makes ``makemigrations`` detect a change. Blocks stay defined while the
    plugin is disabled so stored lessons lose nothing; they render as a polite placeholder.
    """


@hookspec
@added_in("0.1")
def register_completion_requirements() -> list[CompletionRequirement]:
    """Requirement types a course can use to decide completion.

    Called once per process, when course requirements are first used. Return a list of
    ``plugins.api.RequirementType`` instances: ``code``, ``label``,
    ``params_block()`` (the Wagtail block a trainer fills in, e.g. a pass mark),
    ``describe(params=...)`` and ``evaluate(enrollment=..., params=...)`` returning a
    ``RequirementProgress`` that says whether the requirement is met, how far along the
    learner is (0 to 1), whether it can still change, and a score where it grades. A type
    that grades an activity sets ``graded = True`` and implements ``default_params(course=...)``
    (its parameters when the course holds that activity, else None): the LMS then requires it
    even when the trainer's rules leave it out, unless graded activities were made optional.
    """


@hookspec
@added_in("0.1")
def register_roster_formats() -> list[RosterFormat]:
    """Parsers for HR roster files.

    Called when an HR officer uploads a roster. Return a list of objects with ``code``,
    ``label``, ``accepts(filename=..., head=...) -> bool`` (``head`` is the first bytes of the
    file) and ``read(file=...) -> iterable of (row_number, dict of column -> text)``, the row
    numbers as a spreadsheet shows them (header row is 1). A formula whose value the file does
    not hold is given as its text, starting with ``=``. ``read`` raises ``ValueError`` with a
    message for the officer when the file cannot be read, and bounds what it inflates or
    parses itself (the LMS caps rows and cell lengths only as they are yielded).
    """


@hookspec
@added_in("0.1")
def register_report_exporters() -> list[ReportExporter]:
    """Formats coverage reports can be downloaded in.

    Called when a report offers its downloads. Return a list of objects with ``code``,
    ``label``, ``extension``, ``content_type`` and
    ``export(title=..., headers=..., rows=...) -> bytes``.
    """


@hookspec
@added_in("0.4")
def register_notification_channels() -> list[NotificationChannel]:
    """Ways to reach people with reminders: e-mail (bundled), SMS, Zalo...

    Called each time reminders are previewed or sent. Return a list of objects with ``code``
    (unique; ``"email"`` is the bundled one), ``label``, ``reaches(recipient) -> bool`` and
    ``send(recipient=..., message=...) -> str`` (the ``NotificationChannel`` Protocol).
    ``recipient`` is a ``plugins.api.Recipient`` and ``message`` a
    ``plugins.api.ReminderMessage``, both plain values. Each person gets a reminder through
    the first channel that reaches them, in the order of the ``LMS_REMINDER_CHANNELS``
    setting (then by code). ``send`` runs in a background task; it returns a short reference
    for the reminder log, and raises when the message cannot be sent (logged as failed).
    """


@hookspec
@added_in("0.4")
def register_identity_providers() -> list[IdentityProvider]:
    """OpenID Connect providers people may sign in with, one login button each.

    Called when the login page is shown and when a sign-in starts or comes back. Return a list
    of ``plugins.api.OpenIDProvider`` (or objects of the ``IdentityProvider`` shape): a unique
    ``code``, a ``label``, a ``population`` (``"staff"``: a sign-in links to a roster record
    by national ID and never creates one; ``"citizens"``: a sign-in without a record creates a
    citizen record), ``links_staff`` (may it link staff records: by default only a staff
    provider may), the client's credentials and the ``claims`` names where they differ from
    the LMS_OIDC_CLAIMS setting. Keep it cheap: the discovery document is read only when a
    sign-in needs it, and cached.
    """


@hookspec
@added_in("0.1")
def extend_certificate_context(certificate: Certificate) -> dict[str, str]:
    """Extra fields for a certificate, merged into its frozen context before it is rendered.

    Called once per certificate, inside the transaction that issues it, with
    ``certificate`` (the ``certificates.Certificate`` being issued). Return a dict of plain
    strings; keys already set by the LMS are not overwritten.
    """


@hookspec
@added_in("0.3")
def extend_lesson_states(enrollment: Enrollment) -> dict[int, str]:
    """What a learner's outline says of lessons the LMS does not see as done.

    Called when a course outline or a learner's lesson list is shown, with ``enrollment``.
    A lesson holding a graded activity is done only once it is passed; return
    ``{lesson id: "attempted"}`` for the lessons where the learner attempted your activity
    without passing it yet, so the outline says "not passed" instead of "not started". Lessons
    the LMS already knows as done keep their state. Keep it to one query.
    """


@hookspec
@added_in("0.1")
def after_enrollment_created(enrollment: Enrollment) -> None:
    """A learner enrolled in a course.

    Called once per enrollment, after the transaction that created it commits, with
    ``enrollment`` (``courses.Enrollment``).
    """


@hookspec
@added_in("0.1")
def after_lesson_completed(progress: LessonProgress) -> None:
    """A learner completed a lesson.

    Called once per lesson and enrollment, after the transaction commits, with ``progress``
    (``courses.LessonProgress``).
    """


@hookspec
@added_in("0.1")
def after_course_completed(enrollment: Enrollment) -> None:
    """A learner met every completion requirement of a course.

    Called exactly once per enrollment, after the transaction that completed it commits, with
    ``enrollment`` (``courses.Enrollment``; ``enrollment.passed`` says whether it was passed).
    """


@hookspec
@added_in("0.1")
def after_certificate_issued(certificate: Certificate) -> None:
    """A certificate's PDF was rendered and stored.

    Called exactly once per certificate, after it is stored, with ``certificate``.
    """


@hookspec
@added_in("0.1")
def after_certificate_revoked(certificate: Certificate) -> None:
    """A certificate was revoked.

    Called once per revocation, after the transaction commits, with ``certificate``
    (its ``revoke_reason`` says why).
    """


@hookspec
@added_in("0.2")
def after_demo_lesson_reached(
    enrollment: Enrollment, lesson: LessonPage, passes: bool, at: datetime.datetime
) -> None:
    """Demo data only: a simulated learner reached a lesson that holds graded activities.

    Called by ``seed_demo`` (never on a real site), with the ``enrollment``, the ``lesson``
    (``lesson.has_graded_activity`` is true), whether the learner should end up passing
    (``passes``) and the moment they reached it (``at``). A plugin whose activity is in the
    lesson records plausible attempts through its own services, dated after ``at``, so the
    demo's reports hold realistic results without the demo importing the plugin.
    """
