import csv

from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.demo import places
from linkwork.places.models import Postcode
from linkwork.places.services import deprivation_for

OUTWARDS = {"G51", "G52", "G53", "G45", "G31", "G32", "PA15", "PA16"}


def synthetic_rows() -> list[dict]:
    with places.SYNTHETIC_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_synthetic_table_has_valid_postcodes_in_the_demo_areas():
    rows = synthetic_rows()
    assert 250 <= len(rows) <= 350
    assert "synthetic" in places.SYNTHETIC_FILE.name
    assert "invented" in (places.SYNTHETIC_FILE.parent / "README.md").read_text()
    for row in rows:
        assert is_valid_postcode(row["pc8"]), row
        assert normalise_postcode(row["pc7"]) == row["pc8"]
    assert {row["pc8"].split()[0] for row in rows} == OUTWARDS


def test_the_synthetic_deciles_are_skewed_deprived_over_made_up_data_zones():
    rows = synthetic_rows()
    deciles = [int(row["simd2020v2_sc_decile"]) for row in rows]
    assert set(deciles) == set(range(1, 11))
    assert sum(decile <= 3 for decile in deciles) > len(deciles) / 2
    assert all(row["datazone2011"].startswith("S01999") for row in rows)


def test_load_synthetic_marks_rows_and_is_idempotent(db):
    assert places.load_synthetic() == len(synthetic_rows())
    assert places.load_synthetic() == 0
    assert Postcode.objects.filter(is_synthetic=True).count() == len(synthetic_rows())
    assert not Postcode.objects.filter(is_synthetic=False).exists()


def test_synthetic_postcodes_resolve_to_a_decile_once_loaded(db):
    places.load_synthetic()
    for postcode in places.synthetic_postcodes():
        assert 1 <= deprivation_for(postcode).decile <= 10


def test_synthetic_postcodes_can_be_chosen_by_outward_code():
    govan = places.synthetic_postcodes("g51")
    assert govan
    assert all(postcode.startswith("G51 ") for postcode in govan)
    assert places.synthetic_postcodes("G5") == []
    assert places.synthetic_postcodes("EH1") == []
    assert len(places.synthetic_postcodes()) == len(synthetic_rows())
