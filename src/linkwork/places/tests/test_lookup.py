import pytest

from linkwork.places.models import DecileScheme
from linkwork.places.services import Deprivation, deprivation_for, load_simd_file
from linkwork.places.tests.files import PHS_HEADER, phs_row, write_csv


@pytest.fixture
def govan(db, tmp_path):
    rows = [phs_row("G51 3HR", "S01010001", 312, 1, 1)]
    load_simd_file(path=write_csv(tmp_path / "phs.csv", PHS_HEADER, rows))


def test_it_finds_a_known_postcode_with_its_scheme(govan):
    assert deprivation_for("G51 3HR") == Deprivation(
        decile=1,
        quintile=1,
        rank=312,
        datazone="S01010001",
        datazone_vintage="dz2011",
        simd_version="simd2020v2",
        scheme=DecileScheme.PHS_POPULATION_WEIGHTED,
    )


@pytest.mark.parametrize("typed", ["g513hr", "  G51   3hr ", "g51 3HR"])
def test_it_normalises_the_postcode_before_looking(govan, typed):
    assert deprivation_for(typed).datazone == "S01010001"


@pytest.mark.parametrize("unknown", ["G51 3HS", "EH1 1YZ", "W1A 1AA"])
def test_it_returns_none_for_a_postcode_not_in_the_table_never_a_default(govan, unknown):
    assert deprivation_for(unknown) is None


@pytest.mark.parametrize("invalid", ["", "G51", "not a postcode", "G51 3CI"])
def test_it_returns_none_for_an_invalid_postcode(govan, invalid):
    assert deprivation_for(invalid) is None


def test_the_result_cannot_be_changed(govan):
    with pytest.raises(AttributeError):
        deprivation_for("G51 3HR").decile = 5
