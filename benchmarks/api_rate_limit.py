"""What counting each API token's requests costs (decision 0110): GET /api/v1/me with a
bearer token, with the per-minute count and without it, and the count on its own.

    .venv/bin/python benchmarks/api_rate_limit.py                       # PostgreSQL
    .venv/bin/python benchmarks/api_rate_limit.py --database sqlite --requests 400
    BENCH_LOGGED=1 .venv/bin/python benchmarks/api_rate_limit.py   # as a logged table

A fresh database (`lw_ratelimit_bench` on PostgreSQL, dropped and created again; a file
under /tmp for SQLite) is migrated and given one user and one token. Requests go through
the Django test client (every middleware, a persistent connection as under gunicorn),
interleaved in blocks of BLOCK with the limit on (LINKWORK_API_RATE_PER_MINUTE high enough
never to refuse) and off (0: nothing counted), so a change in the machine's load falls on
both alike. Medians are reported, in milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
sys.path.insert(0, str(ROOT / "src"))
BLOCK = 25
DATABASE = "lw_ratelimit_bench"


def configure(database: str) -> None:
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "benchmark-only-" + "x" * 40
    os.environ["LINKWORK_DATA_DIR"] = str(WORK)
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    if database == "sqlite":
        path = WORK / "ratelimit.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            admin.execute(f"CREATE DATABASE {DATABASE}")
        os.environ["DATABASE_URL"] = f"{base}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "linkwork.config.settings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--requests", type=int, default=1000, help="per variant")
    args = parser.parse_args()
    configure(args.database)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_LOGGED"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_ratelimitcount SET LOGGED")
    from linkwork.accounts.models import User
    from linkwork.accounts.tokens import issue_token
    from linkwork.core.ratelimit import per_minute

    settings.ALLOWED_HOSTS = ["testserver"]
    user = User.objects.create(username="bench")
    _, token = issue_token(user=user, name="bench")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    limits = {"counted": 10**9, "not counted": 0}
    times: dict[str, list[float]] = {name: [] for name in limits}
    for name in limits:  # warm up
        settings.LINKWORK_API_RATE_PER_MINUTE = limits[name]
        assert client.get("/api/v1/me").status_code == 200
    for _ in range(args.requests // BLOCK):
        for name, limit in limits.items():
            settings.LINKWORK_API_RATE_PER_MINUTE = limit
            for _ in range(BLOCK):
                start = time.perf_counter()
                response = client.get("/api/v1/me")
                times[name].append(time.perf_counter() - start)
                assert response.status_code == 200
    alone = []
    for _ in range(args.requests):
        start = time.perf_counter()
        per_minute("bench", limit=10**9)
        alone.append(time.perf_counter() - start)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"{args.database}, {len(times['counted'])} requests each (medians, ms)")
    for name, value in median.items():
        print(f"  GET /api/v1/me, {name:<12} {value:7.3f}")
    print(f"  added by the count          {median['counted'] - median['not counted']:7.3f}")
    print(f"  per_minute() alone          {statistics.median(alone) * 1000:7.3f}")


if __name__ == "__main__":
    main()
