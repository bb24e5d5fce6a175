"""Tân Uyên's HR officer opens Coverage in a real browser, drills into a ward, downloads the
XLSX export, and cannot reach a unit outside Tân Uyên."""

import io
from pathlib import Path

from openpyxl import load_workbook

from lms.org.models import OrgUnit

from .conftest import admin_login, assert_page_is_sound


def test_tan_uyen_officer_follows_coverage_down_to_a_ward(page, demo_site):
    admin_login(page, demo_site, "hr.tanuyen")
    page.get_by_role("button", name="Tỷ lệ đào tạo").click()
    page.get_by_role("link", name="Báo cáo tỷ lệ đào tạo", exact=True).click()
    page.wait_for_load_state()
    page.snap("coverage")
    cards = page.locator(".coverage-card")
    assert cards.count() == 3  # T1, T2, T3 of this year
    assert "Cán bộ, công chức" in cards.first.inner_text()
    assert page.locator('svg[role="img"] desc').count() == 1  # the trend, with its text
    assert_page_is_sound(page)

    page.get_by_role("link", name="Phường Tân Khánh").click()
    page.wait_for_load_state()
    page.snap("ward")
    assert "Phường Tân Khánh" in page.locator("main nav").first.inner_text()  # breadcrumbs
    ward = OrgUnit.objects.get(code="HCM-TK")
    assert f"unit={ward.pk}" in page.url

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về: Bảng tính Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("coverage-T1-") and "-HCM-TK-" in (
        download.suggested_filename
    )
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook.active.values)
    assert rows[1][1] == "HCM-TK" and isinstance(rows[1][2], int) and rows[1][2] > 0

    page.get_by_role("link", name="Ai chưa được đào tạo").click()
    page.wait_for_load_state()
    page.snap("not-trained")
    assert "người chưa được đào tạo" in page.content()
    assert_page_is_sound(page)

    outside = OrgUnit.objects.get(code="HCM-SKHCN")
    response = page.goto(f"{demo_site}/admin/coverage/?unit={outside.pk}")
    assert response.status == 404


def test_coverage_reads_on_a_phone(phone_page, demo_site):
    admin_login(phone_page, demo_site, "hr.tanuyen")
    phone_page.visit(demo_site + "/admin/coverage/")
    assert phone_page.locator(".coverage-card").first.is_visible()
    assert_page_is_sound(phone_page)  # the table scrolls in its own box, not the page


def test_a_past_year_is_chosen_in_the_browser_and_reads_as_closed(page, demo_site):
    """The year leads: choosing 2025 shows its targets as met or not met (never a pace), and
    the date picker then offers only the days of 2025."""
    admin_login(page, demo_site, "hr.tanuyen")
    page.visit(demo_site + "/admin/coverage/")
    page.select_option("#id_year", "2025")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    page.snap("2025")
    assert "year=2025" in page.url
    statuses = page.locator(".coverage-card .coverage-status")
    assert statuses.count() == 3
    for index in range(3):
        classes = statuses.nth(index).get_attribute("class")
        assert "--met" in classes or "--not_met" in classes, classes
    date = page.locator("#id_as_of")
    assert (date.get_attribute("min"), date.get_attribute("max")) == ("2025-01-01", "2025-12-31")
    assert_page_is_sound(page)
