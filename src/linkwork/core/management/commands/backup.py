from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.core import backups


class Command(BaseCommand):
    help = (
        "Copy the database to a timestamped file while linkwork runs (SQLite: the online "
        "backup API; PostgreSQL: pg_dump's custom format). docs/backup.md"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="A file (with a suffix, such as .sqlite3 or .dump), or a folder for a "
            "timestamped file (default: the data directory's backups folder).",
        )

    def handle(self, *args, path: Path | None, **options):
        sqlite = backups.is_sqlite()
        if not sqlite and not backups.pg_tools_present():
            self.stdout.write("pg_dump is not on PATH here. On a machine with it, run:")
            self.stdout.write(backups.pg_instructions("backup"))
            return
        suffix = ".sqlite3" if sqlite else ".dump"
        if path is None or path.is_dir() or not path.suffix:  # a folder, perhaps new
            target = backups.stamped(path or backups.default_folder(), "linkwork", suffix)
        else:
            target = path
        try:
            made = (backups.backup_sqlite if sqlite else backups.backup_postgres)(target)
        except backups.BackupRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Backed up to {made}")
        letters = backups.backup_documents(made)
        if letters:
            self.stdout.write(f"Letters and forms backed up to {letters}")
