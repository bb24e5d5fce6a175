import itertools

import factory
from django.contrib.auth import get_user_model
from faker import Faker

from lms.org.models import OrgUnit, Person

vi_faker = Faker("vi_VN")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password("correct horse battery staple")


def org_unit(*, code: str, name: str = "", kind=OrgUnit.Kind.AGENCY, parent: OrgUnit | None = None):
    """Tree nodes go through treebeard's API, so this is a function rather than a factory."""
    fields = {"code": code, "name": name or code, "kind": kind}
    return parent.add_child(**fields) if parent else OrgUnit.add_root(**fields)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.STAFF
    full_name = factory.LazyFunction(vi_faker.name)
    employee_code = factory.Sequence(lambda n: f"T-{n:05d}")
    position_category = Person.PositionCategory.CIVIL_SERVANT


def quiz_value(*, max_attempts=None, prefix="q"):
    """A two-question quiz: q1 single choice (a1 right), q2 multiple choice (b1, b2 right)."""

    def item(item_id, value):
        return {"type": "item", "id": item_id, "value": value}

    return {
        "title": "Kiểm tra",
        "max_attempts": max_attempts,
        "questions": [
            item(
                f"{prefix}1",
                {
                    "text": "Câu 1",
                    "multiple": False,
                    "explanation": "Vì a1.",
                    "choices": [
                        item(f"{prefix}1-a1", {"text": "A1", "correct": True}),
                        item(f"{prefix}1-a2", {"text": "A2", "correct": False}),
                    ],
                },
            ),
            item(
                f"{prefix}2",
                {
                    "text": "Câu 2",
                    "multiple": True,
                    "explanation": "",
                    "choices": [
                        item(f"{prefix}2-b1", {"text": "B1", "correct": True}),
                        item(f"{prefix}2-b2", {"text": "B2", "correct": True}),
                        item(f"{prefix}2-b3", {"text": "B3", "correct": False}),
                    ],
                },
            ),
        ],
    }


_course_numbers = itertools.count(1)


def course_with_lessons(
    *,
    title="Khoá học thử",
    lessons=2,
    quiz=False,
    max_attempts=None,
    pass_mark=80,
    publish=True,
    slug=None,
    rules_left_empty=False,
    **fields,
):
    """A published course under the catalogue, with plain lessons and optionally a quiz lesson.

    ``rules_left_empty`` saves no completion rules, as a trainer who leaves the form's default.
    """
    from courses.models import CourseIndexPage, CoursePage, LessonPage

    catalogue = CourseIndexPage.objects.get()
    requirements = [{"type": "all_lessons_done", "value": None}]
    if quiz:
        requirements.append({"type": "quiz_passed", "value": {"pass_mark": pass_mark}})
    if rules_left_empty:
        requirements = []
    course = CoursePage(
        title=title,
        slug=slug or f"khoa-hoc-{next(_course_numbers)}",
        summary="Tóm tắt",
        completion_requirements=requirements,
        live=publish,
        **fields,
    )
    catalogue.add_child(instance=course)
    if publish:
        course.save_revision().publish()
    for number in range(1, lessons + 1):
        lesson = LessonPage(
            title=f"Bài {number}",
            slug=f"bai-{number}",
            body=[{"type": "rich_text", "value": f"<p>Nội dung bài {number}</p>"}],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    if quiz:
        lesson = LessonPage(
            title="Kiểm tra",
            slug="kiem-tra",
            body=[{"type": "quiz", "id": "quiz-1", "value": quiz_value(max_attempts=max_attempts)}],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


RIGHT_ANSWERS = {"q1": ["q1-a1"], "q2": ["q2-b1", "q2-b2"]}
HALF_RIGHT_ANSWERS = {"q1": ["q1-a1"], "q2": ["q2-b1"]}


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """The default administrative form for a provincial department, saved as a revision."""

    class Meta:
        model = "certificates.CertificateTemplate"
        skip_postgeneration_save = True

    name = "Mẫu chuẩn"
    parent_body = "UBND TỈNH BÌNH DƯƠNG"
    issuing_body = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    issuer_code = "STTTT"
    place = "Bình Dương"
    signatory_title = "GIÁM ĐỐC"
    signatory_name = "Trần Văn Minh"

    @factory.post_generation
    def revision(template, create, extracted, **kwargs):
        if create:
            template.save_revision()


def course_form(course, **fields) -> dict:
    """What the course editor posts (the fields a trainer sees, as they are), plus ``fields``
    (another value, or an action such as ``action-submit``)."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "estimated_minutes": str(course.estimated_minutes),
            "for_state_staff": "on",
            "completion_requirements": streamfield([]),
        }
    )
    data.update(fields)
    return data
