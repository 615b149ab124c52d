import json
import time

from django.core.management.base import BaseCommand, CommandError

from linkwork.reporting import facts, replica
from linkwork.reporting.management.flags import (
    add_area_flags,
    add_period_flags,
    area_of,
    period_of,
)
from linkwork.reporting.summary import CSV_COLUMNS, as_csv, live_summary, summary


class Command(BaseCommand):
    help = (
        "Reports. `summary --from D --to D` prints the programme summary's figures for "
        "that period (both days included), for everywhere or one HSCP or practice, as "
        "JSON or CSV; docs/decisions/0060 says how each figure is counted. For trusted "
        "operators only: the figures are not suppressed (small counts show as they are), "
        "so do not pass them on to anyone who may not see named people. `rebuild` builds "
        "the reporting facts the summary reads again from the records (decision 64); `check` "
        "compares them with the records."
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

        actions.add_parser(
            "rebuild",
            help="Build the reporting facts again from the records, all at once.",
            description="The reporting facts follow each change after it commits; build "
            "them all again after a bulk load or a data fix made outside linkwork's "
            "services (in the shell, in SQL), or to be sure nothing was missed. Set-based: "
            "minutes for millions of referrals, in one transaction.",
        )
        check = actions.add_parser(
            "check",
            help="Compare the summary from the facts with the same figures counted from "
            "the records; exit 1 naming each figure that differs.",
            description="The facts are checked against their specification, the live "
            "definitions (decision 64): run it now and then (nightly, after a rebuild) on a "
            "period and area; if a figure differs, `report rebuild` and report the gap.",
        )
        add_period_flags(check)
        add_area_flags(check)

    def handle(self, *args, action: str, **options):
        if action == "rebuild":
            return self._rebuild()
        period = period_of(options["start"], options["end"])
        area = area_of(options["hscp"], options["practice"])
        if action == "check":
            return self._check(period, area)
        figures, note = replica.read(summary, period, area)
        if note:  # said apart from the figures, which may be piped on
            self.stderr.write(note)
        if options["format"] == "csv":
            self.stdout.write(as_csv(figures), ending="")
        else:
            self.stdout.write(json.dumps(figures, indent=2))

    def _rebuild(self):
        started = time.perf_counter()
        built = facts.rebuild()
        rows = ", ".join(f"{n:,} {table}" for table, n in built.items())
        self.stdout.write(f"Rebuilt {rows} in {time.perf_counter() - started:.1f} s.")

    def _check(self, period, area):
        from_facts, counted = summary(period, area), live_summary(period, area)
        differing = [key for key in counted if from_facts[key] != counted[key]]
        for key in differing:
            self.stderr.write(f"{key}: {from_facts[key]} from the facts, {counted[key]} counted")
        if differing:
            raise CommandError(
                f"{len(differing)} figures differ from the definitions: run `linkwork report "
                "rebuild`, and report what changed the records without their services."
            )
        self.stdout.write("The facts give every figure the definitions give.")
