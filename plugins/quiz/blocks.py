from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)

    class Meta:
        label = _("Answer")


class QuizQuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Question"))
    multiple = blocks.BooleanBlock(
        label=_("Several answers may be correct"), required=False, default=False
    )
    # A question needs two answers at least: a new one starts with two empty ones to fill in
    # (ListBlock's own default is a single item).
    choices = blocks.ListBlock(
        QuizChoiceBlock(),
        min_num=2,
        default=[{"text": "", "correct": False}, {"text": "", "correct": False}],
        label=_("Answers"),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, help_text=_("Shown after the learner answers.")
    )

    class Meta:
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer as correct."))}
            )
        if correct > 1 and not value["multiple"]:
            raise StructBlockValidationError(
                block_errors={
                    "multiple": ValidationError(
                        _(
                            "Several answers are marked correct: "
                            "tick “several answers may be correct”."
                        )
                    )
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    """A graded activity: a lesson holding one is completed by submitting it."""

    is_graded_activity = True

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    questions = blocks.ListBlock(QuizQuestionBlock(), min_num=1, label=_("Questions"))
    max_attempts = blocks.IntegerBlock(
        label=_("Attempts allowed"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for unlimited attempts."),
    )

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "quiz/quiz_block.html"

    def get_context(self, value, parent_context=None):
        from plugins.quiz.selectors import quiz_pass_mark, quiz_state

        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        enrollment = parent_context.get("enrollment")
        # The lesson page passes the rules the learner is held to; elsewhere, the enrollment's.
        spec = parent_context.get("requirements_spec")
        if spec is not None:
            pass_mark = quiz_pass_mark(spec=spec)
        else:
            pass_mark = quiz_pass_mark(enrollment=enrollment) if enrollment else None
        context.update(
            quiz_state(
                quiz=value,
                lesson=parent_context.get("page"),
                block_id=parent_context.get("block_id", ""),
                enrollment=enrollment,
                pass_mark=pass_mark,
            )
        )
        return context
