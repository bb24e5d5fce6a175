"""Bundled plugin: quizzes in lessons, learners' attempts, and the pass-mark requirement."""

LMS_PLUGIN = {
    "version": "1.0.0",
    "description": "Quiz lesson block with attempts and a “quiz passed with at least N%” rule.",
    "lms_versions": ">=0.2,<1.0",
}
