"""`linkwork score` run as a user runs it: a fresh process, JSON on stdout, and one
line on stderr with a non-zero exit code for anything it cannot score."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

LINKWORK = Path(sys.executable).parent / "linkwork"


@pytest.fixture
def score(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(DEBUG="1", LINKWORK_DATA_DIR=str(tmp_path))
        command = [str(LINKWORK), "score", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    return run


def test_it_prints_swemwbs_raw_and_metric_as_one_json_object(score):
    result = score("swemwbs", "4", "3", "4", "4", "3", "4", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == {
        "instrument": "swemwbs",
        "raw": 25,
        "metric": 22.35,
        "complete": True,
        "missing_items": [],
    }


def test_a_dash_marks_a_missing_item_and_leaves_no_score(score):
    result = score("swemwbs", "4", "3", "-", "4", "3", "4", "3")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert (output["raw"], output["metric"], output["complete"]) == (None, None, False)
    assert output["missing_items"] == [3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["swemwbs", "1", "2"], "swemwbs needs 7 answers, one per item in order"),
        (["swemwbs", "1", "2", "3", "6", "5", "5", "5"], "Item 4: 6 is out of range;"),
        (["swemwbs", "1", "2", "3", "four", "5", "5", "5"], "Item 4: 'four' is not a whole number"),
        (["swemwbs", "-x", "2", "3", "4", "5", "5", "5"], "Item 1: '-x' is not a whole number"),
        (["wemwbs", "0", *["1"] * 13], "Item 1: 0 is out of range; wemwbs answers run from 1 to 5"),
        (["phq9", "1"], "Unknown instrument 'phq9'; known instruments: ons4, swemwbs, wemwbs"),
        ([], "Name an instrument (ons4, swemwbs, wemwbs), then its answers in item order"),
        (["ons4", "1", "2", "3", "4.0"], "Item 4: '4.0' is not a whole number"),
    ],
)
def test_invalid_input_exits_non_zero_with_one_line_and_no_traceback(score, args, message):
    result = score(*args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_it_runs_from_a_bare_shell_with_no_settings_or_secret(tmp_path):
    """Production settings need SECRET_KEY; scoring needs nothing, so none is asked for."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    command = [str(LINKWORK), "score", "swemwbs", "4", "3", "4", "4", "3", "4", "3"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["metric"] == 22.35
    bad = subprocess.run([*command[:3], "9"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def in_process(*args: str) -> str:
    out = StringIO()
    call_command("score", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_metric_with_two_decimals():
    output = in_process("swemwbs", *["2"] * 7)  # raw 14
    assert '"metric": 15.32' in output
    assert json.loads(output, parse_float=Decimal)["metric"] == Decimal("15.32")
    assert '"metric": 35.00' in in_process("swemwbs", *["5"] * 7)


def test_it_scores_each_ons4_question_with_its_band():
    output = json.loads(in_process("ons4", "7", "5", "9", "1"))
    assert output["life_satisfaction"] == {"score": 7, "band": "high"}
    assert output["worthwhile"] == {"score": 5, "band": "medium"}
    assert output["happiness"] == {"score": 9, "band": "very_high"}
    assert output["anxiety"] == {"score": 1, "band": "very_low"}
    assert "raw" not in output


def test_wemwbs_gives_its_raw_score_and_the_short_form_within_it():
    assert in_process("wemwbs", *["5"] * 14).strip() == (
        '{"instrument": "wemwbs", "raw": 70, "complete": true, "missing_items": [], '
        '"swemwbs_raw": 35, "swemwbs_metric": 35.00}'
    )
    with pytest.raises(CommandError, match="needs 14 answers"):
        call_command("score", "wemwbs", "5")
