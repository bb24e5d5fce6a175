"""The demo learner takes a whole demo course in a real browser."""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pypdfium2
import zxingcpp

from lms.demo.accounts import DEMO_PASSWORD
from lms.demo.course_content import COURSES
from tests.e2e.conftest import serious_accessibility_violations

COURSE = COURSES[0]  # online public services: the demo learner has not enrolled in it


def log_in(page, base_url, username):
    page.visit(base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_learner_enrols_completes_every_lesson_and_the_quiz(page, demo_site):
    log_in(page, demo_site, "learner")
    page.visit(demo_site + "/courses/")
    page.get_by_role("link", name=COURSE["title"]).click()
    page.wait_for_load_state()
    page.snap("course")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Ghi danh").click()
    page.wait_for_load_state()

    for title, _ in COURSE["lessons"]:
        assert page.locator("h1").inner_text() == title
        page.snap("lesson")
        page.get_by_role("button", name="Đánh dấu đã xong").click()
        page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Bài kiểm tra cuối khoá"
    assert serious_accessibility_violations(page) == []
    for question, answers, _ in COURSE["quiz"]["questions"]:
        group = page.get_by_role("group", name=question)
        for answer, correct in answers:
            if correct:
                group.get_by_label(answer, exact=True).check()
    page.snap("quiz-answered")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_load_state()
    page.snap("quiz-result")
    assert "Đã nộp bài: đúng 3/3 câu (100%)" in page.content()

    page.visit(demo_site + "/me/")
    completed = page.locator("section", has=page.get_by_role("heading", name="Đã hoàn thành"))
    assert COURSE["title"] in completed.inner_text()
    assert "đạt" in completed.inner_text()
    assert serious_accessibility_violations(page) == []

    # The certificate: downloaded from My learning, read back, and checked from its QR code.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    data = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Trần Thu Hà" in text and COURSE["title"] in " ".join(text.split())
    image = pypdfium2.PdfDocument(data)[0].render(scale=3).to_pil()
    [qr] = [code.text for code in zxingcpp.read_barcodes(image)]
    assert "/certificates/verify/" in qr
    page.visit(demo_site + urlsplit(qr).path)
    page.snap("verification")
    assert "Giấy chứng nhận hợp lệ" in page.content() and "Trần Thu Hà" in page.content()
    assert serious_accessibility_violations(page) == []


def test_my_learning_and_lesson_pages_work_on_a_phone(phone_page, demo_site):
    log_in(phone_page, demo_site, "learner")
    phone_page.visit(demo_site + "/me/")
    in_progress = phone_page.locator(
        "section", has=phone_page.get_by_role("heading", name="Đang học")
    )
    assert "An toàn thông tin cơ bản" in in_progress.inner_text()
    phone_page.get_by_role("link", name="An toàn thông tin cơ bản").click()
    phone_page.wait_for_load_state()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert serious_accessibility_violations(phone_page) == []
