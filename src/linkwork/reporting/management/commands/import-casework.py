from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.reporting.legacy_import import COLUMNS, ImportRefused, import_casework
from linkwork.reporting.management.flags import area_of


class Command(BaseCommand):
    help = (
        "Import a programme's earlier casework from a spreadsheet saved as CSV (UTF-8), one "
        f"row per referral, with the columns {', '.join(COLUMNS)}. Every row is checked "
        "first; a bad row is reported by line, column and fix, and then nothing is imported "
        "unless --partial. Importing the same file again adds nothing (rows are known by "
        "patient_ref and referral_date). docs/legacy-import.md describes each column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the good rows and report the bad ones (without it, any bad row "
            "means nothing is imported).",
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create the practices (by code) and link workers (by name, as accounts "
            "that cannot sign in) the file names and linkwork does not know.",
        )
        parser.add_argument(
            "--hscp",
            metavar="CODE",
            help="With --create-missing, the HSCP new practices join (needed when linkwork "
            "has more than one).",
        )

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = import_casework(
                file,
                partial=options["partial"],
                create_missing=options["create_missing"],
                hscp=area_of(options["hscp"], None).hscp,
            )
        except ImportRefused as refused:
            raise CommandError(f"{file}: {refused}; nothing was imported") from refused
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not a UTF-8 CSV file; save it as CSV UTF-8") from error
        self._print(report)
        if report.problems and not options["partial"]:
            raise CommandError(
                f"{report.bad} bad row(s); nothing was imported. Fix them and import again, "
                "or import the good rows with --partial."
            )

    def _print(self, report) -> None:
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        for created in report.created:
            self.stdout.write(f"created {created}")
        self.stdout.write(
            f"Rows read: {report.read}; imported: {report.imported}; already present: "
            f"{report.already_present}; bad: {report.bad}."
        )
