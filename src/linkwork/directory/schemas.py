"""The directory API's JSON (/api/v1/directory, /links): codes as stored, with labels."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from linkwork.core.api import In, coded, fits
from linkwork.directory.forms import CapacityForm, ReferForm
from linkwork.directory.models import LinkEvent, Service, UnmetNeed
from linkwork.directory.service_forms import VerifyForm

# Free text kept in unbounded columns: as long as the pages let it be.
VERIFY_NOTE_LIMIT = VerifyForm.base_fields["note"].max_length
LINK_REASON_LIMIT = ReferForm.base_fields["reason"].max_length

SHARES = Literal["contact_details", "reason", "safety_flags"]
_WAIT = CapacityForm.base_fields["wait_weeks"]  # the capacity page's limits


class SearchResultOut(Schema):
    id: int
    uuid: str
    name: str
    organisation: str
    capacity_status: str
    capacity_label: str
    last_verified_on: date | None
    needs_checking: bool
    how_to_refer: list[str]
    distance_km: float | None
    address: str
    relevance: float


class SearchOut(Schema):
    total: int
    page: int
    origin: str | None
    distance_approximate: bool
    unknown_postcode: bool
    full_hidden: int
    results: list[SearchResultOut]


class ServiceOut(SearchResultOut):
    description: str
    opening_times: list[str]
    referral_email: str
    referral_phone: str
    capacity_note: str
    changed_by_organisation_at: datetime | None
    needs: list[str]


class CapacityIn(In):
    status: coded("capacity_statuses")
    wait_weeks: int | None = Field(
        None, ge=_WAIT.min_value, le=_WAIT.max_value, description="For a waiting list."
    )
    note: str = fits(Service, "capacity_note")


class VerifyIn(In):
    note: str = Field("", max_length=VERIFY_NOTE_LIMIT)  # as the verify page


class UnmetNeedIn(In):
    need: coded("needs")
    reason: coded("unmet_need_reasons")
    area: str = fits(UnmetNeed, "area")
    note: str = fits(UnmetNeed, "note")
    case_id: int | None = None


class UnmetNeedOut(Schema):
    id: int
    need: str
    reason: str
    area: str


class LinkIn(In):
    service_id: int
    need: coded("needs", blank=True) = ""
    signpost: bool = False
    consent_to_share: bool = False
    share: list[SHARES] = []
    reason: str = Field("", max_length=LINK_REASON_LIMIT)  # as the refer page
    send: bool = True


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
    need: str
    sent_at: datetime | None
    decline_reason: str
    case_id: int | None = None
    shared_name: str = ""
    shared_phone: str = ""
    shared_email: str = ""
    shared_contact_preferences: str = ""
    reason: str = ""
    shared_safety_flags: list[str] = []
    events: list[EventOut]
