"""Shared by the outcomes tests: answers in the shape the pages post."""

from datetime import date

from linkwork.outcomes import services
from linkwork.outcomes.models import Method, Timepoint


def item_post(answers, **extra) -> dict:
    data = {f"item_{n}": str(a) for n, a in enumerate(answers, 1) if a is not None}
    data.update(extra)
    return data


def respond(case, answers, *, instrument="swemwbs", timepoint=Timepoint.BASELINE, on=None, by=None):
    return services.record_response(
        case=case,
        instrument=instrument,
        timepoint=timepoint,
        answers=answers,
        method=Method.WORKER,
        completed_on=on or date(2026, 10, 5),
        by=by,
    )
