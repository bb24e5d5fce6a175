"""Which targets run in a year, and the years any target runs in (the report's year choice)."""

from django.db.models import QuerySet

from ..models import Target


def targets_of_year(*, year: int) -> QuerySet[Target]:
    return Target.objects.filter(
        period_start__year__lte=year, period_end__year__gte=year
    ).select_related("scope")


def target_years() -> list[int]:
    years = set()
    for start, end in Target.objects.values_list("period_start", "period_end"):
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def default_year(*, years: list[int], today) -> int:
    """The year a report opens on: this year if a target runs in it, else the latest."""
    return today.year if today.year in years or not years else years[0]
