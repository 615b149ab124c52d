"""What onward links add to a case's timeline (listed in `casefile/timeline.py`)."""

from django.urls import reverse

from linkwork.casework.models import Case
from linkwork.casework.timeline import Entry, loaded, support_given
from linkwork.core.history import name
from linkwork.core.statements import statement
from linkwork.links.models import Link, LinkEvent


@statement
def _links(case_id):
    return Link.objects.filter(case=case_id).select_related("service", "organisation", "created_by")


@statement
def _events(link_ids):
    return LinkEvent.objects.filter(link__in=link_ids).select_related("by")


def link_entries(case: Case):
    """Each link at its latest step: who took it, and where the link now stands."""
    for link in loaded(case, "links", _links, ("events", _events)):
        latest = max(link.events.all(), key=lambda event: event.at, default=None)
        yield Entry(
            at=latest.at if latest else link.updated_at,
            kind="link",
            title=f"Link to {link.service.name}: {_step(link, latest)}",
            detail=" · ".join(filter(None, [link.get_need_display(), support_given(link)])),
            href=reverse("links:link", args=[link.pk]),
            by=_step_by(link, latest),
        )


def _step_by(link, latest) -> str:
    """Who took the step the entry shows: the organisation answering, or a worker."""
    if latest is None:
        return name(link.created_by)
    if latest.by_organisation:
        return f"{name(latest.by)}, {link.organisation.name}".lstrip(", ")
    return name(latest.by)


def _step(link, latest) -> str:
    """Where the link stands; a follow-up's answer in its own words (decision 0102)."""
    if latest is not None and latest.follow_up:
        return f"followed up, {latest.get_follow_up_display().lower()}"
    return link.status_label
