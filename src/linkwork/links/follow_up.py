"""Following a link up: some weeks after the organisation accepted it
(`LINKWORK_LINK_FOLLOW_UP_WEEKS`), the worker asks the person how it went, or the
organisation is asked through the partner portal. The first answer updates the link (its
status and a step saying so) and closes the follow-up for both (decision 0102)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from linkwork.audit.models import Action
from linkwork.casework.services import save_on_case
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.links.consent import shared_copy
from linkwork.links.models import Link, LinkEvent
from linkwork.links.services import LinkRefused

# A link the organisation accepted and the person has not been heard of since, or has
# started going to: the ones whose follow-up means something.
FOLLOWED_UP = ("accepted", "first_attended")
ANSWER_REQUIRED = "Choose how they are getting on"


def weeks() -> int:
    return settings.LINKWORK_LINK_FOLLOW_UP_WEEKS


def cutoff(now: datetime | None = None) -> datetime:
    """Accepted at or before this, a link's follow-up is due."""
    return (now or clock.now()) - timedelta(weeks=weeks())


def due(links: QuerySet, now: datetime | None = None) -> QuerySet:
    """The links in `links` whose follow-up is due: accepted at least the set weeks ago,
    still accepted or attending, and not yet followed up. Oldest acceptance first."""
    return accepted_by(links, cutoff(now))


def accepted_by(links: QuerySet, latest: datetime) -> QuerySet:
    """`due`, given its cut-off: the links accepted at or before `latest`."""
    accepted = LinkEvent.objects.filter(status="accepted", at__lte=latest)
    return (
        links.filter(
            status__in=FOLLOWED_UP,
            followed_up_at__isnull=True,
            pk__in=accepted.values("link_id"),
        )
        .annotate(accepted_at=Min("events__at", filter=Q(events__status="accepted")))
        .order_by("accepted_at", "pk")
    )


def is_due(link: Link, now: datetime | None = None) -> bool:
    return due(Link.objects.filter(pk=link.pk), now).exists()


def due_on(link: Link) -> date | None:
    """The day the link's follow-up falls due: the set weeks after it was accepted."""
    accepted = link.events.filter(status="accepted").order_by("at").first()
    if accepted is None:
        return None
    return timezone.localtime(accepted.at).date() + timedelta(weeks=weeks())


def status_for(answer: str) -> str:
    """The link's status an answer sets (link_follow_up_answers.csv)."""
    found = codelist("link_follow_up_answers").lookup(answer)
    if found is None or found.code != answer:
        raise ValidationError({"answer": ANSWER_REQUIRED})
    return found.extra["status"]


@transaction.atomic
def answer_follow_up(
    *,
    link: Link,
    answer: str,
    by,
    note: str = "",
    by_organisation: bool = False,
    request=None,
) -> Link:
    """Record how the person is getting on: still attending (first attended), finished,
    stopped or never started (stopped, the event saying which). Once only, and only
    while it is due."""
    status = status_for(answer)
    link = Link.objects.select_for_update().select_related("case").get(pk=link.pk)
    if link.followed_up_at is not None:
        raise LinkRefused(
            f"Already followed up on {timezone.localtime(link.followed_up_at):%-d %b %Y}: "
            f"{link.get_follow_up_answer_display().lower()}."
        )
    if not is_due(link):
        raise LinkRefused("This link has no follow-up due: nothing was recorded.")
    link.status = status
    link.follow_up_answer = answer
    link.followed_up_at = clock.now()
    save_on_case(link.case, link, by=by, request=request, action=Action.CHANGE)
    LinkEvent.objects.create(
        link=link,
        status=status,
        follow_up=answer,
        at=link.followed_up_at,
        by=by,
        by_organisation=by_organisation,
        route="linkwork",
        note=note.strip()[:500],
    )
    return link


def question(link: Link) -> str:
    """The partner portal's question: the person as the portal shows them (the name shared
    with the organisation, or the referral's number), never more."""
    who = shared_copy(link).name or f"the person referred (referral {link.pk})"
    return f"How is {who} getting on?"
