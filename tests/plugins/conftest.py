import sys

import pytest


@pytest.fixture
def site_packages(tmp_path, monkeypatch):
    """A folder on sys.path to write fake plugin distributions into (tests.plugins.fakes)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for module in set(sys.modules) - before:
        if module.startswith("lmsfake_"):
            del sys.modules[module]
