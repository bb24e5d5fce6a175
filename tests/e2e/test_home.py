"""The home page in a real browser: Vietnamese first, English through the switch, accessible."""

from tests.e2e.conftest import serious_accessibility_violations


def test_home_page_in_vietnamese_then_english(page, live_site):
    page.visit(live_site + "/")
    assert page.get_attribute("html", "lang") == "vi"  # browser asks for English: still vi
    assert page.locator("h1").inner_text() == "Kỹ năng số cho cán bộ, công chức và người dân"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.snap("english")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Digital skills for public servants and citizens"

    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "vi"


def test_catalogue_and_login_are_reachable_from_home(page, live_site):
    page.visit(live_site + "/")
    page.get_by_role("link", name="Xem danh mục khoá học").click()
    page.wait_for_url("**/courses/")
    page.snap("catalogue")
    assert page.locator("h1").inner_text() == "Danh mục khoá học"
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.wait_for_url("**/accounts/login/**")
    assert page.locator("h1").inner_text() == "Đăng nhập"


def test_skip_link_moves_focus_to_the_main_content(page, live_site):
    page.visit(live_site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    assert skip.evaluate("element => element === document.activeElement")
    page.snap("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_page_has_no_serious_accessibility_violations(page, live_site):
    page.visit(live_site + "/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert serious_accessibility_violations(page) == []


def test_home_page_fits_a_phone(phone_page, live_site):
    phone_page.visit(live_site + "/")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert serious_accessibility_violations(phone_page) == []


def test_login_page_has_no_serious_accessibility_violations(page, live_site):
    page.visit(live_site + "/accounts/login/")
    assert serious_accessibility_violations(page) == []
