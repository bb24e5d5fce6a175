import pytest
from django.contrib.auth.models import Group

from courses.setup import REVIEWERS_GROUP, TRAINERS_GROUP
from plugins.testing import plugin_registered
from tests.factories import UserFactory
from tests.plugins.recorder import Recorder


@pytest.fixture
def learner(db):
    return UserFactory(username="hoc.vien")


@pytest.fixture
def recorder():
    plugin = Recorder()
    with plugin_registered(plugin, name="recorder"):
        yield plugin


@pytest.fixture
def trainer(site):
    user = UserFactory(username="giang.vien")
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return user


@pytest.fixture
def reviewer(site):
    user = UserFactory(username="tham.dinh")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user
