"""When a questionnaire may be recorded on a case: one baseline and one exit per
instrument, the baseline first, reviews between, and never before the case opened (so
never before the referral) or in the future. `services.record_response` and
`services.correct_response` check every write here; a refusal names the field."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.outcomes.instruments import get_instrument
from linkwork.outcomes.models import QuestionnaireResponse, Timepoint

ONCE_ONLY = (Timepoint.BASELINE, Timepoint.EXIT)
NOTHING_ANSWERED = "Answer at least one question: a questionnaire with no answers is not saved"


# Each date a measure carries, as the refusal names it.
DATE_NAMES = {"completed_on": "The date it was completed", "rated_on": "The date rated"}


def check_date(case, field: str, on: date) -> None:
    what = DATE_NAMES.get(field, "The date")
    if on > timezone.localdate():
        raise ValidationError(
            {field: f"{what} cannot be in the future: enter today's date or an earlier one"}
        )
    if on < case.opened_on:
        opened = f"{case.opened_on:%-d %B %Y}"
        raise ValidationError(
            {field: f"{what} cannot be before the case opened on {opened}: enter that day or later"}
        )


def _others(case, instrument: str, replacing=None):
    taken = QuestionnaireResponse.objects.filter(case=case, instrument=instrument)
    return taken.exclude(pk=replacing.pk) if replacing is not None else taken


def check_timepoint(case, instrument: str, timepoint: str, *, replacing=None) -> None:
    """A second baseline or exit is refused: the first one is corrected instead."""
    if timepoint not in ONCE_ONLY:
        return
    first = _others(case, instrument, replacing).filter(timepoint=timepoint).first()
    if first is not None:
        title = get_instrument(instrument).name.upper()
        raise ValidationError(
            {
                "timepoint": f"This case already has a {timepoint} {title}, dated "
                f"{first.completed_on:%d/%m/%Y}. Choose review, or correct that one from "
                "its page"
            }
        )


def check_order(case, instrument: str, timepoint: str, on: date, *, replacing=None) -> None:
    """Baseline on or before every review and the exit; the exit on or after them."""
    others = _others(case, instrument, replacing)
    if timepoint == Timepoint.BASELINE:
        later = others.exclude(timepoint=Timepoint.BASELINE).filter(completed_on__lt=on)
        if (first := later.order_by("completed_on").first()) is not None:
            raise ValidationError(
                {
                    "completed_on": "The baseline must come first: there is a "
                    f"{first.timepoint} dated {first.completed_on:%d/%m/%Y}"
                }
            )
        return
    baseline = others.filter(timepoint=Timepoint.BASELINE).first()
    if baseline is not None and on < baseline.completed_on:
        raise ValidationError(
            {
                "completed_on": f"A {timepoint} cannot be dated before the baseline "
                f"({baseline.completed_on:%d/%m/%Y})"
            }
        )
    if timepoint == Timepoint.REVIEW:
        exit_ = others.filter(timepoint=Timepoint.EXIT, completed_on__lt=on).first()
        if exit_ is not None:
            raise ValidationError(
                {
                    "completed_on": "A review cannot be dated after the exit "
                    f"({exit_.completed_on:%d/%m/%Y})"
                }
            )
    if timepoint == Timepoint.EXIT:
        review = others.filter(timepoint=Timepoint.REVIEW, completed_on__gt=on).first()
        if review is not None:
            raise ValidationError(
                {
                    "completed_on": "The exit cannot be dated before the review of "
                    f"{review.completed_on:%d/%m/%Y}"
                }
            )


def check_measure(case, instrument: str, timepoint: str, on: date, *, replacing=None) -> None:
    check_date(case, "completed_on", on)
    check_timepoint(case, instrument, timepoint, replacing=replacing)
    check_order(case, instrument, timepoint, on, replacing=replacing)
