from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.reporting import mcd
from linkwork.reporting.management.flags import (
    add_area_flags,
    add_period_flags,
    area_of,
    period_of,
)

ACTOR = "export-mcd"


class Command(BaseCommand):
    help = (
        "Writes the minimum core dataset: one row per referral received from --from to "
        "--to (both days included), everywhere or in one HSCP or practice, pseudonymised "
        "(no name, CHI, address, phone, email or free text; a stable pseudonym per person, "
        "an age band), as CSV or XLSX. It is "
        "record-level and NOT suppressed: for trusted analysts under the programme's data "
        "sharing agreement only, never for publication. Each export is audited. "
        "docs/mcd-data-dictionary.md says what each column holds."
    )

    def add_arguments(self, parser):
        # Not required by the parser: --dictionary needs no period (handle says what is missing).
        add_period_flags(parser, required=False)
        parser.add_argument(
            "--format",
            choices=mcd.FORMATS,
            default="csv",
            help="csv (the default; UTF-8, header row) or xlsx (one sheet).",
        )
        add_area_flags(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="The file to write.")
        parser.add_argument(
            "--dictionary",
            action="store_true",
            help="Write the data dictionary (markdown) instead of data, to -o or the screen.",
        )

    def handle(self, *args, **options):
        if options["dictionary"]:
            return self._dictionary(options["output"])
        for flag, key in (("--from", "start"), ("--to", "end")):
            if options[key] is None:
                raise CommandError(
                    f"{flag} is missing: give it as YYYY-MM-DD, for example 2026-04-01."
                )
        period = period_of(options["start"], options["end"])
        area = area_of(options["hscp"], options["practice"])
        path = _output(options["output"], options["format"])
        written = _write(path, options["format"], mcd.rows(period, area))
        mcd.audit_export(period, written, actor_username=ACTOR, **_where(options))
        self.stdout.write(
            f"Wrote {written} referrals received {period.start} to {period.end} to {path}."
        )

    def _dictionary(self, output: str | None) -> None:
        if output is None:
            self.stdout.write(mcd.data_dictionary(), ending="")
            return
        path = Path(output)
        try:
            path.write_text(mcd.data_dictionary(), encoding="utf-8")
        except OSError as error:
            raise _unwritable(output, error) from None


def _where(options) -> dict:
    """The area an export was limited to, as the audit log records it."""
    return {flag: options[flag] for flag in ("hscp", "practice") if options[flag]}


def _output(output: str | None, fmt: str) -> Path:
    if not output:
        raise CommandError(
            f"-o is missing: name the file to write, for example -o mcd-2026-q1.{fmt}."
        )
    path = Path(output)
    if path.is_dir():
        raise CommandError(
            f"-o {output}: that is a folder; name a file in it, for example {path / f'mcd.{fmt}'}."
        )
    if not path.parent.is_dir():
        raise CommandError(
            f"-o {output}: the folder {path.parent} does not exist; create it or name a file "
            "in a folder that does."
        )
    return path


def _write(path: Path, fmt: str, rows) -> int:
    try:
        return mcd.write(path, fmt, rows)
    except OSError as error:
        raise _unwritable(str(path), error) from None


def _unwritable(output: str, error: OSError) -> CommandError:
    return CommandError(
        f"-o {output}: cannot write there ({error.strerror}); name a file in a folder you can "
        "write to."
    )
