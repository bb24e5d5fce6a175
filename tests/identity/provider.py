"""A real OpenID Connect provider process for the tests (devtools/demo_idp), and the way a
test signs in at it without a browser.

The provider is started once per session on a free port, with two clients: "staff" (the
province's staff directory) and "vneid" (citizens), and identities made for the tests.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.conftest import PROJECT_ROOT

PASSWORD = "idp-test-password"
CODE_EXPIRE_SECONDS = 10  # long enough for any sign-in here; the expiry test waits it out
CLIENTS = {
    "staff": ("lms-test-staff", "staff-secret", "staff"),
    "vneid": ("lms-test-vneid", "vneid-secret", "citizens"),
}
# national IDs the tests give to people they make (the provider says these numbers).
STAFF_ID = "079201000001"
UNKNOWN_ID = "079201009999"
LINKED_ID = "079201000002"
CITIZEN_ID = "079301000003"
PARTIAL_CITIZEN_ID = "079301000004"
COMMUNE_CODE = "TEST-KB"


def _identity(username, sub, **claims):
    return {"username": username, "password": PASSWORD, "sub": sub, "claims": claims}


IDENTITIES = [
    _identity(
        "staff.an",
        "sub-staff-an",
        name="Trần Văn An",
        birthdate="1980-02-03",
        gender="male",
        national_id=STAFF_ID,
    ),
    _identity("staff.unknown", "sub-staff-unknown", name="Người Lạ", national_id=UNKNOWN_ID),
    _identity("staff.linked", "sub-staff-linked", name="Lê Thị Hai", national_id=LINKED_ID),
    _identity("staff.noid", "sub-staff-noid", name="Không Số"),
    _identity(
        "citizen.binh",
        "sub-citizen-binh",
        name="Phạm Thị Bình",
        birthdate="1992-12-01",
        gender="female",
        national_id=CITIZEN_ID,
        commune_code=COMMUNE_CODE,
    ),
    _identity(
        "citizen.cuong",
        "sub-citizen-cuong",
        name="Đỗ Văn Cường",
        birthdate="1990-01-15",
        national_id=PARTIAL_CITIZEN_ID,
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def provider_start(*, tmp_dir, sites: list[str]):
    """Start the provider; return (process, issuer URL). Waits until discovery answers."""
    config = tmp_dir / "idp.json"
    config.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "client_id": client_id,
                        "client_secret": secret,
                        "redirect_uris": [f"{{site}}/accounts/sso/{code}/callback/"],
                    }
                    for code, (client_id, secret, _) in CLIENTS.items()
                ],
                "identities": IDENTITIES,
            }
        )
    )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "demo_idp",
        "--port",
        str(port),
        "--config",
        str(config),
        "--exit-with",
        str(os.getpid()),
    ]
    command += ["--database", str(tmp_dir / "idp.db"), "--code-expire", str(CODE_EXPIRE_SECONDS)]
    for site in sites:
        command += ["--site", site]
    log = open(tmp_dir / "idp.log", "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT / "devtools", stdout=log, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((tmp_dir / "idp.log").read_text())
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                return process, issuer
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the OpenID provider did not start: " + (tmp_dir / "idp.log").read_text())


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The provider process, for the live server (browser tests) and the test client."""
    process, issuer = provider_start(
        tmp_dir=tmp_path_factory.mktemp("idp"), sites=[live_server.url, "http://testserver"]
    )
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def providers_configured(oidc_provider, monkeypatch):
    """Both providers configured as an operator would: environment variables only."""
    monkeypatch.setenv("LMS_OIDC_PROVIDERS", "staff,vneid")
    for code, (client_id, secret, population) in CLIENTS.items():
        prefix = f"LMS_OIDC_{code.upper()}_"
        monkeypatch.setenv(prefix + "ISSUER", oidc_provider)
        monkeypatch.setenv(prefix + "CLIENT_ID", client_id)
        monkeypatch.setenv(prefix + "CLIENT_SECRET", secret)
        monkeypatch.setenv(prefix + "POPULATION", population)
    monkeypatch.setenv("LMS_OIDC_STAFF_LABEL", "Staff directory")
    monkeypatch.setenv("LMS_OIDC_VNEID_LABEL", "VNeID")
    return oidc_provider


def provider_sign_in(authorize_url: str, *, username: str) -> str:
    """Sign in at the provider as a browser would (its login form, then the authorization
    redirect) and return the URL it sends back to the LMS, code and state in it."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    response = browser.post(
        response.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(urlsplit(response.url).query)["next"][0],
        },
        headers={"Referer": response.url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    response = browser.get(
        urljoin(response.url, response.headers["Location"]), allow_redirects=False
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]
