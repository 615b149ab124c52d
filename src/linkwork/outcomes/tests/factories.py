"""Outcome records for tests, made through the services as users make them."""

from linkwork.outcomes import links, services
from linkwork.outcomes.models import Method
from linkwork.outcomes.models.links import Delivery


def response_on(case, answers=(4, 3, 4, 4, 3, 4, 3), *, instrument="swemwbs", **fields):
    fields.setdefault("timepoint", "baseline")
    fields.setdefault("completed_on", case.opened_on)
    fields.setdefault("method", Method.WORKER)
    return services.record_response(
        case=case, instrument=instrument, answers=list(answers), **fields
    )


def story_on(case, text="I floated up the road after the walking group.", **fields):
    fields.setdefault("by", case.link_worker.user if case.link_worker else None)
    fields.setdefault("shareable", True)
    return services.add_story(case=case, text=text, consent=True, **fields)


def link_token(case, form="swemwbs", timepoint="exit") -> str:
    _, token = links.create_link(
        case=case,
        form=form,
        timepoint=timepoint,
        delivery=Delivery.QR,
        by=case.link_worker.user,
    )
    return token
