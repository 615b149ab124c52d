import json

from django.core.management.base import BaseCommand

from linkwork.reporting.management.flags import (
    add_area_flags,
    add_period_flags,
    area_of,
    period_of,
)
from linkwork.reporting.summary import CSV_COLUMNS, as_csv, summary


class Command(BaseCommand):
    help = (
        "Reports. `summary --from D --to D` prints the programme summary's figures for "
        "that period (both days included), for everywhere or one HSCP or practice, as "
        "JSON or CSV; docs/decisions/0060 says how each figure is counted. For trusted "
        "operators only: the figures are not suppressed (small counts show as they are), "
        "so do not pass them on to anyone who may not see named people."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        figures = actions.add_parser(
            "summary",
            help="The headline figures for a period and area (not suppressed).",
            description=self.help,
        )
        add_period_flags(figures)
        add_area_flags(figures)
        figures.add_argument(
            "--format",
            choices=("json", "csv"),
            default="json",
            help="json (the default): one object with fixed keys, rates as fractions, null "
            "where there is nothing to divide by. csv: columns "
            f"{', '.join(CSV_COLUMNS)}, one row per figure and one per code of each "
            "breakdown (reasons, onward_links, unmet_needs, closures); an empty value is null.",
        )

    def handle(self, *args, action: str, **options):
        period = period_of(options["start"], options["end"])
        area = area_of(options["hscp"], options["practice"])
        figures = summary(period, area)
        if options["format"] == "csv":
            self.stdout.write(as_csv(figures), ending="")
        else:
            self.stdout.write(json.dumps(figures, indent=2))
