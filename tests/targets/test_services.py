"""Saving a target in the admin asks for its attainments to be recomputed, once committed."""

import datetime

import pytest

from lms.targets.forms import TargetForm
from lms.targets.models import Attainment, Target
from lms.targets.services import target_saved

from .conftest import complete, make_target, staff

pytestmark = pytest.mark.django_db


def test_a_saved_target_is_recomputed_only_once_the_change_is_committed(
    units, course, django_capture_on_commit_callbacks
):
    target = make_target()
    person = staff(units["BDG-TU-KB"])
    complete(person, course, on=datetime.date(2025, 5, 1))
    target.courses.set([course])  # the definition changes, as the admin saves it
    target.save()
    assert not Attainment.objects.filter(target=target).exists()
    with django_capture_on_commit_callbacks() as callbacks:
        target_saved(target=target)
        assert not Attainment.objects.filter(target=target).exists()  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert Attainment.objects.filter(target=target, person=person).exists()


def test_the_admin_edits_targets_with_their_own_form():
    """Given to the snippet's edit handler, not patched onto the model."""
    assert "base_form_class" not in vars(Target)
    assert issubclass(Target.snippet_viewset.get_form_class(), TargetForm)
