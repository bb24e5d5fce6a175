"""A visitor without an account, on a 360 px phone and on a desktop: the course catalogue with
its covers, and the certificate verification page with each of its verdicts."""

import datetime

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_context, verification_code
from courses.models import Enrollment
from tests.e2e.conftest import assert_page_is_sound


def certificates_issued() -> tuple[Certificate, Certificate]:
    """Two certificates of demo completions, one valid and one revoked, with the strings the
    site freezes (their PDFs are not needed to verify them)."""
    made = []
    enrollments = Enrollment.objects.filter(
        passed=True, certificate__isnull=True, course__certificate_template__isnull=False
    ).select_related("course__certificate_template", "person", "user")[:2]
    with transaction.atomic():
        for sequence, enrollment in enumerate(enrollments, start=9001):
            template = enrollment.course.certificate_template
            code = verification_code()
            serial = f"{sequence}/2026/GCN-{template.issuer_code}"
            made.append(
                Certificate.objects.create(
                    enrollment=enrollment,
                    template=template,
                    code=code,
                    issuer_code=template.issuer_code,
                    year=2026,
                    sequence=sequence,
                    serial=serial,
                    status=Certificate.Status.ISSUED,
                    issued_at=timezone.now(),
                    context=certificate_context(
                        enrollment=enrollment, template=template, serial=serial, code=code
                    ),
                )
            )
    valid, revoked = made
    revoked.status = Certificate.Status.REVOKED
    revoked.revoked_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 10, 0))
    revoked.save(update_fields=["status", "revoked_at"])
    return valid, revoked


def verdict(page) -> str:
    return page.locator("[data-verdict]").get_attribute("data-verdict")


def test_catalogue_on_a_phone_shows_covers_without_sideways_scrolling(phone_page, demo_site):
    phone_page.visit(demo_site + "/courses/")
    cards = phone_page.locator(".course-card")
    assert cards.count() == 4
    first = cards.first.locator("img")
    assert first.get_attribute("loading") == "lazy" and first.get_attribute("sizes")
    assert first.get_attribute("srcset").count("w,") == 2  # three widths
    first.evaluate("image => image.decode()")  # it loads: a rendition the site serves
    assert "/media/images/" in first.evaluate("image => image.currentSrc")
    assert_page_is_sound(phone_page)
    phone_page.get_by_label("Tìm kiếm").fill("an toàn")
    phone_page.get_by_role("button", name="Tìm khoá học").click()
    phone_page.wait_for_load_state()
    phone_page.snap("searched")
    assert phone_page.locator(".filters .field--actions a").is_visible()  # "Xoá bộ lọc"
    assert_page_is_sound(phone_page)


def test_catalogue_filters_stay_on_one_row_on_a_desktop(page, demo_site):
    page.visit(demo_site + "/courses/?q=k%E1%BB%B9+n%C4%83ng&audience=for_state_staff")
    assert_page_is_sound(page)
    form = page.locator("form.filters").bounding_box()
    search = page.get_by_label("Tìm kiếm").bounding_box()
    button = page.get_by_role("button", name="Tìm khoá học").bounding_box()
    clear = page.locator(".filters .field--actions a").bounding_box()  # "Xoá bộ lọc"
    # The button and "clear" sit on the search field's row, inside the form, side by side.
    for box in (button, clear):
        assert box["x"] + box["width"] <= form["x"] + form["width"] + 0.5
        assert box["y"] < search["y"] + search["height"] and box["y"] + box["height"] > search["y"]
    assert clear["x"] >= button["x"] + button["width"]
    assert clear["height"] < button["height"]  # one line of text: it did not wrap


def test_verifying_a_code_typed_as_it_comes_on_a_phone(phone_page, demo_site):
    valid, _revoked = certificates_issued()
    phone_page.visit(demo_site + "/")
    phone_page.get_by_role("link", name="Tra cứu giấy chứng nhận").click()
    phone_page.wait_for_load_state()
    assert_page_is_sound(phone_page)
    typed = valid.code.lower().replace("-", " ")
    field = phone_page.get_by_label("Mã tra cứu")
    field.press_sequentially(typed)
    assert field.input_value() == typed  # nothing rewrites it while typing
    phone_page.get_by_role("button", name="Tra cứu").click()
    phone_page.wait_for_load_state()
    phone_page.snap("valid")
    assert verdict(phone_page) == "valid"
    assert phone_page.get_by_label("Mã tra cứu").input_value() == typed  # nor after
    panel = phone_page.locator(".verdict")
    assert panel.locator("svg[aria-hidden=true]").count() == 1
    assert valid.context["recipient_name"] in panel.inner_text()
    assert valid.context["course_title"] in panel.inner_text()
    assert_page_is_sound(phone_page)

    field = phone_page.get_by_label("Mã tra cứu")
    field.fill("ABCD-EFGH-JKLM-NPQ0")
    field.press("Enter")
    phone_page.wait_for_load_state()
    phone_page.snap("not-found")
    assert verdict(phone_page) == "not_found"
    assert "ABCD-EFGH-JKLM-NPQR" in phone_page.locator(".verdict").inner_text()  # the hint
    assert_page_is_sound(phone_page)


def test_the_address_in_a_revoked_certificates_qr_code_on_a_desktop(page, demo_site):
    _valid, revoked = certificates_issued()
    page.visit(f"{demo_site}/certificates/verify/{revoked.code}/")
    assert verdict(page) == "revoked"
    assert "Đã thu hồi ngày 20/05/2026" in page.locator(".verdict").inner_text()
    assert page.get_by_label("Mã tra cứu").input_value() == revoked.code
    assert_page_is_sound(page)
    response = page.visit(demo_site + "/khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert_page_is_sound(page)
