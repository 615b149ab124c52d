import argparse

from django.core.management.base import BaseCommand, CommandError

from linkwork.outcomes.instruments import INSTRUMENTS, get_instrument
from linkwork.outcomes.json_output import score_json
from linkwork.outcomes.scoring import MISSING_MARK, ScoringError, answers_from_text


class Command(BaseCommand):
    help = (
        "Score one questionnaire and print the result as one JSON object, "
        "e.g. `linkwork score swemwbs 4 3 4 4 3 4 3`."
    )
    # Pure arithmetic: no database, so no system or migration checks to wait for.
    requires_system_checks = []

    def add_arguments(self, parser):
        # Optional here so that a missing name gets our one-line message, not argparse's usage.
        parser.add_argument(
            "instrument", nargs="?", default="", help=f"one of: {', '.join(sorted(INSTRUMENTS))}"
        )
        # REMAINDER: an answer such as "-x" is reported as a bad answer, not an unknown option.
        parser.add_argument(
            "items",
            nargs=argparse.REMAINDER,
            metavar="item",
            help=f"the answers in item order; {MISSING_MARK} for a missing item",
        )

    def handle(self, *args, instrument: str, items: list[str], **options):
        if not instrument:
            known = ", ".join(sorted(INSTRUMENTS))
            raise CommandError(f"Name an instrument ({known}), then its answers in item order")
        try:
            result = get_instrument(instrument).score(answers_from_text(items))
        except ScoringError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(score_json(result))
