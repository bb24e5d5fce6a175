from django.core.management.base import BaseCommand

from lms.home.services import site_setup


class Command(BaseCommand):
    help = "Give a new database the site's page tree: home page, course catalogue, default site."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="localhost")
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, hostname: str, port: int, **options):
        home = site_setup(hostname=hostname, port=port)
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page #{home.pk}."))
