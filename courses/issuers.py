"""Who issues a course's certificates: the units that can (those open today), and courses that
promise a certificate they cannot give. Reads only lms.org, so the course pages' form and
panels can use it."""

import datetime

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.org.models import OrgUnit

ONE_DAY = datetime.timedelta(days=1)


def certificate_promised_without_template(course) -> bool:
    """A course "promises" a certificate when its trainer names the unit that issues it: the
    trainer means learners to get one. Without a template none is ever issued
    (certificates.services issues only with one), and the course page says "No certificate"."""
    return course.issuing_unit_id is not None and course.certificate_template_id is None


def issuing_units(*, day: datetime.date) -> QuerySet[OrgUnit]:
    """The units that can issue certificates on ``day``: those open then, by code. After the
    2025 reform the merged units are closed, and a certificate in the name of one would name a
    body that no longer exists."""
    return OrgUnit.objects.open_on(day).order_by("code", "pk")


def issuing_unit_label(unit: OrgUnit, *, day: datetime.date) -> str:
    """How the chooser names a unit: its code (the order of the list), then its name."""
    label = f"{unit.code} · {unit.name}"
    if not unit.is_open_on(day):
        label += " " + _("(no longer exists since %(date)s)") % {
            "date": date_format(unit.valid_to + ONE_DAY, "SHORT_DATE_FORMAT")
            if unit.valid_to
            else "?"
        }
    return label
