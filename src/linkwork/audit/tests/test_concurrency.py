"""Two OS processes appending to one database at the same moment never fork or break the
chain: PostgreSQL queues them on the chain head's row lock, SQLite on BEGIN IMMEDIATE."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

EACH = 200
WRITERS = ("writer-a", "writer-b")
SRC = Path(__file__).resolve().parents[3]


def _database_url(tmp_path: Path) -> str:
    """The test database, as a URL other processes can open."""
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it (schema and triggers) to a file.
        copy = tmp_path / "audit.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "linkwork.config.test_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }


def _write_at_once(env: dict, signals: Path) -> None:
    command = [sys.executable, "-m", "linkwork.audit.tests.writer"]
    writers = [
        subprocess.Popen([*command, name, str(EACH), str(signals)], env=env) for name in WRITERS
    ]
    deadline = time.monotonic() + 60
    while not all((signals / name).exists() for name in WRITERS):
        assert time.monotonic() < deadline, "the writers never became ready"
        assert all(w.poll() is None for w in writers), "a writer died before starting"
        time.sleep(0.01)
    (signals / "go").touch()
    assert [w.wait(timeout=120) for w in writers] == [0, 0]


def _writers_in_chain_order(url: str) -> list[str]:
    sql = "SELECT actor_username FROM audit_auditevent ORDER BY seq"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return [row[0] for row in db.execute(sql)]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgresql
@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_two_processes_writing_at_once_keep_one_whole_chain(tmp_path):
    url = _database_url(tmp_path)
    env = _environment(url)
    _write_at_once(env, tmp_path)

    order = [name for name in _writers_in_chain_order(url) if name in WRITERS]
    assert sorted(order) == sorted(WRITERS * EACH)
    turns = sum(1 for before, after in zip(order, order[1:], strict=False) if before != after)
    assert turns > 10, "the writers did not overlap: nothing was tested"

    verify = subprocess.run(
        [sys.executable, "-m", "django", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert f"whole: {len(order)} entries" in verify.stdout
