"""The person's story or quote: the qualitative outcome beside the numbers."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.models import Undeletable, Versioned


class Story(Versioned, Undeletable):
    """Shareable only once the worker has seen the scanner's warnings (if any) and the
    person agreed to its anonymised use; team leads choose which go into reports."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="stories")
    text = models.TextField(help_text="A short story or quote, in the person's words.")
    consent_to_share = models.BooleanField(
        default=False, help_text="The person agrees to its use, anonymised, in reports."
    )
    shareable = models.BooleanField(default=False)
    # What the scanner flagged when it was marked shareable (kinds only, no text).
    flagged_kinds = models.JSONField(default=list, blank=True)
    for_reports = models.BooleanField(default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.text[:60]


class PracticeQuote(models.Model):
    """A short quote from a GP practice about the service, added by a team lead for the
    programme summary; its text passed the same scanner as a story. Removed by the team
    lead when no longer wanted (kept in history)."""

    practice = models.ForeignKey(
        "organisations.Practice", on_delete=models.PROTECT, related_name="quotes"
    )
    text = models.TextField(max_length=600, help_text="A short quote, in the practice's words.")
    said_on = models.DateField()
    for_reports = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
