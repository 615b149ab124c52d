from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from linkwork.core.mail import site_url
from linkwork.directory import digest
from linkwork.directory.notifications import digest_addresses, send_digest
from linkwork.organisations.models import HSCP


class Command(BaseCommand):
    help = (
        "The monthly digest of what changed in each HSCP's directory (new, closed and "
        "changed services, capacity changes, services verified this week). Prints it and "
        "who would get it; `--send` emails it to each HSCP's link workers and team leads. "
        "Run it monthly, e.g. on the 1st with --month of the month before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--month",
            default="",
            metavar="YYYY-MM",
            help="A calendar month (default: the month to today).",
        )
        parser.add_argument("--hscp", default="", metavar="CODE", help="One HSCP only.")
        parser.add_argument("--send", action="store_true", help="Email it (else a dry run).")

    def handle(self, *args, month: str, hscp: str, send: bool, **options):
        try:
            when = digest.period(month)
        except ValueError as error:
            raise CommandError(f"--month: {error}") from error
        for each in self._hscps(hscp):
            built = digest.build(each, when)
            url = site_url(reverse("directory:digest")) + f"?hscp={each.code}"
            text = digest.as_text(built, url)
            if send:
                sent = send_digest(built, text)
                self.stdout.write(f"{each}: sent to {len(sent)} people.")
            else:
                self.stdout.write(text)
                to = ", ".join(digest_addresses(each)) or "nobody (no address)"
                self.stdout.write(f"Would send to: {to}\n")

    def _hscps(self, code: str):
        hscps = HSCP.objects.order_by("name")
        if code:
            hscps = hscps.filter(code=code)
            if not hscps.exists():
                raise CommandError(f"--hscp: no HSCP has the code {code}")
        return hscps
