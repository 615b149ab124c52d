from django.core.management.base import BaseCommand

from linkwork.documents import files


class Command(BaseCommand):
    help = (
        "Files in the documents directory that no letter or form names (an upload whose "
        "transaction rolled back, or a file retention's removal was cut short), older than "
        "an hour: `--orphans` lists them, `--sweep` removes them."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--orphans", action="store_true", help="List the orphan files.")
        mode.add_argument("--sweep", action="store_true", help="Remove the orphan files.")

    def handle(self, *args, orphans: bool, sweep: bool, **options):
        found = files.sweep() if sweep else files.orphans()
        verb = "Removed" if sweep else "Found"
        self.stdout.write(f"{verb} {len(found)} orphan files in {files.documents_dir()}.")
        for path in found:
            self.stdout.write(f"  {path.relative_to(files.documents_dir())}")
