"""Reading the flags reporting commands share, with messages that say how to fix them."""

from datetime import date

from django.core.management.base import CommandError

from linkwork.reporting.definitions import Period


def day(flag: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{flag} {value}: not a date. Give it as YYYY-MM-DD, for example 2026-04-01."
        ) from None


def period_of(start: str, end: str) -> Period:
    first, last = day("--from", start), day("--to", end)
    if first > last:
        raise CommandError(f"--from {first} is after --to {last}: give the earlier day as --from.")
    return Period(first, last)
