"""The community partner's referrals: the links sent to their organisation, showing only
what the person agreed to share, answered in one click."""

from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case
from linkwork.core.listings import download_or_page
from linkwork.links import presenters
from linkwork.links.forms import LinkStepForm
from linkwork.links.selectors import link_for, partner_links_for
from linkwork.links.services import NEXT, is_overdue, response_due
from linkwork.links.views.common import page

AUDIT_RELATED = ("case__link_worker__provider", "case__practice__cluster")
PARTNER_STEPS = ("acknowledged", "accepted", "declined", "first_attended", "finished", "stopped")


def _row(link) -> dict:
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
    }


@require_GET
def partner_links(request):
    require(request.user, Permission.RESPOND_TO_LINK)
    links = partner_links_for(request.user).order_by("-sent_at", "-pk")
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
    for link in shown:  # each shows what a person shared: an access to their record
        audit_case(request=request, case=link.case, obj=link)
    return page(
        request,
        "partner_links",
        "Referrals to your organisation",
        rows=[_row(link) for link in shown],
        showing=status,
        decline_form=LinkStepForm(),
    )


@require_GET
def partner_link(request, pk: int):
    link = link_for(request.user, pk, Permission.RESPOND_TO_LINK)
    audit_case(request=request, case=link.case, obj=link)  # shared details were read
    return page(
        request,
        "partner_link",
        f"Referral to {link.service.name}",
        row=_row(link),
        events=link.events.all(),
        decline_form=LinkStepForm(),
    )
