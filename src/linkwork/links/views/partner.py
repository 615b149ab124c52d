"""The community partner's referrals: the links sent to their organisation, showing only
what the person agreed to share, answered in one click."""

from django.db.models import Case, F, Value, When
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case, audit_cases
from linkwork.core.listings import download_or_page
from linkwork.links import follow_up, presenters
from linkwork.links.forms import FollowUpForm, LinkStepForm
from linkwork.links.selectors import link_for, partner_links_for
from linkwork.links.services import AWAITING_RESPONSE, NEXT, is_overdue, response_due
from linkwork.links.views.common import page

AUDIT_RELATED = ("case__link_worker__provider", "case__practice__cluster")
PARTNER_STEPS = ("acknowledged", "accepted", "declined", "first_attended", "finished", "stopped")


def _row(link, follow_ups_due=None) -> dict:
    """A referral's card; `follow_ups_due` (ids), when given, asks how the person is
    getting on where it is due."""
    return {
        "link": link,
        "cells": dict(zip(presenters.PARTNER_HEAD, presenters.partner_cells(link), strict=True)),
        "tag": presenters.link_status(link),
        "steps": [
            s
            for s in sorted(NEXT.get(link.status, ()), key=PARTNER_STEPS.index)
            if s in PARTNER_STEPS
        ],
        "due": response_due(link),
        "overdue": is_overdue(link),
        "follow_up": follow_up.question(link) if link.pk in (follow_ups_due or ()) else "",
    }


# Referrals waiting for the organisation's answer come first, the longest waiting first:
# they are what the list is opened for, and a newer referral sent on above one waiting
# for three weeks hid it down the page.
WAITING_FIRST = (
    Case(When(status__in=AWAITING_RESPONSE, then=Value(0)), default=Value(1)),
    Case(When(status__in=AWAITING_RESPONSE, then=F("sent_at"))).asc(),
    F("sent_at").desc(),
    "-pk",
)


@require_GET
def partner_links(request):
    require(request.user, Permission.RESPOND_TO_LINK)
    links = partner_links_for(request.user).order_by(*WAITING_FIRST)
    status = request.GET.get("status", "open")
    if status == "open":
        links = links.exclude(status__in=["declined", "finished", "stopped"])
    links = links.select_related(*AUDIT_RELATED)
    file = download_or_page(
        request,
        "referrals-received",
        sheet="Referrals received",
        build=lambda: presenters.partner_listing(links),
        exported=presenters.partner_exported,
    )
    if file is not None:
        return file
    shown = list(links[:200])
    # Each shows what a person shared: an access to their record, all written at once.
    audit_cases(request=request, shown=[(link.case, link) for link in shown])
    asked = set(follow_up.due(partner_links_for(request.user)).values_list("pk", flat=True))
    return page(
        request,
        "partner_links",
        "Referrals to your organisation",
        rows=[_row(link, asked) for link in shown],
        showing=status,
        decline_form=LinkStepForm(),
    )


@require_GET
def partner_link(request, pk: int):
    link = link_for(request.user, pk, Permission.RESPOND_TO_LINK)
    audit_case(request=request, case=link.case, obj=link)  # shared details were read
    return partner_link_page(request, link)


def partner_link_page(request, link, follow_up_form=None, decline_form=None):
    """One referral to the organisation; with its follow-up's question while it is due.
    A form given is one refused: shown again as typed, its error at its card."""
    return page(
        request,
        "partner_link",
        f"Referral to {link.service.name}",
        row=_row(link),
        events=link.events.all(),
        decline_form=decline_form or LinkStepForm(),
        follow_up_question=follow_up.question(link) if follow_up.is_due(link) else "",
        follow_up_form=follow_up_form or FollowUpForm(),
        status=400 if follow_up_form or decline_form else 200,
    )
