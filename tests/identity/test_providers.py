"""A provider that cannot be read gets its page; a discovery document must name its issuer."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.cache import cache
from django.test import Client

from lms.identity.providers import ProviderUnavailable, discovery_document
from tests.identity.provider import free_port


@pytest.fixture
def impostor():
    """A server whose discovery document names another issuer."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = (
                b'{"issuer": "https://elsewhere.invalid", "authorization_endpoint": "x",'
                b' "token_endpoint": "x", "jwks_uri": "x"}'
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_discovery_document_naming_another_issuer_is_refused(impostor):
    cache.clear()
    with pytest.raises(ProviderUnavailable, match=r"names https://elsewhere\.invalid"):
        discovery_document(issuer=impostor)


@pytest.mark.django_db
def test_a_provider_that_cannot_be_reached_gets_its_page(monkeypatch, settings):
    cache.clear()
    settings.LMS_OIDC_TIMEOUT = 2
    monkeypatch.setenv("LMS_OIDC_PROVIDERS", "vneid")
    monkeypatch.setenv("LMS_OIDC_VNEID_ISSUER", f"http://127.0.0.1:{free_port()}")  # nobody
    monkeypatch.setenv("LMS_OIDC_VNEID_CLIENT_ID", "lms")
    response = Client().get("/accounts/sso/vneid/login/")
    assert response.status_code == 503 and response.context["reason"] == "unavailable"
