"""Certificates: issued on a pass in the completing transaction, rendered by a task into a
PDF/A-3b that reads back exactly, frozen, gapless serials, verification and downloads."""

import datetime
import hashlib
import io
import unicodedata

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.db import transaction

from certificates.issuing import certificate_render
from certificates.models import Certificate, CertificateTemplate
from certificates.rendering import certificate_html
from certificates.services import (
    CertificateError,
    certificate_revoke,
    code_normalise,
    serial_take,
)
from plugins import hookimpl
from plugins.testing import plugin_registered
from tests.factories import UserFactory, course_with_lessons
from tests.targets.conftest import complete, staff

pytestmark = pytest.mark.django_db
D = datetime.date
ISSUED_ON = D(2026, 3, 27)


def issue(person, course, on=ISSUED_ON, *, callbacks):
    with callbacks(execute=True):
        enrollment = complete(person, course, on=on)
    return Certificate.objects.get(enrollment=enrollment)


def template_form(template) -> dict:
    """The admin form's fields of a template, as they are."""
    fields = (
        "name", "page_size", "orientation", "parent_body", "issuing_body", "issuer_code",
        "place", "signatory_title", "signatory_name", "serial_pattern", "css", "body_html",
    )  # fmt: skip
    return {field: getattr(template, field) for field in fields}


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_pass_issues_a_certificate_rendered_after_commit(
    learner, certified_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        enrollment = complete(learner, certified_course, on=D(2026, 3, 27))
        certificate = Certificate.objects.get(enrollment=enrollment)
        assert certificate.status == Certificate.Status.PENDING  # same transaction
        assert certificate.serial == "0001/2026/GCN-STTTT"
    for callback in callbacks:
        callback()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and certificate.issued_at
    with certificate.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert certificate.context["recipient_name"] == "Nguyễn Thị Hồng Nhung"


def test_no_certificate_without_a_pass_or_a_template(
    units, site, certified_course, django_capture_on_commit_callbacks
):
    from courses.models import LessonPage
    from courses.services import enrollment_create
    from plugins.quiz.services import quiz_submit
    from tests.targets.conftest import at

    graded = course_with_lessons(
        lessons=0,
        quiz=True,
        max_attempts=1,
        certificate_template=certified_course.certificate_template,
    )
    person = staff(units["BDG-STTTT"])
    enrollment = enrollment_create(user=person.user, course=graded, at=at(D(2026, 3, 1)))
    quiz_submit(
        enrollment=enrollment,
        lesson=LessonPage.objects.child_of(graded).get(),
        block_id="quiz-1",
        answers={"q1": ["q1-a2"], "q2": ["q2-b3"]},
        attempt_number=1,
        at=at(D(2026, 3, 1)),
    )
    enrollment.refresh_from_db()
    assert enrollment.completed_at and enrollment.passed is False
    plain = course_with_lessons(title="Không có giấy chứng nhận")
    complete(person, plain, on=D(2026, 3, 2))
    assert not Certificate.objects.exists()


def test_the_pdf_reads_back_exactly_and_declares_pdf_a_3b(
    learner, certified_course, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    text = pdf_text(certificate)
    assert "Nguyễn Thị Hồng Nhung" in text
    assert unicodedata.is_normalized("NFC", text)
    assert "GIẤY CHỨNG NHẬN" in text and "Số: 0001/2026/GCN-STTTT" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(data))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in metadata and b'pdfaid:conformance="B"' in metadata
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert all(
        "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts
    )  # every font embedded
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [
        f"http://127.0.0.1:8000/certificates/verify/{certificate.code}/"
    ]


def test_an_issued_certificate_is_frozen(
    learner, certified_course, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    sha, context = certificate.sha256, dict(certificate.context)
    learner.full_name = "Nguyễn Thị Nhung"
    learner.save()
    template = certified_course.certificate_template
    template.body_html = "<p>{{ recipient_name }} — mẫu mới</p>"
    template.save()
    template.save_revision()
    assert certificate_render(certificate_id=certificate.pk) is False  # already issued
    certificate.refresh_from_db()
    assert certificate.sha256 == sha and certificate.context == context
    assert "Nguyễn Thị Hồng Nhung" in pdf_text(certificate)


def test_the_render_task_is_idempotent(
    learner, certified_course, django_capture_on_commit_callbacks
):
    calls = []

    class Recorder:
        @hookimpl
        def after_certificate_issued(self, certificate):
            calls.append(certificate.pk)

    with plugin_registered(Recorder(), name="recorder"):
        certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            assert certificate_render(certificate_id=certificate.pk) is False
    assert calls == [certificate.pk]
    storage = certificate.pdf.storage
    _dirs, files = storage.listdir(f"certificates/{certificate.year}")
    assert [name for name in files if name.startswith(certificate.code)] == [
        f"{certificate.code}-v1.pdf"
    ]


def test_serials_are_gapless_per_issuer_and_year(
    units, certified_course, django_capture_on_commit_callbacks
):
    people = [staff(units["BDG-STTTT"]) for _ in range(3)]
    serials = [
        issue(person, certified_course, callbacks=django_capture_on_commit_callbacks).serial
        for person in people
    ]
    assert serials == ["0001/2026/GCN-STTTT", "0002/2026/GCN-STTTT", "0003/2026/GCN-STTTT"]
    with pytest.raises(RuntimeError), transaction.atomic():
        assert serial_take(issuer_code="STTTT", year=2026) == 4
        raise RuntimeError("the completion fails")
    assert serial_take(issuer_code="STTTT", year=2026) == 4  # given back, no gap
    assert serial_take(issuer_code="STTTT", year=2027) == 1


def test_verification_says_valid_revoked_or_not_found(
    client, learner, certified_course, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    page = client.get(f"/certificates/verify/{certificate.code}/")
    html = page.content.decode()
    assert (
        page.status_code == 200
        and "Giấy chứng nhận hợp lệ" in html
        and "Nguyễn Thị Hồng Nhung" in html
    )
    assert learner.employee_code not in html  # only what the certificate shows
    typed = client.get(
        "/certificates/verify/", {"code": certificate.code.lower().replace("-", " ")}
    )
    # Answered in place, under what was typed: no redirect rewrites the code.
    assert typed.status_code == 200 and "Giấy chứng nhận hợp lệ" in typed.content.decode()
    admin = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=admin, reason="Sai họ tên")
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, by=admin, reason="again")
    html = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "Đã thu hồi ngày" in html
    missing = client.get("/certificates/verify/AAAA-BBBB-CCCC-DDDD/")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()
    client.cookies["lms_language"] = "en"
    assert "Revoked on" in client.get(f"/certificates/verify/{certificate.code}/").content.decode()


def test_verification_is_rate_limited(client, settings, db):
    settings.LMS_RATE_VERIFY = "3/m"
    answers = [
        client.get("/certificates/verify/AAAA-BBBB-CCCC-DDDD/").status_code for _ in range(4)
    ]
    assert answers == [404, 404, 404, 429]


def test_only_the_owner_and_scoped_staff_download(
    client, units, learner, certified_course, django_capture_on_commit_callbacks
):
    from tests.org.conftest import officer_of

    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    url = f"/certificates/{certificate.code}/download/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # another learner
    client.force_login(officer_of("hr.tu", units["BDG-TU"]))
    assert client.get(url).status_code == 404  # HR officer of another unit
    client.force_login(officer_of("hr.stttt", units["BDG-STTTT"]))
    assert client.get(url).status_code == 200
    client.force_login(learner.user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get("/me/").content.decode()
    assert url in page and certificate.serial in page


def test_my_learning_says_a_certificate_is_being_prepared(
    client, learner, certified_course, django_capture_on_commit_callbacks
):
    complete(learner, certified_course, on=D(2026, 3, 27))  # the task has not run yet
    client.force_login(learner.user)
    assert "đang được chuẩn bị" in client.get("/me/").content.decode()


@pytest.mark.parametrize(
    "body, message",
    [
        ("{% load static %}<p>x</p>", "không được phép"),
        ("{% include 'base.html' %}", "không được phép"),
        ("{% debug %}", "không được phép"),
        ("{% if %}", "Lỗi"),
        ("<p>{{ recipient_name|date:'Y' }}</p>", None),
    ],
)
def test_the_template_sandbox_refuses_what_it_must(certificate_template, body, message):
    certificate_template.body_html = body
    if message is None:
        certificate_template.full_clean()  # a harmless filter on a string is fine
        return
    with pytest.raises(ValidationError) as refused:
        certificate_template.full_clean()
    assert message in str(refused.value.message_dict["body_html"])


def test_a_template_sees_only_frozen_strings(certificate_template):
    certificate_template.body_html = (
        "<p>[{{ user.password }}][{{ enrollment.user.email }}][{{ recipient_name.upper }}]</p>"
    )
    rendered = certificate_html(
        template=certificate_template, context={"recipient_name": "Lê Văn Bình"}
    )
    assert "<p>[][][LÊ VĂN BÌNH]</p>" in rendered.html


def test_codes_are_long_random_and_typeable():
    from certificates.services import CODE_ALPHABET, verification_code

    codes = {verification_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert len(code.replace("-", "")) == 16 and len(CODE_ALPHABET) == 32  # 80 bits
    assert code_normalise(code.lower().replace("-", " ")) == code


def test_a_bad_template_is_refused_in_the_admin(client, certificate_template):
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/certificates/certificatetemplate/edit/{certificate_template.pk}/"
    data = template_form(certificate_template)
    response = client.post(url, {**data, "body_html": "{% include 'x.html' %}"})
    assert response.status_code == 200
    assert "không được phép" in response.content.decode()
    assert CertificateTemplate.objects.get().body_html != "{% include 'x.html' %}"


def test_reissue_keeps_the_code_records_the_old_version_and_renders_again(
    client, learner, certified_course, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    old_sha, old_pdf = certificate.sha256, certificate.pdf.name
    learner.full_name = "Nguyễn Thị Hồng Nhung Anh"  # a name correction
    learner.save()
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/certificates/{certificate.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reissue", "reason": "Sửa họ tên"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and certificate.version == 2
    assert certificate.sha256 != old_sha and certificate.serial == "0001/2026/GCN-STTTT"
    assert (
        certificate.history[0]["pdf"] == old_pdf
        and certificate.history[0]["reason"] == "Sửa họ tên"
    )
    assert certificate.pdf.storage.exists(old_pdf)  # the old version is kept
    assert "Nguyễn Thị Hồng Nhung Anh" in pdf_text(certificate)
    assert (
        "Giấy chứng nhận hợp lệ"
        in client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    )


def test_revoking_in_the_admin_needs_a_reason_and_is_recorded(
    client, learner, certified_course, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    url = f"/admin/certificates/{certificate.pk}/"
    assert client.post(url, {"action": "revoke", "reason": ""}).status_code == 200
    client.post(url, {"action": "revoke", "reason": "Cấp nhầm"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert (certificate.revoked_by, certificate.revoke_reason) == (admin, "Cấp nhầm")
    client.force_login(learner.user)
    assert client.get(url).status_code == 302  # not for learners


def test_issue_certificates_command_fills_the_gaps(
    units, site, certificate_template, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    course = course_with_lessons(title="Khoá học cũ")
    people = [staff(units["BDG-STTTT"]) for _ in range(2)]
    for person in people:
        complete(person, course, on=ISSUED_ON)  # passed before the course had a template
    course.certificate_template = certificate_template
    course.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_certificates", "--course", course.slug, verbosity=0)
    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_certificates", "--course", course.slug, "--rerender", verbosity=0)
    assert set(Certificate.objects.values_list("version", flat=True)) == {2}


def test_the_template_preview_is_the_pdf_with_sample_data(client, certificate_template):
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/certificates/certificatetemplate/preview/{certificate_template.pk}/"
    data = template_form(certificate_template)
    assert client.post(url, {**data, "signatory_name": "Phạm Thị Lan"}).json()["is_valid"]
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Phạm Thị Lan" in text and "Nguyễn Thị Hồng Nhung" in text  # sample recipient


def test_an_hr_officer_finds_the_certificate_on_the_persons_record(
    client, units, learner, certified_course, django_capture_on_commit_callbacks
):
    from tests.org.conftest import officer_of

    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    client.force_login(officer_of("hr.stttt", units["BDG-STTTT"]))
    html = client.get(f"/admin/org/people/{learner.pk}/").content.decode()
    assert f"/certificates/{certificate.code}/download/" in html
    assert certificate.serial in html


def test_trainers_design_certificate_templates(client, site, certificate_template):
    from django.contrib.auth.models import Group

    from courses.setup import TRAINERS_GROUP

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    client.force_login(trainer)
    assert (
        "/admin/snippets/certificates/certificatetemplate/"
        in client.get("/admin/").content.decode()
    )
    url = f"/admin/snippets/certificates/certificatetemplate/edit/{certificate_template.pk}/"
    changed = {**template_form(certificate_template), "signatory_name": "Phạm Văn Đức"}
    assert client.post(url, changed).status_code == 302
    certificate_template.refresh_from_db()
    assert certificate_template.signatory_name == "Phạm Văn Đức"
    assert certificate_template.revisions.count() == 2  # the edit is a new version
    assert client.get("/admin/certificates/bulk/").status_code == 302  # not for trainers


def test_plugins_add_fields_before_the_context_is_frozen(
    learner, certified_course, django_capture_on_commit_callbacks
):
    class Hours:
        @hookimpl
        def extend_certificate_context(self, certificate):
            return {"training_hours": "8 giờ", "recipient_name": "Kẻ mạo danh"}

    template = certified_course.certificate_template
    template.body_html += "<p>Số giờ học: {{ training_hours }}</p>"
    template.save()
    template.save_revision()
    with plugin_registered(Hours(), name="hours"):
        certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    assert certificate.context["training_hours"] == "8 giờ"
    assert certificate.context["recipient_name"] == "Nguyễn Thị Hồng Nhung"  # not overwritten
    assert "Số giờ học: 8 giờ" in pdf_text(certificate)


def test_seal_and_background_images_are_drawn(
    learner, certified_course, django_capture_on_commit_callbacks
):
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    def wagtail_image(colour, name):
        buffer = io.BytesIO()
        PillowImage.new("RGB", (60, 60), colour).save(buffer, "PNG")
        return Image.objects.create(title=name, file=ImageFile(buffer, name=f"{name}.png"))

    template = certified_course.certificate_template
    template.seal_image = wagtail_image("red", "con-dau")
    template.background_image = wagtail_image("ivory", "nen")
    template.save()
    template.save_revision()
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    with certificate.pdf.open("rb") as handle:
        page = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0]
    assert len(page.images) >= 2  # the seal and the background


def test_a_template_cannot_reach_files_or_hosts(certificate_template):
    """Refused with the reason (tests/certificates/test_sandbox.py tries every spelling)."""
    from certificates.rendering import TemplateRefused, certificate_pdf, sample_html

    certificate_template.body_html = (
        '<img src="http://169.254.169.254/latest/meta-data/"><p>{{ recipient_name }}</p>'
    )
    with pytest.raises(TemplateRefused, match=r"169\.254\.169\.254"):
        certificate_pdf(sample_html(template=certificate_template))


@pytest.mark.parametrize(
    "pattern, accepted",
    [
        ("{seq:04d}/{year}/GCN-{issuer}", True),
        ("{issuer}-{year}-{seq}", True),
        ("{seq}-{year}", False),  # two issuers would give the same numbers
        ("{seq}", False),
        ("GCN-{issuer}", False),  # every certificate would get the same number
        ("{seq:999999999}", False),
        ("{year[0]}-{seq}", False),
        ("{seq.real}", False),
        ("{seq", False),
    ],
)
def test_serial_patterns_are_checked(certificate_template, pattern, accepted):
    certificate_template.serial_pattern = pattern
    if accepted:
        certificate_template.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            certificate_template.full_clean()
        assert "serial_pattern" in refused.value.message_dict


def test_the_safe_filter_is_refused(certificate_template):
    certificate_template.body_html = "<p>{{ recipient_name|safe }}</p>"
    with pytest.raises(ValidationError, match="safe"):
        certificate_template.full_clean()
