import datetime

from django.core.management.base import CommandError


def iso_day(text: str) -> datetime.date:
    """A command-line date, YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None
