from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from linkwork.demo import seeding


class Command(BaseCommand):
    help = "Load the synthetic demo data (once; running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply clusters, practices, link workers and caseloads (default 1).",
        )

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        # As `linkwork demo` does: a new database needs its tables before any data.
        call_command("migrate", interactive=False, verbosity=0)
        loaded, logins = seeding.seed(scale=scale)
        if loaded:
            self.stdout.write(f"Loaded demo data at scale {scale}.")
        else:
            self.stdout.write("Demo data is already loaded; nothing changed.")
        return None
