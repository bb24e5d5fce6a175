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
