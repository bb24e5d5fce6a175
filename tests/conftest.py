import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def require_or_skip(*, requirement: str, message: str) -> None:
    """Skip with a message, or fail when the environment says this must run (CI)."""
    if os.environ.get(requirement) == "1":
        pytest.fail(f"{message} ({requirement}=1 says these tests must run)")
    pytest.skip(message)


@pytest.fixture
def site(db):
    """The page tree every site has: root, home page, course catalogue, default Site."""
    from lms.home.services import site_setup

    return site_setup()


@pytest.fixture
def run_manage():
    """Run manage.py in a fresh interpreter with a controlled environment."""

    def run(*args: str, env: dict[str, str] | None = None, drop: tuple[str, ...] = ()):
        # The browser tests relax async safety for this process only, never for children.
        dropped = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
        full_env = {k: v for k, v in os.environ.items() if k not in dropped}
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture(autouse=True)
def fresh_plugin_state():
    """Plugin state is cached per process; a test's rolled-back changes must not leak."""
    from plugins.manager import get_plugin_system

    get_plugin_system().mark_state_stale()
    yield
    get_plugin_system().mark_state_stale()
