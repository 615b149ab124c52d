"""`linkwork backup` and `linkwork restore`: a round trip gives back exactly what was
there, and a file that is not a linkwork backup is refused, saying why."""

import sqlite3
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from linkwork.casework.models import Case, Person
from linkwork.casework.tests.factories import CaseFactory
from linkwork.core.backups import row_counts


# A backup reads through linkwork's connection, as the running app's would: tests that make
# one commit what they write (transactional_db), as requests do.
def backed_up(folder: Path) -> Path:
    call_command("backup", str(folder), stdout=StringIO())
    (made,) = [p for p in folder.iterdir() if p.name.startswith("linkwork-") and p.suffix != ".tar"]
    return made


def round_trip(tmp_path, settings):
    """Data, a backup, changes and a deletion, a restore: everything back as it was, the
    letters' files too."""
    settings.DATA_DIR = tmp_path  # where the replaced database is kept
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    letter = settings.DOCUMENTS_DIR / "ab" / "0123456789abcdef"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(b"%PDF-1.7 a letter")
    kept = CaseFactory(person__given_name="Agnes")
    CaseFactory.create_batch(2)
    before = row_counts()
    backup = backed_up(tmp_path / "mine")
    Person.objects.filter(pk=kept.person_id).update(given_name="Changed")
    CaseFactory()  # added after the backup
    Case.objects.filter(pk=kept.pk)._raw_delete(connection.alias)  # a row lost
    letter.unlink()  # a file lost with the disk
    call_command("restore", str(backup), "--yes", stdout=StringIO())
    assert letter.read_bytes() == b"%PDF-1.7 a letter"
    assert row_counts() == before
    assert Person.objects.get(pk=kept.person_id).given_name == "Agnes"
    assert Case.objects.get(pk=kept.pk).person_id == kept.person_id
    assert list((tmp_path / "backups").glob("before-restore-*")), "the replaced one is kept"


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_sqlite_round_trip_gives_everything_back(transactional_db, tmp_path, settings):
    round_trip(tmp_path, settings)


@pytest.mark.postgresql
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_postgresql_round_trip_gives_everything_back(transactional_db, tmp_path, settings):
    round_trip(tmp_path, settings)
    # pg_restore recreates the tables without planner statistics; restore gathers them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'casework_person'")
        assert cursor.fetchone()[0] > 0


sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'")


@pytest.fixture(autouse=True)
def migrations_on_disk(settings):
    """A backup's version is told from the migration files, which the tests' settings hide
    (their databases are made from the models: conftest.py)."""
    settings.MIGRATION_MODULES = {}


def refusal(path: Path, *options: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *options)
    return str(refused.value)


@sqlite_only
def test_a_file_that_is_not_a_database_is_refused(db, tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all, just words " * 200)
    assert "is not a linkwork SQLite database" in refusal(text, "--yes")
    assert "There is no file" in refusal(tmp_path / "missing.sqlite3", "--yes")


@sqlite_only
def test_another_projects_database_is_refused(db, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as made:
        made.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        made.execute("INSERT INTO django_migrations VALUES ('blog', '0001_initial')")
    assert "not linkwork's" in refusal(other, "--yes")


@sqlite_only
def test_a_backup_from_a_newer_linkwork_or_a_damaged_one_is_refused(transactional_db, tmp_path):
    backup = backed_up(tmp_path)
    with sqlite3.connect(backup) as newer:
        newer.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES "
            "('casework', '9999_from_the_future', '2030-01-01')"
        )
    assert "made by a newer linkwork" in refusal(backup, "--yes")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size // 3])
    assert "Nothing restored" in refusal(damaged, "--yes")


@sqlite_only
def test_without_yes_it_asks_and_no_leaves_the_database_alone(transactional_db, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    backup = backed_up(tmp_path)
    CaseFactory()
    with mock.patch("builtins.input", return_value="no"):
        assert "not confirmed" in refusal(backup)
    assert Case.objects.count() == 1
    assert not (tmp_path / "backups").exists()


@pytest.mark.postgresql
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_without_the_postgresql_tools_restore_says_what_to_run_statistics_too(db, tmp_path):
    out = StringIO()
    with mock.patch("linkwork.core.backups.pg_tools_present", return_value=False):
        call_command("restore", str(tmp_path / "x.dump"), "--yes", stdout=out)
    steps = out.getvalue().splitlines()[1:]
    assert [step.split()[0] for step in steps] == ["pg_dump", "pg_restore", "vacuumdb"]
    assert "--analyze-only" in steps[2]
