"""The reporting facts (decision 64): a row per referral, per case and per onward link made,
holding what the summary's figures need, each column derived by definitions.py's own rules
(facts.py builds them). Derived data, rebuilt at will: nothing else writes them, and their
keys are not constrained so a rebuild of millions of rows checks none."""

from django.db import models


def _area(model: str, *, null: bool = False):
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        null=null,
    )


class AreaColumns(models.Model):
    """Where the row counts: each of definitions.Area's fields, so `Area.of_facts()`
    filters any facts table."""

    hscp = _area("organisations.HSCP", null=True)
    cluster = _area("organisations.Cluster", null=True)
    practice = _area("organisations.Practice", null=True)
    link_worker = _area("organisations.LinkWorker", null=True)
    provider = _area("organisations.Provider", null=True)

    class Meta:
        abstract = True


class ReferralFacts(AreaColumns):
    """A referral as the referral figures count it (its area as a referral reaches it)."""

    referral = models.OneToOneField(
        "referrals.Referral",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    case = _area("casework.Case", null=True)
    person = _area("casework.Person")
    received_on = models.DateField()
    counted = models.BooleanField()  # in the referrals figure
    duplicate = models.BooleanField()
    inappropriate = models.BooleanField()  # declined as not appropriate
    accepted = models.BooleanField()
    engaged = models.BooleanField()  # attended on or after the day received
    first_contact_on = models.DateField(null=True)
    # Its reasons, one bit each in the order of the needs code list (facts.REASON_BITS):
    # counted in the same scan as the referrals rather than by a join to millions of rows.
    reasons = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["received_on"], name="referralfacts_received"),
            models.Index(fields=["practice", "received_on"], name="referralfacts_practice"),
            models.Index(fields=["hscp", "received_on"], name="referralfacts_hscp"),
            models.Index(fields=["case"], name="referralfacts_case"),  # a case's refresh
        ]
        verbose_name_plural = "referral facts"

    def __str__(self) -> str:
        return f"referral {self.referral_id}"


class CaseFacts(AreaColumns):
    """A case as leavers and wellbeing count it (its area as a case reaches it)."""

    case = models.OneToOneField(
        "casework.Case",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    closed_on = models.DateField(null=True)  # only while the case is closed
    closure_reason = models.CharField(max_length=32, blank=True)
    baseline = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    exit = models.DecimalField(max_digits=5, decimal_places=2, null=True)

    class Meta:
        # None on closed_on alone: the country's year of leavers is a fifth of the table, as
        # fast to scan, and PostgreSQL chose such an index over HSCP + closed on for an
        # HSCP's leavers, which then took twice as long (decision 64).
        indexes = [
            models.Index(fields=["practice", "closed_on"], name="casefacts_practice"),
            models.Index(fields=["hscp", "closed_on"], name="casefacts_hscp"),
        ]
        verbose_name_plural = "case facts"

    def __str__(self) -> str:
        return f"case {self.case_id}"


class LinkFacts(AreaColumns):
    """An onward link made (sent or signposted), dated by its first such step, in its
    case's area."""

    link = models.OneToOneField(
        "links.Link",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    case = _area("casework.Case")
    made_at = models.DateTimeField()
    need = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["made_at"], name="linkfacts_made"),
            models.Index(fields=["practice", "made_at"], name="linkfacts_practice"),
            models.Index(fields=["hscp", "made_at"], name="linkfacts_hscp"),
            models.Index(fields=["case"], name="linkfacts_case"),
        ]
        verbose_name_plural = "link facts"

    def __str__(self) -> str:
        return f"link {self.link_id}"
