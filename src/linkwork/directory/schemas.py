"""The directory API's JSON (/api/v1/directory): codes as stored, with labels."""

from datetime import date, datetime

from ninja import Field, Schema

from linkwork.core.api import In, coded, fits
from linkwork.directory.forms import CapacityForm
from linkwork.directory.models import Service, UnmetNeed
from linkwork.directory.service_forms import VerifyForm

# Free text kept in an unbounded column: as long as the verify page lets it be.
VERIFY_NOTE_LIMIT = VerifyForm.base_fields["note"].max_length
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
