"""docs/access-matrix.md is what the authorisation module decides, word for word."""

from pathlib import Path

from django.core.management import call_command

from linkwork.accounts.access_matrix import render, words
from linkwork.accounts.authorisation import GRANT_SCOPES, PERMISSION_SCOPES, SCOPES

MATRIX = Path(__file__).resolve().parents[4] / "docs" / "access-matrix.md"


def test_the_committed_matrix_is_what_the_code_decides():
    assert MATRIX.read_text(encoding="utf-8") == render(), (
        "docs/access-matrix.md is out of date: run "
        "`DEBUG=1 .venv/bin/linkwork access_matrix --output docs/access-matrix.md`"
    )


def test_every_scope_rule_says_in_words_what_it_covers():
    tables = [*SCOPES.values(), *PERMISSION_SCOPES.values(), *GRANT_SCOPES.values()]
    undescribed = [
        (role, rule)
        for rules in tables
        for role, rule in rules.items()
        if "undescribed" in words(rule)
    ]
    assert not undescribed, "describe these rules with authorisation.described(...)"


def test_the_command_prints_the_matrix(capsys):
    call_command("access_matrix")
    assert capsys.readouterr().out == render()
