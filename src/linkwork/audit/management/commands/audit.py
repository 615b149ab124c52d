import re
from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from linkwork.audit.chain import Break, verify
from linkwork.core import mail

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    found = ANCHOR.match(value.strip().lower())
    if found is None:
        raise ArgumentTypeError(
            f"{value!r} is not NUMBER:HASH. Give an entry's number, a colon and its hash "
            "(64 hexadecimal characters) as an earlier verify printed them"
        )
    return int(found[1]), found[2]


class Command(BaseCommand):
    help = (
        "The audit log. `verify` walks its hash chain: if an entry was edited, deleted, "
        "inserted or put out of order it names the first broken entry and exits with status "
        "1; if the chain is whole it prints how many entries there are and the head (last "
        "entry's number and hash). Record the head somewhere the database's owners cannot "
        "change (a ticket, a signed email, another system) as an anchor: anyone who can "
        "write to the database can rebuild a chain from scratch, but not one that still "
        "matches an anchor taken before (`verify --anchor NUMBER:HASH`)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        check = actions.add_parser("verify", help="Check the audit log's hash chain is whole.")
        check.add_argument(
            "--anchor",
            action="append",
            type=_anchor,
            default=[],
            metavar="NUMBER:HASH",
            help="An entry's number and hash recorded earlier: the entry must still have it. "
            "Repeat for several anchors.",
        )
        check.add_argument(
            "--report",
            action="store_true",
            help="Also email what it found (the head, or the first broken entry) to "
            "LINKWORK_AUDIT_REPORT_TO: an anchor kept out of the database owners' reach.",
        )

    def handle(self, *args, action: str, anchor: list, report: bool, **options):
        result = verify(anchors=dict(anchor))
        if isinstance(result, Break):
            if report:
                self._report("BROKEN: the audit log failed its check", str(result))
            raise CommandError(str(result))
        anchored = f", {len(anchor)} anchor(s) matched" if anchor else ""
        found = (
            f"The audit log is whole: {result.entries} entries{anchored}.\n"
            f"Head: entry {result.head_seq}, hash {result.head_hash}\n"
        )
        self.stdout.write(
            f"{found}Record the head elsewhere as an anchor; check against it later with "
            f"`linkwork audit verify --anchor {result.head_seq}:{result.head_hash}`."
        )
        if report:
            self._report(
                f"audit log whole to entry {result.head_seq}",
                f"{found}Keep this email: if the log is ever rebuilt, checking with "
                f"--anchor {result.head_seq}:{result.head_hash} will fail.",
            )

    def _report(self, subject: str, text: str) -> None:
        recipients = settings.LINKWORK_AUDIT_REPORT_TO
        if not recipients:
            self.stdout.write("LINKWORK_AUDIT_REPORT_TO is not set: the report went nowhere.")
            return
        mail.send(subject=f"linkwork {subject}", message=text, recipients=recipients)
        self.stdout.write(f"Reported to {', '.join(recipients)}.")
