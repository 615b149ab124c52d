"""Reading the flags reporting commands share, with messages that say how to fix them."""

from datetime import date

from django.core.management.base import CommandError

from linkwork.organisations.models import HSCP, Practice
from linkwork.reporting.definitions import Area, Period


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


def add_period_flags(parser, *, required: bool = True) -> None:
    """--from and --to, both days included."""
    parser.add_argument(
        "--from", dest="start", required=required, metavar="YYYY-MM-DD", help="First day."
    )
    parser.add_argument(
        "--to", dest="end", required=required, metavar="YYYY-MM-DD", help="Last day (included)."
    )


def add_area_flags(parser) -> None:
    """--hscp or --practice (not both); neither is everywhere."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--hscp", metavar="CODE", help="One HSCP, by code (S37000015).")
    where.add_argument("--practice", metavar="CODE", help="One practice, by its 5-digit code.")


def area_of(hscp_code: str | None, practice_code: str | None) -> Area:
    return Area(hscp=_hscp(hscp_code), practice=_practice(practice_code))


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
