"""What grading a quiz is measured against, shared by the rule and the pages (no imports)."""

QUIZ_PASSED = "quiz_passed"  # the code of the "quizzes passed with at least N%" rule
DEFAULT_PASS_MARK = 80  # % of the questions right, when the rule does not set another
