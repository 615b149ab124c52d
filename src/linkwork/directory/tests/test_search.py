import pytest

from linkwork.directory.search.engine import search
from linkwork.directory.search.query import Query
from linkwork.directory.services import create_organisation, set_capacity
from linkwork.directory.tests import factories


@pytest.fixture
def directory(db):
    factories.centroids()
    trust = create_organisation(name="Govan Community Trust")
    far = create_organisation(name="Castlemilk Together")
    return {
        "walk": factories.service(
            trust,
            "Govan walking group",
            description="A gentle walk for anxious people, then tea.",
            days=("TU",),
        ),
        "shed": factories.service(
            trust, "Men's shed", needs=("social_isolation",), days=("WE", "TH"), minimum_age=18
        ),
        "benefits": factories.service(
            trust,
            "Benefits drop-in",
            needs=("money_benefits",),
            description="Help with benefit forms and appeals",
        ),
        "castlemilk_walk": factories.service(
            far, "Castlemilk walking club", postcode="G45 1FP", days=("TU",)
        ),
    }


def names(results):
    return [hit.service.name for hit in results.hits]


def test_words_are_stemmed_and_ranked_by_relevance_then_distance(directory):
    results = search(Query(text="walks", postcode="G51 1GB", radius_km=20))
    assert names(results) == ["Govan walking group", "Castlemilk walking club"]
    assert results.hits[0].distance_km < results.hits[1].distance_km


def test_a_misspelt_word_still_finds_the_service(directory):
    assert "Benefits drop-in" in names(search(Query(text="benifits", radius_km=None)))
    assert "Govan walking group" in names(search(Query(text="walkng", radius_km=None)))


def test_the_radius_drops_services_further_away(directory):
    results = search(Query(need="physical_activity", postcode="G51 1GB", radius_km=3))
    assert names(results) == ["Govan walking group"]


def test_open_on_a_day_and_age(directory):
    assert names(search(Query(day="WE", radius_km=None, need="social_isolation"))) == ["Men's shed"]
    assert names(search(Query(need="social_isolation", age=16, radius_km=None))) == []


def test_full_services_are_hidden_unless_asked_for(directory):
    set_capacity(service=directory["walk"], status="full", by=None)
    results = search(Query(need="physical_activity", postcode="G51 1GB", radius_km=3))
    assert names(results) == []
    assert results.full_hidden == 1
    shown = search(
        Query(need="physical_activity", postcode="G51 1GB", radius_km=3, include_full=True)
    )
    assert names(shown) == ["Govan walking group"]


def test_an_unknown_postcode_falls_back_to_its_district(directory):
    results = search(Query(need="physical_activity", postcode="G51 9ZZ", radius_km=3))
    assert results.approximate
    assert results.origin.precision == "district"
    assert names(results) == ["Govan walking group"]


def test_a_postcode_nowhere_known_says_so(directory):
    results = search(Query(need="physical_activity", postcode="ZE1 0AA", radius_km=3))
    assert results.unknown_postcode


def test_unknown_words_find_nothing(directory):
    assert search(Query(text="zzqx", radius_km=None)).hits == []


def test_services_answering_every_word_come_alone_and_partial_answers_only_without_them(
    directory,
):
    trust = directory["walk"].organisation
    factories.service(trust, "Trauma support group", needs=("trauma",))
    assert names(search(Query(text="walking group", radius_km=None))) == ["Govan walking group"]
    # No service is a walking choir: the nearest answers are offered, best first.
    partial = names(search(Query(text="walking choir", radius_km=None)))
    assert set(partial) == {"Govan walking group", "Castlemilk walking club"}
