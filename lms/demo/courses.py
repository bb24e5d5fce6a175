"""Demo courses, and learners' enrollments and progress spread over 2024-2026.

Progress is recorded through the same services the site uses (with past timestamps), so the
demo data obeys every rule the product does.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.competencies import competency_areas_ensure
from courses.models import CompetencyArea, CourseIndexPage, CoursePage, Enrollment, LessonPage
from courses.requirements import requirement_types
from courses.services import enrollment_create, lesson_complete
from lms.org.models import OrgUnit, Person
from plugins.manager import hooks

from .course_content import COURSES
from .covers import cover_image_ensure
from .people import SSO_DEMO_EMPLOYEE_CODE
from .province import DEMO_SEED

DEMO_NAMESPACE = uuid.UUID("6f1c1d0e-3b1a-4c55-9d1e-2f0b5a7c9e11")
PASS_MARK = 80
QUIZ_LESSON_TITLE = "Bài kiểm tra cuối khoá"
PERIOD_START = datetime.datetime(2024, 1, 15, 8, 0, tzinfo=datetime.UTC)
PERIOD_END = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)


def quiz_plugin_installed() -> bool:
    """Whether the quiz plugin (or one offering its block and rule) is loaded: the demo's
    quizzes are plain data in its block format, added only where a plugin reads them."""
    return "quiz_passed" in requirement_types()


def _stable_id(*parts: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(parts)))


def _quiz_value(slug: str, quiz: dict) -> dict:
    questions = []
    for number, (text, answers, explanation) in enumerate(quiz["questions"]):
        questions.append(
            {
                "type": "item",
                "id": _stable_id(slug, "q", str(number)),
                "value": {
                    "text": text,
                    "multiple": sum(1 for _, correct in answers if correct) > 1,
                    "explanation": explanation,
                    "choices": [
                        {
                            "type": "item",
                            "id": _stable_id(slug, "q", str(number), "a", str(index)),
                            "value": {"text": answer, "correct": correct},
                        }
                        for index, (answer, correct) in enumerate(answers)
                    ],
                },
            }
        )
    return {"title": quiz["title"], "max_attempts": quiz["max_attempts"], "questions": questions}


def _publish(page) -> None:
    page.save_revision().publish()


def course_build(
    *, catalogue: CourseIndexPage, spec: dict, units: dict[str, OrgUnit]
) -> CoursePage:
    course = CoursePage.objects.filter(slug=spec["slug"]).first()
    cover = cover_image_ensure(slug=spec["slug"], course_title=spec["title"])
    if course is not None:
        if course.cover_image_id is None and cover is not None:  # seeded before covers existed
            course.cover_image = cover
            _publish(course)
        return course
    requirements = [{"type": "all_lessons_done", "value": None}]
    if quiz_plugin_installed():
        requirements.append({"type": "quiz_passed", "value": {"pass_mark": PASS_MARK}})
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        estimated_minutes=spec["minutes"],
        cover_image=cover,
        issuing_unit=units.get(spec["unit"]),
        completion_requirements=requirements,
        # The demo trainer's own courses, so their "My courses" panel has something to show.
        owner=get_user_model().objects.filter(username="trainer").first(),
        **{
            flag: flag in spec["audiences"]
            for flag in ("for_state_staff", "for_it_officers", "for_citizens")
        },
    )
    catalogue.add_child(instance=course)
    course.competency_areas.set(CompetencyArea.objects.filter(code__in=spec["areas"]))
    _publish(course)
    for number, (title, paragraphs) in enumerate(spec["lessons"], start=1):
        body = [{"type": "rich_text", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}]
        if number == 1:
            body.append(
                {
                    "type": "callout",
                    "value": {
                        "kind": "tip",
                        "title": "Học trên điện thoại",
                        "body": "<p>Bạn có thể học từng bài ngắn trên điện thoại, khi rảnh.</p>",
                    },
                }
            )
        lesson = LessonPage(title=title, slug=f"bai-{number}", body=body)
        course.add_child(instance=lesson)
        _publish(lesson)
    if quiz_plugin_installed():
        quiz = LessonPage(
            title=QUIZ_LESSON_TITLE,
            slug="kiem-tra",
            body=[
                {
                    "type": "quiz",
                    "id": _stable_id(spec["slug"], "quiz"),
                    "value": _quiz_value(spec["slug"], spec["quiz"]),
                }
            ],
        )
        course.add_child(instance=quiz)
        _publish(quiz)
    return course


def courses_build(*, units: dict[str, OrgUnit]) -> list[CoursePage]:
    competency_areas_ensure(CompetencyArea)
    catalogue = CourseIndexPage.objects.get()
    return [course_build(catalogue=catalogue, spec=spec, units=units) for spec in COURSES]


# Progress ---------------------------------------------------------------------------------


def _user_for(person: Person):
    """A login for a roster person (no usable password: demo learners cannot sign in)."""
    if person.user_id:
        return person.user
    family, _, given = person.full_name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=(person.employee_code or f"citizen-{person.pk}").lower(),
        defaults={"first_name": given[:150], "last_name": family[:150]},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user"])
    return user


def learner_journey(
    *,
    user,
    course: CoursePage,
    lessons: list[LessonPage],
    rng: random.Random,
    outcome: str,
    start: datetime.datetime,
) -> Enrollment:
    """Enrol, then complete lessons ("partial", "passed" or "failed") at plausible times."""
    enrollment = enrollment_create(user=user, course=course, at=start)
    at = start
    plain = [lesson for lesson in lessons if not lesson.has_graded_activity]
    graded = [lesson for lesson in lessons if lesson.has_graded_activity]
    done = plain if outcome != "partial" else plain[: rng.randint(1, max(len(plain) - 1, 1))]
    for lesson in done:
        at += datetime.timedelta(hours=rng.randint(2, 72))
        lesson_complete(enrollment=enrollment, lesson=lesson, at=at)
    if outcome == "partial" or not graded:
        return enrollment
    for lesson in graded:
        at += datetime.timedelta(hours=rng.randint(2, 72))
        # The plugin that owns the graded activity records the attempts: the demo does not
        # import plugins.
        hooks.after_demo_lesson_reached(
            enrollment=enrollment, lesson=lesson, passes=outcome == "passed", at=at
        )
    return enrollment


def progress_build(*, courses: list[CoursePage]) -> int:
    """Enrollments for a good share of the roster and some citizens; once only."""
    if Enrollment.objects.filter(course__in=courses).exists():
        return 0
    rng = random.Random(DEMO_SEED)
    lessons = {
        course.pk: list(LessonPage.objects.live().child_of(course).order_by("path"))
        for course in courses
    }
    public_services, transformation, security, it_skills = courses
    span = (PERIOD_END - PERIOD_START).total_seconds()
    count = 0
    # Left without a login: the demo's single sign-on links her record (lms/demo/people.py).
    people = (
        Person.objects.filter(kind=Person.Kind.STAFF, user__isnull=True)
        .exclude(employee_code=SSO_DEMO_EMPLOYEE_CODE)
        .order_by("pk")
    )
    for person in people:
        plan = []
        if rng.random() < 0.75:
            plan.append(transformation)
        if rng.random() < 0.45:
            plan.append(security)
        if rng.random() < 0.2:
            plan.append(public_services)
        if person.is_it_officer and rng.random() < 0.85:
            plan.append(it_skills)
        if not plan:
            continue
        user = _user_for(person)
        for course in plan:
            start = PERIOD_START + datetime.timedelta(seconds=rng.random() * span)
            roll = rng.random()
            outcome = "passed" if roll < 0.72 else "failed" if roll < 0.8 else "partial"
            learner_journey(
                user=user,
                course=course,
                lessons=lessons[course.pk],
                rng=rng,
                outcome=outcome,
                start=start,
            )
            count += 1
    count += citizens_build(course=public_services, lessons=lessons[public_services.pk], rng=rng)
    demo_learner = get_user_model().objects.get(username="learner")
    learner_journey(
        user=demo_learner,
        course=security,
        lessons=lessons[security.pk],
        rng=rng,
        outcome="partial",
        start=timezone.now() - datetime.timedelta(days=10),
    )
    return count + 1


def citizens_build(*, course: CoursePage, lessons: list[LessonPage], rng: random.Random) -> int:
    """Citizens of the Tân Uyên wards who registered and took the public services course. Those
    who registered before the 2025 reform moved with their ward into the merged one."""
    from faker import Faker

    from lms.org.models import Placement
    from lms.org.services import person_place

    from .merger import MERGERS, REFORM_DATE
    from .province import vietnamese_name

    fake = Faker("vi_VN")
    fake.seed_instance(DEMO_SEED + 1)
    successor_of = {old: new for olds, new in MERGERS for old in olds}
    old_wards = ["BDG-TU-KB", "BDG-TU-UH", "BDG-TU-TPK", "BDG-TU-THH"]
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__startswith=("BDG-TU-"))}
    units.update(
        {unit.code: unit for unit in OrgUnit.objects.filter(code__in=["HCM-TK", "HCM-TU"])}
    )
    count = 0
    for number in range(60):
        old_ward = units[old_wards[number % len(old_wards)]]
        new_ward = units[successor_of[old_ward.code]]
        start = PERIOD_START + datetime.timedelta(days=rng.randint(0, 1000))
        registered = start.date()
        birth = fake.date_between_dates(datetime.date(1966, 1, 1), datetime.date(2006, 12, 31))
        ward = old_ward if registered < REFORM_DATE else new_ward
        person = Person.objects.create(
            kind=Person.Kind.CITIZEN,
            full_name=vietnamese_name(fake, rng),
            unit=ward,
            date_of_birth=birth,
            sex=Person.Sex.FEMALE if number % 2 else Person.Sex.MALE,
            joined_on=registered,
            consent_at=start,
        )
        Placement.objects.create(
            person=person, unit=ward, start_on=registered, kind=Person.Kind.CITIZEN
        )
        if ward != new_ward:
            person_place(person=person, unit=new_ward, start_on=REFORM_DATE)
        user = _user_for(person)
        outcome = "passed" if rng.random() < 0.8 else "partial"
        learner_journey(
            user=user, course=course, lessons=lessons, rng=rng, outcome=outcome, start=start
        )
        count += 1
    return count
