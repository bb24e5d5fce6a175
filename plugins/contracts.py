"""What the LMS expects of the objects plugins contribute, written as Protocols.

Plain Python, no Django import: the hook specifications and the public API use these types, and
both must be importable while the settings load. A plugin does not subclass these (except the
requirement base class, which lives in the LMS); it returns objects that have these attributes,
and a type checker can verify that it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


LessonBlocks = list[tuple[str, "Block"]]
"""``register_lesson_blocks`` answers ``[(name, wagtail block instance), ...]``."""
