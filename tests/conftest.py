import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Fixtures that cost seconds: a test using one is `slow` (left out by `make test-quick`).
SLOW_FIXTURES = {"demo_database", "live_server", "run_manage", "browser"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Under pytest-xdist (make test), the tests that need the demo or a browser share one
    worker, so the demo is seeded and Chromium started once, not once per worker."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "demo_database" in names or "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.xdist_group("demo"))
        if names & SLOW_FIXTURES or item.get_closest_marker("services"):
            item.add_marker(pytest.mark.slow)


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


class _Database:
    """The copies of this process's test database (tests/database_copies.py), and whether a
    transactional test has flushed it since."""

    copies = None
    flushed = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's set-up, then a copy of the database as the migrations left it."""
    from tests.database_copies import database_copies

    with django_db_blocker.unblock():
        _Database.copies = database_copies()
        _Database.copies.save("clean")
    yield
    with django_db_blocker.unblock():
        # Left as the migrations made it, for the next run that reuses it (make test-quick).
        _Database.copies.restore("clean")
        _Database.copies.drop_all()
    _Database.copies = None


def _is_transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A transactional test ends by emptying the database (Django's flush), losing what the
    migrations created (the page tree's root, competency areas...). pytest-django runs those
    tests last, but pytest-xdist's groups can run some earlier in a worker: the next test that
    expects a migrated database gets it back from the copy first."""
    if not _Database.flushed or _Database.copies is None or _is_transactional(item):
        return
    if "db" in item.fixturenames or item.get_closest_marker("django_db"):
        # A module reading the demo (demo_module, set up once) gets the demo back instead.
        demo = "demo_module" in item.fixturenames and _Database.copies.has("demo")
        state = "demo" if demo else "clean"
        with item.config.stash[blocking_manager_key].unblock():
            _Database.copies.restore(state)
        _Database.flushed = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _is_transactional(item):
        _Database.flushed = True
    return result


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo province, seeded once per session (per xdist worker) and kept as a copy.

    Tests use ``demo`` or ``demo_db``; this only builds the copy.
    """
    from django.core.management import call_command

    copies = _Database.copies
    with django_db_blocker.unblock():
        copies.restore("clean")
        call_command("seed_demo", verbosity=0)
        copies.save("demo")
        copies.restore("clean")
    return copies


@pytest.fixture
def demo_db(demo_database, django_db_blocker):
    """The database holds the whole demo (what `make run` serves), fresh for this test: for
    transactional tests (a live server); their flush empties it afterwards."""
    with django_db_blocker.unblock():
        demo_database.restore("demo")


@pytest.fixture(scope="module")
def demo_module(demo_database, django_db_blocker):
    """The demo for every test of a module that only reads it (see ``demo``)."""
    with django_db_blocker.unblock():
        demo_database.restore("demo")
    yield
    with django_db_blocker.unblock():
        demo_database.restore("clean")


@pytest.fixture
def demo(demo_module, db):
    """The demo province; what the test writes is rolled back, as in any ``db`` test."""


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
def default_language():
    """Each test starts in the site's default language (Vietnamese), whichever one the test
    before it activated: which tests share a process changes with pytest-xdist."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_plugin_state():
    """Plugin state is cached per process; a test's rolled-back changes must not leak."""
    from plugins.manager import get_plugin_system

    get_plugin_system().mark_state_stale()
    yield
    get_plugin_system().mark_state_stale()


class Mailbox:
    """What the test SMTP server received: (envelope recipients, parsed message).

    ``refuse`` makes it answer the next that many messages with ``refusal`` (by default a
    temporary failure, 451, as a busy relay answers), to exercise the senders' retries."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.refusal = "451 Requested action aborted: try again later"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        from email import message_from_bytes, policy

        if self.refuse:
            self.refuse -= 1
            return self.refusal
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port, and Django's SMTP backend
    pointed at it for the test. Yields the Mailbox."""
    import socket

    from aiosmtpd.controller import Controller
    from django.test import override_settings

    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
        ):
            yield mailbox
    finally:
        controller.stop()
