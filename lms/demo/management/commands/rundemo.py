"""`runserver` for the demo (used by `make run`): the site as its visitors see it, its own 404
and 500 pages included, and the demo logins at the end of its start-up output."""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.contrib.staticfiles.management.commands.runserver import Command as RunServer
from django.views.static import serve

from lms.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from lms.demo.identity_provider import LABEL, demo_identities, demo_identity_provider_start


class MediaFilesHandler(StaticFilesHandler):
    """Uploaded media (course images and their renditions) from MEDIA_ROOT: lms.urls serves
    them only while DEBUG is on."""

    def get_base_url(self):
        return settings.MEDIA_URL

    def serve(self, request):
        return serve(request, self.file_path(request.path), document_root=settings.MEDIA_ROOT)


class Command(RunServer):
    help = "Serve the demo site and print the demo logins."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--debug-pages",
            action="store_true",
            help="Show Django's debug pages (tracebacks, the URL patterns) instead of the "
            "site's own 404 and 500 pages.",
        )
        parser.add_argument(
            "--no-identity-provider",
            action="store_true",
            help="Do not start the demo OpenID Connect provider (devtools/demo_idp).",
        )

    def execute(self, *args, **options):
        # The demo's identity provider, once: not again in runserver's reloader child (which
        # inherits the variables that point the `oidc` plugin at it), nor over a real one.
        self.identity_provider = os.environ.get("LMS_OIDC_VNEID_ISSUER", "")
        if (
            os.environ.get("RUN_MAIN") != "true"
            and not os.environ.get("LMS_OIDC_PROVIDERS")
            and not options.get("no_identity_provider")
        ):
            host, _, port = (options.get("addrport") or "127.0.0.1:8000").rpartition(":")
            host = host or "127.0.0.1"
            sites = {
                f"http://{host}:{port}",
                f"http://127.0.0.1:{port}",
                f"http://localhost:{port}",
            }
            _, self.identity_provider = demo_identity_provider_start(sites=sorted(sites))
        if not options.get("debug_pages"):
            # A wrong address shows the site's own page, not Django's debug 404 listing every
            # URL pattern. DEBUG goes off before anything reads it (the system checks, the
            # URLconf, the template engines), as Django's test runner switches it; static
            # files are still served from the apps and static/ (runserver --insecure), and
            # media by MediaFilesHandler.
            settings.DEBUG = False
            options["insecure_serving"] = True
        return super().execute(*args, **options)

    def get_handler(self, *args, **options):
        handler = super().get_handler(*args, **options)
        return handler if settings.DEBUG else MediaFilesHandler(handler)

    def on_bind(self, server_port):
        super().on_bind(server_port)
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        lines = [
            "",
            f"Demo logins (password for all: {DEMO_PASSWORD})",
            f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD})",
        ]
        lines += [
            f"  {account.username.ljust(width)}  {account.description}" for account in DEMO_ACCOUNTS
        ]
        if getattr(self, "identity_provider", "") or os.environ.get("LMS_OIDC_VNEID_ISSUER"):
            names = ", ".join(identity["username"] for identity in demo_identities())
            lines += [
                "",
                f'"Đăng nhập bằng {LABEL}" / "Sign in with {LABEL}": {names}',
                f"  (mật khẩu / password: {demo_identities()[0]['password']}; "
                f"provider: {os.environ.get('LMS_OIDC_VNEID_ISSUER', '')})",
            ]
        lines += [
            "",
            f"Site:  http://{self.addr}:{server_port}/",
            f"Admin: http://{self.addr}:{server_port}/admin/",
            # Frozen into every certificate's QR code and link (`make run` sets it).
            f"Certificates link to: {settings.LMS_PUBLIC_URL}/  (LMS_PUBLIC_URL)",
            "",
        ]
        if urlsplit(settings.LMS_PUBLIC_URL).port not in {None, int(server_port)}:
            lines.insert(
                -1,
                f"Warning: LMS_PUBLIC_URL is not this server's port {server_port}: certificates "
                "issued now would link elsewhere.",
            )
        self.stdout.write("\n".join(lines))
