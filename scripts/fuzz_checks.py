"""schemathesis checks of our own for scripts/api-fuzz.sh (SCHEMATHESIS_HOOKS=fuzz_checks):

- `no_stack_trace`: no answer shows a traceback, a source path or Django's debug page.
- `rejected_request_changes_nothing`: a request answered 4xx leaves the records as they
  were. The check reads the database the server uses (DATABASE_URL, through Django) after
  every answer: row counts of every table, and the sum of versions where a table has them;
  with one worker, the difference between two readings is the request between them. What
  a refusal rightly writes is left out: the audit trail (refusals are audited), sign-in
  attempts, rate-limit counters, sessions, and a token's "last used" (not counted anyway).
"""

import os
import re

import django
import schemathesis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings")
django.setup()

from django.apps import apps  # noqa: E402 (after django.setup)
from django.db import connection  # noqa: E402
from django.db.models import IntegerField  # noqa: E402

# Tables a refused request may rightly write to.
WRITTEN_ON_REFUSAL = re.compile(r"^(audit_|axes_|django_session|core_ratelimitcount)")
STACK_TRACE = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+|"
    r"Exception Value:|site-packages/|django\.core\.exceptions\.\w+Error"
)


def fingerprint_query() -> str:
    """One statement that counts every model's table watched (and sums its versions, the
    whole-number `version` optimistic locking keeps): built once, as a run adds no table."""
    parts = []
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        if WRITTEN_ON_REFUSAL.match(table) or not model._meta.managed:
            continue
        version = next((f for f in model._meta.concrete_fields if f.name == "version"), None)
        versions = "SUM(version)" if isinstance(version, IntegerField) else "0"
        quoted = connection.ops.quote_name(table)
        # The models' own table names, quoted: nothing from a request.
        parts.append(f"SELECT '{table}', COUNT(*), {versions} FROM {quoted}")  # noqa: S608
    return " UNION ALL ".join(parts)


def fingerprint(query: str) -> dict[str, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {table: (count, versions) for table, count, versions in cursor.fetchall()}


@schemathesis.check
def no_stack_trace(ctx, response, case):
    found = STACK_TRACE.search(response.text or "")
    if found:
        raise AssertionError(f"The answer shows a stack trace or source path: {found[0]!r}")


@schemathesis.check
class rejected_request_changes_nothing:  # noqa: N801 (a check's name is its class's)
    """After each answer, the records compared with the reading after the one before."""

    def __init__(self):
        self.query = fingerprint_query()
        self.last = fingerprint(self.query)

    def after_response(self, ctx, response, case):
        now = fingerprint(self.query)
        before, self.last = self.last, now
        if 400 <= response.status_code < 500 and now != before:
            changed = sorted(t for t in now.keys() | before.keys() if now.get(t) != before.get(t))
            raise AssertionError(
                f"A request refused with {response.status_code} changed {', '.join(changed)}"
            )
