"""Who may choose targets in the admin (see lms.permissions)."""

from django.db.models import Q

from lms.org.models import OrgRole, OrgUnit
from lms.org.selectors import is_hr_officer, org_units_in_scope
from lms.permissions import ChoosePolicy


def _units_above_grants(*, user):
    """The units that contain one of the user's granted units (treebeard paths: a unit's
    ancestors are the prefixes of its path)."""
    paths = OrgRole.objects.filter(user=user, role=OrgRole.Role.HR_OFFICER).values_list(
        "unit__path", flat=True
    )
    prefixes = {
        path[:end] for path in paths for end in range(OrgUnit.steplen, len(path), OrgUnit.steplen)
    }
    return OrgUnit.objects.filter(path__in=prefixes)


class TargetPolicy(ChoosePolicy):
    """Administrators choose any target; HR officers those that count people of their units
    (a target for everyone, for a unit that contains theirs, or for one inside their scope);
    trainers none."""

    def scoped_instances(self, user):
        if not is_hr_officer(user):
            return None
        return self.model._default_manager.filter(
            Q(scope__isnull=True)
            | Q(scope__in=org_units_in_scope(user=user))
            | Q(scope__in=_units_above_grants(user=user))
        )
