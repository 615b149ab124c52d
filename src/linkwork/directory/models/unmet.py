"""Needs no service could meet: evidence for commissioners of what the directory lacks."""

from django.conf import settings
from django.db import models

from linkwork.core import clock
from linkwork.core.codelists import codelist


class UnmetNeed(models.Model):
    """A need no suitable service could meet: evidence for commissioners. Holds an area
    (postcode district), never a person's postcode or name."""

    need = models.CharField(max_length=32, choices=codelist("needs").choices())
    reason = models.CharField(max_length=16, choices=codelist("unmet_need_reasons").choices())
    area = models.CharField(max_length=60, blank=True, help_text="Postcode district: G51.")
    note = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unmet_needs",
    )
    provider = models.ForeignKey(
        "organisations.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hscp = models.ForeignKey(
        "organisations.HSCP", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search = models.JSONField(default=dict, blank=True, help_text="The search that found nothing.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the need went unmet: now, or the day an import of earlier records dates it to.
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.need} in {self.area or 'unknown area'}"
