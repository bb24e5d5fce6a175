"""Completion requirements: the rules that decide when a learner has completed a course.

Requirement *types* come from the core (all lessons done) and from plugins through
``register_completion_requirements`` (the bundled quiz adds "quiz passed with at least N%").
A course lists the requirements it uses, with their parameters; an enrollment freezes that list
when the learner starts, so editing the course later does not move the goalposts.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from plugins.manager import get_plugin_system

logger = logging.getLogger("courses")


@dataclass(frozen=True)
class RequirementProgress:
    met: bool
    progress: float  # 0 to 1: how far along the learner is
    final: bool = False  # can no longer change (e.g. no quiz attempts left)
    score: float | None = None  # percentage, for graded requirements
    available: bool = True  # False while the plugin that evaluates it is disabled


class RequirementType:
    """Base class for requirement types; plugins subclass it."""

    code: str = ""
    label: str = ""
    graded: bool = False
    plugin: str = ""  # set by the LMS for plugin-contributed types

    def params_block(self) -> blocks.Block:
        """The block the trainer fills in to set this requirement's parameters."""
        return blocks.StaticBlock(admin_text=self.label, label=self.label)

    def describe(self, *, params: dict[str, Any]) -> str:
        return str(self.label)

    def default_params(self, *, course) -> dict[str, Any] | None:
        """For a graded type: the parameters it takes when the course holds its kind of graded
        activity and the trainer's rules do not name it; None when the course holds none."""
        return None

    def evaluate(self, *, enrollment, params: dict[str, Any]) -> RequirementProgress:
        raise NotImplementedError


class AllLessonsDone(RequirementType):
    code = "all_lessons_done"
    label = _("Every lesson completed")

    def evaluate(self, *, enrollment, params: dict[str, Any]) -> RequirementProgress:
        done, total = enrollment.lesson_counts()
        if total == 0:
            return RequirementProgress(met=False, progress=0.0)
        return RequirementProgress(met=done >= total, progress=min(done / total, 1.0))


CORE_REQUIREMENT_TYPES: list[RequirementType] = [AllLessonsDone()]
DEFAULT_REQUIREMENTS = [{"type": AllLessonsDone.code, "params": None}]


_types_cache: tuple[int, dict[str, RequirementType]] | None = None


def requirement_types() -> dict[str, RequirementType]:
    """Core requirement types and those of every loaded plugin, by code (once per process)."""
    global _types_cache
    system = get_plugin_system()
    if _types_cache is not None and _types_cache[0] == id(system):
        return _types_cache[1]
    types = {requirement.code: requirement for requirement in CORE_REQUIREMENT_TYPES}
    for plugin, contribution in system.call(
        "register_completion_requirements", include_disabled=True
    ):
        for requirement in contribution:
            if requirement.code not in types:
                requirement.plugin = plugin
                types[requirement.code] = requirement
    _types_cache = (id(system), types)
    return types


def requirement_types_reset() -> None:
    global _types_cache
    _types_cache = None


def course_requirements(*, course) -> list[dict[str, Any]]:
    """The rules a learner of this course is held to, as plain data.

    What the trainer chose (every lesson when they chose nothing), plus passing every graded
    activity the course holds, unless the trainer made graded activities optional: a quiz that
    decided nothing would let a learner who answered 0 of 1 receive a certificate.
    """
    spec = course.requirements_spec() or [dict(rule) for rule in DEFAULT_REQUIREMENTS]
    if course.graded_activities_optional:
        return spec
    chosen = {rule["type"] for rule in spec}
    for code, requirement_type in requirement_types().items():
        if not requirement_type.graded or code in chosen:
            continue
        params = requirement_type.default_params(course=course)
        if params is not None:
            spec.append({"type": code, "params": params})
    return spec


def enrollment_requirements(*, enrollment) -> list[dict[str, Any]]:
    """The rules an enrollment is held to: frozen when the learner started, else the course's
    rules as they stand."""
    return enrollment.frozen_requirements or course_requirements(course=enrollment.course)


def requirements_describe(*, spec: list[dict[str, Any]]) -> list[str]:
    """One sentence per rule, for learners and for the course editor."""
    types = requirement_types()
    descriptions = []
    for rule in spec:
        requirement_type = types.get(rule["type"])
        if requirement_type is None:
            descriptions.append(rule["type"])
        else:
            descriptions.append(requirement_type.describe(params=rule["params"] or {}))
    return descriptions


def requirement_evaluate(*, enrollment, requirement: dict[str, Any]) -> RequirementProgress:
    requirement_type = requirement_types().get(requirement["type"])
    if requirement_type is None or (
        requirement_type.plugin and not get_plugin_system().is_enabled(requirement_type.plugin)
    ):
        # The plugin that knows this rule is missing or disabled: not met, and said so.
        return RequirementProgress(met=False, progress=0.0, available=False)
    try:
        return requirement_type.evaluate(enrollment=enrollment, params=requirement["params"] or {})
    except Exception:  # a plugin's bug: the requirement is not met, the learner's action stands
        logger.exception(
            "Requirement %r (plugin %r) failed to evaluate.",
            requirement_type.code,
            requirement_type.plugin,
        )
        return RequirementProgress(met=False, progress=0.0, available=False)


def requirement_core_blocks() -> list[tuple[str, blocks.Block]]:
    """Core requirement blocks of a course's requirements field (what migrations see)."""
    return [(req.code, req.params_block()) for req in CORE_REQUIREMENT_TYPES]


def requirement_plugin_blocks() -> list[tuple[str, str, blocks.Block]]:
    core = {requirement.code for requirement in CORE_REQUIREMENT_TYPES}
    return [
        (requirement.plugin, code, requirement.params_block())
        for code, requirement in requirement_types().items()
        if code not in core
    ]
