"""The HR officer's journey, on a desktop and on a 360 px phone: Tân Uyên's officer logs in to
the admin and lands on the coverage of their units, the people awaiting assignment and the
latest roster imports; follows coverage down to a ward (a unit without sub-units) and sees
its people with their training; then who is not trained yet, with how to reach them. Every
page is checked for sideways scrolling and serious accessibility problems."""

from lms.org.models import OrgUnit
from lms.targets.models import Target

from .conftest import admin_login, assert_page_is_sound

AWAITING_IN_THE_DEMO = 5  # lms.demo.merger.LEFT_FOR_HR: Tân Uyên city staff after the split


def avatars_are_served_here(page, site_url: str) -> None:
    """Every avatar is an image of this site (no outside service), and it loads."""
    sources = page.eval_on_selector_all(".avatar img", "images => images.map(i => i.src)")
    assert sources, "no avatar on the page"
    for source in sources:
        assert source.startswith(site_url + "/static/"), source
        response = page.request.get(source)
        assert response.ok and response.headers["content-type"].startswith("image/"), source


def landing_page(page, site_url: str) -> None:
    admin_login(page, site_url, "hr.tanuyen")
    page.snap("dashboard")
    coverage = page.locator("#hr-coverage-section")
    assert coverage.is_visible()
    assert coverage.locator("[data-target]").count() == 3  # T1, T2, T3 of the year
    assert "%" in coverage.locator("[data-percentage]").first.inner_text()
    awaiting = page.locator("#hr-awaiting-section [data-awaiting]")
    assert awaiting.get_attribute("data-awaiting") == str(AWAITING_IN_THE_DEMO)
    assert page.locator("#hr-imports-section").is_visible()
    assert page.locator('a[href="/admin/org/imports/new/"]').count() == 1
    assert page.locator('form[role="search"]').count() == 0  # no page search without pages
    avatars_are_served_here(page, site_url)
    assert_page_is_sound(page)


def down_to_a_ward(page) -> None:
    ward = OrgUnit.objects.get(code="HCM-TK")
    first_target = page.locator("#hr-coverage-section [data-target]").first
    first_target.get_by_role("link", name=ward.name).click()
    page.wait_for_load_state()
    page.snap("ward")
    assert f"unit={ward.pk}" in page.url
    assert ward.name in page.locator("main nav").first.inner_text()  # the trail
    people = page.locator("#unit-people tbody tr")
    assert people.count() > 0
    statuses = page.locator("#unit-people .coverage-person")
    assert statuses.count() == people.count()  # each person with their training
    assert page.locator("#unit-people a[href^='/admin/org/people/']").count() == people.count()
    assert_page_is_sound(page)

    page.get_by_role("link", name="Ai chưa được đào tạo").click()
    page.wait_for_load_state()
    page.snap("not-trained")
    assert page.locator("td.coverage-contact").count() > 0  # a contact column for follow-up
    assert_page_is_sound(page)

    # Scope is the server's: a department outside Tân Uyên is not found, nor its people.
    outside = OrgUnit.objects.get(code="HCM-SKHCN")
    site_url = page.url.split("/admin/")[0]
    assert page.goto(f"{site_url}/admin/coverage/?unit={outside.pk}").status == 404
    target = Target.objects.get(code="T1-2026")  # the demo's, whatever today is
    listed = page.goto(
        f"{site_url}/admin/coverage/not-trained/?target={target.code}&unit={outside.pk}"
    )
    assert listed.status == 404


def test_hr_officer_journey_on_a_desktop(page, demo_site):
    landing_page(page, demo_site)
    down_to_a_ward(page)


def test_hr_officer_journey_on_a_phone(phone_page, demo_site):
    landing_page(phone_page, demo_site)
    down_to_a_ward(phone_page)
