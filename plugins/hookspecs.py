"""The hook contract between the LMS and its plugins.

Each function is a specification: its docstring says when the LMS calls it, with which keyword
arguments, and what it should return. Hooks are always called with keyword arguments, only
from services. Names start with a verb that says how the LMS treats the answers:

- ``register_*``: contributions collected from every enabled plugin (lists are concatenated).
  A plugin whose implementation raises loses only that contribution; the admin shows why.
- ``extend_*``: dictionaries merged into something the LMS builds; same failure rule.
- ``after_*``: notifications. The return value is ignored. An exception is logged with the
  plugin's name and the event, and never undoes or blocks the action that fired it.

docs/plugins.md lists these hooks; a test checks that every one is documented and tested.
"""

from typing import Any

from plugins import hookspec


@hookspec
def register_lesson_blocks() -> list[tuple[str, Any]]:
    """Lesson body blocks this plugin adds.

    Called once per process, the first time the lesson body is used. Return a list of
    ``(name, block)`` pairs, where ``block`` is a Wagtail block instance. Names must be unique
    across plugins; prefix them with your plugin's name (``badges_badge``).

    Blocks are part of the lesson body's structure, not of its migrations: adding or removing a
    plugin never makes ``makemigrations`` detect a change. Blocks stay defined while the
    plugin is disabled so stored lessons lose nothing; they render as a polite placeholder.
    """


@hookspec
def register_completion_requirements() -> list[Any]:
    """Requirement types a course can use to decide completion.

    Called once per process, when course requirements are first used. Return a list of
    ``courses.requirements.RequirementType`` instances: ``code``, ``label``,
    ``params_block()`` (the Wagtail block a trainer fills in, e.g. a pass mark),
    ``describe(params=...)`` and ``evaluate(enrollment=..., params=...)`` returning a
    ``RequirementProgress`` that says whether the requirement is met, how far along the
    learner is (0 to 1), whether it can still change, and a score where it grades. A type
    that grades an activity sets ``graded = True`` and implements ``default_params(course=...)``
    (its parameters when the course holds that activity, else None): the LMS then requires it
    even when the trainer's rules leave it out, unless graded activities were made optional.
    """


@hookspec
def register_roster_formats() -> list[Any]:
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
def register_report_exporters() -> list[Any]:
    """Formats coverage reports can be downloaded in.

    Called when a report offers its downloads. Return a list of objects with ``code``,
    ``label``, ``extension``, ``content_type`` and
    ``export(title=..., headers=..., rows=...) -> bytes``.
    """


@hookspec
def extend_certificate_context(certificate: Any) -> dict[str, str]:
    """Extra fields for a certificate, merged into its frozen context before it is rendered.

    Called once per certificate, inside the transaction that issues it, with
    ``certificate`` (the ``certificates.Certificate`` being issued). Return a dict of plain
    strings; keys already set by the LMS are not overwritten.
    """


@hookspec
def after_enrollment_created(enrollment: Any) -> None:
    """A learner enrolled in a course.

    Called once per enrollment, after the transaction that created it commits, with
    ``enrollment`` (``courses.Enrollment``).
    """


@hookspec
def after_lesson_completed(progress: Any) -> None:
    """A learner completed a lesson.

    Called once per lesson and enrollment, after the transaction commits, with ``progress``
    (``courses.LessonProgress``).
    """


@hookspec
def after_course_completed(enrollment: Any) -> None:
    """A learner met every completion requirement of a course.

    Called exactly once per enrollment, after the transaction that completed it commits, with
    ``enrollment`` (``courses.Enrollment``; ``enrollment.passed`` says whether it was passed).
    """


@hookspec
def after_certificate_issued(certificate: Any) -> None:
    """A certificate's PDF was rendered and stored.

    Called exactly once per certificate, after it is stored, with ``certificate``.
    """


@hookspec
def after_certificate_revoked(certificate: Any) -> None:
    """A certificate was revoked.

    Called once per revocation, after the transaction commits, with ``certificate``
    (its ``revoke_reason`` says why).
    """
