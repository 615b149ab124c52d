"""System clients of /fhir/, and coded messages queued for a practice to file into its GP
system (decision 0082)."""

from django.conf import settings
from django.db import models

from linkwork.interop import codes


class Event(models.TextChoices):
    ACCEPTED = "accepted", "Referral accepted"
    DECLINED = "declined", "Declined by the person"
    FIRST_CONTACT = "first_contact", "First contact"
    NOT_ENGAGED = "not_engaged", "Did not engage"
    CLOSED = "closed", "Support completed"
    SCORE = "score", "Wellbeing score recorded"


class GpMessage(models.Model):
    """One event of one person's support, coded for the practice that referred them.
    Derived from the saved records after each commit (messages.py), once per event: `key`
    names the record and moment it came from, unique per event."""

    practice = models.ForeignKey(
        "organisations.Practice", on_delete=models.PROTECT, related_name="gp_messages"
    )
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    # The practice's referral the message answers: the person is shown as the practice
    # may see them on it (referrals/presenters.py: people_as_seen).
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    key = models.CharField(max_length=60, help_text="The record and moment it came from.")
    code_system = models.CharField(max_length=100)
    code = models.CharField(max_length=40)
    display = models.CharField(max_length=120)
    text = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    occurred_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "key"], name="gp_message_once")]
        indexes = [models.Index(fields=["practice", "filed_at"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.code})"

    @property
    def coded(self) -> codes.Code:
        return codes.Code(self.code_system, self.code, self.display)

    @property
    def is_filed(self) -> bool:
        return self.filed_at is not None


class FhirClient(models.Model):
    """A system (a GP system, a partner's case system) that calls /fhir/.

    It acts as its own system account: a user who cannot sign in to the web (no usable
    password) holding exactly one role, practice staff at one practice or community
    partner at one directory organisation, and its bearer tokens are that user's API
    tokens (accounts/tokens.py). So accounts/authorisation.py decides what it may see and
    do, as for that role's people on the web pages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fhir_client"
    )
    name = models.CharField(max_length=100, help_text="The system, e.g. 'EMIS at Govan HC'.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
