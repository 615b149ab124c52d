from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.outcomes.service_use import ImportRefused, import_appointments


class Command(BaseCommand):
    help = (
        "Import a practice's GP appointment counts: a CSV with exactly the columns chi, "
        "month (YYYY-MM) and appointments. Counts only; importing again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV extract")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_appointments(file)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError(f"{file}: {refused}") from refused
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not a UTF-8 CSV file; save it as CSV UTF-8") from error
        self.stdout.write(
            f"{result.created} counts added, {result.changed} changed, "
            f"{result.unchanged} already held."
        )
