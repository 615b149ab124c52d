import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run linkwork under gunicorn, the way one HSCP would run it on one machine."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply migrations first."
        )

    def handle(self, *args, bind: str, workers: int, no_migrate: bool, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "linkwork.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            # Paths only: query strings can carry search terms about people.
            "--access-logformat",
            '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
            # Single-use link tokens are in paths: redacted (config/logredact.py).
            "--logger-class",
            "linkwork.config.logredact.RedactingGunicornLogger",
        ]
        self.stdout.write(f"Serving linkwork on http://{bind}/")
        sys.stdout.flush()
        os.execv(sys.executable, gunicorn)  # noqa: S606 (fixed argument list, no shell)
