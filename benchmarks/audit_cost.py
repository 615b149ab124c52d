"""What auditing every read costs: a case page with and without its audit write, and the
hash-chained write on its own against a plain insert.

    .venv/bin/python benchmarks/audit_cost.py                    # PostgreSQL, 500 requests each
    .venv/bin/python benchmarks/audit_cost.py --database sqlite --requests 200

A fresh database (`lw_audit_bench` on PostgreSQL, dropped and created again; a file under
/tmp for SQLite) is migrated and loaded with the demo data. Then, as `aileen` through the
Django test client (every middleware, the template, a persistent connection as under
gunicorn), one of her case pages is fetched REQUESTS times in each of three ways:

  no audit write   the write patched out (audit.services.append does nothing)
  plain insert     one INSERT of the same row into a copy of the table, no chain (the
                   audit log as it was before the chain)
  hash-chained     as shipped: lock the chain head, hash, insert, move the head

The three run interleaved in blocks of BLOCK, so a change in the machine's load falls on
all of them alike. Then `record()` alone is timed against the plain insert alone,
interleaved the same way, and `audit verify` checks the chain is whole afterwards.
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
sys.path.insert(0, str(ROOT / "src"))
BLOCK = 25
PLAIN_TABLE = "bench_plain_auditevent"


def configure(database: str, reuse: bool) -> None:
    os.environ["DEBUG"] = "0"
    os.environ["LINKWORK_DATA_DIR"] = str(WORK)
    if database == "sqlite":
        path = WORK / "audit-cost.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            there = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'lw_audit_bench'"
            ).fetchone()
            if not (reuse and there):
                connection.execute("DROP DATABASE IF EXISTS lw_audit_bench")
                connection.execute("CREATE DATABASE lw_audit_bench")
        os.environ["DATABASE_URL"] = f"{base}/lw_audit_bench"
    # The test settings: plain HTTP to the test client and demo accounts allowed.
    os.environ["DJANGO_SETTINGS_MODULE"] = "linkwork.config.test_settings"


def make_plain_table() -> None:
    """A copy of the audit table (columns, indexes, constraints) without the chain's lock."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PLAIN_TABLE}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {PLAIN_TABLE} (LIKE audit_auditevent INCLUDING ALL)")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') "
                "AND tbl_name = 'audit_auditevent' AND sql IS NOT NULL"
            )
            for (sql,) in cursor.fetchall():
                cursor.execute(_renamed(sql))


def _renamed(sql: str) -> str:
    return sql.replace('"audit_auditevent', f'"{PLAIN_TABLE}').replace(
        "audit_auditevent", PLAIN_TABLE
    )


class PlainInsert:
    """Insert the event as the log did before the chain: one INSERT, nothing locked."""

    numbers = itertools.count(1)  # the copy keeps the unique seq column

    def __call__(self, event):
        from linkwork.audit.models import AuditEvent

        event.seq, event.prev_hash, event.hash = next(self.numbers), "", "-"
        table = AuditEvent._meta.db_table
        AuditEvent._meta.db_table = PLAIN_TABLE
        try:
            event.save(force_insert=True)
        finally:
            AuditEvent._meta.db_table = table
        return event


@contextmanager
def writing(how):
    """Audit writes done `how`: None (patched out), a PlainInsert, or as shipped."""
    if how == "chained":
        yield
        return
    replacement = (lambda event: event) if how is None else how
    with mock.patch("linkwork.audit.services.append", replacement):
        yield


def percentiles(timings: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(timings, n=100)
    return statistics.median(timings), cuts[94], cuts[98]


def time_pages(requests: int) -> dict[str, list[float]]:
    from django.test import Client

    from linkwork.casework.models import Case

    case = Case.objects.filter(link_worker__user__username="aileen").order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(case.link_worker.user)
    url = f"/cases/{case.pk}/"
    ways = {"no audit write": None, "plain insert": PlainInsert(), "hash-chained": "chained"}
    timings = {name: [] for name in ways}
    for how in ways.values():  # warm up each way
        with writing(how):
            for _ in range(10):
                assert client.get(url).status_code == 200
    for block in range(requests // BLOCK):
        for name, how in _rotated(ways, block):
            with writing(how):
                for _ in range(BLOCK):
                    start = time.perf_counter()
                    response = client.get(url)
                    timings[name].append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200
    return timings


def time_writes(count: int) -> dict[str, list[float]]:
    from linkwork.accounts.models import User
    from linkwork.audit.models import Action
    from linkwork.audit.services import record
    from linkwork.casework.models import Case

    case = Case.objects.filter(link_worker__user__username="aileen").order_by("pk").first()
    actor = User.objects.get(username="aileen")
    ways = {"plain insert": PlainInsert(), "hash-chained record()": "chained"}
    timings = {name: [] for name in ways}
    for block in range(count // BLOCK):
        for name, how in _rotated(ways, block):
            with writing(how):
                for _ in range(BLOCK):
                    start = time.perf_counter()
                    record(
                        action=Action.VIEW,
                        actor=actor,
                        obj=case,
                        person_id=case.person_id,
                        hscp_id=1,
                        detail={"role": "link_worker", "assignment": 1},
                    )
                    timings[name].append((time.perf_counter() - start) * 1000)
    return timings


def _rotated(ways: dict, block: int) -> list:
    items = list(ways.items())
    shift = block % len(items)
    return items[shift:] + items[:shift]


def report(title: str, timings: dict[str, list[float]], baseline: str) -> None:
    print(f"\n{title}")
    print(f"  {'':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    base = percentiles(timings[baseline])
    for name, values in timings.items():
        p50, p95, p99 = percentiles(values)
        print(f"  {name:<24} {len(values):>5} {p50:8.2f} {p95:8.2f} {p99:8.2f}")
    for name, values in timings.items():
        if name != baseline:
            p50, p95, _ = percentiles(values)
            print(f"  {name} adds {p50 - base[0]:+.2f} ms at p50, {p95 - base[1]:+.2f} ms at p95")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--requests", type=int, default=500, help="case pages per way")
    parser.add_argument("--writes", type=int, default=2000, help="audit writes per way")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run (no seeding)"
    )
    args = parser.parse_args()
    configure(args.database, args.reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # emails to memory, as in the test suite

    from linkwork.audit.chain import Verified, verify
    from linkwork.demo import seeding

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seeding.seed(scale=1)  # once: a database that has the demo data is left as it is
    make_plain_table()
    print(f"{connection.vendor}: migrated and seeded in {time.perf_counter() - started:.0f} s")
    report("Case page (GET, test client)", time_pages(args.requests), "no audit write")
    report("The audit write alone", time_writes(args.writes), "plain insert")
    result = verify()
    whole = isinstance(result, Verified)
    print(f"\naudit verify: {'whole, ' + str(result.entries) + ' entries' if whole else result}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
