from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwork.core.tests.test_settings import PRODUCTION, run
from linkwork.places.models import Postcode
from linkwork.places.services import SIMD_ATTRIBUTION
from linkwork.places.tests.files import PHS_HEADER, SG_HEADER, phs_row, write_csv

pytestmark = pytest.mark.django_db


def simd(*args) -> str:
    out = StringIO()
    call_command("simd", *args, stdout=out)
    return out.getvalue()


def test_it_loads_a_file_and_summarises_with_the_first_rejections(tmp_path):
    rows = [phs_row("G51 3HR", "S01010001", 312, 1, 1), phs_row("G51 3HS", "S01010001", 1, 11, 1)]
    output = simd("load", str(write_csv(tmp_path / "phs.csv", PHS_HEADER, rows)))
    assert "Loaded phs.csv as the Public Health Scotland postcode lookup" in output
    assert "PHS population-weighted deciles" in output
    assert "created:  1" in output
    assert "updated:  0" in output
    assert "rejected: 1" in output
    assert "row 3: simd2020v2_sc_decile '11' is not a decile 1-10" in output
    assert output.rstrip().endswith(SIMD_ATTRIBUTION)

    again = simd("load", str(tmp_path / "phs.csv"))
    assert "created:  0" in again
    assert "updated:  1" in again
    assert Postcode.objects.count() == 1


def test_it_shows_only_the_first_twenty_rejections(tmp_path):
    rows = [["G51 3HR", "S01010001", 1, 99, 1]] * 25
    output = simd("load", str(write_csv(tmp_path / "sg.csv", SG_HEADER, rows)))
    assert "rejected: 25" in output
    assert "row 21:" in output
    assert "row 22:" not in output


def test_synthetic_loads_carry_no_attribution(tmp_path):
    rows = [phs_row("G51 3HR", "S01999001", 312, 1, 1)]
    output = simd("load", "--synthetic", str(write_csv(tmp_path / "demo.csv", PHS_HEADER, rows)))
    assert SIMD_ATTRIBUTION not in output
    assert Postcode.objects.get().is_synthetic


@pytest.mark.parametrize(
    ("name", "says"),
    [("missing.csv", "missing.csv does not exist."), ("wrong.csv", "no header we recognise")],
)
def test_a_missing_file_or_wrong_header_is_a_command_error(tmp_path, name, says):
    write_csv(tmp_path / "wrong.csv", ["postcode", "decile"], [["G51 3HR", 1]])
    with pytest.raises(CommandError, match=says):
        simd("load", str(tmp_path / name))


def test_the_command_needs_the_load_action_and_a_file():
    with pytest.raises(CommandError, match="file"):
        simd("load")


def test_linkwork_simd_load_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    result = run(["simd", "load", str(tmp_path / "missing.csv")], PRODUCTION, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"CommandError: {tmp_path / 'missing.csv'} does not exist."
    assert "Traceback" not in result.stderr
