"""Backup and restore (`linkwork backup`, `linkwork restore`; docs/backup.md).

SQLite: SQLite's online backup API, through linkwork's own connection, so a copy taken
while the app runs is consistent (the API copies a snapshot, retrying pages a writer
changes), and a restore writes through SQLite too (no stale -wal file beside a copied
file). A file is restored only if it is a whole SQLite database holding linkwork's
migrations and none this copy of linkwork does not have; the database it replaces is
kept first.

PostgreSQL: pg_dump's custom format and pg_restore, with the connection details of
DATABASE_URL, when they are on PATH; without them, the commands print what to run.

Both: the letters and forms kept on disk (DOCUMENTS_DIR) go into a tar file beside the
database's copy, taken after it, so every letter the copy names is in the tar (a letter's
file is written before its row and never changed). A restore puts back the files the tar
holds and leaves the others (their names are random and never reused)."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from linkwork.core.planner import refresh_planner_statistics

# Apps whose migrations make a database linkwork's, not some other Django project's.
LINKWORK_APPS = {"accounts", "casework", "core", "directory", "referrals"}


class BackupRefused(Exception):
    """A file that must not be restored, or a backup that cannot be made; says why."""


@dataclass(frozen=True)
class Checked:
    """A backup file found fit to restore, and the migrations it lacks (run `migrate`)."""

    path: Path
    behind: list[str]


def default_folder() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def stamped(folder: Path, prefix: str, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{prefix}-{datetime.now():%Y%m%d-%H%M%S-%f}{suffix}"


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _live() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


# SQLite


def backup_sqlite(target: Path) -> Path:
    """A consistent copy of the database in `target`, taken while the app runs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupRefused(f"{target} already exists: name a new file or a folder.")
    copy = sqlite3.connect(target)
    try:
        _live().backup(copy)
    finally:
        copy.close()
    return target


def check_sqlite(path: Path) -> Checked:
    """`path` if it is a whole linkwork database this linkwork can run on; BackupRefused
    naming what is wrong otherwise."""
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    try:
        backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupRefused(f"{path} is damaged (SQLite's integrity check failed).")
            applied = set(backup.execute("SELECT app, name FROM django_migrations").fetchall())
        finally:
            backup.close()
    except sqlite3.DatabaseError as error:
        raise BackupRefused(
            f"{path} is not a linkwork SQLite database ({error}): choose a file that "
            "`linkwork backup` made."
        ) from error
    return Checked(path, _behind(path, applied))


def _behind(path: Path, applied: set[tuple[str, str]]) -> list[str]:
    """The migrations this linkwork has that the backup lacks; refused if it is not
    linkwork's or is from a newer linkwork."""
    if not {app for app, _ in applied} >= LINKWORK_APPS:
        raise BackupRefused(f"{path} is a database, but not linkwork's: its tables are others'.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(f"{app}.{name}" for app, name in applied - known if app in _apps(known))
    if newer:
        raise BackupRefused(
            f"{path} was made by a newer linkwork (it has {', '.join(newer[:3])}"
            f"{' and more' if len(newer) > 3 else ''}): restore it with that version."
        )
    return sorted(f"{app}.{name}" for app, name in known - applied)


def _apps(migrations: set[tuple[str, str]]) -> set[str]:
    return {app for app, _ in migrations}


def restore_sqlite(checked: Checked, keep_in: Path) -> Path:
    """The database becomes the backup's; returns where the one it replaced was kept."""
    kept = backup_sqlite(stamped(keep_in, "before-restore", ".sqlite3"))
    backup = sqlite3.connect(f"file:{checked.path}?mode=ro", uri=True)
    try:
        backup.backup(_live())
    finally:
        backup.close()
    connection.close()  # nothing cached from the database that was replaced
    return kept


# Letters and forms on disk


def documents_tar(database_copy: Path) -> Path:
    """Where the letters' files of a database copy are kept: beside it."""
    return database_copy.with_name(database_copy.name + ".documents.tar")


def backup_documents(database_copy: Path) -> Path | None:
    """The files in DOCUMENTS_DIR into a tar beside `database_copy`; None when there are none."""
    folder = Path(settings.DOCUMENTS_DIR)
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        return None
    target = documents_tar(database_copy)
    with tarfile.open(target, "w") as tar:
        for file in files:
            tar.add(file, arcname=str(file.relative_to(folder)))
    return target


def restore_documents(database_copy: Path) -> int:
    """The files of the tar beside `database_copy` back into DOCUMENTS_DIR; how many."""
    source = documents_tar(database_copy)
    if not source.is_file():
        return 0
    folder = Path(settings.DOCUMENTS_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(source) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        # The "data" filter refuses absolute paths, ".." and links out of the folder.
        tar.extractall(folder, members=members, filter="data")
    return len(members)


def row_counts() -> dict[str, int]:
    """Every table's rows: what a restore is checked by."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


# PostgreSQL


def pg_tools_present() -> bool:
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


def pg_connection_args() -> list[str]:
    """pg_dump's and pg_restore's options for DATABASE_URL (the password goes in the
    environment, never on a command line others can read)."""
    db = settings.DATABASES["default"]
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{option}={db[key]}")
    return args


def pg_database() -> str:
    return connection.settings_dict["NAME"]


def _pg_env() -> dict:
    password = settings.DATABASES["default"].get("PASSWORD")
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def backup_postgres(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupRefused(f"{target} already exists: name a new file or a folder.")
    _run(["pg_dump", "--format=custom", f"--file={target}", *pg_connection_args(), pg_database()])
    return target


def check_postgres(path: Path) -> Checked:
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    listing = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
        [shutil.which("pg_restore") or "pg_restore", "--list", str(path)],
        capture_output=True,
        text=True,
        env=_pg_env(),
    )
    if listing.returncode != 0:
        raise BackupRefused(
            f"{path} is not a pg_dump archive in custom format (pg_restore: "
            f"{listing.stderr.strip()[:200]}): choose a file that `linkwork backup` made."
        )
    if "TABLE DATA public django_migrations" not in listing.stdout:
        raise BackupRefused(f"{path} is a PostgreSQL archive, but not of linkwork's database.")
    return Checked(path, [])


def restore_postgres(checked: Checked, keep_in: Path) -> Path:
    kept = backup_postgres(stamped(keep_in, "before-restore", ".dump"))
    connection.close()  # pg_restore --clean drops tables: no open transaction may hold them
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *pg_connection_args(),
            f"--dbname={pg_database()}",
            str(checked.path),
        ]
    )
    refresh_planner_statistics()  # pg_restore brings back the rows, not the statistics
    return kept


def pg_instructions(what: str) -> str:
    """What to run by hand where pg_dump and pg_restore are not on PATH."""
    conn = " ".join(pg_connection_args())
    name = pg_database()
    if what == "backup":
        return f"pg_dump --format=custom --file=linkwork-$(date +%Y%m%d-%H%M%S).dump {conn} {name}"
    return (
        f"pg_dump --format=custom --file=before-restore.dump {conn} {name}\n"
        f"pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error "
        f"{conn} --dbname={name} BACKUP.dump\n"
        f"vacuumdb --analyze-only {conn} {name}"
    )


def _run(command: list[str]) -> None:
    command = [shutil.which(command[0]) or command[0], *command[1:]]
    done = subprocess.run(command, capture_output=True, text=True, env=_pg_env())  # noqa: S603
    if done.returncode != 0:
        raise BackupRefused(f"{Path(command[0]).name} failed: {done.stderr.strip()[:500]}")
