"""The demo province with its demo logins, plus one real object of every kind a URL can name.

Built once per test module (see ``conftest.world``). The roles are the demo's own
(lms.demo.accounts: anonymous, learner, citizen, trainer, hr for the whole province,
hr.tanuyen for Tân Uyên only, admin), made by the demo builders, so the matrix tests what
`make run` serves. The demo's 500 enrollments and its trend are left out: they take most of
the seeding time and add no kind of object.

Objects come in pairs where scope matters: ``person`` is in Tân Uyên, ``person_outside``
in another unit, and so on, so the table can say that an HR officer of Tân Uyên gets 404 for
the other one.
"""

import datetime
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

ROSTERS = Path(__file__).resolve().parent.parent / "data" / "rosters"
ROLES = ("anonymous", "learner", "citizen", "trainer", "hr", "hr.tanuyen", "admin")
PASSWORD_RESET_TOKEN = "set-password"  # what Wagtail's reset view redirects to: never valid


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _demo_province():
    """seed_demo without the learners' past progress and the trend (see the module doc)."""
    from lms.demo.certificates import certificates_build
    from lms.demo.courses import courses_build
    from lms.demo.merger import merger_build, placements_backfill
    from lms.demo.people import accounts_build
    from lms.demo.province import province_build
    from lms.demo.targets import targets_build
    from lms.home.services import site_setup

    site_setup()
    units = province_build()
    accounts_build(units)
    placements_backfill()
    merger_build()
    courses = courses_build(units=units)
    targets_build()
    certificates_build(courses=courses)
    return courses


def _learn(user, course, *, on: datetime.date):
    """Complete every lesson (and pass the quiz) through the services the site uses."""
    from courses.models import LessonPage
    from courses.services import enrollment_create, lesson_complete
    from plugins.quiz.selectors import quiz_questions
    from plugins.quiz.services import quiz_submit

    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    enrollment = enrollment_create(user=user, course=course, at=at)
    for lesson in LessonPage.objects.live().child_of(course).order_by("path"):
        if lesson.has_graded_activity:
            quiz = next(child for child in lesson.body if child.block_type == "quiz")
            answers = {
                question["id"]: [
                    choice["id"] for choice in question["choices"] if choice["correct"]
                ]
                for question in quiz_questions(quiz.value)
            }
            quiz_submit(
                enrollment=enrollment,
                lesson=lesson,
                block_id=quiz.id,
                answers=answers,
                attempt_number=1,
                at=at,
            )
        else:
            lesson_complete(enrollment=enrollment, lesson=lesson, at=at)
    enrollment.refresh_from_db()
    return enrollment


def _issued(enrollment):
    """The certificate the completion created, issued with a stored PDF. The PDF is not
    rendered here (WeasyPrint takes seconds and the matrix tests who may fetch it, not what
    it says); tests/certificates covers rendering."""
    from certificates.models import Certificate

    certificate = Certificate.objects.get(enrollment=enrollment)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    certificate.status = Certificate.Status.ISSUED
    certificate.issued_at = timezone.now()
    certificate.save()
    return certificate


def _roster_import(*, unit, user):
    """An uploaded roster, previewed through the import services (its rejected rows can be
    downloaded)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lms.org.roster.imports import roster_import_create
    from lms.org.roster.steps import roster_import_preview

    upload = SimpleUploadedFile("roster.txt", (ROSTERS / "roster_utf16.txt").read_bytes())
    created = roster_import_create(user=user, unit=unit, upload=upload, complete=False)
    return roster_import_preview(import_id=created.pk)


def world_build() -> World:
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        PageViewRestriction,
        Site,
        UploadedFile,
        Workflow,
    )

    from certificates.models import CertificateBatch, CertificateBundle, CertificateTemplate
    from courses.models import CompetencyArea, CourseIndexPage, CoursePage, LessonPage
    from courses.setup import REVIEW_TASK, REVIEW_WORKFLOW
    from lms.home.models import HomePage
    from lms.org.models import LinkRequest, OrgUnit, Person, PopulationFigure, PopulationImport
    from lms.targets.models import Target
    from tests.factories import UserFactory
    from tests.targets.conftest import make_target, staff

    courses = _demo_province()
    users = {user.username: user for user in get_user_model().objects.all()}
    world = World(users={role: users.get(role) for role in ROLES})
    objects = world.objects

    # Pages: the four kinds the site serves, plus a draft in review.
    home, catalogue = HomePage.objects.get(), CourseIndexPage.objects.get()
    course = CoursePage.objects.get(pk=courses[0].pk)
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    lesson = next(item for item in lessons if not item.has_graded_activity)
    quiz_lesson = next(item for item in lessons if item.has_graded_activity)
    quiz_block = next(child for child in quiz_lesson.body if child.block_type == "quiz")
    objects.update(
        home=home.pk,
        catalogue=catalogue.pk,
        course=course.pk,
        other_course=courses[1].pk,
        lesson=lesson.pk,
        quiz_lesson=quiz_lesson.pk,
        quiz_block=quiz_block.id,
        home_url=home.url,
        catalogue_url=catalogue.url,
        course_url=course.url,
        lesson_url=lesson.url,
        quiz_lesson_url=quiz_lesson.url,
        revision=course.latest_revision_id,
        content_app="courses",
        content_model="coursepage",
    )
    draft = CoursePage(
        title="Khoá học đang duyệt", slug="khoa-hoc-dang-duyet", summary="Bản nháp", live=False
    )
    catalogue.add_child(instance=draft)
    draft.save_revision(user=users["trainer"])
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    workflow_state = workflow.start(draft, users["trainer"])
    objects.update(
        draft=draft.pk,
        workflow=workflow.pk,
        task=GroupApprovalTask.objects.get(name=REVIEW_TASK).pk,
        workflow_state=workflow_state.pk,
        task_state=workflow_state.current_task_state.pk,
        task_app="wagtailcore",
        task_model="groupapprovaltask",
    )

    # People, units and imports: in Tân Uyên (its new wards) and outside it.
    template = CertificateTemplate.objects.get()
    tan_uyen_ward = OrgUnit.objects.get(code="HCM-TU")
    outside_unit = OrgUnit.objects.get(code="HCM-SKHCN")
    person = staff(tan_uyen_ward, full_name="Nguyễn Văn Tân")
    person_outside = Person.objects.get(user=users["learner"])
    objects.update(
        unit=tan_uyen_ward.pk,
        unit_outside=outside_unit.pk,
        person=person.pk,
        person_outside=person_outside.pk,
        roster_import=_roster_import(unit=tan_uyen_ward, user=users["hr.tanuyen"]).pk,
        roster_import_outside=_roster_import(unit=outside_unit, user=users["hr"]).pk,
        population_import=PopulationImport.objects.create(
            filename="dan-so.csv", status=PopulationImport.Status.DONE, created_by=users["admin"]
        ).pk,
        population_figure=PopulationFigure.objects.filter(unit=tan_uyen_ward).first().pk,
        population_figure_outside=PopulationFigure.objects.filter(unit__code="HCM").first().pk,
        target=Target.objects.order_by("code").first().pk,
        target_code=Target.objects.order_by("code").first().code,
        target_outside=make_target("T-SKHCN-2026", year=2026, scope=outside_unit).pk,
        competency_area=CompetencyArea.objects.order_by("code").first().pk,
        certificate_template=template.pk,
        template_revision=template.latest_revision_id,
    )

    # The sent log: one e-mail (lms.notifications).
    from lms.notifications.models import OutboundEmail

    objects["outbound_email"] = OutboundEmail.objects.create(
        to="tan@example.gov.vn", kind="invitation", subject="Thư mời", language="vi"
    ).pk

    # Reminders (lms.reminders): a target's schedule, and a citizen's signed opt-out link.
    from lms.reminders.messages import opt_out_token
    from lms.reminders.models import ReminderSchedule

    reminded = staff(
        tan_uyen_ward, kind=Person.Kind.CITIZEN, employee_code="", position_category="", login=False
    )
    objects.update(
        reminder_schedule=ReminderSchedule.objects.create(target_id=objects["target"]).pk,
        opt_out_token=opt_out_token(person_id=reminded.pk),
    )

    # Certificates: the learner's own (outside Tân Uyên) and a Tân Uyên staff member's.
    mine = _issued(_learn(users["learner"], course, on=datetime.date(2026, 3, 2)))
    theirs = _issued(_learn(person.user, course, on=datetime.date(2026, 3, 3)))
    objects.update(
        certificate=theirs.pk,
        certificate_code=theirs.code,
        certificate_outside=mine.pk,
        certificate_outside_code=mine.code,
    )
    bundle = CertificateBundle.objects.create(
        unit=tan_uyen_ward, requested_by=users["hr.tanuyen"], total=1, done=1
    )
    bundle.file.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    bundle.status = CertificateBundle.Status.DONE
    bundle.save()
    bundle_outside = CertificateBundle.objects.create(
        unit=outside_unit, requested_by=users["hr"], status=CertificateBundle.Status.DONE
    )
    bundle_outside.file.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    batch = CertificateBatch.objects.create(
        request_id=uuid.uuid4(),
        action=CertificateBatch.Action.ISSUE,
        course=course,
        requested_by=users["admin"],
    )
    objects.update(bundle=bundle.pk, bundle_outside=bundle_outside.pk, batch=batch.pk)

    # Requests to link a login to a staff record (not yet linked), in Tân Uyên and outside.
    for name, unit in (("link_request", tan_uyen_ward), ("link_request_outside", outside_unit)):
        record = staff(unit, login=False)
        objects[name] = LinkRequest.objects.create(
            user=UserFactory(),
            employee_code=record.employee_code,
            full_name=record.full_name,
            person=record,
        ).pk

    # Wagtail's own objects.
    image = get_image_model().objects.create(
        title="Con dấu", file=ImageFile(io.BytesIO(_png()), name="con-dau.png")
    )
    document = get_document_model().objects.create(
        title="Tài liệu", file=ContentFile(b"tai lieu", name="tai-lieu.txt")
    )
    collection = Collection.get_first_root_node().add_child(name="Riêng tư")
    private_document = get_document_model().objects.create(
        title="Tài liệu riêng", collection=collection, file=ContentFile(b"x", name="rieng.txt")
    )
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="mat-khau"
    )
    page_restriction = PageViewRestriction.objects.create(
        page=draft, restriction_type="password", password="mat-khau"
    )
    uploaded = UploadedFile.objects.create(
        file=ContentFile(b"x", name="tai-len.txt"), uploaded_by_user=users["admin"]
    )
    session = EditingSession.objects.create(
        user=users["admin"],
        content_type_id=course.content_type_id,
        object_id=str(course.pk),
        last_seen_at=timezone.now(),
    )
    objects.update(
        document_url=document.url,
        private_document_url=private_document.url,
        image=image.pk,
        image_filter="original",
        document=document.pk,
        document_filename="tai-lieu.txt",
        private_document=private_document.pk,
        collection=collection.pk,
        collection_restriction=collection_restriction.pk,
        page_restriction=page_restriction.pk,
        uploaded_file=uploaded.pk,
        editing_session=session.pk,
        redirect=Redirect.objects.create(old_path="/cu", redirect_link="/courses/").pk,
        site=Site.objects.get().pk,
        user=users["citizen"].pk,
        group=users["trainer"].groups.get().pk,
        plugin="quiz",
        uidb64="MQ",
        token=PASSWORD_RESET_TOKEN,
        bulk_app="wagtailcore",
        bulk_model="page",
        bulk_action="delete",
    )
    return world


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker) -> World:
    """The world, built once for the test module inside a transaction rolled back at its
    end (as Django's TestCase.setUpClass does); each test runs in its own savepoint.
    Test modules import this fixture (tests/security/conftest.py belongs to the login tests)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield world_build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module", name="role_clients")
def role_clients_fixture(world, django_db_blocker) -> dict[str, Client]:
    """One signed-in test client per demo role (the anonymous one signs in as nobody)."""
    clients = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
            clients[role] = client
    return clients
