"""`runserver` that ends its start-up output with the demo logins (used by `make run`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunServer

from lms.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(RunServer):
    help = "Serve the demo site and print the demo logins."

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
