""".env.example is where someone setting linkwork up learns what they can set: every
environment variable the code reads is there, and nothing it no longer reads."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = PACKAGE.parents[1] / ".env.example"
# linkwork.config.env's readers, and dj_database_url.config, which reads DATABASE_URL.
READERS = {"env_bool", "env_int", "env_list", "env_percentages", "env_required"}
READER = PACKAGE / "config" / "env.py"


def _name(node: ast.AST) -> str:
    """The dotted name a call or subscript is made on: os.environ.get, env_int, ..."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def variables_read(source: str) -> set[str]:
    """Names read from the environment. Those linkwork sets for itself (setdefault, as
    `linkwork demo` sets DEBUG, or assignment) are not for anyone to set: not counted."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = _name(node.func)
            first = _text(node.args[0]) if node.args else None
            if called in {"os.environ.get", "os.getenv"} or called in READERS:
                found.add(first)
            elif called == "dj_database_url.config":
                keywords = {k.arg: _text(k.value) for k in node.keywords}
                found.add(keywords.get("env", "DATABASE_URL"))
        elif isinstance(node, ast.Subscript) and _name(node.value) == "os.environ":
            if isinstance(node.ctx, ast.Load):  # not linkwork setting one for itself
                found.add(_text(node.slice))
        elif isinstance(node, ast.Compare) and _name(node.comparators[0]) == "os.environ":
            found.add(_text(node.left))
    assert None not in found, "an environment variable read by a computed name"
    return found


def variables_read_by_linkwork() -> dict[str, Path]:
    where = {}
    for path in PACKAGE.rglob("*.py"):
        # env.py's readers read the names their callers give, counted at the callers.
        if {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts) or path == READER:
            continue
        for name in variables_read(path.read_text()):
            where.setdefault(name, path.relative_to(PACKAGE))
    return where


def documented() -> set[str]:
    """`NAME=value` lines, set or commented out to show the default."""
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))


def test_the_reader_finds_each_way_the_code_reads_the_environment():
    source = (
        "import os, dj_database_url\n"
        "a = os.environ.get('A'); b = os.getenv('B'); c = os.environ['C']\n"
        "d = 'D' in os.environ; e = env_int('E', 1); f = dj_database_url.config()\n"
        "os.environ.setdefault('G', '1'); os.environ['H'] = '1'\n"
    )
    assert variables_read(source) == {"A", "B", "C", "D", "E", "DATABASE_URL"}


def test_every_variable_linkwork_reads_is_in_env_example():
    read = variables_read_by_linkwork()
    assert {"SECRET_KEY", "DATABASE_URL", "LINKWORK_SITE_URL", "BIND", "PORT"} <= set(read)
    missing = {name: str(path) for name, path in read.items() if name not in documented()}
    assert not missing, f"add these to .env.example with their default and meaning: {missing}"


def test_env_example_lists_nothing_linkwork_does_not_read():
    assert not documented() - set(variables_read_by_linkwork())


def test_each_variable_in_env_example_has_a_meaning_above_it():
    """A name alone tells nobody what it does or what happens when it is left out."""
    lines = ENV_EXAMPLE.read_text().splitlines()
    setting = re.compile(r"^(# )?[A-Z][A-Z0-9_]*=")
    for number, line in enumerate(lines):
        if setting.match(line):
            above = next(a for a in reversed(lines[:number]) if not setting.match(a))
            assert above.startswith("#"), line
            assert not above.startswith("# ---"), line
