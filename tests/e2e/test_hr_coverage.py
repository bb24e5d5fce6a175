"""Tân Uyên's HR officer opens Coverage in a real browser, drills into a ward, downloads the
XLSX export, and cannot reach a unit outside Tân Uyên."""

import io
from pathlib import Path

from openpyxl import load_workbook

from lms.org.models import OrgUnit

from .conftest import admin_login, serious_accessibility_violations


def test_tan_uyen_officer_follows_coverage_down_to_a_ward(page, demo_site):
    admin_login(page, demo_site, "hr.tanuyen")
    page.get_by_role("button", name="Tỷ lệ đào tạo").click()
    page.get_by_role("link", name="Báo cáo tỷ lệ đào tạo").click()
    page.wait_for_load_state()
    page.snap("coverage")
    cards = page.locator(".coverage-card")
    assert cards.count() == 3  # T1, T2, T3 of this year
    assert "Cán bộ, công chức" in cards.first.inner_text()
    assert page.locator('svg[role="img"] desc').count() == 1  # the trend, with its text
    assert serious_accessibility_violations(page) == []

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

    outside = OrgUnit.objects.get(code="HCM-SKHCN")
    response = page.goto(f"{demo_site}/admin/coverage/?unit={outside.pk}")
    assert response.status == 404


def test_coverage_reads_on_a_phone(phone_page, demo_site):
    admin_login(phone_page, demo_site, "hr.tanuyen")
    phone_page.visit(demo_site + "/admin/coverage/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing wider than the screen: the table scrolls in its box
    assert phone_page.locator(".coverage-card").first.is_visible()
