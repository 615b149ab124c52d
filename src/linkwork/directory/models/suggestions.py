"""A change to a service suggested by someone who reads it but does not keep it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from linkwork.directory.models.records import Service


class SuggestionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the service's keepers"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class ServiceSuggestion(models.Model):
    """Only what differs is stored: `proposed` and `current` have the same keys ("fields",
    "needs", "hours", "listed_by"), `current` as the service was when suggested, so the
    keepers see what the suggester saw even if the service has changed since."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="suggestions")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    proposed = models.JSONField()
    current = models.JSONField()
    note = models.CharField(max_length=500, help_text="How the suggester knows.")
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    applied = models.JSONField(default=list, blank=True, help_text="What accepting changed.")

    class Meta:
        ordering = ["-suggested_at", "-pk"]
        indexes = [models.Index(fields=["status", "service"])]

    def __str__(self) -> str:
        return f"Suggested change to {self.service}"

    @property
    def is_waiting(self) -> bool:
        return self.status == SuggestionStatus.WAITING
