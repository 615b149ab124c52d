"""Keeping what search reads in step with a service: its needs, its weighted terms, the
days it is open and whether it is free. Called by every service that writes a service."""

from linkwork.core.codelists import codelist
from linkwork.directory.models import (
    DAY_BITS,
    SearchPlace,
    SearchTerm,
    SearchWord,
    Service,
    ServiceNeed,
)
from linkwork.directory.search.text import terms

# Where a word appears says how much it counts: a word in the name most.
NAME, CATEGORY, BODY = 3, 2, 1


def needs_of(service: Service) -> set[str]:
    mapped = service.attributes.exclude(taxonomy_term__need="")
    return set(mapped.values_list("taxonomy_term__need", flat=True))


def weighted_terms(service: Service) -> dict[str, int]:
    needs = codelist("needs")
    categories = [needs.label(code) for code in needs_of(service)]
    categories += list(service.attributes.values_list("taxonomy_term__name", flat=True))
    return weights_for(
        names=[service.name, service.alternate_name],
        categories=[service.organisation.name, *categories],
        body=[service.description, service.eligibility_description],
    )


def weights_for(*, names: list[str], categories: list[str], body: list[str]) -> dict[str, int]:
    """Each stemmed term and the weight of the most important place it appears."""
    weights: dict[str, int] = {}
    for weight, texts in ((NAME, names), (CATEGORY, categories), (BODY, body)):
        for term in terms(" ".join(texts)):
            weights[term] = max(weights.get(term, 0), weight)
    return weights


def days_open(service: Service) -> int:
    """The days any of the service's schedules open on, as bits (MO=1 ... SU=64)."""
    bits = 0
    for byday in service.schedules.values_list("byday", flat=True):
        for day in (byday or "").split(","):
            bits |= DAY_BITS.get(day.strip()[-2:].upper(), 0)
    return bits


def is_free(service: Service) -> bool:
    """No charge recorded: no cost option with an amount, and no fee described (or "free")."""
    amounts = service.cost_options.values_list("amount", flat=True)
    fees = service.fees_description.strip().lower()
    return all(not amount for amount in amounts) and (not fees or fees.startswith("free"))


def reindex(service: Service) -> None:
    """Rebuild the service's needs, terms and filter columns (inside the caller's transaction)."""
    ServiceNeed.objects.filter(service=service).delete()
    ServiceNeed.objects.bulk_create(ServiceNeed(service=service, need=n) for n in needs_of(service))
    weights = weighted_terms(service)
    SearchTerm.objects.filter(service=service).delete()
    SearchTerm.objects.bulk_create(
        SearchTerm(service=service, term=term, weight=weight) for term, weight in weights.items()
    )
    SearchWord.objects.bulk_create(
        (SearchWord(term=term) for term in weights), ignore_conflicts=True
    )
    days = days_open(service)
    Service.objects.filter(pk=service.pk).update(days_open=days, is_free=is_free(service))
    SearchPlace.objects.filter(service=service).delete()
    SearchPlace.objects.bulk_create(places_of(service, needs_of(service), days))


def places_of(service: Service, needs, days: int) -> list[SearchPlace]:
    """A row per need and place (a place-less row for a service met by phone or online)."""
    located = [
        (at.location_id, at.location.latitude, at.location.longitude)
        for at in service.service_at_locations.select_related("location")
        if at.location.latitude is not None
    ] or [(None, None, None)]
    return [
        SearchPlace(
            service=service,
            location_id=location_id,
            need=need,
            latitude=lat,
            longitude=lng,
            days_open=days,
        )
        for need in (needs or [""])
        for location_id, lat, lng in located
    ]
