from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from linkwork.privacy import retention


class Command(BaseCommand):
    help = (
        "The retention policy (LINKWORK_RETENTION_YEARS whole years after a person's last "
        "case closed): `--dry-run` lists whose records would be anonymised, by case, and "
        "how many records of each kind, changing nothing; `--apply` anonymises them in one "
        "transaction (names, CHI, contact details and free text go, with their earlier "
        "versions; what reports count stays) and writes each to the audit log, then removes "
        "their letters' and forms' files (the records stay, marked removed)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Say what would change.")
        mode.add_argument("--apply", action="store_true", help="Anonymise the records.")

    def handle(self, *args, dry_run: bool, apply: bool, **options):
        chosen = retention.plan()
        out = self.stdout.write
        out(
            f"Retention: {chosen.years} years after support ended; records whose support "
            f"ended on or before {chosen.cutoff:%d/%m/%Y}."
        )
        verb = "Would anonymise" if dry_run else "Anonymising"
        out(f"{verb} {len(chosen.people)} people.")
        for person in chosen.people:
            cases = ", ".join(map(str, chosen.cases_of(person))) or "none"
            out(f"  person record {person.pk} (cases: {cases})")
        for label, count in sorted(chosen.counts().items()):
            if count:
                out(f"  {label}: {count}")
        letters = chosen.letters()
        size = sum(d.size for d in letters)
        out(f"  letter and form files to remove: {len(letters)} ({filesizeformat(size)})")
        if dry_run:
            out("Dry run: nothing was changed.")
            return
        retention.apply(chosen)
        out(
            self.style.SUCCESS(
                f"Anonymised {len(chosen.people)} people; each is in the audit log. "
                f"Removed {len(letters)} letter and form files."
            )
        )
