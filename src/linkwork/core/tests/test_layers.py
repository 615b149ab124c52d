"""The layers contract (pyproject.toml, docs/decisions/0041-layers.md) holds, and would
catch an import that runs back up: shown on a copy of the package with one added."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"

pytestmark = [
    pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="make install brings lint-imports"),
    pytest.mark.one_backend,  # imports, whichever the database
]


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


def lint_with_an_import(tmp_path, module: str, statement: str) -> str:
    """lint-imports' report on a copy of the package with `statement` added to `module`."""
    shutil.copytree(
        ROOT / "src" / "linkwork",
        tmp_path / "linkwork",
        ignore=shutil.ignore_patterns("jinja2", "static", "__pycache__", "*.csv"),
    )
    path = tmp_path / "linkwork" / f"{module.replace('.', '/')}.py"
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    return result.stdout


def test_an_import_back_up_breaks_the_contract(tmp_path):
    report = lint_with_an_import(tmp_path, "core.clock", "from linkwork.home import views")
    assert "linkwork.core is not allowed to import linkwork.home" in report
    assert "linkwork.core.clock -> linkwork.home.views" in report


@pytest.mark.parametrize("module", ["referrals.services", "home.views"])
def test_no_product_module_may_import_the_demo(tmp_path, module):
    """The demo sits at the top, beside home: what it builds on never depends on it."""
    report = lint_with_an_import(tmp_path, module, "from linkwork.demo import seeding")
    app = module.split(".")[0]
    assert f"linkwork.{app} is not allowed to import linkwork.demo" in report
    assert f"linkwork.{module} -> linkwork.demo.seeding" in report
