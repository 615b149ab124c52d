from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.places.services import SIMD_ATTRIBUTION, LoadReport, SimdFileError, load_simd_file

SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    help = "SIMD deprivation lookups. `linkwork simd load FILE` loads a postcode lookup."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load",
            help="Load a PHS or Scottish Government postcode -> SIMD 2020v2 lookup (CSV or .xlsx).",
        )
        load.add_argument("file", type=Path, help="The lookup file, saved locally.")
        load.add_argument(
            "--synthetic", action="store_true", help="Mark the rows as invented demo data."
        )

    def handle(self, *args, action: str, file: Path, synthetic: bool, **options):
        try:
            report = load_simd_file(path=file, synthetic=synthetic)
        except SimdFileError as error:
            raise CommandError(str(error)) from error
        self._summarise(report)
        if not synthetic:
            self.stdout.write(SIMD_ATTRIBUTION)

    def _summarise(self, report: LoadReport) -> None:
        layout = report.layout
        self.stdout.write(
            f"Loaded {report.source_name} as the {layout.name} ({layout.scheme.label} deciles)."
        )
        self.stdout.write(f"  created:  {len(report.created)}")
        self.stdout.write(f"  updated:  {len(report.updated)}")
        self.stdout.write(f"  rejected: {len(report.rejected)}")
        if report.rejected:
            self.stdout.write(f"First rejected rows (up to {SHOWN_REJECTIONS}):")
        for outcome in report.rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(f"  {outcome.message}")
