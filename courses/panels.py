"""Admin panels of the course editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class EffectiveRulePanel(Panel):
    """Shows the trainer the rule learners will be held to, as the course stands when saved.

    The rule is not only what the trainer typed: an empty list means every lesson, and quizzes
    add "passed" unless made optional. Saying so in the editor is what keeps a trainer from
    publishing a course whose quiz decides nothing without knowing it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Rule that applies"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/effective_rule_panel.html"

        def get_context_data(self, parent_context=None):
            from courses.requirements import course_requirements, requirements_describe

            context = super().get_context_data(parent_context)
            course = self.instance
            context["saved"] = course.pk is not None
            context["rules"] = (
                requirements_describe(spec=course_requirements(course=course))
                if course.pk is not None
                else []
            )
            return context
