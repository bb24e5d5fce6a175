"""Admin panels of the course editor."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.models import Page, WorkflowState

from courses.issuers import certificate_promised_without_template
from courses.review import course_lessons_with_changes


class EffectiveRulePanel(Panel):
    """Shows the trainer the rule learners will be held to, as the course stands when saved.

    The rule is not only what the trainer typed: an empty list means every lesson, and quizzes
    add "passed" unless made optional. Saying so in the editor is what keeps a trainer from
    publishing a course whose quiz decides nothing without knowing it.

    The tick box "quizzes do not decide the result" changes the rule at once in the panel (both
    versions are worked out on the server; a small script shows the one that applies). A change
    to the requirements themselves is shown once saved, and the panel says so as soon as one is
    made. Quizzes in lessons not published yet do not count until they are published: the panel
    says that too, instead of showing a rule that will change under the trainer.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Rule that applies"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/effective_rule_panel.html"

        class Media:
            js = ["courses/admin/effective_rule.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            course = self.instance
            context["saved"] = course.pk is not None
            if course.pk is None:
                return context
            context["optional"] = course.graded_activities_optional
            context["rules_required"], graded_rule = self._rules(course, optional=False)
            # A quiz rule the trainer wrote applies even with quizzes made optional.
            context["rules_optional"], context["graded_rule_written"] = self._rules(
                course, optional=True
            )
            context["unpublished_graded"] = not graded_rule and _unpublished_graded(course)
            return context

        @staticmethod
        def _rules(course, *, optional: bool) -> tuple[list[str], bool]:
            """The rule in words with quizzes optional or not, and whether it holds a graded
            requirement."""
            from courses.requirements import (
                course_requirements,
                requirement_types,
                requirements_describe,
            )

            # A copy, so that the editor's own instance is never touched.
            variant = copy.copy(course)
            variant.graded_activities_optional = optional
            spec = course_requirements(course=variant)
            types = requirement_types()
            graded = any(rule["type"] in types and types[rule["type"]].graded for rule in spec)
            return requirements_describe(spec=spec), graded


def _unpublished_graded(course) -> bool:
    """Whether a lesson of the course not published as it stands holds a graded activity."""
    for lesson in Page.objects.child_of(course).filter(
        has_unpublished_changes=True, latest_revision__isnull=False
    ):
        if getattr(lesson.get_latest_revision_as_object(), "has_graded_activity", False):
            return True
    return False


class CertificatePromisePanel(Panel):
    """Warns when the course names an issuing unit but has no certificate template: its page
    says who issues its certificates, and learners who pass would get none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("No certificate will be issued"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/certificate_promise_panel.html"

        def is_shown(self):
            return certificate_promised_without_template(self.instance)


class CourseReviewPanel(Panel):
    """Tells the trainer which lessons go to review with the course, and the reviewer which
    lessons approving the course publishes (courses.review)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Lessons reviewed with the course"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/course_review_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.lessons = self._lessons() if self.instance.pk is not None else []

        def _lessons(self) -> list[dict]:
            rows = []
            for lesson in course_lessons_with_changes(course=self.instance):
                state = lesson.current_workflow_state
                status = state.status if state else None
                rows.append(
                    {
                        "lesson": lesson,
                        "in_review": status == WorkflowState.STATUS_IN_PROGRESS,
                        "changes_requested": status == WorkflowState.STATUS_NEEDS_CHANGES,
                    }
                )
            return rows

        def is_shown(self):
            return bool(self.lessons)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["lessons"] = self.lessons
            context["course_in_review"] = self.instance.workflow_in_progress
            return context
