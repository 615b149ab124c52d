from pathlib import Path

import pytest

from linkwork.core.codelists import CODELIST_DIR, available, codelist

SHARED = Path(__file__).resolve().parents[5] / "shared" / "codelists"


@pytest.mark.skipif(
    not SHARED.exists(), reason="the shared reference lists are not beside this checkout"
)
@pytest.mark.parametrize("name", sorted(p.stem for p in SHARED.glob("*.csv")))
def test_the_packaged_copy_matches_the_reference_list(name):
    assert (CODELIST_DIR / f"{name}.csv").read_text() == (SHARED / f"{name}.csv").read_text()


def test_every_reference_list_is_packaged():
    if SHARED.exists():
        assert {p.stem for p in SHARED.glob("*.csv")} <= set(available())
    assert "needs" in available()


def test_codes_are_stored_and_labels_shown():
    roles = codelist("referrer_roles")
    assert roles.label("gp") == "GP"
    assert "receptionist" in roles
    assert ("practice_nurse", "Practice nurse") in roles.choices()


def test_lookup_accepts_a_code_or_a_label_ignoring_case_and_spaces():
    roles = codelist("referrer_roles")
    assert roles.lookup("  practice NURSE ").code == "practice_nurse"
    assert roles.lookup("gp").code == "gp"
    assert roles.lookup("plumber") is None


def test_extra_columns_are_kept():
    outcomes = codelist("session_outcomes")
    attended = next(c for c in outcomes.codes if c.code == "attended")
    assert attended.extra["counts_as_attended"] == "yes"


def test_an_unquoted_comma_in_a_label_stays_in_the_label():
    reasons = codelist("unmet_need_reasons")
    assert reasons.label("not_accessible") == (
        "Not accessible to the person (location, times, disability, language)"
    )


@pytest.mark.parametrize("name", available())
def test_every_row_of_every_list_has_a_code_and_a_label(name):
    for code in codelist(name).codes:
        assert code.code, (name, code)
        assert code.label, (name, code)
        assert None not in code.extra, (name, code)
