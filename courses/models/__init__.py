"""Courses: catalogue, course and lesson pages, enrollments and lesson progress.

Split by concept: how the catalogue classifies courses (``catalogue``), the pages
(``pages``), and what learners do in them (``learning``). Import from ``courses.models``.
"""

from .catalogue import AUDIENCE_FIELDS, Audience, CompetencyArea
from .learning import Enrollment, LessonProgress
from .pages import CatalogueFilters, CourseIndexPage, CoursePage, LessonPage, live_lessons_count

__all__ = [
    "AUDIENCE_FIELDS",
    "Audience",
    "CatalogueFilters",
    "CompetencyArea",
    "CourseIndexPage",
    "CoursePage",
    "Enrollment",
    "LessonPage",
    "LessonProgress",
    "live_lessons_count",
]
