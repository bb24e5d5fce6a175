"""Every URL pattern by every demo role answers as tests/security/authorization_matrix.py says.

A URL pattern without a row there fails test_every_url_pattern_is_classified, which prints
the rows to add. See the table's module for the row format.
"""

import inspect
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve, reverse

from tests.security import authorization_matrix as matrix
from tests.security.urlpatterns import Pattern, url_patterns
from tests.security.world import ROLES, role_clients_fixture, world_fixture  # noqa: F401

# The database is set up only for tests that ask for it; each test runs in a savepoint.
pytestmark = pytest.mark.django_db

ANSWERS = {"200", "login", "deny", "302", "400", "403", "404", "405", "429", "500"}
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Row:
    key: str
    case: str
    method: str
    parameters: dict[str, str]
    query: str
    expected: tuple[str, ...]
    line: int

    @property
    def id(self) -> str:
        return f"{self.key}@{self.case}" if self.case else self.key


def _parse(table: str) -> list[Row]:
    assert matrix.ROLES == ROLES, "the table's columns are the world's roles, in order"
    source = Path(inspect.getsourcefile(matrix)).read_text(encoding="utf-8")
    first = source[: source.index('TABLE = """')].count("\n") + 1  # line numbers in the file
    rows = []
    for number, text in enumerate(table.splitlines(), start=first):
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        left, _, right = text.partition("|")
        answers = right.split()
        if len(answers) == 1:
            answers = matrix.PROFILES[answers[0]].split()
        assert len(answers) == len(ROLES), f"line {number}: {len(ROLES)} answers needed"
        assert set(answers) <= ANSWERS, f"line {number}: unknown answer in {answers}"
        key, *tokens = left.split()
        case, method, parameters, query = "", "GET", {}, ""
        for token in tokens:
            if token.startswith("@"):
                case = token[1:]
            elif token in {"GET", "POST"}:
                method = token
            elif token.startswith("?"):
                query = token
            else:
                name, _, value = token.partition("=")
                assert value, f"line {number}: {token!r} is not parameter=object"
                parameters[name] = value
        rows.append(Row(key, case, method, parameters, query, tuple(answers), number))
    ids = [row.id for row in rows]
    duplicates = {row_id for row_id in ids if ids.count(row_id) > 1}
    assert not duplicates, f"rows named twice (add an @case): {sorted(duplicates)}"
    return rows


ROWS = _parse(matrix.TABLE)


def _value(world, reference: str):
    if reference[:1] == reference[-1:] == "'":
        return reference[1:-1]
    assert reference in world.objects, f"no object {reference!r} in tests/security/world.py"
    return world.objects[reference]


def _url(row: Row, pattern: Pattern, world) -> str:
    if "url" in row.parameters:
        url = str(_value(world, row.parameters["url"]))
    else:
        kwargs = {}
        for name in pattern.parameters:
            reference = row.parameters.get(name) or matrix.DEFAULT_PARAMETERS.get(name)
            assert reference, f"{row.id}: say which object fills <{name}> (e.g. {name}=...)"
            kwargs[name] = _value(world, reference)
        url = reverse(pattern.name, kwargs=kwargs)
    match = resolve(urlsplit(url).path)
    # The row must test the pattern it names, not another one that happens to match.
    assert match.route == pattern.route or re.sub(r"\^|\$", "", match.route) == re.sub(
        r"\^|\$", "", pattern.route
    ), f"{row.id}: {url} resolves to {match.route!r}, not {pattern.route!r}"
    query = re.sub(r"\{(\w+)\}", lambda found: str(_value(world, found[1])), row.query)
    return url + query


def _refused(response) -> bool:
    """Wagtail answers "permission denied" with a redirect to the dashboard and an error."""
    return any(
        message.level == messages.ERROR for message in messages.get_messages(response.wsgi_request)
    )


def _answer(response) -> str:
    if response.status_code in REDIRECTS:
        path = urlsplit(response["Location"]).path
        if path in {reverse("login"), reverse("wagtailadmin_login")}:
            return "login"
        if path == reverse("wagtailadmin_home") and _refused(response):
            return "deny"
        return "302"
    if 200 <= response.status_code < 300:
        return "200"
    return str(response.status_code)


@pytest.fixture(scope="module")
def patterns() -> dict[str, Pattern]:
    return {pattern.key: pattern for pattern in url_patterns()}


@pytest.fixture(scope="module")
def signed_in(role_clients):
    """Each role's cookies as they were after signing in (a request may change them: Wagtail's
    logout view drops the session cookie even when it refuses a GET)."""
    for client in role_clients.values():
        client.raise_request_exception = False  # an exception is a 500 answer, not a crash
    return {
        role: SimpleCookie(client.cookies.output(header=""))
        for role, client in role_clients.items()
    }


def _request(client, cookies, row: Row, url: str):
    client.cookies = SimpleCookie(cookies.output(header=""))
    cache.clear()  # rate-limit counters: the matrix asks who may, not how often
    with transaction.atomic():
        response = client.post(url) if row.method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def test_every_url_pattern_is_classified(patterns):
    classified = {row.key for row in ROWS}
    missing = [pattern for key, pattern in patterns.items() if key not in classified]
    lines = [
        f"{pattern.key}  {' '.join(f'{name}=?' for name in pattern.parameters)}"
        f"  | {' '.join(ROLES)}    (route: {pattern.route})"
        for pattern in missing
    ]
    assert not missing, (
        "URL patterns with no row in tests/security/authorization_matrix.py; add one per "
        "pattern with the answer each role must get:\n" + "\n".join(lines)
    )


def test_every_row_names_a_url_pattern(patterns):
    stale = [f"line {row.line}: {row.key}" for row in ROWS if row.key not in patterns]
    assert not stale, "rows for URL patterns that no longer exist:\n" + "\n".join(stale)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_role_gets_the_answer_in_the_table(row, patterns, world, role_clients, signed_in):
    if row.key not in patterns:
        pytest.skip("no such URL pattern (test_every_row_names_a_url_pattern says so)")
    url = _url(row, patterns[row.key], world)
    answers = tuple(
        _answer(_request(role_clients[role], signed_in[role], row, url)) for role in ROLES
    )
    assert answers == row.expected, (
        f"{row.method} {url} (authorization_matrix.py line {row.line})\n"
        f"  roles:    {' '.join(f'{role:10}' for role in ROLES)}\n"
        f"  expected: {' '.join(f'{answer:10}' for answer in row.expected)}\n"
        f"  got:      {' '.join(f'{answer:10}' for answer in answers)}"
    )
