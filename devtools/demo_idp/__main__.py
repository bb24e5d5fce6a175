"""Start the demo provider: migrate its own SQLite database, make a signing key, load the
clients and identities of the configuration file, and serve.

    python -m demo_idp --port 8001 --config demo.json --site http://127.0.0.1:8000

Each ``--site`` is a relying party's address: a client's redirect URIs are written
``{site}/accounts/sso/<code>/callback/`` in the file and given for every site.
"""

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="demo_idp")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--site", action="append", default=[])
    parser.add_argument("--database", default="")
    parser.add_argument("--code-expire", type=int, default=600)
    parser.add_argument("--exit-with", type=int, default=0, help="stop when this process ends")
    arguments = parser.parse_args()
    if arguments.exit_with:
        _exit_with(arguments.exit_with)
    database = arguments.database or str(Path(tempfile.mkdtemp(prefix="demo-idp-")) / "idp.db")
    # This process is the provider's own Django project, whatever the caller's settings were.
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo_idp.settings"
    os.environ["DEMO_IDP_DATABASE"] = database
    os.environ["DEMO_IDP_CONFIG"] = str(Path(arguments.config).resolve())
    os.environ["DEMO_IDP_SITE_URL"] = f"http://127.0.0.1:{arguments.port}"
    os.environ["DEMO_IDP_CODE_EXPIRE"] = str(arguments.code_expire)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    _load(arguments.config, arguments.site)
    call_command(
        "runserver",
        f"127.0.0.1:{arguments.port}",
        use_reloader=False,
        use_threading=True,
        skip_checks=True,
    )


def _exit_with(pid: int) -> None:
    """Stop when the process that started this one ends, however it ends (a test run killed,
    `make run` stopped by a signal that skips its clean-up)."""

    def watch() -> None:
        while True:
            try:
                os.kill(pid, 0)
            except OSError:
                os._exit(0)
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()


def _load(config_path: str, sites: list[str]) -> None:
    from django.contrib.auth import get_user_model
    from oidc_provider.models import Client, ResponseType, RSAKey

    if not RSAKey.objects.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        RSAKey.objects.create(
            key=key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            ).decode()
        )
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    code_flow = ResponseType.objects.get(value="code")
    for entry in config["clients"]:
        client, _ = Client.objects.update_or_create(
            client_id=entry["client_id"],
            defaults={
                "name": entry.get("name", entry["client_id"]),
                "client_type": "confidential",
                "client_secret": entry["client_secret"],
                "jwt_alg": "RS256",
                "require_consent": False,
                "reuse_consent": True,
            },
        )
        client.redirect_uris = [
            uri.replace("{site}", site.rstrip("/"))
            for uri in entry["redirect_uris"]
            for site in sites
        ]
        client.save()
        client.response_types.set([code_flow])
    for entry in config["identities"]:
        user, _ = get_user_model().objects.get_or_create(username=entry["username"])
        user.set_password(entry["password"])
        user.save()


if __name__ == "__main__":
    main()
