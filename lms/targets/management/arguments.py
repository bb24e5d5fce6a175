"""Argument types of the coverage commands. A bad value is an argparse error: the command
prints its usage and the reason, and exits with status 2 (under call_command, CommandError)."""

import argparse
import datetime

from django.utils.translation import gettext as _


def iso_day(text: str) -> datetime.date:
    """A command-line date, YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): %(value)r") % {"value": text}
        ) from None


def calendar_year(text: str) -> int:
    """A command-line calendar year, 1-9999 (what a date can hold)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not datetime.MINYEAR <= value <= datetime.MAXYEAR:
        raise argparse.ArgumentTypeError(_("not a year: %(value)r") % {"value": text})
    return value
