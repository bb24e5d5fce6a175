"""The Coverage report in the admin, its exports, the not-trained list and the command:
scoped on the server, and the same numbers everywhere."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from lms.targets.coverage.projection import Status
from lms.targets.models import Attainment, Target
from tests.factories import UserFactory, course_with_lessons
from tests.org.conftest import officer_of

from .conftest import complete, make_target, staff

pytestmark = pytest.mark.django_db
D = datetime.date
# A ward's page with its people (cards, trend, a page of people): 36 today, whatever their
# number.
WARD_PAGE_QUERIES = 38


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_officer_sees_their_units_and_drills_down(client, units, trained_city, tanuyen_officer):
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/?year=2025")
    assert response.status_code == 200
    [card] = [card["coverage"] for card in response.context["cards"]]
    assert (card.trained, card.headcount) == (4, 6)  # Tân Uyên only, not the department
    assert [row.unit.code for row in response.context["rows"]] == ["BDG-TU"]
    city = client.get(f"/admin/coverage/?year=2025&unit={units['BDG-TU'].pk}")
    rows = {row.unit.code: (row.trained, row.headcount) for row in city.context["rows"]}
    assert rows["BDG-TU-KB"] == (3, 4) and rows["BDG-TU-UH"] == (1, 2)
    html = city.content.decode()
    assert "Phường Khánh Bình" in html and "75,0 %" in html
    assert f"?year=2025&amp;unit={units['BDG-TU-KB'].pk}" in html  # drill-down link
    assert "/admin/coverage/not-trained/?unit=" in html and "target=T1-2025" in html
    ward = client.get(f"/admin/coverage/?year=2025&unit={units['BDG-TU-KB'].pk}")
    assert [a.code for a in ward.context["breadcrumbs"]] == ["BDG-TU"]  # not the province


def test_a_unit_outside_the_officers_scope_is_not_found(
    client, units, trained_city, tanuyen_officer
):
    client.force_login(tanuyen_officer)
    outside = units["BDG-STTTT"].pk
    for url in (
        f"/admin/coverage/?unit={outside}",
        f"/admin/coverage/?unit={outside}&export=csv",
        f"/admin/coverage/not-trained/?target=T1-2025&unit={outside}",
        f"/admin/coverage/not-trained/?target=T1-2025&unit={outside}&export=xlsx",
        "/admin/coverage/?unit=abc",
    ):
        assert client.get(url).status_code == 404, url


def test_people_without_an_hr_role_cannot_open_the_report(client, units, trained_city):
    from django.contrib.auth.models import Permission

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in ("/admin/coverage/", "/admin/coverage/not-trained/?target=T1-2025"):
        response = client.get(url)  # Wagtail turns the refusal into a message on the dashboard
        assert response.status_code == 302 and response.url == "/admin/"


def test_exports_and_the_command_give_the_numbers_of_the_page(
    client, units, trained_city, tanuyen_officer, capsys
):
    client.force_login(tanuyen_officer)
    url = f"/admin/coverage/?year=2025&target=T1-2025&unit={units['BDG-TU'].pk}"
    page_rows = client.get(url).context["rows"]
    expected = {row.unit.code: [row.headcount, row.trained, row.gap] for row in page_rows}

    response = client.get(url + "&export=csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="coverage-T1-2025-BDG-TU-2025-12-31.csv"'
    )
    _header, total, *rows = csv_rows(response.content)
    assert total[1:4] == ["BDG-TU", "6", "4"]  # the unit itself first
    assert {row[1]: [int(row[2]), int(row[3]), int(row[7])] for row in rows} == expected

    workbook = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content))
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert {row[1]: [row[2], row[3], row[7]] for row in sheet[2:]} == expected

    call_command(
        "coverage_report",
        "--target",
        "T1-2025",
        "--unit",
        "BDG-TU",
        "--format",
        "json",
        "--as-user",
        tanuyen_officer.username,
    )
    printed = json.loads(capsys.readouterr().out)
    assert {
        row["code"]: [row["headcount"], row["trained"], row["gap"]] for row in printed[1:]
    } == expected
    assert printed[0]["percentage"] == 66.7  # as the page rounds it: 66,7 %


def test_the_command_keeps_an_officer_in_scope(units, trained_city, tanuyen_officer, tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="outside"):
        call_command(
            "coverage_report", "--unit", "BDG-STTTT", "--as-user", tanuyen_officer.username
        )
    with translation.override("en"), pytest.raises(CommandError, match="No unit"):
        call_command("coverage_report", "--unit", "NOPE")
    output = tmp_path / "coverage.xlsx"
    call_command("coverage_report", "--year", "2025", "--format", "xlsx", "--output", str(output))
    rows = list(load_workbook(output).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("T1-2025", "2025-12-31", "Tỉnh Bình Dương", "BDG")


def test_the_not_trained_list_is_scoped_and_exportable(
    client, units, trained_city, tanuyen_officer
):
    client.force_login(tanuyen_officer)
    url = f"/admin/coverage/not-trained/?target=T1-2025&unit={units['BDG-TU'].pk}"
    response = client.get(url)
    people = [placement.person for placement in response.context["page"]]
    assert len(people) == 2
    assert not Attainment.objects.filter(person__in=people).exists()
    sheet = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(person.full_name for person in people)
    everything = client.get("/admin/coverage/not-trained/?target=T1-2025")
    assert len(everything.context["page"]) == 2  # the officer's units only


def test_a_missing_denominator_is_said_not_divided_by(client, units, course, tanuyen_officer):
    from lms.org.models import PopulationFigure

    make_target("T2-2025", population=Target.Population.CITIZENS, courses=[course])
    PopulationFigure.objects.filter(year=2025).delete()
    client.force_login(tanuyen_officer)
    html = client.get("/admin/coverage/?year=2025").content.decode()
    assert "Chưa có số liệu dân số trong độ tuổi lao động năm 2025" in html


def test_a_past_date_without_snapshot_is_reconstructed(
    client, units, trained_city, tanuyen_officer
):
    client.force_login(tanuyen_officer)
    response = client.get(f"/admin/coverage/?year=2025&as_of=2025-04-01&unit={units['BDG-TU'].pk}")
    assert response.context["reading"].source == "reconstructed"
    assert {row.unit.code: row.trained for row in response.context["rows"]}["BDG-TU-KB"] == 0
    assert "dựng lại" in response.content.decode()


def test_the_page_shows_a_trend_chart_with_a_text_alternative(client, units, trained_city):
    from lms.targets.coverage.readings import Source
    from lms.targets.snapshots import snapshot_take

    snapshot_take(target=trained_city, day=D(2025, 6, 1), source=Source.RECONSTRUCTED)
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/admin/coverage/?year=2025").content.decode()
    assert 'role="img"' in html and "<desc" in html
    assert "stroke-dasharray" in html  # the required level, a dashed line
    assert "01/06/2025" in html  # the table behind the chart (dd/mm/yyyy)
    trend = client.get("/admin/coverage/?year=2025&export=csv&table=trend")
    assert trend["Content-Disposition"].endswith('trend-T1-2025-all-2025-12-31.csv"')
    assert csv_rows(trend.content)[1][:3] == ["2025-06-01", "4", "7"]


def test_an_administrator_adds_a_target_and_attainments_follow(
    client, units, course, django_capture_on_commit_callbacks
):
    person = staff(units["BDG-TU-KB"])
    complete(person, course, on=D(2025, 5, 1))
    client.force_login(UserFactory(is_superuser=True))
    data = {
        "code": "T9-2025",
        "name": "Mục tiêu thử",
        "name_en": "",
        "population": "staff",
        "required_percentage": "90",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "deadline": "2025-12-31",
        "scope": "",
    }
    url = "/admin/snippets/targets/target/add/"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "khoá học hoặc lĩnh vực năng lực" in refused.content.decode()
    with_course = {**data, "courses": [course.pk], "position_categories": ["civil_servant"]}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, with_course).status_code == 302
    target = Target.objects.get(code="T9-2025")
    assert target.position_categories == ["civil_servant"]
    assert Attainment.objects.filter(target=target, person=person).exists()


def test_hr_officers_find_coverage_in_the_menu(client, units, tanuyen_officer):
    client.force_login(tanuyen_officer)
    html = client.get("/admin/").content.decode()
    assert "/admin/coverage/" in html


def test_graded_courses_need_a_pass_to_count_on_the_page(client, units, site):
    course_with_lessons(lessons=0, quiz=True)
    officer = officer_of("hr.kb", units["BDG-TU-KB"])
    client.force_login(officer)
    assert client.get("/admin/coverage/").status_code == 200  # no target yet: says so


def test_odd_unit_parameters_are_not_found(client, units, trained_city, tanuyen_officer):
    client.force_login(tanuyen_officer)
    for raw in ("²", "-1", "99999999999999999999", "1.5"):
        assert client.get("/admin/coverage/", {"unit": raw}).status_code == 404, raw


def test_the_not_trained_list_keeps_to_people_now_in_the_officers_units(
    client, units, trained_city, tanuyen_officer
):
    from lms.org.models import Person
    from lms.org.services import person_place

    untrained = Person.objects.filter(unit=units["BDG-TU-KB"], attainments__isnull=True).first()
    person_place(person=untrained, unit=units["BDG-STTTT"], start_on=D(2026, 2, 1))
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/not-trained/", {"target": "T1-2025"})
    assert untrained not in [placement.person for placement in response.context["page"]]


@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_the_report_and_the_unit_browser_start_from_the_same_top_units(
    client, units, trained_city, who
):
    """One selector answers which units are at the top of a scope: a grant nested in another
    is not listed twice, and a role other than HR officer adds nothing."""
    from lms.org.models import OrgRole

    if who == "superuser":
        user = UserFactory(is_superuser=True)
    else:
        user = officer_of("hr.tu", units["BDG-TU"])
        OrgRole.objects.create(user=user, unit=units["BDG-TU-KB"], role=OrgRole.Role.HR_OFFICER)
        OrgRole.objects.create(user=user, unit=units["BDG-STTTT"], role="trainer")
    client.force_login(user)
    report = client.get("/admin/coverage/?year=2025").context["rows"]
    browser = client.get("/admin/org/units/").context["units"]
    expected = ["BDG"] if who == "superuser" else ["BDG-TU"]
    assert sorted(row.unit.code for row in report) == expected
    assert sorted(unit.code for unit in browser) == expected


# --- closed periods -----------------------------------------------------------------------


def test_a_closed_period_says_met_or_not_met(client, units, course, trained_city, tanuyen_officer):
    """2025 is over: 4 of 6 is not met against 100 %, met against 50 %; never a pace."""
    from lms.targets.attainments import attainments_sync

    attainments_sync(target=make_target("T1B-2025", courses=[course], percentage=50))
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/?year=2025")
    statuses = {
        card["coverage"].target.code: card["coverage"].status for card in response.context["cards"]
    }
    assert statuses == {"T1-2025": "not_met", "T1B-2025": "met"}
    html = response.content.decode()
    assert "coverage-status--not_met" in html
    assert "coverage-status--off_track" not in html and "coverage-status--at_risk" not in html
    rows = csv_rows(client.get("/admin/coverage/?year=2025&target=T1-2025&export=csv").content)
    not_met = str(Status.labels[Status.NOT_MET])
    assert {row[8] for row in rows[1:]} == {not_met}  # the Status column of every row


# --- the year and the as-of date ------------------------------------------------------------


def test_a_date_outside_the_chosen_year_is_refused_and_the_year_stands(
    client, units, trained_city, tanuyen_officer
):
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/?year=2025&as_of=2026-02-01")
    assert response.status_code == 200
    assert "as_of" in response.context["form"].errors
    assert response.context["year"] == 2025 and response.context["as_of"] is None
    assert response.context["reading"].reference == D(2025, 12, 31)  # the year's own figures
    html = response.content.decode()
    assert 'min="2025-01-01"' in html and 'max="2025-12-31"' in html  # the picker's days
    download = client.get("/admin/coverage/?year=2025&as_of=2026-02-01&export=csv")
    assert download["Content-Disposition"].endswith('-2025-12-31.csv"')  # what the page shows


def test_a_date_alone_chooses_its_year(client, units, trained_city, tanuyen_officer):
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/?as_of=2025-04-01")
    assert response.context["year"] == 2025 and response.context["as_of"] == D(2025, 4, 1)
    assert response.context["reading"].reference == D(2025, 4, 1)
    assert '<option value="2025" selected>' in response.content.decode()
    nothing = client.get("/admin/coverage/?as_of=2019-04-01")
    assert "as_of" in nothing.context["form"].errors  # no target runs in 2019
    assert nothing.context["as_of"] is None


def test_a_date_in_the_chosen_year_reads_that_day(client, units, trained_city, tanuyen_officer):
    client.force_login(tanuyen_officer)
    response = client.get("/admin/coverage/?year=2025&as_of=2025-04-01")
    assert not response.context["form"].errors
    assert response.context["reading"].reference == D(2025, 4, 1)


# --- a unit without sub-units shows its people ------------------------------------------------


def test_a_ward_shows_its_people_with_their_training(client, units, trained_city, tanuyen_officer):
    client.force_login(tanuyen_officer)
    ward = units["BDG-TU-KB"]
    response = client.get(f"/admin/coverage/?year=2025&unit={ward.pk}")
    people = response.context["people"]
    assert people.paginator.count == 4
    assert [placement.is_trained for placement in people] == [False, True, True, True]
    assert {placement.trained_on for placement in people if placement.is_trained} == {D(2025, 5, 1)}
    html = response.content.decode()
    assert 'id="unit-people"' in html
    for placement in people:
        assert f'href="/admin/org/people/{placement.person.pk}/"' in html
    # The same people as the ward's headcount on the card.
    card = next(c["coverage"] for c in response.context["cards"] if c["selected"])
    assert (card.headcount, card.trained) == (people.paginator.count, 3)
    # A unit with sub-units still shows its units, not people.
    city = client.get(f"/admin/coverage/?year=2025&unit={units['BDG-TU'].pk}")
    assert city.context["people"] is None and 'id="unit-people"' not in city.content.decode()


def test_a_wards_people_are_paginated(client, units, trained_city, tanuyen_officer, monkeypatch):
    from lms.targets import views

    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", 3)
    client.force_login(tanuyen_officer)
    url = f"/admin/coverage/?year=2025&unit={units['BDG-TU-KB'].pk}"
    first = client.get(url)
    assert len(first.context["people"]) == 3 and first.context["people"].has_next()
    assert "page=2" in first.content.decode()
    second = client.get(url + "&page=2")
    assert len(second.context["people"]) == 1


def test_a_wards_people_keep_to_the_officers_scope(client, units, trained_city, tanuyen_officer):
    from lms.org.models import Person
    from lms.org.services import person_place

    ward = units["BDG-TU-KB"]
    moved = Person.objects.filter(unit=ward).order_by("pk").first()
    person_place(person=moved, unit=units["BDG-STTTT"], start_on=D(2026, 2, 1))
    client.force_login(tanuyen_officer)
    people = client.get(f"/admin/coverage/?year=2025&unit={ward.pk}").context["people"]
    assert moved not in [placement.person for placement in people]  # now another's record
    department = units["BDG-STTTT"].pk
    assert client.get(f"/admin/coverage/?year=2025&unit={department}").status_code == 404


def test_a_wards_people_page_has_a_fixed_number_of_queries(
    client, units, course, trained_city, tanuyen_officer, django_assert_max_num_queries
):
    client.force_login(tanuyen_officer)
    url = f"/admin/coverage/?year=2025&unit={units['BDG-TU-KB'].pk}"
    client.get(url)
    with django_assert_max_num_queries(WARD_PAGE_QUERIES) as before:
        client.get(url)
    for person in [staff(units["BDG-TU-KB"]) for _ in range(8)][:4]:
        complete(person, course, on=D(2025, 6, 1))
    with django_assert_max_num_queries(WARD_PAGE_QUERIES) as after:
        response = client.get(url)
    assert response.context["people"].paginator.count == 12
    assert len(after.captured_queries) == len(before.captured_queries)


# --- who is not trained, and how to reach them --------------------------------------------------


def test_the_not_trained_list_gives_contact_details_where_known(
    client, units, trained_city, tanuyen_officer
):
    from lms.org.models import Person

    untrained = list(
        Person.objects.filter(unit__code__startswith="BDG-TU", attainments__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
    reachable, unknown = untrained
    reachable.phone = "0912 345 678"
    reachable.save(update_fields=["phone"])
    reachable.user.email = "nguoi.hoc@example.org"
    reachable.user.save(update_fields=["email"])
    unknown.user.email = ""
    unknown.user.save(update_fields=["email"])

    client.force_login(tanuyen_officer)
    url = "/admin/coverage/not-trained/?target=T1-2025"
    html = client.get(url).content.decode()
    assert 'href="mailto:nguoi.hoc@example.org"' in html
    assert 'href="tel:0912345678"' in html and "0912 345 678" in html
    rows = csv_rows(client.get(url + "&export=csv").content)
    header, *people = rows
    contacts = {row[0]: row[-2:] for row in people}
    assert contacts[reachable.full_name] == ["nguoi.hoc@example.org", "0912 345 678"]
    assert contacts[unknown.full_name] == ["", ""]
    assert len(header) == len(people[0])
