import datetime

import pytest
from django.utils import timezone

from lms.reminders.models import ReminderSchedule
from lms.targets.models import Target
from tests.org.conftest import officer_of
from tests.targets.conftest import citizen, complete, course, staff, units  # noqa: F401 (fixtures)


def running_target(
    code="NHAC-1", *, deadline_in=30, population=Target.Population.STAFF, courses=(), scope=None
) -> Target:
    """A target whose period runs today, with its deadline ``deadline_in`` days from today."""
    today = timezone.localdate()
    target = Target.objects.create(
        code=code,
        name=f"Mục tiêu {code}",
        name_en=f"Target {code}",
        population=population,
        scope=scope,
        required_percentage=100,
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=deadline_in),
        deadline=today + datetime.timedelta(days=deadline_in),
    )
    target.courses.set(courses)
    target.save()  # a ParentalManyToManyField is written on save
    return target


def with_schedule(target: Target, days="60, 30, 7") -> Target:
    ReminderSchedule.objects.create(target=target, days_before=days)
    return target


def staff_here(unit, **fields):
    return staff(unit, since=datetime.date(2020, 1, 1), **fields)


def citizen_here(unit):
    return citizen(unit, born=datetime.date(1990, 5, 5))


@pytest.fixture
def tanuyen_officer(units):  # noqa: F811
    return officer_of("hr.tu", units["BDG-TU"])


def speaks_english(user):
    """The admin speaks the user's language: English, for assertions on English msgids."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def tanuyen(units, course):  # noqa: F811
    """Three untrained staff in Tân Uyên's wards (one without an address), one in a
    department outside the officer's scope, one trained."""
    target = running_target(courses=[course])
    people = {
        "an": staff_here(units["BDG-TU-KB"], full_name="Nguyễn Văn An"),
        "binh": staff_here(units["BDG-TU-KB"], full_name="Trần Thị Bình"),
        "cuong": staff_here(units["BDG-TU-UH"], full_name="Lê Văn Cường", login=False),
        "dept": staff_here(units["BDG-STTTT"], full_name="Phạm Thị Dung"),
        "trained": staff_here(units["BDG-TU-UH"], full_name="Võ Văn Em"),
    }
    complete(people["trained"], course, on=timezone.localdate() - datetime.timedelta(days=3))
    return target, people


def preview(client, target, **params):
    return client.get("/admin/reminders/send/", {"target": target.code, **params})


def send(client, target, token, **params):
    return client.post("/admin/reminders/send/", {"target": target.code, "token": token, **params})


def form_token(client, target, **params) -> str:
    """The token of the send form the preview shows the signed-in officer."""
    return preview(client, target, **params).context["form"]["token"].value()
