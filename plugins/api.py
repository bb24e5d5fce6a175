"""The public plugin API: everything a plugin may import from the LMS.

    from plugins.api import hookimpl, RequirementType, RequirementProgress

Everything else in the LMS is internal and may change in any release without notice. What is
here follows the plugin API version, ``API_VERSION``, which is separate from the product's
version: a release of the LMS that does not change this contract keeps the same API version,
so plugins keep loading. docs/plugins.md says how the version moves and how long a deprecated
form keeps working.

Importing this module is safe while the settings load (a plugin's ``__init__.py`` may read
``API_VERSION``): names that need Django are imported on first use, not at import time.
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import TYPE_CHECKING

from plugins import hookimpl
from plugins.contracts import (
    CompletionRequirement,
    IdentityProvider,
    NotificationChannel,
    Recipient,
    ReminderMessage,
    ReportExporter,
    RosterFormat,
    RosterRow,
)

#: MAJOR.MINOR. A minor version only adds; a major version may remove what was deprecated.
API_VERSION = "0.4"

# name -> "module:attribute", imported when first asked for.
_LAZY = {
    # The product's version, for display; match your plugin against API_VERSION.
    "LMS_VERSION": "lms:__version__",
    # Completion requirements.
    "RequirementType": "courses.requirements:RequirementType",
    "RequirementProgress": "courses.requirements:RequirementProgress",
    # Enrolments and lessons.
    "enrollment_of": "courses.services:enrollment_of",
    "enrollment_lock": "courses.services:enrollment_lock",
    "learner_lesson": "courses.selectors:learner_lesson",
    "enrollment_lesson_counts": "courses.selectors:enrollment_lesson_counts",
    "course_lessons": "courses.selectors:course_lessons",
    "lesson_complete": "courses.services:lesson_complete",
    "graded_attempt_record": "courses.services:graded_attempt_record",
    "enrollment_requirements": "courses.requirements:enrollment_requirements",
    # Errors a plugin may catch.
    "LearningError": "courses.services:LearningError",
    "CourseUnavailable": "courses.services:CourseUnavailable",
    "NotEnrolled": "courses.services:NotEnrolled",
    # Sign-in: an OpenID Connect provider read from its issuer's discovery document (0.4).
    "OpenIDProvider": "lms.identity.providers:OpenIDProvider",
    # Spreadsheet safety, for exporters and anything that writes cells.
    "spreadsheet_safe": "lms.spreadsheets:spreadsheet_safe",
    # E-mail through the LMS's templates, sent log and retries (added in 0.4).
    "email_send": "lms.reminders.delivery:email_send",
    # Types the hooks pass, for annotations and isinstance checks. Read the attributes the
    # hook documentation names; querying these models' managers is not part of the contract.
    "CoursePage": "courses.models:CoursePage",
    "LessonPage": "courses.models:LessonPage",
    "Enrollment": "courses.models:Enrollment",
    "LessonProgress": "courses.models:LessonProgress",
    "Certificate": "certificates.models:Certificate",
}

# name -> (what to use instead, API version that deprecated it). A deprecated name keeps working
# and warns for at least two minor API versions (docs/plugins.md, "Versions and deprecation").
_DEPRECATED: dict[str, tuple[str, str]] = {}

__all__ = [  # noqa: RUF022 (grouped as in docs/plugins.md)
    "API_VERSION",
    "LMS_VERSION",
    "hookimpl",
    "CompletionRequirement",
    "ReportExporter",
    "RosterFormat",
    "RosterRow",
    "NotificationChannel",
    "Recipient",
    "ReminderMessage",
    "IdentityProvider",
    "OpenIDProvider",
    "RequirementType",
    "RequirementProgress",
    "enrollment_of",
    "enrollment_lock",
    "learner_lesson",
    "enrollment_lesson_counts",
    "course_lessons",
    "lesson_complete",
    "graded_attempt_record",
    "enrollment_requirements",
    "LearningError",
    "CourseUnavailable",
    "NotEnrolled",
    "spreadsheet_safe",
    "email_send",
    "CoursePage",
    "LessonPage",
    "Enrollment",
    "LessonProgress",
    "Certificate",
]


def __getattr__(name: str):
    try:
        module, attribute = _LAZY[name].split(":")
    except KeyError:
        raise AttributeError(f"plugins.api has no {name!r}; see docs/plugins.md") from None
    value = getattr(import_module(module), attribute)
    if name in _DEPRECATED:
        replacement, since = _DEPRECATED[name]
        warnings.warn(
            f"plugins.api.{name} is deprecated since plugin API {since}; use {replacement}",
            DeprecationWarning,
            stacklevel=2,
        )
    else:
        globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from certificates.models import Certificate
    from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress
    from courses.requirements import RequirementProgress, RequirementType, enrollment_requirements
    from courses.selectors import course_lessons, enrollment_lesson_counts, learner_lesson
    from courses.services import (
        CourseUnavailable,
        LearningError,
        NotEnrolled,
        enrollment_lock,
        enrollment_of,
        graded_attempt_record,
        lesson_complete,
    )
    from lms import __version__ as LMS_VERSION
    from lms.identity.providers import OpenIDProvider
    from lms.reminders.delivery import email_send
    from lms.spreadsheets import spreadsheet_safe
