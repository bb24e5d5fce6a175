"""A double (or triple) submit of registration, of "lesson done" and of quiz answers gets a
redirect or a form error, never a 500, and never records anything twice.

First the sequential double POST (the test client), then truly concurrent POSTs: a real
server process (`manage.py runserver`, threaded, as `make run` serves) on its own database
connections, and several threads posting the same form at the same moment with one
browser's cookies. On SQLite the server gets a file copy of the test database (an in-memory
database cannot be shared with another process) and the test reads the result back from it;
on PostgreSQL it uses the test database itself.
"""

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from courses.models import Enrollment, LessonPage, LessonProgress
from courses.services import enrollment_create
from lms.org.models import Person
from plugins.quiz.models import QuizAttempt
from tests.conftest import PROJECT_ROOT
from tests.factories import RIGHT_ANSWERS, UserFactory, course_with_lessons

pytestmark = pytest.mark.slow  # real servers and concurrent requests

# This test area's ports; each pytest-xdist worker ("gw0", "gw1", ...) takes its own ten.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
SERVER_PORTS = range(8750 + 10 * _WORKER, 8760 + 10 * _WORKER)
SIMULTANEOUS = 6
CSRF_SECRET = "doublesubmitdoublesubmitdoubleab"  # any 32 letters: cookie and form agree


# --- Sequential: the same form posted twice ---------------------------------------------------


@pytest.fixture
def learner(db):
    return UserFactory(username="hoc.vien")


@pytest.fixture
def units(site):
    from lms.demo.province import units_build

    return units_build()


def registration(units, **overrides):
    return {
        "full_name": "Lê Thị Mai",
        "date_of_birth": "1994-04-12",
        "sex": "female",
        "commune": units["BDG-TU-KB"].pk,
        "email": "mai@example.invalid",
        "phone": "",
        "username": "le.mai",
        "password": "mat-khau-du-dai-2025",
        "consent": "on",
        **overrides,
    }


def quiz_form(attempt=1):
    return {
        **{f"q-{question}": choices for question, choices in RIGHT_ANSWERS.items()},
        "attempt": str(attempt),
    }


def test_registering_twice_signs_in_once(client, units):
    first = client.post("/accounts/register/", registration(units))
    second = client.post("/accounts/register/", registration(units))
    assert first.status_code == second.status_code == 302
    assert get_user_model().objects.filter(username="le.mai").count() == 1
    assert Person.objects.filter(user__username="le.mai").count() == 1


def test_a_replayed_registration_says_the_username_is_taken(units):
    """The form posted again later, from a browser that is not signed in: a form error."""
    assert Client().post("/accounts/register/", registration(units)).status_code == 302
    replay = Client().post("/accounts/register/", registration(units, password="khac-han-2025"))
    assert replay.status_code == 200
    assert "Tên đăng nhập này đã có người dùng" in replay.content.decode()
    assert get_user_model().objects.filter(username="le.mai").count() == 1


def test_marking_a_lesson_done_twice_records_it_once(client, site, learner):
    course = course_with_lessons(lessons=2)
    lesson = LessonPage.objects.child_of(course).first()
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    answers = [client.post(f"/learning/lessons/{lesson.pk}/done/") for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


def test_submitting_quiz_answers_twice_records_one_attempt(client, site, learner):
    course = course_with_lessons(lessons=0, quiz=True)
    lesson = LessonPage.objects.child_of(course).get()
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    url = f"/plugins/quiz/{lesson.pk}/quiz-1/submit/"
    answers = [client.post(url, quiz_form(), follow=True) for _ in range(2)]
    assert [answer.redirect_chain[0][1] for answer in answers] == [302, 302]
    assert "Lần làm bài này đã được nộp rồi" in answers[1].content.decode()
    assert QuizAttempt.objects.count() == 1


# --- Concurrent: a real server, several requests at once --------------------------------------


def _free_port() -> int:
    for port in SERVER_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {SERVER_PORTS}")


@dataclass
class Server:
    url: str
    database_file: str | None
    log: Path

    def errors(self) -> str:
        """The server's tracebacks, to show with a failure."""
        return self.log.read_text(errors="replace")[-5000:]

    def burst(self, path: str, data: dict, *, cookies: dict) -> list[str]:
        """POST the same form SIMULTANEOUS times at once, as one browser (same cookies).
        The answers: the status, and where a redirect leads."""
        barrier = threading.Barrier(SIMULTANEOUS)
        answers: list[str] = []

        def post():
            with requests.Session() as session:
                session.cookies.update({"csrftoken": CSRF_SECRET, **cookies})
                barrier.wait()
                response = session.post(
                    self.url + path,
                    data={**data, "csrfmiddlewaretoken": CSRF_SECRET},
                    allow_redirects=False,
                    timeout=60,
                )
                location = urlsplit(response.headers.get("Location", "")).path
                answers.append(f"{response.status_code} {location}".strip())

        threads = [threading.Thread(target=post) for _ in range(SIMULTANEOUS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers


def _database_url(tmp_path) -> tuple[str, str | None]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = tmp_path / "db.sqlite3"
        with contextlib.closing(sqlite3.connect(copy)) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}", str(copy)
    settings = connection.settings_dict
    credentials = quote(settings["USER"]) + (
        f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    )
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{settings['NAME']}", None


@pytest.fixture
def serve(transactional_db, tmp_path):
    """serve() starts the server on what the test has written so far; on SQLite, the server's
    writes are read back into the test's database when the test reads them."""
    processes = []

    def start() -> Server:
        database_url, database_file = _database_url(tmp_path)
        port = _free_port()
        log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 (closed with the process)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CELERY_BROKER_URL"}
        }
        env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="lms.settings.test")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return Server(f"http://127.0.0.1:{port}", database_file, tmp_path / "server.log")
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
        pytest.fail("the server did not start within a minute")

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def read_back(server: Server) -> None:
    """SQLite: copy what the server wrote into the test's database, to query it here."""
    if server.database_file:
        with contextlib.closing(sqlite3.connect(server.database_file)) as source:
            source.backup(connection.connection)


def signed_in_cookies(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def test_simultaneous_registrations_make_one_account(serve, units):
    server = serve()
    answers = server.burst("/accounts/register/", registration(units), cookies={})
    read_back(server)
    # Every submit signs in to the one account it made (the form's username and password).
    assert answers == ["302 /me/"] * SIMULTANEOUS, server.errors()
    assert get_user_model().objects.filter(username="le.mai").count() == 1
    assert Person.objects.filter(user__username="le.mai").count() == 1


def test_simultaneous_lesson_done_records_the_lesson_once(serve, site):
    learner = UserFactory(username="hoc.vien")
    course = course_with_lessons(lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    enrollment_create(user=learner, course=course)
    cookies = signed_in_cookies(learner)
    server = serve()
    answers = server.burst(f"/learning/lessons/{lesson.pk}/done/", {}, cookies=cookies)
    read_back(server)
    # Completed: every submit lands on the course page, which shows the outcome.
    assert answers == [f"302 {course.url}"] * SIMULTANEOUS, server.errors()
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1
    assert Enrollment.objects.get(user=learner).completed_at is not None


def test_simultaneous_quiz_submits_record_one_attempt(serve, site):
    learner = UserFactory(username="hoc.vien")
    course = course_with_lessons(lessons=0, quiz=True)
    lesson = LessonPage.objects.child_of(course).get()
    enrollment_create(user=learner, course=course)
    cookies = signed_in_cookies(learner)
    server = serve()
    answers = server.burst(
        f"/plugins/quiz/{lesson.pk}/quiz-1/submit/", quiz_form(), cookies=cookies
    )
    read_back(server)
    # Back to the lesson: one with the score, the others saying it was already submitted.
    assert answers == [f"302 {lesson.url}"] * SIMULTANEOUS, server.errors()
    assert QuizAttempt.objects.count() == 1
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1
