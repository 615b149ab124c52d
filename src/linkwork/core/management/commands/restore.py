from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.core import backups


class Command(BaseCommand):
    help = (
        "Replace the database with a backup `linkwork backup` made, keeping the current "
        "one first. Stop linkwork while it runs. docs/backup.md"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing.")

    def handle(self, *args, path: Path, yes: bool, **options):
        sqlite = backups.is_sqlite()
        if not sqlite and not backups.pg_tools_present():
            self.stdout.write("pg_restore is not on PATH here. On a machine with it, run:")
            self.stdout.write(backups.pg_instructions("restore"))
            return
        try:
            checked = (backups.check_sqlite if sqlite else backups.check_postgres)(path)
        except backups.BackupRefused as refused:
            raise CommandError(f"Nothing restored: {refused}") from refused
        if not yes and not self._confirmed(path):
            raise CommandError("Nothing restored: not confirmed (answer yes, or pass --yes).")
        restore = backups.restore_sqlite if sqlite else backups.restore_postgres
        try:
            kept = restore(checked, backups.default_folder())
        except backups.BackupRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Restored {path}. The database it replaced is kept in {kept}")
        letters = backups.restore_documents(path)
        if letters:
            self.stdout.write(
                f"Put back {letters} letters and forms from {path.name}.documents.tar"
            )
        if checked.behind:
            self.stdout.write(
                f"The backup lacks {len(checked.behind)} newer migrations: "
                "run `linkwork migrate` before starting linkwork."
            )

    def _confirmed(self, path: Path) -> bool:
        answer = input(f"Replace the database with {path}? Everything since is lost. [yes/no] ")
        return answer.strip().lower() in ("y", "yes")
