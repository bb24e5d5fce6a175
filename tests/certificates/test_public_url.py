"""A certificate's QR code and printed link point to the site's public address
(LMS_PUBLIC_URL), whatever host or port issued it; the code is printed on its own, under the
QR code as the verification page says, and never split across lines."""

import io
import os
import re
import subprocess
import sys
import time

import pypdf
import pypdfium2
import pytest
import zxingcpp

from tests.conftest import PROJECT_ROOT
from tests.factories import CertificateTemplateFactory, course_with_lessons
from tests.targets.conftest import staff

from .test_certificates import issue

pytestmark = pytest.mark.django_db
PUBLIC = "https://hoctap.binhduong.gov.vn"


def pdf_of(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def qr_codes(pdf: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_qr_code_and_the_printed_link_use_the_public_url(
    settings, learner, certified_course, django_capture_on_commit_callbacks
):
    settings.LMS_PUBLIC_URL = PUBLIC
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    pdf = pdf_of(certificate)
    url = f"{PUBLIC}/certificates/verify/{certificate.code}/"
    assert qr_codes(pdf) == [url]
    text = text_of(pdf)
    assert url in text.replace("\n", "")  # printed, broken (if at all) only between parts
    assert "127.0.0.1" not in text
    assert certificate.context["verification_url"] == url


@pytest.mark.parametrize(
    "page_size, orientation", [("A4", "landscape"), ("A4", "portrait"), ("A5", "portrait")]
)
def test_the_code_is_printed_on_its_own_and_never_split(
    settings, units, site, django_capture_on_commit_callbacks, page_size, orientation
):
    settings.LMS_PUBLIC_URL = "https://dao-tao-chuyen-doi-so.binhduong.gov.vn"  # a long one
    template = CertificateTemplateFactory(page_size=page_size, orientation=orientation)
    course = course_with_lessons(title="Kỹ năng số", certificate_template=template)
    certificate = issue(
        staff(units["BDG-STTTT"]), course, callbacks=django_capture_on_commit_callbacks
    )
    pdf = pdf_of(certificate)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    lines = [line.strip() for line in text_of(pdf).splitlines()]
    code = certificate.code
    assert code in lines  # on a line of its own, under the QR code
    first_group = code[:4]
    for line in lines:  # wherever the code starts, it goes on to its end on the same line
        for start in (match.start() for match in re.finditer(first_group, line)):
            assert line[start : start + len(code)] == code, line
    url = f"{settings.LMS_PUBLIC_URL}/certificates/verify/{code}/"
    assert url in "".join(lines)  # the address breaks only between its parts
    for line in lines:
        if "binhduong.gov.vn" in line or "certificates/" in line:
            assert line.endswith("/") or line.endswith(code + "/"), line


def test_make_run_sets_the_public_url_from_its_port():
    """`PORT=8123 make run` issues certificates for http://127.0.0.1:8123 (seed and server)."""
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    commands = [
        line for line in dry_run.stdout.splitlines() if "seed_demo" in line or "rundemo" in line
    ]
    assert len(commands) == 2, dry_run.stdout
    for command in commands:
        assignment = command.split(" ", 1)[0]  # LMS_PUBLIC_URL=${LMS_PUBLIC_URL:-…}
        env = {k: v for k, v in os.environ.items() if k != "LMS_PUBLIC_URL"}
        shown = subprocess.run(
            ["sh", "-c", f"{assignment} sh -c 'echo \"$LMS_PUBLIC_URL\"'"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert shown.stdout.strip() == "http://127.0.0.1:8123"
        chosen = subprocess.run(
            ["sh", "-c", f"{assignment} sh -c 'echo \"$LMS_PUBLIC_URL\"'"],
            env={**env, "LMS_PUBLIC_URL": PUBLIC},
            capture_output=True,
            text=True,
        )
        assert chosen.stdout.strip() == PUBLIC  # an explicit setting wins


def rundemo_banner(tmp_path, *, port: int, public_url: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'banner.sqlite3'}",
        "LMS_PUBLIC_URL": public_url,
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / f"rundemo-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "rundemo", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and server.poll() is None:
                if "Certificates link to" in log.read_text():
                    time.sleep(0.3)  # the lines after it
                    break
                time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(timeout=20)
    return log.read_text()


def test_rundemo_says_where_certificates_link_and_warns_of_another_port(tmp_path):
    banner = rundemo_banner(tmp_path, port=8712, public_url="http://127.0.0.1:8000")
    assert "Certificates link to: http://127.0.0.1:8000/" in banner
    assert "Warning: LMS_PUBLIC_URL is not this server's port 8712" in banner


def test_templates_left_on_the_former_default_form_get_todays(
    settings, units, site, django_capture_on_commit_callbacks
):
    """Migration 0005: the former default printed the whole link with nothing to keep the code
    in one piece. A template left on it gets today's form (fields and latest revision); one
    someone edited is left alone."""
    import importlib

    from django.apps import apps

    from certificates.defaults import DEFAULT_BODY

    migration = importlib.import_module("certificates.migrations.0005_default_form_prints_the_code")
    former = CertificateTemplateFactory(body_html=migration.FORMER_BODY, css=migration.FORMER_CSS)
    edited_body = migration.FORMER_BODY + "<p>Ghi chú riêng</p>"
    edited = CertificateTemplateFactory(issuer_code="SNV", body_html=edited_body)
    migration.default_form_update(apps, None)
    former.refresh_from_db(), edited.refresh_from_db()
    assert former.body_html == DEFAULT_BODY
    assert former.latest_revision.as_object().body_html == DEFAULT_BODY
    assert edited.body_html == edited_body
    assert edited.latest_revision.as_object().body_html == edited_body
    course = course_with_lessons(title="Khoá học", certificate_template=former)
    certificate = issue(
        staff(units["BDG-STTTT"]), course, callbacks=django_capture_on_commit_callbacks
    )
    assert certificate.code in [line.strip() for line in text_of(pdf_of(certificate)).splitlines()]
