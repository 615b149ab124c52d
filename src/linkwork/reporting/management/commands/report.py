import json

from django.core.management.base import BaseCommand, CommandError

from linkwork.organisations.models import HSCP, Practice
from linkwork.reporting.definitions import Area
from linkwork.reporting.management.flags import period_of
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
        figures.add_argument(
            "--from", dest="start", required=True, metavar="YYYY-MM-DD", help="First day."
        )
        figures.add_argument(
            "--to", dest="end", required=True, metavar="YYYY-MM-DD", help="Last day (included)."
        )
        where = figures.add_mutually_exclusive_group()
        where.add_argument("--hscp", metavar="CODE", help="One HSCP, by code (S37000015).")
        where.add_argument("--practice", metavar="CODE", help="One practice, by its 5-digit code.")
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
        area = Area(hscp=_hscp(options["hscp"]), practice=_practice(options["practice"]))
        figures = summary(period, area)
        if options["format"] == "csv":
            self.stdout.write(as_csv(figures), ending="")
        else:
            self.stdout.write(json.dumps(figures, indent=2))


def _hscp(code: str | None) -> HSCP | None:
    if code is None:
        return None
    found = HSCP.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        known = ", ".join(f"{h.code} ({h.name})" for h in HSCP.objects.order_by("code")) or "none"
        raise CommandError(f"--hscp {code}: no HSCP has that code. Known codes: {known}.")
    return found


def _practice(code: str | None) -> Practice | None:
    if code is None:
        return None
    found = Practice.objects.filter(code=code.strip()).first()
    if found is None:
        raise CommandError(
            f"--practice {code}: no practice has that code. Give a practice's five-digit "
            "code (its GP practice code), for example 43210."
        )
    return found
