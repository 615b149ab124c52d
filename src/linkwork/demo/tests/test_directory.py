"""The demo directory's invented names read like real ones."""

import pytest

from linkwork.demo.directory import ORGANISATIONS, local_name, organisation_name


def test_organisation_names_are_unique_without_made_up_numbers():
    names = [organisation_name(index) for index in range(ORGANISATIONS)]
    assert len(set(names)) == len(names)
    assert not [name for name in names if name[-1].isdigit()]
    assert len({organisation_name(index) for index in range(2000)}) == 2000


@pytest.mark.parametrize(
    ("area", "name", "expected"),
    [
        ("Port Glasgow", "Recovery café", "Port Glasgow recovery café"),
        ("Govan", "ESOL conversation class", "Govan ESOL conversation class"),
        ("Ibrox", "Knit and natter", "Ibrox knit and natter"),
    ],
)
def test_local_service_names_keep_place_names_and_acronyms(area, name, expected):
    assert local_name(area, name) == expected
