"""The layers contract (pyproject.toml, docs/decisions/0041-layers.md) holds, and would
catch an import that runs back up: shown on a copy of the package with one added."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="make install brings lint-imports"
)


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", ROOT / "pyproject.toml"],
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_are_kept():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout


def test_an_import_back_up_breaks_the_contract(tmp_path):
    shutil.copytree(
        ROOT / "src" / "linkwork",
        tmp_path / "linkwork",
        ignore=shutil.ignore_patterns("jinja2", "static", "__pycache__", "*.csv"),
    )
    clock = tmp_path / "linkwork" / "core" / "clock.py"
    clock.write_text(clock.read_text() + "\nfrom linkwork.home import views  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "linkwork.core is not allowed to import linkwork.home" in result.stdout
    assert "linkwork.core.clock -> linkwork.home.views" in result.stdout
