"""The login lockout holds across web processes: failures sent to one process lock the
account on another (django-axes counts in the shared database). Runs on PostgreSQL, where
separate server processes can share the test database; skipped on the embedded default."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.conftest import PROJECT_ROOT, require_or_skip
from tests.factories import UserFactory
from tests.lms.test_celery_worker import database_url_of_test_database

PASSWORD = "correct horse battery staple"


def free_port() -> int:
    # LMS_TEST_PORT_BASE lets a shared machine keep test servers in an agreed range.
    base = os.environ.get("LMS_TEST_PORT_BASE")
    candidates = range(int(base), int(base) + 10) if base else [0]
    for candidate in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def wait_until_serving(port: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web process on port {port} exited")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return
        except OSError:  # refused while starting, or a slow first answer
            time.sleep(0.3)
    raise RuntimeError(f"no answer on port {port}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the answer itself is what the test reads


def login(port: int, username: str, password: str) -> int:
    """A browser's login: fetch the form (CSRF cookie and token), then post it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = f"http://127.0.0.1:{port}/accounts/login/"
    form = opener.open(url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    try:
        return opener.open(urllib.request.Request(url, data=data), timeout=10).status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.fixture
def two_web_processes(tmp_path):
    if connection.vendor != "postgresql":
        require_or_skip(
            requirement="LMS_REQUIRE_SERVICES",
            message="the several-processes test needs PostgreSQL (set DATABASE_URL=postgres://…)",
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url_of_test_database(),
        "LMS_AUTH_FAILURE_LIMIT": "3",
    }
    processes, ports = [], []
    try:
        for number in range(2):
            port = free_port()
            log = (tmp_path / f"web-{number}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "lms.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=PROJECT_ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            ports.append(port)
            wait_until_serving(port, processes[-1])
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_failures_in_one_process_lock_the_login_in_another(two_web_processes):
    first, second = two_web_processes
    UserFactory(username="can.bo")
    UserFactory(username="dong.nghiep")
    assert [login(port, "can.bo", "wrong") for port in (first, second, first)] == [200, 200, 429]
    assert login(second, "can.bo", PASSWORD) == 429
    # Only that account from that client: a colleague at the same address signs in.
    assert login(second, "dong.nghiep", PASSWORD) == 302
