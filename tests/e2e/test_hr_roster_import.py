"""An HR officer of Tân Uyên imports a roster in a real browser: preview, rejected rows,
confirm; and cannot open a unit outside Tân Uyên."""

from lms.org.models import OrgUnit, Person

from .conftest import admin_login

ROSTER = (
    "Họ và tên;Số định danh cá nhân;Mã cán bộ;Ngày sinh;Nhóm vị trí\n"
    "Nguyễn Thị Hoa;079195001234;TK-001;12/05/1995;Công chức\n"
    "Trần Văn Phúc;079190004321;TK-002;1990-01-20;Viên chức\n"
    ";079185009999;TK-003;01/01/1985;Công chức\n"
)


def test_tan_uyen_officer_imports_a_roster(page, demo_site, tmp_path):
    roster = tmp_path / "danh-sach-tan-khanh.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    admin_login(page, demo_site, "hr.tanuyen")

    page.visit(demo_site + "/admin/org/imports/new/")
    page.select_option("#id_unit", label="Phường Tân Khánh (HCM-TK)")
    page.set_input_files("#id_file", str(roster))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    page.snap("preview")
    assert page.locator('[data-count="create"]').inner_text() == "2"
    assert page.locator('[data-count="rejected"]').inner_text() == "1"
    assert "Thiếu họ và tên" in page.locator("#rejected-rows").inner_text()
    assert not Person.objects.filter(employee_code__startswith="TK-").exists()

    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_load_state()
    page.snap("imported")
    assert "Kết quả nhập" in page.content()
    assert Person.objects.filter(employee_code__startswith="TK-", unit__code="HCM-TK").count() == 2

    outside = OrgUnit.objects.get(code="HCM-SKHCN")
    response = page.goto(f"{demo_site}/admin/org/units/{outside.pk}/")
    assert response.status == 404
