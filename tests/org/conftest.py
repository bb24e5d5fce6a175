import pytest

from lms.demo.province import units_build
from lms.org.models import OrgRole
from tests.factories import UserFactory


@pytest.fixture
def units(db):
    """The demo province's units (Bình Dương, its departments, Tân Uyên and four wards)."""
    return units_build()


def officer_of(username: str, unit) -> object:
    from django.contrib.auth.models import Permission

    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    OrgRole.objects.create(user=user, unit=unit, role=OrgRole.Role.HR_OFFICER)
    return user


@pytest.fixture
def tanuyen_officer(units):
    return officer_of("hr.tu", units["BDG-TU"])


@pytest.fixture
def province_officer(units):
    return officer_of("hr.tinh", units["BDG"])


@pytest.fixture
def reformed_units(units):
    """The demo's unit tree as it is today: the province above, then the 1 July 2025 reform
    (lms.demo.merger: Bình Dương merged into Hồ Chí Minh City, Tân Uyên's wards into Phường
    Tân Khánh and Phường Tân Uyên), with the demo's officers "hr" (the province, then the
    city) and "hr.tanuyen" (Tân Uyên, then the two wards)."""
    from lms.demo.merger import merger_build

    officer_of("hr", units["BDG"])
    officer_of("hr.tanuyen", units["BDG-TU"])
    return merger_build()


@pytest.fixture
def ward_officer(reformed_units):
    """The demo's "hr.tanuyen": the old city of Tân Uyên and the two wards that replaced it."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="hr.tanuyen")
