"""The demo learner takes a whole demo course in a real browser."""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pypdfium2
import pytest
import zxingcpp

from lms.demo.accounts import DEMO_PASSWORD
from lms.demo.course_content import COURSES
from tests.e2e.conftest import (
    DESKTOP_VIEWPORT,
    PHONE_VIEWPORT,
    ScreenshotPage,
    assert_page_is_sound,
    serious_accessibility_violations,
)

COURSE = COURSES[0]  # online public services: the demo learner has not enrolled in it


def log_in(page, base_url, username):
    page.visit(base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def answer(page, *, right: bool) -> None:
    for question, answers, _ in COURSE["quiz"]["questions"]:
        group = page.get_by_role("group", name=question)
        for text, correct in answers:
            if correct == right:
                group.get_by_label(text, exact=True).check()
                if not right:
                    break  # one wrong answer is enough for a wrong question


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_learner_fails_then_passes_gets_the_certificate_and_resumes(
    browser, demo_site, viewport, request
):
    """The learner's journey of the issue: fail, then pass, certificate, resume; every page
    fits the screen and passes axe."""
    phone = viewport == "phone"
    context = browser.new_context(
        viewport=PHONE_VIEWPORT if phone else DESKTOP_VIEWPORT,
        is_mobile=phone,
        has_touch=phone,
        locale="vi-VN",
        accept_downloads=True,
    )
    page = ScreenshotPage(context.new_page(), request.node.name)
    try:
        log_in(page, demo_site, "learner")
        assert urlsplit(page.url).path == "/me/"  # their own page, not the marketing home
        assert_page_is_sound(page)
        # Resume: the demo learner is part-way through a course.
        resume = page.locator(
            "section", has=page.get_by_role("heading", name="Học tiếp từ chỗ bạn dừng lại")
        )
        assert "An toàn thông tin cơ bản" in resume.inner_text()
        resume.get_by_role("link", name="Tiếp tục học").click()
        page.wait_for_load_state()
        page.snap("resumed")
        assert "/courses/" in page.url and page.locator("h1").count() == 1
        assert_page_is_sound(page)

        page.visit(demo_site + "/courses/")
        page.get_by_role("link", name=COURSE["title"]).first.click()
        page.wait_for_load_state()
        assert_page_is_sound(page)
        page.get_by_role("button", name="Ghi danh").click()
        page.wait_for_load_state()
        for title, _ in COURSE["lessons"]:
            assert page.locator("h1").inner_text() == title
            page.get_by_role("button", name="Đánh dấu đã xong").click()
            page.wait_for_load_state()

        assert page.locator("h1").inner_text() == "Bài kiểm tra cuối khoá"
        quiz = page.locator("section.quiz")
        assert "Điểm đạt: trả lời đúng" in quiz.inner_text()  # the pass mark, before trying
        assert_page_is_sound(page)
        answer(page, right=False)
        page.get_by_role("button", name="Nộp bài").click()
        page.wait_for_load_state()
        page.snap("failed")
        result = page.locator(".quiz-result")
        assert "CHƯA ĐẠT" in result.inner_text().upper()
        assert "Còn 2 lần làm bài" in result.inner_text()
        assert "Chúc mừng" not in page.content()
        outline = page.locator(".lesson-outline")
        if phone:
            outline.locator("summary").click()  # the outline is a drawer on a phone
        assert "chưa đạt" in outline.inner_text()
        assert_page_is_sound(page)

        answer(page, right=True)
        page.get_by_role("button", name="Làm lại").click()
        page.wait_for_load_state()
        page.snap("passed")
        completion = page.locator(".completion--passed")
        assert "Chúc mừng" in completion.inner_text()
        assert "Còn 1 lần làm bài" not in page.content()
        download = completion.get_by_role("link", name="Tải giấy chứng nhận (PDF)")
        download.wait_for(timeout=30_000)  # "being prepared" turns into the link
        assert_page_is_sound(page)
        with page.expect_download() as download_info:
            download.click()
        data = Path(download_info.value.path()).read_bytes()
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
        assert "Trần Thu Hà" in text and COURSE["title"] in " ".join(text.split())
        if not phone:
            image = pypdfium2.PdfDocument(data)[0].render(scale=3).to_pil()
            [qr] = [code.text for code in zxingcpp.read_barcodes(image)]
            assert "/certificates/verify/" in qr
            page.visit(demo_site + urlsplit(qr).path)
            assert "Trần Thu Hà" in page.content()
            assert_page_is_sound(page)

        page.visit(demo_site + "/me/")
        certificates = page.locator(
            "section", has=page.get_by_role("heading", name="Giấy chứng nhận của tôi")
        )
        assert COURSE["title"] in certificates.inner_text()
        assert_page_is_sound(page)
    finally:
        page.snap("end")
        context.close()


def test_my_learning_and_lesson_pages_work_on_a_phone(phone_page, demo_site):
    log_in(phone_page, demo_site, "learner")
    phone_page.visit(demo_site + "/me/")
    in_progress = phone_page.locator(
        "section", has=phone_page.get_by_role("heading", name="Đang học")
    )
    assert "An toàn thông tin cơ bản" in in_progress.inner_text()
    in_progress.get_by_role("link", name="An toàn thông tin cơ bản").click()
    phone_page.wait_for_load_state()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert serious_accessibility_violations(phone_page) == []
