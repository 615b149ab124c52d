"""Onward links from a case to a directory service.

A link holds a copy of only what the person agreed to share, taken when it is sent: the
organisation reads that copy and never the case or the person's record.

The tables keep the names they had when links lived in `directory` (decision 44): moving
the models moved no data.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.directory.models import Organisation, Service


class Link(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="links")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="links")
    # The service's organisation when the link was made: it decides who may see the link.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="links")
    need = models.CharField(max_length=32, blank=True, choices=codelist("needs").choices())
    status = models.CharField(
        max_length=16, choices=codelist("link_statuses").choices(), default="draft", db_index=True
    )
    consent_to_share = models.BooleanField(default=False)
    shares_contact_details = models.BooleanField(default=False)
    shares_reason = models.BooleanField(default=False)
    shares_safety_flags = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="A short reason, in the person's words.")
    # The copy the organisation sees (filled when sent, from what was chosen above).
    shared_name = models.CharField(max_length=200, blank=True)
    shared_phone = models.CharField(max_length=30, blank=True)
    shared_email = models.EmailField(blank=True)
    shared_contact_preferences = models.CharField(max_length=300, blank=True)
    shared_safety_flags = models.JSONField(default=list, blank=True)
    decline_reason = models.CharField(
        max_length=24, blank=True, choices=codelist("link_decline_reasons").choices()
    )
    # Why the worker withdrew it (status "stopped" before support began; decision 0126): what
    # tells the organisation "withdrawn" from support it stopped itself. Empty otherwise.
    withdrawn_because = models.CharField(
        max_length=24, blank=True, choices=codelist("link_withdrawal_reasons").choices()
    )
    # The help the worker gave; empty only on links made before it was asked (decision 0070).
    support_type = models.CharField(
        max_length=24, blank=True, choices=codelist("support_types").choices()
    )
    # Empty for a link from imported earlier records: nobody made it in linkwork.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # The follow-up some weeks after the link was accepted, answered by the worker or the
    # organisation (links/follow_up.py, decision 0102); empty while not yet answered.
    follow_up_answer = models.CharField(
        max_length=16, blank=True, choices=codelist("link_follow_up_answers").choices()
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)
    # The worker's last chase of an unanswered referral (by phone, say): My day's "Links
    # to chase" leaves it out until the organisation has had as long again (decision 0147).
    chased_at = models.DateTimeField(null=True, blank=True)
    chased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["updated_at"], table_name="directory_historicallink"
    )

    class Meta:
        db_table = "directory_link"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Link {self.pk}"

    @property
    def status_label(self) -> str:
        """The status in words; a link the worker withdrew reads "Withdrawn", not as
        support stopped (decision 0126)."""
        return "Withdrawn" if self.withdrawn_because else self.get_status_display()


class LinkEvent(models.Model):
    """One step of a link's life: who, when, by which route."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=codelist("link_statuses").choices())
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    by_organisation = models.BooleanField(
        default=False, help_text="Recorded by the organisation itself, not the link worker."
    )
    route = models.CharField(max_length=12, choices=codelist("link_routes").choices())
    reason = models.CharField(
        max_length=24, blank=True, choices=codelist("link_decline_reasons").choices()
    )
    note = models.CharField(max_length=500, blank=True)
    # The follow-up's answer, when this step is one (decision 0102).
    follow_up = models.CharField(
        max_length=16, blank=True, choices=codelist("link_follow_up_answers").choices()
    )

    class Meta:
        db_table = "directory_linkevent"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.link_id}: {self.status}"

    @property
    def status_label(self) -> str:
        """The step in words: the stop that withdrew a link reads "Withdrawn", as the link
        does (`link.events` hands each event its link, so this reads nothing more)."""
        if self.status == "stopped" and self.link.withdrawn_because:
            return "Withdrawn"
        return self.get_status_display()
