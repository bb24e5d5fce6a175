"""A plugin for tests: records every notification it receives."""

from plugins.api import hookimpl


class Recorder:
    def __init__(self):
        self.events: list[tuple[str, object]] = []

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    @hookimpl
    def after_enrollment_created(self, enrollment):
        self.events.append(("after_enrollment_created", enrollment))

    @hookimpl
    def after_lesson_completed(self, progress):
        self.events.append(("after_lesson_completed", progress))

    @hookimpl
    def after_course_completed(self, enrollment):
        self.events.append(("after_course_completed", enrollment))


class Exploding:
    """Every notification raises: the LMS must log it and carry on."""

    @hookimpl
    def after_course_completed(self, enrollment):
        raise RuntimeError("boom")

    @hookimpl
    def after_lesson_completed(self, progress):
        raise RuntimeError("boom")
