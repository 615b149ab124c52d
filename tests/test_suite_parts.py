"""`pytest --part K/N` (conftest.py): the suite cut in N parts, each test in exactly one,
the same way in every process; .ci/run runs one on PostgreSQL when the machine is too slow
for the whole suite twice within CI's time (decision 0141)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import in_part

ROOT = Path(__file__).resolve().parents[1]
MODULE = "src/linkwork/core/tests/test_chi.py"

pytestmark = pytest.mark.one_backend


def test_each_test_falls_in_exactly_one_part():
    ids = [f"src/linkwork/app/tests/test_x.py::test_{n}[case{n % 7}]" for n in range(500)]
    for parts in (2, 3, 4):
        counts = [sum(in_part(i, part, parts) for part in range(parts)) for i in ids]
        assert set(counts) == {1}
        sizes = [sum(in_part(i, part, parts) for i in ids) for part in range(parts)]
        assert min(sizes) > 500 / parts / 2, sizes  # the hash spreads them
    assert in_part("a.py::test_b@demo", 1, 3) == in_part("a.py::test_b", 1, 3)


def collecting(*args: str, module: str = MODULE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["-n", "0", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def collected(*args: str, module: str = MODULE) -> set[str]:
    done = collecting(*args, module=module)
    assert done.returncode in (0, 5), done.stdout + done.stderr
    return set(re.findall(r"^(\S+::\S+)$", done.stdout, re.M))


def test_pytest_runs_only_the_part_asked_for_and_refuses_a_part_that_is_not_one():
    everything = collected()
    first, second = collected("--part", "0/2"), collected("--part", "1/2")
    assert everything
    assert first
    assert second
    assert first | second == everything
    assert not first & second
    assert first == {test for test in everything if in_part(test, 0, 2)}
    refused = collecting("--part", "3/3")
    assert refused.returncode != 0
    assert "--part takes K/N with 0 <= K < N" in refused.stderr + refused.stdout


def test_what_only_postgresql_shows_is_in_every_part():
    module = "src/linkwork/core/tests/test_backups.py"
    everything = collected(module=module)
    marked = {test for test in everything if "postgresql" in test.split("::")[-1]}  # by name
    assert marked
    for part in range(3):
        found = collected("--part", f"{part}/3", module=module)
        assert marked <= found
        assert found - marked == {t for t in everything - marked if in_part(t, part, 3)}


def test_a_test_skipped_off_postgresql_is_marked_to_run_in_every_part():
    """A test that only PostgreSQL runs says so with the marker, or a slow machine's CI
    would run it once in N commits."""
    unmarked = [
        path.relative_to(ROOT)
        for path in (ROOT / "src").rglob("test_*.py")
        if "vendor != 'postgresql'" in (text := path.read_text())
        and "pytest.mark.postgresql" not in text
    ]
    assert not unmarked
