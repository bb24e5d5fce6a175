"""A believable province from the seed article: Bình Dương, its People's Committee, the
departments the article names, Tân Uyên city and some of its wards, a staff roster and
working-age population figures. Figures are illustrative, not official statistics."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from lms.org.models import OrgUnit, Person, PopulationFigure
from lms.org.national_id import national_id_protect

Kind = OrgUnit.Kind
Position = Person.PositionCategory

DEMO_SEED = 2025
POPULATION_SOURCE = "Số liệu minh hoạ cho bản demo (không phải số liệu thống kê chính thức)"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None
    staff: int = 0
    it_share: float = 0.04
    working_age: int | None = None  # population of working age, for citizen targets


UNITS = [
    UnitSpec("BDG", "Tỉnh Bình Dương", Kind.PROVINCE, None, working_age=1_850_000),
    UnitSpec("BDG-UBND", "Ủy ban nhân dân tỉnh Bình Dương", Kind.AGENCY, "BDG", staff=40),
    UnitSpec("BDG-STTTT", "Sở Thông tin và Truyền thông", Kind.DEPARTMENT, "BDG", 45, it_share=0.3),
    UnitSpec("BDG-STNMT", "Sở Tài nguyên và Môi trường", Kind.DEPARTMENT, "BDG", staff=50),
    UnitSpec("BDG-SGDDT", "Sở Giáo dục và Đào tạo", Kind.DEPARTMENT, "BDG", staff=55),
    UnitSpec("BDG-SNV", "Sở Nội vụ", Kind.DEPARTMENT, "BDG", staff=30),
    UnitSpec("BDG-TU", "Thành phố Tân Uyên", Kind.CITY, "BDG", working_age=312_000),
    UnitSpec("BDG-TU-UBND", "Ủy ban nhân dân thành phố Tân Uyên", Kind.AGENCY, "BDG-TU", 40),
    UnitSpec("BDG-TU-KB", "Phường Khánh Bình", Kind.COMMUNE, "BDG-TU", 15, working_age=27_400),
    UnitSpec("BDG-TU-UH", "Phường Uyên Hưng", Kind.COMMUNE, "BDG-TU", 15, working_age=33_900),
    UnitSpec(
        "BDG-TU-TPK", "Phường Tân Phước Khánh", Kind.COMMUNE, "BDG-TU", 15, working_age=51_200
    ),
    UnitSpec("BDG-TU-THH", "Phường Thái Hòa", Kind.COMMUNE, "BDG-TU", 15, working_age=37_600),
]
POPULATION_YEARS = (2024, 2025, 2026)
# Share of each position category on a roster, in order.
POSITION_WEIGHTS = [
    (Position.LEADER, 0.1),
    (Position.CIVIL_SERVANT, 0.5),
    (Position.PUBLIC_EMPLOYEE, 0.3),
    (Position.WORKER, 0.1),
]


def units_build() -> dict[str, OrgUnit]:
    """Create the units that are missing; return every demo unit by code."""
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=[s.code for s in UNITS])}
    for spec in UNITS:
        if spec.code in units:
            continue
        fields = {"code": spec.code, "name": spec.name, "kind": spec.kind}
        if spec.parent is None:
            units[spec.code] = OrgUnit.add_root(**fields)
        else:
            units[spec.code] = units[spec.parent].add_child(**fields)
    return units


def population_build(units: dict[str, OrgUnit]) -> None:
    existing = set(
        PopulationFigure.objects.filter(unit__in=units.values()).values_list("unit_id", "year")
    )
    rng = random.Random(DEMO_SEED)
    figures = []
    for spec in UNITS:
        if spec.working_age is None:
            continue
        unit = units[spec.code]
        for offset, year in enumerate(POPULATION_YEARS):
            growth = 1 + 0.018 * offset + rng.uniform(-0.002, 0.002)
            if (unit.pk, year) not in existing:
                figures.append(
                    PopulationFigure(
                        unit=unit,
                        year=year,
                        working_age_count=round(spec.working_age * growth),
                        source=POPULATION_SOURCE,
                    )
                )
    PopulationFigure.objects.bulk_create(figures)


def fake_national_id(rng: random.Random, birth: datetime.date) -> str:
    """A 12-digit number shaped like a citizen ID card number: province code 074 (Bình
    Dương), a digit for century and sex, two digits of the birth year, six random digits."""
    century_sex = (0 if birth.year < 2000 else 2) + rng.randint(0, 1)
    return f"074{century_sex}{birth.year % 100:02d}{rng.randint(0, 999_999):06d}"


def vietnamese_name(fake: Faker, rng: random.Random) -> str:
    """Family name, middle name, given name: the order a Vietnamese roster uses. (Faker's
    vi_VN name() adds honorifics such as "Quý ông" and uses Western order.)"""
    given = fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male()
    return f"{fake.last_name()} {fake.middle_name()} {given}"


def demo_phone(code: str) -> str:
    """A made-up mobile number for most of the demo's staff (HR follows people up by phone),
    from its own generator so the roster's other values stay as they were."""
    rng = random.Random(f"phone:{code}")
    if rng.random() < 0.2:
        return ""  # not every record has one
    return f"0{rng.choice('35789')}{rng.randrange(10**8):08d}"


def staff_build(units: dict[str, OrgUnit]) -> int:
    """The staff roster: a few hundred people with Vietnamese names, reproducible from the
    seed, keyed by employee code so a second run adds nothing. Returns how many were added."""
    fake = Faker("vi_VN")
    fake.seed_instance(DEMO_SEED)
    rng = random.Random(DEMO_SEED)
    existing = set(
        Person.objects.filter(employee_code__startswith="BDG-").values_list(
            "employee_code", flat=True
        )
    )
    categories = [category for category, _ in POSITION_WEIGHTS]
    weights = [weight for _, weight in POSITION_WEIGHTS]
    people = []
    number = 0
    for spec in UNITS:
        for _ in range(spec.staff):
            number += 1
            # Draw every value even for people who exist, so the sequence stays reproducible.
            name = vietnamese_name(fake, rng)
            birth = fake.date_between_dates(datetime.date(1966, 1, 1), datetime.date(2002, 12, 31))
            national_id = fake_national_id(rng, birth)
            category = rng.choices(categories, weights)[0]
            is_it_officer = rng.random() < spec.it_share
            joined = fake.date_between_dates(datetime.date(2008, 1, 1), datetime.date(2023, 12, 31))
            code = f"BDG-{number:05d}"
            if code in existing:
                continue
            protected = national_id_protect(national_id)
            people.append(
                Person(
                    kind=Person.Kind.STAFF,
                    full_name=name,
                    employee_code=code,
                    national_id_hash=protected.hash,
                    national_id_last4=protected.last4,
                    date_of_birth=birth,
                    unit=units[spec.code],
                    position_category=category,
                    is_it_officer=is_it_officer,
                    joined_on=joined,
                    phone=demo_phone(code),
                )
            )
    Person.objects.bulk_create(people, batch_size=500)
    return len(people)


@transaction.atomic
def province_build() -> dict[str, OrgUnit]:
    units = units_build()
    population_build(units)
    staff_build(units)
    return units
