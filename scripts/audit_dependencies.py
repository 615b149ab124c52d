"""Known vulnerabilities in the locked dependencies (decision 0112).

    python scripts/audit_dependencies.py REQUIREMENTS.txt

1. pip-audit against PyPI's vulnerability data. Its answer counts only for the packages it
   could look up: PyPI answers some machines' per-release look-ups with 404, and pip-audit
   then says "No known vulnerabilities found" having checked nothing.
2. Where it checked nothing, an offline copy of the PyPA advisory database (OSV records,
   github.com/pypa/advisory-database) at $ADVISORY_DB, by default ../shared/advisory-database
   beside the checkout; only the locked packages' folders are read.
3. Where neither answers, it says NOT CHECKED in capitals, and fails if AUDIT_REQUIRED=1.

Exits 1 on any known vulnerability, 2 when nothing could be checked and AUDIT_REQUIRED=1.
"""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADVISORY_DB = ROOT.parent / "shared" / "advisory-database"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")
PIP_AUDIT_TIMEOUT = 60  # seconds; it takes about 5 where PyPI answers


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: str
    source: str

    def __str__(self) -> str:
        fix = f", fixed in {self.fixed_in}" if self.fixed_in else ", no fixed version yet"
        return f"{self.package} {self.version}: {self.advisory}{fix} ({self.source})"


def pinned(requirements: str) -> dict[str, str]:
    """name → version of every `name==version` line of an exported lock."""
    found = {}
    for line in requirements.splitlines():
        if match := PIN.match(line.strip()):
            found[canonicalize_name(match[1])] = match[2]
    return found


# -- 1. pip-audit -----------------------------------------------------------------------


def pip_audit(requirements_path: Path) -> tuple[list[Finding], set[str]] | None:
    """Findings and the packages pip-audit really looked up, or None if it did not run."""
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        *("-r", str(requirements_path), "--no-deps", "--disable-pip", "-s", "pypi"),
        *("--format", "json", "--progress-spinner", "off"),
    ]
    try:
        done = subprocess.run(  # noqa: S603 (our own pip-audit, our own lock)
            command, capture_output=True, text=True, timeout=PIP_AUDIT_TIMEOUT
        )
        report = json.loads(done.stdout)
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    return from_pip_audit(report)


def from_pip_audit(report: dict) -> tuple[list[Finding], set[str]]:
    findings, audited = [], set()
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            continue
        audited.add(canonicalize_name(dependency["name"]))
        for vuln in dependency.get("vulns", []):
            findings.append(
                Finding(
                    dependency["name"],
                    dependency["version"],
                    vuln["id"],
                    ", ".join(vuln.get("fix_versions", [])),
                    "pip-audit",
                )
            )
    return findings, audited


# -- 2. the PyPA advisory database, offline -----------------------------------------------


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affects(affected: dict, version: Version) -> bool:
    """Does an OSV `affected` entry include `version`? Listed versions, or an ECOSYSTEM
    range: introduced ≤ version < fixed (or ≤ last_affected), pair by pair."""
    if str(version) in {str(_version(v) or v) for v in affected.get("versions", [])}:
        return True
    for range_ in affected.get("ranges", []):
        if range_.get("type") != "ECOSYSTEM":
            continue
        introduced = None
        for event in range_.get("events", []):
            if "introduced" in event:
                introduced = (
                    Version("0") if event["introduced"] == "0" else _version(event["introduced"])
                )
            elif introduced is not None and ("fixed" in event or "last_affected" in event):
                end = _version(event.get("fixed") or event.get("last_affected"))
                inside = end is None or (version < end if "fixed" in event else version <= end)
                if introduced <= version and inside:
                    return True
                introduced = None
        if introduced is not None and introduced <= version:  # no fix yet
            return True
    return False


def fixed_versions(affected: dict) -> str:
    return ", ".join(
        event["fixed"]
        for range_ in affected.get("ranges", [])
        for event in range_.get("events", [])
        if "fixed" in event
    )


def advisories_for(database: Path, package: str):
    folder = database / "vulns" / package
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix in {".yaml", ".yml"}:
            yield yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            yield json.loads(path.read_text(encoding="utf-8"))


def offline(database: Path, packages: dict[str, str]) -> list[Finding]:
    findings = []
    for package, text in packages.items():
        version = _version(text)
        if version is None:
            continue
        for advisory in advisories_for(database, package):
            if advisory.get("withdrawn"):
                continue
            for affected in advisory.get("affected", []):
                name = canonicalize_name(affected.get("package", {}).get("name", ""))
                if name == package and affects(affected, version):
                    findings.append(
                        Finding(
                            package,
                            text,
                            advisory["id"],
                            fixed_versions(affected),
                            "PyPA advisory database",
                        )
                    )
                    break
    return findings


def database_date(database: Path) -> str:
    """When the offline copy was taken, as far as it says: its newest record's `modified`."""
    newest = ""
    for path in (database / "vulns").glob("*/*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("modified:"):
                newest = max(newest, line.split(":", 1)[1].strip().strip("\"'"))
    return newest[:10] or "unknown"


# -- the verdict ----------------------------------------------------------------------------


def audit(requirements_path: Path, database: Path, online=pip_audit) -> int:
    packages = pinned(requirements_path.read_text(encoding="utf-8"))
    print(f"Locked packages: {len(packages)}")
    findings: list[Finding] = []
    answered = online(requirements_path)
    audited: set[str] = set()
    if answered is None:
        print("pip-audit: did not run or gave no report")
    else:
        online_findings, audited = answered
        findings += online_findings
        print(f"pip-audit: looked up {len(audited)} of {len(packages)} on PyPI")
    missing = {name: version for name, version in packages.items() if name not in audited}
    if missing and (database / "vulns").is_dir():
        print(
            f"PyPA advisory database at {database} (records to {database_date(database)}): "
            f"checking the other {len(missing)}"
        )
        findings += offline(database, missing)
        missing = {}
    for finding in findings:
        print(f"VULNERABLE: {finding}")
    if findings:
        print(f"{len(findings)} known vulnerabilities: upgrade the packages above in uv.lock")
        return 1
    if missing:
        some = ", ".join(sorted(missing)[:5]) + (" ..." if len(missing) > 5 else "")
        print(
            f"NOT CHECKED: {len(missing)} of {len(packages)} packages ({some}); PyPI gave no "
            f"vulnerability data and there is no advisory database at {database} (set ADVISORY_DB)"
        )
        return 2 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    print("No known vulnerabilities in the locked packages")
    return 0


if __name__ == "__main__":
    database = Path(os.environ.get("ADVISORY_DB") or DEFAULT_ADVISORY_DB)
    sys.exit(audit(Path(sys.argv[1]), database))
