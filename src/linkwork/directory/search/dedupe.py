"""The same service listed twice appears once (decision 0078).

Two records are one service when their names and their organisations' names are the same
once case, accents and punctuation are set aside, and they are offered at the same place
(a place within 100 metres of one of the other's) or both at none (phone or online only). That
is what the same service imported from two feeds (ALISS and a council's ORUK feed), or
entered again by hand, looks like; one id in two records cannot happen (an import matches
ORUK ids, directory/importing/common.py). The record ranked first is shown; the others
are left out of the results and their count.
"""

import re
from collections import defaultdict

from django.db.models import F

from linkwork.directory.models import SearchPlace
from linkwork.directory.search.text import fold
from linkwork.places.geocoding import distance_km

_WORD = re.compile(r"[a-z0-9]+")
SAME_PLACE_KM = 0.1


def same_name(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def repeats(rows) -> set[int]:
    """Of `rows` [(service id, name, organisation name)] in the order shown, the ids of
    those repeating one shown before them."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for service_id, name, organisation in rows:
        groups[(same_name(name), same_name(organisation))].append(service_id)
    shared = [ids for ids in groups.values() if len(ids) > 1]
    if not shared:
        return set()
    places = _places_of([service_id for ids in shared for service_id in ids])
    dropped = set()
    for ids in shared:
        kept: list[list] = []
        for service_id in ids:
            where = places.get(service_id, [])
            if any(_same_place(where, other) for other in kept):
                dropped.add(service_id)
            else:
                kept.append(where)
    return dropped


def repeats_among(services) -> set[int]:
    """The repeats in a queryset of services, the most recently verified (then the newest
    record) kept: for the listing that has no ranking of its own. Names only are read
    (a few thousand short rows for a need browsed across Scotland)."""
    rows = services.order_by(F("last_verified_on").desc(nulls_last=True), "-pk").values_list(
        "pk", "name", "organisation__name"
    )
    return repeats(rows)


def _places_of(service_ids) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    rows = SearchPlace.objects.filter(service_id__in=service_ids, latitude__isnull=False)
    for service_id, lat, lng in rows.values_list("service_id", "latitude", "longitude"):
        found[service_id].append((lat, lng))
    return found


def _same_place(one: list, other: list) -> bool:
    if not one or not other:
        return not one and not other  # both phone or online only
    return any(distance_km(*a, *b) <= SAME_PLACE_KM for a in one for b in other)
