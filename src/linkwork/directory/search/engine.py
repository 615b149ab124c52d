"""The directory search: database filters on indexed columns, then scoring in Python on
the (small) candidate set.

1. Filters every search shares run in the database: active, capacity, need, open day,
   free, age, gender, language, format.
2. With a place and a radius, a bounding box on the indexed latitude and longitude of the
   service's locations picks the candidates; the exact (haversine) distance then drops
   those outside the circle. Services with no place (phone or online only) stay in, with
   no distance, unless the search asks for in-person services.
3. With words, the stemmed (and, for unknown words, typo-matched) terms' postings give
   each candidate a relevance: per search word, the best weight it matched (name 3,
   organisation or category 2, description 1; a misspelt match half that).
4. Sorted by how many search words the service is about (found in its name or its
   categories, spelt right), then distance, then relevance, then name (decision 0078):
   "debt" near Govan shows the money advice in Govan before the debt advice in Pollok,
   and both before a service that only mentions debt. Only the page shown is loaded.
5. The same service listed twice appears once (search/dedupe.py).
The same code runs on SQLite and PostgreSQL (see docs/decisions/0010).
"""

from collections import defaultdict

from django.db.models import F, Q, QuerySet

from linkwork.core.statements import keep_related, statement
from linkwork.directory.models import (
    DAY_BITS,
    Accessibility,
    Address,
    Schedule,
    SearchPlace,
    SearchTerm,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from linkwork.directory.search.dedupe import repeats, repeats_among
from linkwork.directory.search.index import CATEGORY
from linkwork.directory.search.query import Hit, Query, Results
from linkwork.directory.search.text import stem, words
from linkwork.directory.search.vocabulary import vocabulary
from linkwork.places.geocoding import Located, bounding_box, distance_km, locate

NOT_TAKING = ("full", "paused")
INFINITY = float("inf")


def search(query: Query, *, page: int = 1, per_page: int = 20, origin=None) -> Results:
    results = Results(origin=origin)
    if origin is None and query.postcode:
        results.origin = locate(query.postcode)
        results.unknown_postcode = results.origin is None
    services = filtered(query)
    ranked = _ranked(query, services, results.origin)
    if ranked is None:  # nothing to rank by: alphabetical, paged in the database
        services = services.exclude(pk__in=repeats_among(services))
        if not query.include_full and (query.need or query.text):
            results.full_hidden = services.filter(capacity_status__in=NOT_TAKING).count()
        if not query.include_full:
            services = services.exclude(capacity_status__in=NOT_TAKING)
        results.total = services.count()
        start = (page - 1) * per_page
        page = services.order_by("name", "pk").values_list("pk", flat=True)[
            start : start + per_page
        ]
        page_services = _loaded(list(page))
        results.hits = [Hit(service, 0.0, None) for service in page_services]
        return results
    if not query.include_full:
        taking = [row for row in ranked if row[CAPACITY] not in NOT_TAKING]
        results.full_hidden, ranked = len(ranked) - len(taking), taking
    results.total = len(ranked)
    start = (page - 1) * per_page
    results.hits = _hits(ranked[start : start + per_page])
    return results


def filtered(query: Query, services: QuerySet | None = None) -> QuerySet:
    services = (services if services is not None else Service.objects.all()).filter(
        status=ServiceStatus.ACTIVE
    )
    if query.public_only:
        services = services.filter(is_public=True)
    if query.need:
        services = services.filter(needs__need=query.need)
    if query.day:
        bit = DAY_BITS[query.day]
        services = services.annotate(open_bit=_bitand("days_open", bit)).filter(open_bit=bit)
    if query.free_only:
        services = services.filter(is_free=True)
    if query.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age),
        )
    if query.gender:
        services = services.filter(eligible_gender__in=["any", query.gender])
    if query.language and query.language.lower() not in ("en", "english"):
        wanted = query.language.strip()
        services = services.filter(
            Q(languages__code__iexact=wanted) | Q(languages__name__iexact=wanted)
        ).distinct()
    if query.format:
        services = services.filter(**{_FORMAT_FIELDS[query.format]: True})
    return services


_FORMAT_FIELDS = {"in_person": "in_person", "phone": "by_phone", "online": "online"}


def _bitand(field: str, bit: int):
    return F(field).bitand(bit)


# A ranked row: (-words about, distance, -relevance, name, service id, location id,
# capacity, organisation name), sorted as shown.
RELEVANCE, SERVICE, LOCATION, CAPACITY = 2, 4, 5, 6


def _ranked(query: Query, services: QuerySet, origin: Located | None):
    """Ranked rows, sorted, each service once; None if there is nothing to rank by."""
    expansions = _expansions(query.text)
    if expansions is None:
        return []
    places = None
    if origin is not None and (query.radius_km or not expansions):
        places = _places(services, origin, query.radius_km, query)
    if not expansions and places is None:
        return None
    if expansions:
        scope = services if places is None else list(places)
        relevance = _relevance(expansions, scope)
        if places is None and origin is not None:
            places = _places(services, origin, None, query, among=list(relevance))
    else:
        relevance = dict.fromkeys(places, (0, 0.0))
    rows = Service.objects.filter(pk__in=list(relevance))
    names = {
        pk: (name, capacity, organisation)
        for pk, name, capacity, organisation in rows.values_list(
            "pk", "name", "capacity_status", "organisation__name"
        )
    }
    ranked = []
    for service_id, (about, score) in relevance.items():
        distance, location_id = (places or {}).get(service_id, (None, None))
        if places is not None and service_id not in places:
            continue
        sort_distance = INFINITY if distance is None else distance
        name, capacity, organisation = names[service_id]
        ranked.append(
            (-about, sort_distance, -score, name, service_id, location_id, capacity, organisation)
        )
    ranked.sort()
    dropped = repeats((row[SERVICE], row[3], row[7]) for row in ranked)
    return [row for row in ranked if row[SERVICE] not in dropped]


def _expansions(text: str) -> list[dict[str, float]] | None:
    """Per search word, the indexed terms it may mean. A word matching nothing is dropped."""
    found = []
    if words(text) and not vocabulary.knows(stem(w) for w in words(text)):
        vocabulary.refresh()  # a word it does not hold may have been indexed since
    for word in dict.fromkeys(words(text)):
        expanded = vocabulary.expand(stem(word), word)
        if expanded:
            found.append(expanded)
    if words(text) and not found:
        return None  # words given, none of them known: nothing can match
    return found


# A word found in a service's name or categories, spelt right, says what the service is
# about; found only in its description (or misspelt), it is mentioned.
ABOUT = CATEGORY


def _relevance(expansions: list[dict[str, float]] | None, scope) -> dict[int, tuple]:
    """{service id: (how many words it is about, relevance)}."""
    if expansions is None:
        return {}
    every_term = {term for expanded in expansions for term in expanded}
    postings = SearchTerm.objects.filter(term__in=every_term)
    postings = (
        postings.filter(service_id__in=scope)
        if isinstance(scope, list)
        else postings.filter(service__in=scope)
    )
    best: dict[int, dict[int, float]] = defaultdict(dict)
    for service_id, term, weight in postings.values_list("service_id", "term", "weight"):
        for index, expanded in enumerate(expansions):
            if term in expanded:
                score = weight * expanded[term]
                best[service_id][index] = max(best[service_id].get(index, 0), score)
    # Services that answer every word come alone when there are any ("walking group" is not
    # every group); otherwise the best partial answers, ranked.
    complete = {service_id for service_id, scores in best.items() if len(scores) == len(expansions)}
    return {
        service_id: (
            sum(score >= ABOUT for score in scores.values()),
            float(sum(scores.values())),
        )
        for service_id, scores in best.items()
        if not complete or service_id in complete
    }


def _places(services: QuerySet, origin: Located, radius_km, query: Query, among=None) -> dict:
    """{service id: (distance km or None, nearest location id)} within the radius.

    The narrow SearchPlace table picks candidates by need, box and day on its own index;
    the other filters then run on those few services by primary key."""
    places = SearchPlace.objects.all()
    if among is not None:
        places = places.filter(service_id__in=among)
    if query.need:
        places = places.filter(need=query.need)
    if query.day:
        bit = DAY_BITS[query.day]
        places = places.annotate(open_bit=F("days_open").bitand(bit)).filter(open_bit=bit)
    nearest: dict[int, tuple] = {}
    remote = set()
    box = Q(latitude__isnull=False)
    if radius_km:
        south, north, west, east = bounding_box(origin.latitude, origin.longitude, radius_km)
        box &= Q(latitude__range=(south, north), longitude__range=(west, east))
    if query.format != "in_person":
        remote_rows = Q(latitude__isnull=True)  # phone or online only: near everyone
        if query.need:  # said again inside the OR, so the (need, latitude) index serves it
            remote_rows &= Q(need=query.need)
        box |= remote_rows
    # One round trip for the places, one for the services' own filters (decision 0078:
    # each query is a wait on a busy machine).
    for service_id, location_id, lat, lng in places.filter(box).values_list(
        "service_id", "location_id", "latitude", "longitude"
    ):
        if lat is None:
            remote.add(service_id)
            continue
        distance = distance_km(origin.latitude, origin.longitude, lat, lng)
        if radius_km and distance > radius_km:
            continue
        if service_id not in nearest or distance < nearest[service_id][0]:
            nearest[service_id] = (distance, location_id)
    allowed = services.filter(pk__in=list(nearest) + list(remote)).values_list(
        "pk", "by_phone", "online"
    )
    found = {}
    for pk, by_phone, online in allowed:
        if pk in nearest:
            found[pk] = nearest[pk]
        elif by_phone or online:
            found[pk] = (None, None)
    return found


def _loaded(ids: list[int]) -> list[Service]:
    """What a result shows, in the order of `ids`."""
    services = shown(_services(ids))
    order = {pk: index for index, pk in enumerate(ids)}
    return sorted(services, key=lambda service: order[service.pk])


def shown(services: list[Service], *, access: bool = False) -> list[Service]:
    """Keep on each of `services` what a result shows: opening times, places and their
    addresses (and with `access`, as a service's own page, each place's accessibility).
    Each read by a statement (decision 0151), as prefetch_related would keep them."""
    ids = [service.pk for service in services]
    if not ids:
        return services
    keep_related(services, "schedules", _schedules(ids))
    at = _service_at_locations(ids)
    keep_related(services, "service_at_locations", at)
    places = [place.location for place in at]
    location_ids = list({location.pk: None for location in places})
    if location_ids:
        keep_related(places, "addresses", _addresses(location_ids))
        if access:
            keep_related(places, "accessibilities", _accessibilities(location_ids))
    return services


@statement
def _services(ids):
    return Service.objects.filter(pk__in=ids).select_related("organisation")


@statement
def _schedules(service_ids):
    return Schedule.objects.filter(service__in=service_ids)


@statement
def _service_at_locations(service_ids):
    return ServiceAtLocation.objects.filter(service__in=service_ids).select_related("location")


@statement
def _addresses(location_ids):
    return Address.objects.filter(location__in=location_ids)


@statement
def _accessibilities(location_ids):
    return Accessibility.objects.filter(location__in=location_ids)


def _hits(rows) -> list[Hit]:
    ids = [row[SERVICE] for row in rows]
    services = {s.pk: s for s in _loaded(ids)}
    places = {
        at.location_id: at.location
        for service in services.values()
        for at in service.service_at_locations.all()
    }
    return [
        Hit(
            services[row[SERVICE]],
            -row[RELEVANCE],
            None if row[1] == INFINITY else row[1],
            places.get(row[LOCATION]),
        )
        for row in rows
    ]
