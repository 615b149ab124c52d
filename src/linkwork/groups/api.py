"""Groups over the HTTP API: the groups a caller sees, as the groups page lists them. No
person is named (the roster stays on the pages, audited there)."""

from datetime import datetime

from django.db.models import Count
from ninja import Router, Schema
from ninja.errors import HttpError

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.core.api import REFUSED
from linkwork.groups.models import Group

router = Router(tags=["groups"])


class MeetingOut(Schema):
    id: int
    starts_at: datetime
    duration_minutes: int


class GroupOut(Schema):
    id: int
    name: str
    description: str
    venue: str
    postcode: str
    capacity: int
    invited: int
    lead: str
    co_worker: str
    runs_it: bool  # the caller leads or co-leads it (or their team does)
    directory_service_id: int | None
    meetings: list[MeetingOut]


def _group_out(group: Group, led: set[int]) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "description": group.description,
        "venue": group.venue,
        "postcode": group.postcode,
        "capacity": group.capacity,
        "invited": group.invited,
        "lead": str(group.lead),
        "co_worker": str(group.co_worker or ""),
        "runs_it": group.pk in led,
        "directory_service_id": group.service_id,
        "meetings": list(group.meetings.all()),
    }


@router.get(
    "/groups",
    response={200: list[GroupOut], **REFUSED},
    url_name="group_list",
    summary="The groups of the caller's HSCP, with their meetings",
)
def group_list(request):
    if not has_permission(request.user, Permission.RUN_GROUPS):
        raise HttpError(403, "Your roles do not include group work.")
    groups = visible(request.user, Permission.RUN_GROUPS, Group.objects.all())
    groups = groups.select_related("lead__user", "co_worker__user").prefetch_related("meetings")
    led = set(
        visible(request.user, Permission.LEAD_GROUP, Group.objects.all()).values_list(
            "pk", flat=True
        )
    )
    return [_group_out(g, led) for g in groups.annotate(invited=Count("members"))]
