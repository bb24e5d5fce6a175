"""The seed's three targets (T1 state staff 100 %, T2 working-age citizens 70 %, T3 IT/DX
officers 100 %) for 2025, with their 2024 predecessors and 2026 successors, and a trend of
snapshots to show."""

import datetime

from django.utils import timezone

from courses.models import CoursePage
from lms.targets.attainments import attainments_sync
from lms.targets.coverage.readings import Source
from lms.targets.models import Target
from lms.targets.snapshots import snapshot_take, snapshots_nightly

Population = Target.Population
TARGETS = [
    (
        "T1",
        "Cán bộ, công chức, viên chức, người lao động được bồi dưỡng kiến thức, kỹ năng số",
        "State staff trained in digital transformation knowledge and digital skills",
        Population.STAFF,
        100,
        [
            "chuyen-doi-so-co-quan-nha-nuoc",
            "an-toan-thong-tin-co-ban",
            "ky-nang-so-can-bo-chuyen-trach",
        ],
    ),
    (
        "T2",
        "Người dân trong độ tuổi lao động biết và có kỹ năng sử dụng dịch vụ công trực tuyến",
        "Citizens of working age able to use online public services",
        Population.CITIZENS,
        70,
        ["dich-vu-cong-truc-tuyen"],
    ),
    (
        "T3",
        "Cán bộ chuyên trách công nghệ thông tin, chuyển đổi số được đào tạo về công nghệ số",
        "IT and digital-transformation officers trained in digital technology",
        Population.IT_OFFICERS,
        100,
        ["ky-nang-so-can-bo-chuyen-trach"],
    ),
]
YEARS = (2024, 2025, 2026)
TREND_EVERY_DAYS = 28


def targets_build() -> list[Target]:
    courses = {course.slug: course for course in CoursePage.objects.all()}
    targets = []
    # No scope: the plan follows the province through the 1 July 2025 reform.
    for year in YEARS:
        for code, name, name_en, population, percentage, slugs in TARGETS:
            target, created = Target.objects.get_or_create(
                code=f"{code}-{year}",
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "population": population,
                    "required_percentage": percentage,
                    "period_start": datetime.date(year, 1, 1),
                    "period_end": datetime.date(year, 12, 31),
                    "deadline": datetime.date(year, 12, 31),
                },
            )
            if created:
                target.courses.set([courses[slug] for slug in slugs if slug in courses])
                target.save()
            targets.append(target)
    return targets


def trends_build(targets: list[Target]) -> int:
    """Attainments for every target, and a snapshot every four weeks until today (each
    reconstructed as it stood that day), then today's."""
    today = timezone.localdate()
    taken = 0
    for target in targets:
        attainments_sync(target=target)
        if target.snapshots.exists():
            continue
        day = target.period_start + datetime.timedelta(days=TREND_EVERY_DAYS - 1)
        last = min(target.period_end, today - datetime.timedelta(days=1))
        while day <= last:
            taken += snapshot_take(target=target, day=day, source=Source.RECONSTRUCTED)
            day += datetime.timedelta(days=TREND_EVERY_DAYS)
        if target.period_end < today:
            taken += snapshot_take(
                target=target, day=target.period_end, source=Source.RECONSTRUCTED
            )
    snapshots_nightly(day=today)
    return taken
