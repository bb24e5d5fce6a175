"""Reads for learning pages. Each runs a fixed number of queries, whatever the data size."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from certificates.models import Certificate
from courses.models import (
    AUDIENCE_FIELDS,
    Audience,
    CompetencyArea,
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
)
from courses.requirements import (
    course_requirements,
    requirement_evaluate,
    requirement_types,
    requirements_describe,
)

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    audience: str = ""
    area: str = ""

    def as_kwargs(self) -> dict:
        return {"query": self.q, "audience": self.audience, "area": self.area}

    @property
    def active(self) -> bool:
        return bool(self.q or self.audience or self.area)


def catalogue_filters_from(params) -> CatalogueFilters:
    """Read filters from the query string, ignoring values that are not real choices."""
    audience = params.get("audience", "")
    area = params.get("area", "")
    return CatalogueFilters(
        q=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
        audience=audience if audience in Audience.values else "",
        area=area if area and CompetencyArea.objects.filter(code=area).exists() else "",
    )


def _live_lessons_of(course_ref) -> Subquery:
    """Number of live lessons under a course (the course given as an OuterRef to a page)."""
    lessons = (
        LessonPage.objects.live()
        .filter(
            path__startswith=OuterRef(f"{course_ref}path"), depth=OuterRef(f"{course_ref}depth") + 1
        )
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), 0)


def course_catalogue(
    *, catalogue: CourseIndexPage, query: str = "", audience: str = "", area: str = ""
):
    """Live courses of the catalogue, filtered and searched, with what the cards show."""
    courses = CoursePage.objects.live().public().child_of(catalogue)
    if audience:
        courses = courses.filter(**{AUDIENCE_FIELDS[Audience(audience)]: True})
    if area:
        courses = courses.filter(competency_areas__code=area)
    if query:
        matching = [page.pk for page in courses.search(query, operator="or")]
        courses = CoursePage.objects.filter(pk__in=matching)
        order = {pk: position for position, pk in enumerate(matching)}
    else:
        order = None
    courses = (
        courses.select_related("cover_image")
        .prefetch_related(Prefetch("competency_areas", queryset=CompetencyArea.objects.all()))
        .annotate(lesson_count=_live_lessons_of(""))
        .order_by("path")
    )
    courses = list(courses)
    if order is not None:
        courses.sort(key=lambda course: order[course.pk])
    return courses


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


def enrollment_lesson_counts(*, enrollment: Enrollment) -> tuple[int, int]:
    """(lessons done, live lessons) for an enrollment: two small counts."""
    lessons = LessonPage.objects.live().child_of(enrollment.course)
    total = lessons.count()
    done = LessonProgress.objects.filter(enrollment=enrollment, lesson__in=lessons).count()
    return done, total


def _requirement_rows(enrollment: Enrollment | None, course: CoursePage) -> list[dict]:
    from courses.services import enrollment_requirements

    spec = (
        enrollment_requirements(enrollment=enrollment)
        if enrollment
        else course_requirements(course=course)
    )
    return [
        {
            "label": label,
            "progress": requirement_evaluate(enrollment=enrollment, requirement=requirement)
            if enrollment is not None
            else None,
        }
        for label, requirement in zip(requirements_describe(spec=spec), spec, strict=True)
    ]


def course_progress(*, course: CoursePage, user) -> dict:
    """The course's live lessons, the user's enrollment and which lessons they have done."""
    lessons = course_lessons(course=course)
    enrollment = None
    done_ids: set[int] = set()
    if user.is_authenticated:
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
        if enrollment is not None:
            done_ids = set(
                LessonProgress.objects.filter(enrollment=enrollment).values_list(
                    "lesson_id", flat=True
                )
            )
    done = sum(1 for lesson in lessons if lesson.pk in done_ids)
    return {
        "lessons": lessons,
        "enrollment": enrollment,
        "done_ids": done_ids,
        "progress_percent": round(100 * done / len(lessons)) if lessons else 0,
    }


def course_detail(*, course: CoursePage, user) -> dict:
    progress = course_progress(course=course, user=user)
    return {
        **progress,
        "requirements": _requirement_rows(progress["enrollment"], course),
        "areas": list(course.competency_areas.all()),
    }


def lesson_detail(*, lesson: LessonPage, user) -> dict:
    course = lesson.get_parent().specific
    detail = course_progress(course=course, user=user)
    lessons = detail["lessons"]
    position = next((index for index, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    return {
        **detail,
        "course": course,
        "position": position + 1,
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
        "lesson_done": lesson.pk in detail["done_ids"],
    }


def my_learning(*, user) -> dict:
    """The learner's enrollments with progress and certificates: four queries, whatever their
    number."""
    done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"),
            lesson__in=LessonPage.objects.live().values("pk"),
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("course")
        .annotate(
            lesson_count=_live_lessons_of("course__"),
            done_count=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        )
        .order_by("-enrolled_at")
    )
    certificates = {
        certificate.enrollment_id: certificate
        for certificate in Certificate.objects.filter(
            enrollment__in=[e.pk for e in enrollments if e.completed_at is not None]
        ).only("enrollment_id", "code", "serial", "status")
    }
    for enrollment in enrollments:
        enrollment.issued_certificate = certificates.get(enrollment.pk)
        enrollment.progress_percent = (
            round(
                100 * min(enrollment.done_count, enrollment.lesson_count) / enrollment.lesson_count
            )
            if enrollment.lesson_count
            else 0
        )
    return {
        "in_progress": [e for e in enrollments if e.completed_at is None],
        "completed": [e for e in enrollments if e.completed_at is not None],
    }


@dataclass(frozen=True)
class ContradictedResult:
    enrollment: Enrollment
    unmet: list[str]  # the graded rules the learner does not meet, described


def passed_enrollments_contradicted(
    *, course: CoursePage | None = None
) -> Iterator[ContradictedResult]:
    """Passed enrollments that their course's graded activities contradict.

    Each passed enrollment is held to the graded rules its course applies today (the trainer's,
    or passing every quiz by default); those it does not meet are listed. Such passes come from
    rules frozen before graded activities decided the result. Courses whose trainer made graded
    activities optional are left out: there the trainer said so. A rule whose plugin is
    disabled cannot be judged and is not reported.
    """
    types = requirement_types()
    enrollments = (
        Enrollment.objects.filter(passed=True)
        .select_related("course", "user")
        .order_by("course_id", "pk")
    )
    if course is not None:
        enrollments = enrollments.filter(course=course)
    for _course_id, group in groupby(enrollments.iterator(chunk_size=2000), key=_course_of):
        group = list(group)
        page = group[0].course
        if page.graded_activities_optional:
            continue
        graded = [
            rule
            for rule in course_requirements(course=page)
            if getattr(types.get(rule["type"]), "graded", False)
        ]
        if not graded:
            continue
        labels = requirements_describe(spec=graded)
        for enrollment in group:
            unmet = []
            for label, rule in zip(labels, graded, strict=True):
                result = requirement_evaluate(enrollment=enrollment, requirement=rule)
                if result.available and not result.met:
                    unmet.append(label)
            if unmet:
                yield ContradictedResult(enrollment=enrollment, unmet=unmet)


def _course_of(enrollment: Enrollment) -> int:
    return enrollment.course_id
