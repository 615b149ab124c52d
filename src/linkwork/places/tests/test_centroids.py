from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.places.geocoding import distance_km, locate
from linkwork.places.models import AreaCentroid, PostcodeCentroid
from linkwork.places.tests.files import write_csv

NRS = ["Postcode", "PostcodeDistrict", "Latitude", "Longitude", "DateOfDeletion"]
ONSPD = ["pcd", "pcds", "doterm", "lat", "long", "ctry"]


def load(path) -> str:
    out = StringIO()
    call_command("postcodes", "load", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_nrs_directory_loads_skipping_deleted_and_naming_bad_rows(tmp_path):
    rows = [
        ["G51 3HR", "G51", "55.8601", "-4.3102", ""],
        ["G51 4AB", "G51", "55.8640", "-4.3200", ""],
        ["G51 9ZZ", "G51", "55.8", "-4.3", "2019-01-01"],
        ["G52 1AA", "G52", "not a number", "-4.34", ""],
    ]
    out = load(write_csv(tmp_path / "SmallUser.csv", NRS, rows))
    assert "NRS Scottish Postcode Directory" in out
    assert "created:  2" in out
    assert "latitude 'not a number' is not a number" in out
    assert "Open Government Licence" in out
    assert not PostcodeCentroid.objects.filter(pk="G51 9ZZ").exists()
    assert AreaCentroid.objects.get(pk="G51").postcodes == 2


@pytest.mark.django_db
def test_the_onspd_loads_and_rejects_rows_without_a_grid_reference(tmp_path):
    rows = [
        ["G513HR ", "G51 3HR", "", "55.8601", "-4.3102", "S92000003"],
        ["G1  1AA", "G1 1AA", "", "99.999999", "0.000000", "S92000003"],
    ]
    out = load(write_csv(tmp_path / "ONSPD.csv", ONSPD, rows))
    assert "ONS Postcode Directory" in out
    assert "created:  1" in out
    assert "outside Great Britain" in out


@pytest.mark.django_db
def test_unknown_postcodes_fall_back_to_district_then_area(tmp_path):
    rows = [["G51 3HR", "G51", "55.86", "-4.31", ""], ["G45 1FP", "G45", "55.81", "-4.23", ""]]
    load(write_csv(tmp_path / "spd.csv", NRS, rows))
    assert locate("g51 3hr").precision == "postcode"
    fallback = locate("G51 7XX")
    assert (fallback.precision, fallback.label, fallback.approximate) == ("district", "G51", True)
    assert locate("G99 1AA").precision == "area"
    assert locate("ZE1 0AA") is None
    assert locate("G51").precision == "district"


def test_distance_is_great_circle():
    glasgow_to_edinburgh = distance_km(55.8609, -4.2514, 55.9533, -3.1883)
    assert 66 < glasgow_to_edinburgh < 68


@pytest.mark.django_db
def test_a_file_without_a_known_header_says_what_was_expected(tmp_path):
    with pytest.raises(CommandError, match="expected the NRS Scottish Postcode Directory"):
        load(write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "2"]]))
