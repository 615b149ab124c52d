"""Scale-out (docs/scale-out.md, decision 116): the compose file describes the layout and
is valid; app servers keep nothing a user's next request needs in their own memory; the
settings for pgbouncer and the reporting replica. The two servers and the streaming
standby themselves are exercised by scripts/scale-out.sh."""

import ast
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.sessions.backends import db as database_sessions

from linkwork.core.sessions import SessionStore
from linkwork.core.tests.test_settings import PRODUCTION, run

# Files, settings and scripts: the same on either database.
pytestmark = pytest.mark.one_backend

ROOT = Path(__file__).resolve().parents[4]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
PACKAGE = ROOT / "src" / "linkwork"
SECRETS = {"SECRET_KEY": "k" * 50, "POSTGRES_PASSWORD": "p", "REPLICATION_PASSWORD": "r"}


def compose_command() -> list[str] | None:
    """`docker compose` (the CLI plugin) or `docker-compose`: either checks a file without
    a Docker engine."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)  # noqa: S607
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed here")
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [*command, "-f", str(COMPOSE), "config"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_compose_file_is_valid_and_says_which_secrets_it_needs():
    checked = compose_config(SECRETS)
    assert checked.returncode == 0, checked.stderr
    services = yaml.safe_load(checked.stdout)["services"]
    assert {"loadbalancer", "app-a", "app-b", "migrate", "pgbouncer", "primary", "replica"} <= set(
        services
    )
    missing = compose_config({k: v for k, v in SECRETS.items() if k != "SECRET_KEY"})
    assert missing.returncode != 0
    assert "set SECRET_KEY" in missing.stderr


def test_the_layout_two_apps_behind_the_balancer_writes_through_pgbouncer_reports_on_replica():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    for name in ("app-a", "app-b"):
        app = services[name]
        env = app["environment"]
        assert re.search(r"@pgbouncer:6432/", env["DATABASE_URL"])
        assert env["DATABASE_TRANSACTION_POOLING"] == "1"
        assert re.search(r"@replica:5432/", env["REPORTS_DATABASE_URL"])
        assert app["build"]["dockerfile"] == "deploy/Dockerfile"
    assert services["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    # One scheduler (lone-working alerts and the daily checks), as the apps are configured.
    scheduler = services["scheduler"]
    assert scheduler["command"] == ["linkwork", "schedule"]
    assert scheduler["environment"] == services["app-a"]["environment"]
    assert "deploy" not in scheduler  # no replicas: each alert is sent by one process
    assert "schedule.json" in " ".join(scheduler["healthcheck"]["test"])  # its heartbeat
    assert "redis" in services["redis"]["profiles"]  # optional: nothing needs it today
    upstream = re.search(r"upstream linkwork \{(.*?)\}", (DEPLOY / "nginx.conf").read_text(), re.S)
    assert re.findall(r"server (app-[ab]):8000", upstream[1]) == ["app-a", "app-b"]
    replica = (DEPLOY / "postgres" / "replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in replica
    assert " -R " in replica  # written as a standby that streams
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    assert "uv sync --frozen" in dockerfile


def test_sessions_live_in_the_database_every_app_server_reads():
    assert settings.SESSION_ENGINE == "linkwork.core.sessions"
    # Django's table, read by a statement.
    assert issubclass(SessionStore, database_sessions.SessionStore)
    assert settings.AXES_HANDLER == "linkwork.accounts.lockout.LockoutHandler"  # lockouts: db
    assert settings.MESSAGE_STORAGE.endswith(("FallbackStorage", "CookieStorage"))


# A per-process cache (the default CACHES, local memory) is wrong for anything another app
# server must see: a rate limit, a lockout, a session. Nothing in linkwork uses Django's
# cache or a throttle built on it; a use must come with a shared cache (docs/scale-out.md).
PER_PROCESS_CACHE_USERS = {"django.core.cache", "django.core.cache.backends", "ninja.throttling"}


def test_nothing_relies_on_a_cache_private_to_one_app_server():
    users = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        if "tests" in path.parts or not re.search(r"\bcache\b|throttling", source):
            continue
        for node in ast.walk(ast.parse(source)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(name in PER_PROCESS_CACHE_USERS for name in names):
                users.append(str(path.relative_to(PACKAGE)))
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        assert users == [], f"uses Django's cache, which is per process here: {users}"


def test_settings_for_pgbouncer_and_the_reporting_replica(tmp_path):
    show = (
        "from django.conf import settings as s; import json; d = s.DATABASES; print(json.dumps("
        "[d['default'].get('DISABLE_SERVER_SIDE_CURSORS'), d['reports']['OPTIONS'],"
        " d['reports']['HOST'], d['reports']['PORT'], s.LINKWORK_REPORTS_MAX_LAG_SECONDS]))"
    )
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://linkwork@pgbouncer:6432/linkwork",
        "DATABASE_TRANSACTION_POOLING": "1",
        "REPORTS_DATABASE_URL": "postgres://linkwork@replica:5432/linkwork",
        "LINKWORK_REPORTS_MAX_LAG_SECONDS": "120",
    }
    result = run(["shell", "--no-imports", "-c", show], env, tmp_path)
    assert result.returncode == 0, result.stderr
    no_cursors, options, host, port, max_lag = json.loads(result.stdout)
    assert no_cursors is True
    assert options == {"options": "-c jit=off", "connect_timeout": 3}
    assert (host, port, max_lag) == ("replica", 5432, 120)


PREPARING = (
    "from django.conf import settings as s; import json; o = s.DATABASES['default']['OPTIONS'];"
    " print(json.dumps([o.get('server_side_binding'), o.get('prepare_threshold')]))"
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, [True, 5]),  # straight to PostgreSQL: prepared after five runs (decision 0132)
        ({"DATABASE_TRANSACTION_POOLING": "1"}, [True, None]),  # pgbouncer: off unless asked
        ({"DATABASE_TRANSACTION_POOLING": "1", "DATABASE_PREPARE_THRESHOLD": "5"}, [True, 5]),
        ({"DATABASE_PREPARE_THRESHOLD": "0"}, [True, None]),
        ({"DATABASE_URL": ""}, [None, None]),  # SQLite: nothing to prepare
    ],
)
def test_when_postgresql_prepares_statements(tmp_path, changes, expected):
    env = {**PRODUCTION, "DATABASE_URL": "postgres://linkwork@db:5432/linkwork", **changes}
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]
    result = run(["shell", "--no-imports", "-c", PREPARING], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("name", "value", "refusal"),
    [
        ("DATABASE_PREPARE_THRESHOLD", "-1", "must be 0 (off) or more; got -1"),
        ("DATABASE_PREPARED_MAX", "0", "must be 1 or more; got 0"),  # decision 0153
    ],
)
def test_preparing_settings_out_of_range_are_refused_by_name(tmp_path, name, value, refusal):
    env = {**PRODUCTION, "DATABASE_URL": "postgres://linkwork@db:5432/linkwork", name: value}
    result = run(["shell", "--no-imports", "-c", PREPARING], env, tmp_path)
    assert result.returncode != 0
    assert f"{name} {refusal}" in result.stderr


KEEPING = (
    "from django.conf import settings as s; import json;"
    " print(json.dumps([s.DATABASE_PREPARED_MAX, s.DATABASES['default']['CONN_MAX_AGE']]))"
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, [500, 600]),  # kept long enough to outlast the pages' round (decision 0153)
        ({"DATABASE_PREPARED_MAX": "200", "DATABASE_CONN_MAX_AGE": "60"}, [200, 60]),
    ],
)
def test_how_much_a_connection_keeps_prepared_and_for_how_long(tmp_path, changes, expected):
    env = {**PRODUCTION, "DATABASE_URL": "postgres://linkwork@db:5432/linkwork", **changes}
    result = run(["shell", "--no-imports", "-c", KEEPING], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
