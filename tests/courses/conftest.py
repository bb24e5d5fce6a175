import pytest

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
