"""scripts/audit_dependencies.py: a known vulnerability fails the step whichever source
found it, and a run that could check nothing says so rather than "no vulnerabilities".
The advisories here are made up, in the OSV shape the PyPA advisory database uses."""

import importlib.util
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

# Files, settings and scripts: the same on either database.
pytestmark = pytest.mark.one_backend

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
)
audit_dependencies = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit_dependencies)

ADVISORY = {
    "id": "PYSEC-0000-1",
    "affected": [
        {
            "package": {"name": "Example-Pkg", "ecosystem": "PyPI"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [
                        {"introduced": "0"},
                        {"fixed": "1.2.3"},
                        {"introduced": "2.0"},
                        {"fixed": "2.0.5"},
                    ],
                }
            ],
            "versions": ["3.0"],
        }
    ],
}


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("1.0", True),
        ("1.2.3", False),  # the fixed version itself
        ("1.9", False),
        ("2.0", True),
        ("2.0.4", True),
        ("2.0.5", False),
        ("3.0", True),  # listed by name
        ("3.1", False),
    ],
)
def test_an_ecosystem_range_is_read_pair_by_pair(version, affected):
    assert audit_dependencies.affects(ADVISORY["affected"][0], Version(version)) is affected


def test_an_open_range_affects_every_later_version():
    entry = {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}]}]}
    assert audit_dependencies.affects(entry, Version("9.9"))
    assert not audit_dependencies.affects(entry, Version("0.9"))


def database(tmp_path, advisory=ADVISORY) -> Path:
    folder = tmp_path / "db" / "vulns" / "example-pkg"
    folder.mkdir(parents=True)
    (folder / "PYSEC-0000-1.yaml").write_text(yaml.safe_dump(advisory), encoding="utf-8")
    return tmp_path / "db"


def requirements(tmp_path, *lines) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(["# exported", *lines, "    # via linkwork"]), encoding="utf-8")
    return path


def nothing_online(_path):
    return [], set()  # pip-audit ran but could look nothing up (PyPI's 404s)


def test_the_offline_database_fails_a_vulnerable_pin(tmp_path, capsys):
    pins = requirements(tmp_path, "example-pkg==2.0.1", "other==1.0")
    assert audit_dependencies.audit(pins, database(tmp_path), online=nothing_online) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE: example-pkg 2.0.1: PYSEC-0000-1, fixed in 1.2.3, 2.0.5" in out


def test_a_withdrawn_advisory_or_a_fixed_pin_passes(tmp_path, capsys):
    fixed = requirements(tmp_path, "Example_Pkg==2.0.5")
    assert audit_dependencies.audit(fixed, database(tmp_path), online=nothing_online) == 0
    assert "No known vulnerabilities" in capsys.readouterr().out
    withdrawn = database(tmp_path / "w", {**ADVISORY, "withdrawn": "2024-01-01T00:00:00Z"})
    pinned = requirements(tmp_path, "example-pkg==1.0")
    assert audit_dependencies.audit(pinned, withdrawn, online=nothing_online) == 0


def test_pip_audits_findings_fail_and_its_lookups_are_not_repeated(tmp_path, capsys):
    report = {
        "dependencies": [
            {
                "name": "example-pkg",
                "version": "1.0",
                "vulns": [{"id": "GHSA-x", "fix_versions": ["1.1"]}],
            },
            {"name": "other", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    pins = requirements(tmp_path, "example-pkg==1.0", "other==1.0")
    status = audit_dependencies.audit(
        pins, tmp_path / "none", online=lambda _: audit_dependencies.from_pip_audit(report)
    )
    out = capsys.readouterr().out
    assert status == 1
    assert "VULNERABLE: example-pkg 1.0: GHSA-x, fixed in 1.1 (pip-audit)" in out


def test_nothing_checked_is_said_and_fails_when_required(tmp_path, capsys, monkeypatch):
    pins = requirements(tmp_path, "example-pkg==1.0")
    assert audit_dependencies.audit(pins, tmp_path / "none", online=nothing_online) == 0
    assert "NOT CHECKED: 1 of 1 packages" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert audit_dependencies.audit(pins, tmp_path / "none", online=lambda _: None) == 2
