"""`linkwork <lookup> load FILE`: the shape every places lookup loader shares."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

SHOWN_REJECTIONS = 20


class LoadFileCommand(BaseCommand):
    """Subclasses name the loader, its error, the attribution the source's licence asks
    for, and how to describe what was loaded."""

    load_help = ""
    file_help = "The file, saved locally."
    attribution = ""
    error: type[Exception] = ValueError

    def load(self, *, path: Path, synthetic: bool):
        raise NotImplementedError

    def describe(self, report) -> str:
        return f"Loaded {report.source_name} as the {report.layout.name}."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser("load", help=self.load_help)
        load.add_argument("file", type=Path, help=self.file_help)
        load.add_argument(
            "--synthetic", action="store_true", help="Mark the rows as invented demo data."
        )

    def handle(self, *args, action: str, file: Path, synthetic: bool, **options):
        try:
            report = self.load(path=file, synthetic=synthetic)
        except self.error as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.describe(report))
        self.stdout.write(f"  created:  {len(report.created)}")
        self.stdout.write(f"  updated:  {len(report.updated)}")
        self.stdout.write(f"  rejected: {len(report.rejected)}")
        if report.rejected:
            self.stdout.write(f"First rejected rows (up to {SHOWN_REJECTIONS}):")
        for outcome in report.rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(f"  {outcome.message}")
        if not synthetic:
            self.stdout.write(self.attribution)
