from pathlib import Path

from django.core.management.base import BaseCommand

from linkwork.accounts.access_matrix import render


class Command(BaseCommand):
    help = "Write the access matrix (role × record × action) from the authorisation module."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Write to this file (docs/access-matrix.md) instead."
        )

    def handle(self, *args, output=None, **options):
        text = render()
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
