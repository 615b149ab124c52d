import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.directory.importing.report import ImportFileError
from linkwork.directory.importing.run import import_file
from linkwork.directory.models import Service
from linkwork.directory.oruk import serialise
from linkwork.organisations.models import HSCP

SHOWN = 50


class Command(BaseCommand):
    help = (
        "The service directory. `import FILE` loads ORUK/HSDS 3.0 or ALISS JSON (again, "
        "harmlessly); `export FILE` writes every service as ORUK JSON."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser("import", help="Import an ORUK/HSDS 3.0 or ALISS JSON file.")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--source",
            default="",
            help="A key naming the feed when ids clash between feeds (default: oruk, aliss).",
        )
        load.add_argument("--source-name", default="", help="A readable name for the feed.")
        load.add_argument(
            "--hscp",
            metavar="CODE",
            default="",
            help="The HSCP (code, e.g. S37000015) whose directory the organisations join; "
            "its team leads may then invite their partners. Organisations that already "
            "belong to an HSCP keep it.",
        )
        load.add_argument("--all", action="store_true", help="List every record's outcome.")
        dump = actions.add_parser("export", help="Write every service as an ORUK JSON list.")
        dump.add_argument("file", type=Path)
        dump.add_argument("--public-only", action="store_true")

    def handle(self, *args, action: str, file: Path, **options):
        if action == "import":
            self._import(file, options)
        else:
            self._export(file, options["public_only"])

    def _import(self, file: Path, options) -> None:
        hscp = _hscp(options["hscp"])
        try:
            report = import_file(
                file, source_key=options["source"], source_name=options["source_name"], hscp=hscp
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        into = f", organisations without an HSCP join {hscp.name}" if hscp else ""
        self.stdout.write(f"Imported {file} as {report.format} (source: {report.source}{into}).")
        for fate in ("created", "updated", "unchanged", "rejected"):
            self.stdout.write(f"  {fate + ':':<10} {report.count(fate)}")
        shown = [o for o in report.outcomes if options["all"] or o.fate == "rejected"]
        for outcome in shown[: None if options["all"] else SHOWN]:
            self.stdout.write(f"  {outcome.message}")

    def _export(self, file: Path, public_only: bool) -> None:
        services = Service.objects.select_related("organisation", "source").order_by("pk")
        if public_only:
            services = services.filter(is_public=True)
        data = [serialise.service(service) for service in services]
        file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Exported {len(data)} services to {file}.")


def _hscp(code: str) -> HSCP | None:
    if not code:
        return None
    found = HSCP.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        known = ", ".join(f"{h.code} ({h.name})" for h in HSCP.objects.order_by("code")) or "none"
        raise CommandError(f"--hscp {code}: no HSCP has that code. Known codes: {known}.")
    return found
