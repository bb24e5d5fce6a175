"""Which units are at the top of an HR officer's scope (scope_top_units): one answer for the
coverage report and the unit browser."""

import pytest

from lms.org.models import OrgRole, OrgUnit
from lms.org.selectors import org_units_in_scope, scope_top_units
from tests.factories import UserFactory

from .conftest import officer_of

pytestmark = pytest.mark.django_db


def codes(units) -> list[str]:
    return [unit.code for unit in units]


def test_a_grant_nested_in_another_grant_is_not_a_top_unit(units):
    officer = officer_of("hr.tu", units["BDG-TU"])
    OrgRole.objects.create(user=officer, unit=units["BDG-TU-KB"], role=OrgRole.Role.HR_OFFICER)
    OrgRole.objects.create(user=officer, unit=units["BDG-STTTT"], role=OrgRole.Role.HR_OFFICER)
    assert sorted(codes(scope_top_units(user=officer))) == ["BDG-STTTT", "BDG-TU"]


def test_a_role_other_than_hr_officer_grants_no_top_unit(units):
    user = UserFactory()
    OrgRole.objects.create(user=user, unit=units["BDG"], role="trainer")
    assert codes(scope_top_units(user=user)) == []
    # Nor does it hide an HR grant below it.
    OrgRole.objects.create(user=user, unit=units["BDG-TU"], role=OrgRole.Role.HR_OFFICER)
    assert codes(scope_top_units(user=user)) == ["BDG-TU"]


def test_a_superuser_sees_every_root(units):
    OrgUnit.add_root(code="HCM", name="Thành phố Hồ Chí Minh", kind=OrgUnit.Kind.PROVINCE)
    admin = UserFactory(is_superuser=True)
    assert sorted(codes(scope_top_units(user=admin))) == ["BDG", "HCM"]


def test_the_top_units_cover_the_scope_exactly_once(units):
    officer = officer_of("hr.tu", units["BDG-TU"])
    OrgRole.objects.create(user=officer, unit=units["BDG-TU-KB"], role=OrgRole.Role.HR_OFFICER)
    OrgRole.objects.create(user=officer, unit=units["BDG-SNV"], role=OrgRole.Role.HR_OFFICER)
    tops = list(scope_top_units(user=officer))
    for unit in org_units_in_scope(user=officer):
        assert len([top for top in tops if unit.path.startswith(top.path)]) == 1, unit.code
    assert set(tops) <= set(org_units_in_scope(user=officer))


def test_the_top_units_take_one_query(units, django_assert_num_queries):
    officer = officer_of("hr.tu", units["BDG-TU"])
    OrgRole.objects.create(user=officer, unit=units["BDG-TU-KB"], role=OrgRole.Role.HR_OFFICER)
    with django_assert_num_queries(1):
        list(scope_top_units(user=officer))
