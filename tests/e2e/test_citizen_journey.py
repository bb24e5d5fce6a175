"""A citizen finds registration from the login page, registers on a phone or a desktop, lands
signed in and opens their profile; every page is checked for sideways scrolling and axe."""

import pytest

from tests.e2e.conftest import assert_page_is_sound

PASSWORD = "mat-khau-du-dai-2025"


@pytest.fixture
def communes(live_site):
    from lms.demo.province import units_build

    units_build()
    return live_site


def register_from_the_login_page(page, base_url: str, *, username: str) -> None:
    page.visit(base_url + "/accounts/login/")
    assert_page_is_sound(page)
    page.get_by_role("link", name="Người dân đăng ký miễn phí tại đây").click()
    page.wait_for_url("**/accounts/register/")
    page.snap("register")
    assert_page_is_sound(page)

    page.get_by_label("Họ và tên", exact=True).fill("Lê Thị Mai")
    page.get_by_label("Ngày sinh", exact=True).fill("1994-04-12")
    page.get_by_label("Nữ", exact=True).check()
    page.get_by_label("Xã, phường nơi bạn cư trú", exact=True).select_option(
        label="Phường Khánh Bình (BDG-TU-KB)"
    )
    page.get_by_label("Email").fill(f"{username}@example.invalid")
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("checkbox").check()
    page.snap("register-filled")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_load_state()


def assert_landed_signed_in(page) -> None:
    assert "Chào mừng bạn! Tài khoản đã sẵn sàng." in page.content()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert_page_is_sound(page)


def open_profile(page) -> None:
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    page.wait_for_url("**/me/profile/")
    page.snap("profile")
    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"
    assert "Phường Khánh Bình, Thành phố Tân Uyên, Tỉnh Bình Dương" in page.content()
    assert page.get_by_label("Họ và tên", exact=True).input_value() == "Lê Thị Mai"
    assert_page_is_sound(page)


def test_citizen_registers_on_a_phone_and_opens_their_profile(phone_page, communes):
    register_from_the_login_page(phone_page, communes, username="mai.phone")
    assert_landed_signed_in(phone_page)
    open_profile(phone_page)


def test_citizen_registers_on_a_desktop_and_opens_their_profile(page, communes):
    register_from_the_login_page(page, communes, username="mai.desktop")
    assert_landed_signed_in(page)
    open_profile(page)


def test_a_forgotten_password_is_asked_for_from_the_login_page_on_a_phone(phone_page, live_site):
    phone_page.visit(live_site + "/accounts/login/")
    phone_page.get_by_role("link", name="Quên mật khẩu?").click()
    phone_page.wait_for_url("**/accounts/password/reset/")
    assert_page_is_sound(phone_page)
    phone_page.get_by_label("Email", exact=True).fill("nobody@example.invalid")
    phone_page.get_by_role("button", name="Gửi đường liên kết cho tôi").click()
    phone_page.wait_for_url("**/accounts/password/reset/sent/")
    assert phone_page.locator("h1").inner_text() == "Hãy kiểm tra email của bạn"
    assert_page_is_sound(phone_page)
