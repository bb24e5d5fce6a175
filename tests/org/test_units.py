"""Mergers and splits: history recorded, old units closed, people moved or listed, the past
left as it was."""

import datetime

import pytest

from lms.org.models import OrgUnit, Person, Placement, UnitSuccession
from lms.org.services import OrgError, person_place, unit_split, units_merge
from tests.factories import PersonFactory, org_unit

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)


def staff(unit, since=datetime.date(2020, 1, 1)):
    person = PersonFactory(unit=unit)
    Placement.objects.create(person=person, unit=unit, start_on=since, kind=person.kind)
    return person


def test_merging_wards_closes_them_and_moves_their_people(units):
    new_ward = units["BDG-TU"].add_child(
        code="TK", name="Phường Tân Khánh", kind=OrgUnit.Kind.COMMUNE, valid_from=REFORM
    )
    person = staff(units["BDG-TU-KB"])
    units_merge(
        predecessors=[units["BDG-TU-KB"], units["BDG-TU-TPK"]],
        successor=new_ward,
        effective_on=REFORM,
    )
    for code in ("BDG-TU-KB", "BDG-TU-TPK"):
        assert OrgUnit.objects.get(code=code).valid_to == datetime.date(2025, 6, 30)
    assert UnitSuccession.objects.filter(successor=new_ward, kind="merge").count() == 2
    person.refresh_from_db()
    assert person.unit == new_ward
    history = list(person.placements.values_list("unit__code", "start_on", "end_on"))
    assert history == [
        ("BDG-TU-KB", datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)),
        ("TK", REFORM, None),
    ]


def test_the_past_still_shows_the_old_units(units):
    new_ward = units["BDG-TU"].add_child(
        code="TK", name="Tân Khánh", kind=OrgUnit.Kind.COMMUNE, valid_from=REFORM
    )
    units_merge(predecessors=[units["BDG-TU-KB"]], successor=new_ward, effective_on=REFORM)
    before = set(OrgUnit.objects.open_on(datetime.date(2025, 3, 1)).values_list("code", flat=True))
    after = set(OrgUnit.objects.open_on(datetime.date(2025, 9, 1)).values_list("code", flat=True))
    assert "BDG-TU-KB" in before and "TK" not in before
    assert "TK" in after and "BDG-TU-KB" not in after


def test_a_unit_with_open_sub_units_cannot_be_closed(units):
    hcm = org_unit(code="HCM", kind=OrgUnit.Kind.PROVINCE)
    with pytest.raises(OrgError, match="Thành phố Tân Uyên"):  # names what is still open
        units_merge(predecessors=[units["BDG"]], successor=hcm, effective_on=REFORM)
    assert OrgUnit.objects.get(code="BDG").valid_to is None
    assert not UnitSuccession.objects.exists()


def test_a_whole_split_closes_the_unit_and_lists_its_people_for_hr(units):
    person = staff(units["BDG-TU-UBND"])
    targets = [units["BDG-TU-KB"], units["BDG-TU-UH"]]
    unit_split(unit=units["BDG-TU-UBND"], successors=targets, effective_on=REFORM, partial=False)
    assert OrgUnit.objects.get(code="BDG-TU-UBND").valid_to == datetime.date(2025, 6, 30)
    assert UnitSuccession.objects.filter(kind="split").count() == 2
    person.refresh_from_db()
    assert person.unit.code == "BDG-TU-UBND"  # waits for HR to assign them
    waiting = Person.objects.filter(left_on__isnull=True, unit__valid_to__lt=datetime.date.today())
    assert list(waiting) == [person]
    person_place(person=person, unit=units["BDG-TU-KB"], start_on=REFORM)
    assert not Person.objects.filter(
        left_on__isnull=True, unit__valid_to__lt=datetime.date.today()
    ).exists()


def test_a_partial_split_keeps_the_unit_open(units):
    new_unit = units["BDG"].add_child(
        code="NEW", name="Ban mới", kind=OrgUnit.Kind.AGENCY, valid_from=REFORM
    )
    unit_split(unit=units["BDG-SNV"], successors=[new_unit], effective_on=REFORM, partial=True)
    assert OrgUnit.objects.get(code="BDG-SNV").valid_to is None
    assert UnitSuccession.objects.get().partial is True


def test_merger_from_the_admin(client, site, units, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/org/units/{units['BDG-TU-KB'].pk}/merge/",
        {
            "others": [units["BDG-TU-TPK"].pk],
            "successor": units["BDG-TU-UH"].pk,
            "effective_on": "2025-07-01",
        },
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="BDG-TU-KB").valid_to == datetime.date(2025, 6, 30)
    history = client.get(f"/admin/org/units/{units['BDG-TU-UH'].pk}/").content.decode()
    assert "Phường Khánh Bình" in history


def test_hr_officers_cannot_merge(client, site, units, tanuyen_officer):
    client.force_login(tanuyen_officer)
    client.post(
        f"/admin/org/units/{units['BDG-TU-KB'].pk}/merge/",
        {"successor": units["BDG-TU-UH"].pk, "effective_on": "2025-07-01"},
    )
    assert OrgUnit.objects.get(code="BDG-TU-KB").valid_to is None


def test_a_merger_recorded_after_a_later_move_keeps_that_history(units):
    new_ward = units["BDG-TU"].add_child(
        code="TK", name="Tân Khánh", kind=OrgUnit.Kind.COMMUNE, valid_from=REFORM
    )
    person = staff(
        units["BDG-TU-KB"], since=datetime.date(2025, 7, 15)
    )  # placed after the reform date
    units_merge(predecessors=[units["BDG-TU-KB"]], successor=new_ward, effective_on=REFORM)
    assert list(person.placements.values_list("unit__code", "start_on", "end_on")) == [
        ("TK", datetime.date(2025, 7, 15), None)
    ]
