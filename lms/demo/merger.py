"""The 1 July 2025 reform in the demo: Bình Dương merges into Hồ Chí Minh City, the district
level (Tân Uyên city) is abolished and wards are merged. Recorded through the same services an
administrator uses, so history is kept the way the product keeps it. The new units' names are
a plausible reconstruction for the demo."""

import datetime

from django.contrib.auth import get_user_model

from lms.org.models import OrgRole, OrgUnit, Person, Placement, PopulationFigure
from lms.org.services import person_place, unit_split, units_merge

from .province import POPULATION_SOURCE

REFORM_DATE = datetime.date(2025, 7, 1)
Kind = OrgUnit.Kind

NEW_UNITS = [
    ("HCM", "Thành phố Hồ Chí Minh", Kind.PROVINCE, None, 9_800_000),
    ("HCM-UBND", "Ủy ban nhân dân Thành phố Hồ Chí Minh", Kind.AGENCY, "HCM", None),
    ("HCM-SKHCN", "Sở Khoa học và Công nghệ", Kind.DEPARTMENT, "HCM", None),
    ("HCM-SNNMT", "Sở Nông nghiệp và Môi trường", Kind.DEPARTMENT, "HCM", None),
    ("HCM-SGDDT", "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT, "HCM", None),
    ("HCM-SNV", "Sở Nội vụ", Kind.DEPARTMENT, "HCM", None),
    ("HCM-TK", "Phường Tân Khánh", Kind.COMMUNE, "HCM", 79_800),
    ("HCM-TU", "Phường Tân Uyên", Kind.COMMUNE, "HCM", 72_600),
]
MERGERS = [
    (["BDG-STTTT"], "HCM-SKHCN"),
    (["BDG-STNMT"], "HCM-SNNMT"),
    (["BDG-SGDDT"], "HCM-SGDDT"),
    (["BDG-SNV"], "HCM-SNV"),
    (["BDG-UBND"], "HCM-UBND"),
    (["BDG-TU-KB", "BDG-TU-TPK"], "HCM-TK"),
    (["BDG-TU-UH", "BDG-TU-THH"], "HCM-TU"),
]
LEFT_FOR_HR = 5  # Tân Uyên city staff still to be assigned, to show HR the list


def placements_backfill() -> int:
    """Everyone without a placement history starts one in their unit."""
    missing = Person.objects.filter(placements__isnull=True)
    placements = [
        Placement(
            person=person,
            unit_id=person.unit_id,
            start_on=person.joined_on or datetime.date(2020, 1, 1),
            kind=person.kind,
        )
        for person in missing
    ]
    Placement.objects.bulk_create(placements, batch_size=500)
    return len(placements)


def merger_build() -> dict[str, OrgUnit]:
    if OrgUnit.objects.filter(code="HCM").exists():
        return {unit.code: unit for unit in OrgUnit.objects.all()}
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    for code, name, kind, parent, working_age in NEW_UNITS:
        fields = {"code": code, "name": name, "kind": kind, "valid_from": REFORM_DATE}
        if parent is None:
            units[code] = OrgUnit.add_root(**fields)
        else:
            units[code] = OrgUnit.objects.get(pk=units[parent].pk).add_child(**fields)
        if working_age:
            PopulationFigure.objects.bulk_create(
                PopulationFigure(
                    unit=units[code], year=year, working_age_count=count, source=POPULATION_SOURCE
                )
                for year, count in ((2025, working_age), (2026, round(working_age * 1.017)))
            )

    def fresh(code):
        return OrgUnit.objects.get(pk=units[code].pk)

    for old_codes, new_code in MERGERS:
        units_merge(
            predecessors=[fresh(code) for code in old_codes],
            successor=fresh(new_code),
            effective_on=REFORM_DATE,
        )
    wards = [fresh("HCM-TK"), fresh("HCM-TU")]
    city_staff = list(Person.objects.filter(unit=units["BDG-TU-UBND"], left_on__isnull=True))
    unit_split(unit=fresh("BDG-TU-UBND"), successors=wards, effective_on=REFORM_DATE, partial=False)
    for number, person in enumerate(city_staff[LEFT_FOR_HR:]):
        person_place(person=person, unit=wards[number % 2], start_on=REFORM_DATE)
    unit_split(unit=fresh("BDG-TU"), successors=wards, effective_on=REFORM_DATE, partial=False)
    units_merge(predecessors=[fresh("BDG")], successor=fresh("HCM"), effective_on=REFORM_DATE)

    users = get_user_model().objects
    for username, codes in (("hr", ["HCM"]), ("hr.tanuyen", ["HCM-TK", "HCM-TU"])):
        for code in codes:
            OrgRole.objects.get_or_create(
                user=users.get(username=username), unit=fresh(code), role=OrgRole.Role.HR_OFFICER
            )
    return {unit.code: unit for unit in OrgUnit.objects.all()}
