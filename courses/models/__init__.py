"""Courses: catalogue, course and lesson pages, enrollments and lesson progress.

Split by concept: how the catalogue classifies courses (``catalogue``), the pages
(``pages``), what learners do in them (``learning``), and which lesson reviews go with a
course's (``review``). Import from ``courses.models``.
"""

from .catalogue import AUDIENCE_FIELDS, Audience, CompetencyArea
from .learning import Enrollment, LessonProgress
from .pages import CatalogueFilters, CourseIndexPage, CoursePage, LessonPage, live_lessons_count
from .review import CourseReviewLesson

__all__ = [
    "AUDIENCE_FIELDS",
    "Audience",
    "CatalogueFilters",
    "CompetencyArea",
    "CourseIndexPage",
    "CoursePage",
    "CourseReviewLesson",
    "Enrollment",
    "LessonPage",
    "LessonProgress",
    "live_lessons_count",
]
