"""scripts/fuzz_checks.py, the fuzz run's own checks: they fail on what they are for."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from linkwork.casework.tests.factories import PersonFactory

_spec = importlib.util.spec_from_file_location(
    "fuzz_checks", Path(__file__).resolve().parents[1] / "scripts" / "fuzz_checks.py"
)
fuzz_checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_checks)


def answer(status=400, text='{"detail": "Enter the CHI number"}'):
    return SimpleNamespace(status_code=status, text=text)


@pytest.mark.parametrize(
    "body",
    [
        'Traceback (most recent call last):\n  File "/srv/app/views.py", line 3, in view',
        "<th>Exception Value:</th><td>division by zero</td>",
        "/usr/lib/python3/site-packages/django/db/utils.py",
    ],
)
def test_a_stack_trace_in_an_answer_fails(body):
    with pytest.raises(AssertionError, match="stack trace"):
        fuzz_checks.no_stack_trace(None, answer(500, body), None)
    fuzz_checks.no_stack_trace(None, answer(), None)  # a refusal in words passes


@pytest.mark.django_db
def test_a_refused_request_that_writes_fails_and_one_accepted_does_not():
    check = fuzz_checks.rejected_request_changes_nothing()
    check.after_response(None, answer(404), None)  # nothing written: passes
    PersonFactory()
    with pytest.raises(AssertionError, match="casework_person"):
        check.after_response(None, answer(422), None)
    PersonFactory()
    check.after_response(None, answer(201), None)  # accepted: may write
