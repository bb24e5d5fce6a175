"""The demo's own OpenID Connect provider (devtools/demo_idp), started beside the site by
`make run` (rundemo), so that "Đăng nhập bằng VNeID (demo)" works with demo identities.

Nothing here runs unless the demo is served: a real site configures its providers with
LMS_OIDC_* variables (README, "Sign-in"), and rundemo leaves those alone when they are set.
"""

import atexit
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.conf import settings

DEVTOOLS = Path(settings.BASE_DIR) / "devtools"
CONFIG = DEVTOOLS / "demo_idp" / "demo.json"
LABEL = "VNeID (demo)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_identities() -> list[dict]:
    return json.loads(CONFIG.read_text(encoding="utf-8"))["identities"]


def demo_identity_provider_start(*, sites: list[str]) -> tuple[subprocess.Popen | None, str]:
    """Start the provider for these site addresses and point the `oidc` plugin at it (this
    process's environment, inherited by runserver's reloader child). Returns the process and
    its address, or (None, "") with the reason on stderr when it cannot start: the site runs
    without it. It stops when this process ends."""
    try:
        import oidc_provider  # noqa: F401 (the dev extra: pip install -e .[dev])
    except ImportError:
        sys.stderr.write("Demo identity provider not started: pip install -e '.[dev]'\n")
        return None, ""
    port = int(os.environ.get("LMS_DEMO_IDP_PORT") or _free_port())
    command = [
        sys.executable,
        "-m",
        "demo_idp",
        "--port",
        str(port),
        "--config",
        str(CONFIG),
        "--exit-with",
        str(os.getpid()),
    ]
    for site in sites:
        command += ["--site", site]
    process = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
        command, cwd=DEVTOOLS, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    atexit.register(process.terminate)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    else:
        error = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr else ""
        sys.stderr.write(f"Demo identity provider did not start:\n{error}\n")
        process.terminate()
        return None, ""
    client = json.loads(CONFIG.read_text(encoding="utf-8"))["clients"][0]
    os.environ.update(
        {
            "LMS_OIDC_PROVIDERS": "vneid",
            "LMS_OIDC_VNEID_ISSUER": issuer,
            "LMS_OIDC_VNEID_CLIENT_ID": client["client_id"],
            "LMS_OIDC_VNEID_CLIENT_SECRET": client["client_secret"],
            "LMS_OIDC_VNEID_LABEL": LABEL,
            "LMS_OIDC_VNEID_POPULATION": "citizens",
            # The demo's only provider: like a province with VNeID alone, it links staff too
            # (lan.nguyen is on the roster).
            "LMS_OIDC_VNEID_LINKS_STAFF": "1",
        }
    )
    return process, issuer
