"""Unmet needs: evidence of what no service could meet. Never a person's name or postcode."""

from django.core.exceptions import ValidationError
from django.db import transaction

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.codelists import codelist
from linkwork.directory.models import UnmetNeed
from linkwork.directory.services.records import provider_of
from linkwork.places.geocoding import district_of


@transaction.atomic
def record_unmet_need(
    *,
    need: str,
    reason: str,
    by,
    area: str = "",
    note: str = "",
    case=None,
    search: dict | None = None,
    provider=None,
    hscp=None,
    request=None,
) -> UnmetNeed:
    """Recorded against the recorder's provider and its HSCP, unless an import of earlier
    records names the case's (its recorder is nobody in linkwork)."""
    if need not in codelist("needs"):
        raise ValidationError({"need": "Choose the need that could not be met."})
    if reason not in codelist("unmet_need_reasons"):
        raise ValidationError({"reason": "Choose why the need could not be met."})
    provider = provider or provider_of(by)
    search = dict(search or {})
    if search.get("postcode"):
        search["postcode"] = district_of(search["postcode"])  # an area, never an address
    unmet = UnmetNeed.objects.create(
        need=need,
        reason=reason,
        area=district_of(area) or area[:60],
        note=note,
        case=case,
        provider=provider,
        hscp=hscp or (provider.hscp if provider else None),
        search=search,
        recorded_by=by,
    )
    record(action=Action.CREATE, request=request, actor=by, obj=unmet)
    return unmet
