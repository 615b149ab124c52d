"""The links API's JSON (/api/v1/links, /api/v1/cases/{id}/links): codes as stored, with
labels."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from linkwork.core.api import In, coded, fits
from linkwork.links.forms import ReferForm
from linkwork.links.models import LinkEvent

# Free text kept in an unbounded column: as long as the refer page lets it be.
LINK_REASON_LIMIT = ReferForm.base_fields["reason"].max_length

SHARES = Literal["contact_details", "reason", "safety_flags"]


class LinkIn(In):
    service_id: int
    need: coded("needs", blank=True) = ""
    signpost: bool = False
    consent_to_share: bool = False
    share: list[SHARES] = []
    reason: str = Field("", max_length=LINK_REASON_LIMIT)  # as the refer page
    send: bool = True
    support_type: coded("support_types", blank=True) = Field(
        "", description="The help given (a signpost is always `signposted`)."
    )


class StepIn(In):
    status: coded("link_statuses")
    reason: coded("link_decline_reasons", blank=True) = ""
    route: coded("link_routes") = "api"
    note: str = fits(LinkEvent, "note")


class EventOut(Schema):
    status: str
    at: datetime
    by_organisation: bool
    route: str
    reason: str


class LinkOut(Schema):
    """A link as its viewer may see it: the organisation gets only what was shared."""

    id: int
    status: str
    status_label: str
    service_id: int
    service: str
    organisation: str
    need: str = Field("", description="Blank to a partner while the details are withheld.")
    sent_at: datetime | None
    decline_reason: str
    withdrawn_because: str = Field(
        "",
        description="Why the worker withdrew it (link_withdrawal_reasons, decision 0126); "
        "not shown to partners.",
    )
    case_id: int | None = None
    chased_at: datetime | None = Field(
        None,
        description="When the worker last chased the organisation for its answer (decision "
        "0147); not shown to partners.",
    )
    support_type: str = Field("", description="The help the worker gave; not shown to partners.")
    support_type_label: str = ""
    shared_name: str = ""
    shared_phone: str = ""
    shared_email: str = ""
    shared_contact_preferences: str = ""
    reason: str = ""
    shared_safety_flags: list[str] = []
    withheld: str = Field(
        "",
        description="Set when the organisation reads nothing of the person now, in the same "
        "words whatever the reason (decisions 0108, 0126).",
    )
    events: list[EventOut]
