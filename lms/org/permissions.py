"""Who may choose population figures in the admin (see lms.permissions)."""

from lms.permissions import ChoosePolicy

from .selectors import is_hr_officer, org_units_in_scope


class PopulationFigurePolicy(ChoosePolicy):
    """Administrators choose any figure; HR officers those of their units; trainers none."""

    def scoped_instances(self, user):
        if not is_hr_officer(user):
            return None
        return self.model._default_manager.filter(unit__in=org_units_in_scope(user=user))
