import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from linkwork.demo import seeding


class Command(BaseCommand):
    help = "Set up and serve the demo: migrate, load demo data once, print logins, serve."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="Port to serve on (default 8000, or $PORT).",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up and print logins, then stop."
        )

    def handle(self, *args, port: int, no_serve: bool, **options):
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError("The demo runs only in demo mode (use `linkwork demo`).")
        if "LINKWORK_SITE_URL" not in os.environ:
            # Links in emails (invitations, password resets) lead back to this demo's port.
            settings.LINKWORK_SITE_URL = f"http://127.0.0.1:{port}"
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self._say("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        if not seeding.is_loaded():  # a newcomer would otherwise wait in silence
            self._say("Loading the demo data: the first time takes a minute or two...")
        loaded, logins = seeding.seed()
        self.stdout.write("Loaded demo data." if loaded else "Demo data already loaded.")
        self._print_logins(logins)
        if no_serve:
            return
        self.stdout.write(f"\nServing linkwork on http://127.0.0.1:{port}/ (Ctrl+C to stop)\n")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _print_logins(self, logins) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {seeding.DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<18} {login.username:<10} {login.name} ({login.organisation})"
            )
