from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.places.centroids import CENTROID_ATTRIBUTION, CentroidFileError, load_centroid_file

SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    help = "Postcode centroids. `linkwork postcodes load FILE` loads NRS SPD or ONSPD (CSV)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load",
            help="Load postcode centroids from the NRS Scottish Postcode Directory or the ONSPD.",
        )
        load.add_argument("file", type=Path, help="The CSV file, saved locally.")
        load.add_argument(
            "--synthetic", action="store_true", help="Mark the rows as invented demo data."
        )

    def handle(self, *args, action: str, file: Path, synthetic: bool, **options):
        try:
            report = load_centroid_file(path=file, synthetic=synthetic)
        except CentroidFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {report.source_name} as the {report.layout.name}.")
        self.stdout.write(f"  created:  {len(report.created)}")
        self.stdout.write(f"  updated:  {len(report.updated)}")
        self.stdout.write(f"  rejected: {len(report.rejected)}")
        for outcome in report.rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(f"  {outcome.message}")
        if not synthetic:
            self.stdout.write(CENTROID_ATTRIBUTION)
