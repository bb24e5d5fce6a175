"""The officer of Tân Uyên's two wards imports one roster naming both wards, in a real browser:
the preview with its counts per unit and its rejected rows (a unit outside their scope among
them), sound on a desktop and on a 360 px phone; confirm; a file without a valid row offers
nothing to confirm; and a unit outside Tân Uyên stays closed to them."""

from lms.org.models import OrgUnit, Person, RosterImport

from .conftest import admin_login, assert_page_is_sound

# Rows name their ward by code or by name, typed as people type them.
ROSTER = (
    "Họ và tên;Số định danh cá nhân;Mã cán bộ;Ngày sinh;Đơn vị;Nhóm vị trí\n"
    "Nguyễn Thị Hoa;079195001234;TK-001;12/05/1995;HCM-TK;Công chức\n"
    "Trần Văn Phúc;079190004321;TU-002;1990-01-20;phuong tan uyen;Viên chức\n"
    "Lê Thị Mỹ;079188004444;TU-003;03/03/1988;P. Tân Uyên;Công chức\n"
    ";079185009999;TK-004;01/01/1985;Phường Tân Khánh;Công chức\n"
    "Phạm Văn Ngoài;079187005555;KH-005;05/05/1987;HCM-SKHCN;Công chức\n"
)
NOTHING_VALID = "Họ và tên;Mã cán bộ;Đơn vị\n;TK-101;HCM-TK\nNgười Ngoài;KH-102;HCM-SKHCN\n"


def upload(page, site_url: str, path) -> None:
    page.visit(site_url + "/admin/org/imports/new/")
    page.select_option("#id_unit", value="")  # the units named in the file, row by row
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()
    page.wait_for_selector("#import-summary, .help-critical")


def assert_fits_the_screen(page, selector: str) -> None:
    """The element ends inside the viewport: the admin's layout clips what is wider rather
    than letting the page scroll sideways, so ``assert_page_is_sound`` cannot see it."""
    right = page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().right")
    width = page.evaluate("document.documentElement.clientWidth")
    assert right <= width, f"{selector} ends at {right}px on a {width}px screen"


def unit_count(page, code: str, what: str) -> str:
    return page.locator(
        f'#import-units tr[data-unit="{code}"] [data-unit-count="{what}"]'
    ).inner_text()


def test_ward_officer_imports_one_roster_into_both_wards(page, phone_page, demo_site, tmp_path):
    roster = tmp_path / "danh-sach-hai-phuong.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    admin_login(page, demo_site, "hr.tanuyen")
    upload(page, demo_site, roster)
    page.snap("preview")
    assert page.locator('#import-summary [data-count="create"]').inner_text() == "3"
    assert page.locator('#import-summary [data-count="rejected"]').inner_text() == "2"
    assert (unit_count(page, "HCM-TK", "create"), unit_count(page, "HCM-TU", "create")) == (
        "1",
        "2",
    )
    rejected = page.locator("#rejected-rows").inner_text()
    assert "Thiếu họ và tên" in rejected and "HCM-SKHCN" in rejected  # outside their wards
    assert not Person.objects.filter(employee_code__in=["TK-001", "TU-002", "TU-003"]).exists()
    assert_page_is_sound(page)

    # The same preview on a 360 px phone.
    preview_url = page.url
    admin_login(phone_page, demo_site, "hr.tanuyen")
    phone_page.visit(preview_url)
    assert phone_page.locator('tr[data-unit="HCM-TU"]').is_visible()
    assert_page_is_sound(phone_page)
    assert_fits_the_screen(phone_page, "#import-units")
    assert_fits_the_screen(phone_page, "#rejected-rows")

    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_load_state()
    page.snap("imported")
    assert "Kết quả nhập" in page.content()
    imported = dict(
        Person.objects.filter(employee_code__in=["TK-001", "TU-002", "TU-003"]).values_list(
            "employee_code", "unit__code"
        )
    )
    assert imported == {"TK-001": "HCM-TK", "TU-002": "HCM-TU", "TU-003": "HCM-TU"}
    assert not Person.objects.filter(employee_code="KH-005").exists()

    outside = OrgUnit.objects.get(code="HCM-SKHCN")
    response = page.goto(f"{demo_site}/admin/org/units/{outside.pk}/")
    assert response.status == 404


def test_a_file_without_a_valid_row_offers_nothing_to_confirm_on_a_phone(
    phone_page, demo_site, tmp_path
):
    roster = tmp_path / "khong-dong-nao.csv"
    roster.write_text(NOTHING_VALID, encoding="utf-8")
    admin_login(phone_page, demo_site, "hr.tanuyen")
    upload(phone_page, demo_site, roster)
    phone_page.snap("nothing-to-import")
    assert phone_page.locator("#nothing-to-import").is_visible()
    assert phone_page.get_by_role("button", name="Xác nhận nhập").count() == 0
    assert phone_page.locator("#rejected-rows tbody tr").count() == 2
    assert_page_is_sound(phone_page)
    assert_fits_the_screen(phone_page, "#nothing-to-import")
    roster_import = RosterImport.objects.get(filename="khong-dong-nao.csv")
    assert roster_import.status == RosterImport.Status.PREVIEWED and not roster_import.confirmable
