from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.organisations.models import Practice
from linkwork.organisations.population import COLUMNS, UnreadableFile, load_population


class Command(BaseCommand):
    help = (
        "Load practice population profiles (registered patients by practice, date, sex, age "
        f"band and SIMD decile where known) from a CSV file (UTF-8) with the columns "
        f"{', '.join(COLUMNS)}. Every row is checked first; a bad row is reported by line, "
        "column and fix, and then nothing is loaded. Each practice's rows as at each date in "
        "the file replace those loaded before, so loading a file again changes nothing. "
        "docs/practice-population.md describes each column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = load_population(file, practices=Practice.objects.all())
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}; nothing was loaded") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a UTF-8 CSV file; save it as CSV UTF-8") from None
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(
                f"{report.bad} bad row(s) of {report.read}; nothing was loaded. Fix them and "
                "load the file again."
            )
        for code, day in report.profiles:
            self.stdout.write(f"practice {code} as at {day:%Y-%m-%d}")
        self.stdout.write(
            f"Rows read: {report.read}; loaded: {report.loaded}; replaced: {report.replaced}."
        )
