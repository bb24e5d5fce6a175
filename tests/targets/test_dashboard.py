"""An HR officer's landing page in the admin: the Coverage summary of their units (the
report's own numbers), the people awaiting assignment and the latest roster imports, each
within their scope; no page search for people without pages; no outside avatar service."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders

from lms.org.models import OrgUnit, Person, RosterImport
from tests.factories import UserFactory
from tests.org.conftest import officer_of

from .conftest import staff

pytestmark = pytest.mark.django_db
D = datetime.date
# The officer's whole dashboard with one target of the year (38 today, about 15 of them
# Wagtail's own and its menus'): a fixed number, whatever the number of people or imports.
DASHBOARD_QUERIES = 40


def closed_unit(parent, code: str) -> OrgUnit:
    """A unit that closed in 2025 (as after a split): its people await assignment."""
    unit = OrgUnit.objects.get(pk=parent.pk).add_child(
        code=code, name=f"Đơn vị cũ {code}", kind=OrgUnit.Kind.AGENCY, valid_to=D(2025, 6, 30)
    )
    return unit


def roster_import(unit, filename: str, **fields) -> RosterImport:
    return RosterImport.objects.create(
        unit=unit,
        filename=filename,
        status=RosterImport.Status.DONE,
        summary={"rows": 12, "create": 10, "update": 1, "unchanged": 0, "rejected": 1},
        **fields,
    )


@pytest.fixture
def province_officer(units):
    return officer_of("hr.tinh", units["BDG"])


@pytest.fixture
def scoped_world(units, trained_city):
    """People awaiting assignment and imports, inside Tân Uyên and outside it."""
    inside = closed_unit(units["BDG-TU"], "BDG-TU-OLD")
    outside = closed_unit(units["BDG"], "BDG-OLD")
    for _ in range(3):
        staff(inside)
    staff(inside, left_on=D(2025, 6, 1))  # left: not waiting for anything
    for _ in range(2):
        staff(outside)
    roster_import(units["BDG-TU-KB"], "khanh-binh.xlsx")
    roster_import(units["BDG-STTTT"], "so-tttt.xlsx")
    return {"inside": inside, "outside": outside}


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, panel_id: str) -> str:
    """The HTML of one dashboard panel (Wagtail's panels are <section id="…-section">)."""
    match = re.search(rf'<section[^>]*id="{panel_id}-section".*?</section>', html, re.S)
    assert match, f"no {panel_id} panel"
    return match.group(0)


def test_the_coverage_panel_shows_the_reports_numbers_with_links_into_it(
    client, units, trained_city, tanuyen_officer
):
    html = panel(dashboard(client, tanuyen_officer), "hr-coverage")
    report = client.get("/admin/coverage/?year=2025").context
    [card] = [card["coverage"] for card in report["cards"]]
    assert (card.trained, card.headcount) == (4, 6)
    assert "66,7 %" in html  # 4 of 6, rounded as the report rounds it
    assert 'data-trained="4" data-headcount="6"' in html
    assert f"coverage-status--{card.status}" in html
    assert 'href="/admin/coverage/?year=2025&amp;target=T1-2025"' in html
    city = units["BDG-TU"].pk
    assert f"target=T1-2025&amp;unit={city}" in html  # the officer's unit, unit by unit
    assert "Sở Thông tin" not in html  # the department is not theirs


def test_a_closed_period_shows_met_or_not_met_on_the_dashboard(
    client, units, trained_city, tanuyen_officer
):
    html = panel(dashboard(client, tanuyen_officer), "hr-coverage")
    assert "coverage-status--not_met" in html  # 2025 is over, 4 of 6 against 100 %
    assert "coverage-status--off_track" not in html


def test_awaiting_and_imports_keep_to_the_officers_units(
    client, units, scoped_world, tanuyen_officer, province_officer
):
    html = dashboard(client, tanuyen_officer)
    awaiting = panel(html, "hr-awaiting")
    assert 'data-awaiting="3"' in awaiting  # not the one who left, not the province's two
    assert 'href="/admin/org/people/?status=awaiting"' in awaiting
    imports = panel(html, "hr-imports")
    assert "khanh-binh.xlsx" in imports and "so-tttt.xlsx" not in imports
    mine = RosterImport.objects.get(filename="khanh-binh.xlsx")
    assert f'href="/admin/org/imports/{mine.pk}/"' in imports
    assert "12" in imports and "10" in imports  # rows read, new people

    whole = dashboard(client, province_officer)
    assert 'data-awaiting="5"' in panel(whole, "hr-awaiting")
    assert "so-tttt.xlsx" in panel(whole, "hr-imports")


def test_the_awaiting_count_is_the_people_lists_awaiting_filter(
    client, units, scoped_world, tanuyen_officer
):
    dashboard(client, tanuyen_officer)
    listed = client.get("/admin/org/people/?status=awaiting").context["people"]
    assert listed.paginator.count == 3


def test_recent_imports_are_the_latest_few(client, units, tanuyen_officer):
    for number in range(7):
        roster_import(units["BDG-TU-KB"], f"file-{number}.csv")
    imports = panel(dashboard(client, tanuyen_officer), "hr-imports")
    assert imports.count("data-import=") == 5
    assert "file-6.csv" in imports and "file-0.csv" not in imports


def test_people_without_an_hr_role_get_no_hr_panels(client, units, trained_city):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = dashboard(client, editor)
    assert "hr-coverage-section" not in html and "hr-imports-section" not in html


def test_no_page_search_for_an_officer_without_pages(client, units, tanuyen_officer):
    html = dashboard(client, tanuyen_officer)
    assert 'role="search"' not in html
    assert "hr-coverage-section" in html


def test_people_with_pages_keep_the_page_search(client, site):
    html = dashboard(client, UserFactory(is_superuser=True))
    assert 'role="search"' in html and "/admin/pages/" in html


def test_avatars_never_call_an_outside_service(client, units, tanuyen_officer):
    tanuyen_officer.email = "officer@example.org"
    tanuyen_officer.save()
    html = dashboard(client, tanuyen_officer)
    assert "gravatar" not in html.lower()
    # The account summary's <img> and the sidebar's avatar (in its JSON props).
    avatars = re.findall(r'<span\s+class="avatar[^"]*"[^>]*>\s*<img src="([^"]+)"', html)
    avatars += re.findall(r'avatarUrl&quot;: &quot;([^&]+)&quot;|"avatarUrl": "([^"]+)"', html)
    avatars = [src for found in avatars for src in (found if isinstance(found, tuple) else [found])]
    avatars = [src for src in avatars if src]
    assert len(avatars) >= 2, avatars
    assert all(src.startswith("/static/wagtailadmin/images/default-user-avatar") for src in avatars)
    assert finders.find("wagtailadmin/images/default-user-avatar.png")  # it is served


def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client, units, scoped_world, tanuyen_officer, django_assert_max_num_queries
):
    client.force_login(tanuyen_officer)
    client.get("/admin/")  # sessions, profile and caches settle on the first visit
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as before:
        assert client.get("/admin/").status_code == 200
    for number in range(20):
        roster_import(units["BDG-TU-UH"], f"more-{number}.csv")
        staff(scoped_world["inside"])
        Person.objects.create(
            kind=Person.Kind.STAFF, full_name=f"Nguyễn Văn {number}", unit=units["BDG-TU-UH"]
        )
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as after:
        assert client.get("/admin/").status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
