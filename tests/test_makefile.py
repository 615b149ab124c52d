"""`make help` is a new user's map of the checkout: every target it lists does something
(make runs a phony target with no rule as "nothing to be done" and exits 0, silently), and
every target someone may run is listed."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return result.stdout


def listed_in_help() -> set[str]:
    return set(re.findall(r"^make ([\w-]+)", make("help"), re.M))


def rules() -> tuple[set[str], set[str]]:
    """From make's own database (-p; -q runs nothing): the phony targets, and the targets
    with a recipe or prerequisites, so that running them does something."""
    database = make("-pRrq", "help")
    phony = set(re.search(r"^\.PHONY: (.*)$", database, re.M)[1].split())
    doing, target = set(), None
    for line in database.splitlines():
        if rule := re.match(r"([a-z][\w-]*):(?!=)(.*)$", line):
            target = rule[1]
            if rule[2].strip():
                doing.add(target)
        elif target and line.startswith("#  recipe to execute"):
            doing.add(target)
        elif not line:
            target = None
    return phony, doing


def test_every_target_help_lists_does_something():
    listed = listed_in_help()
    assert {"demo", "test", "check", "fix"} <= listed
    _, doing = rules()
    missing = listed - doing
    assert not missing, f"listed in `make help` but with no rule in the Makefile: {missing}"


def test_every_target_with_a_rule_is_listed_in_help():
    phony, doing = rules()
    unlisted = (phony & doing) - {"help"} - listed_in_help()
    assert not unlisted, f"add these to `make help`: {unlisted}"


def test_what_make_runs_keeps_its_bytecode():
    """A machine may set PYTHONDONTWRITEBYTECODE; what make runs does not inherit it, so a
    module compiled once is not compiled again by every process (decision 0135)."""
    probe = 'probe: ; @echo "[$$PYTHONDONTWRITEBYTECODE]"'
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    assert make("--eval", probe, "probe", env=env).strip() == "[]"
