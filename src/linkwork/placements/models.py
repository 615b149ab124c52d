"""The link worker's placement as a working relationship: what each practice gives the
worker (its lead GP, a room, IT access, induction, a service agreement, the MDT), and the
concerns a worker or practice raises about it or about a case, tracked to an answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.models import Undeletable, Versioned
from linkwork.organisations.models import WEEKDAY_LABELS


class PracticeRelationship(Versioned, Undeletable):
    """One per practice: its lead GP for the service and what the worker needs there."""

    practice = models.OneToOneField(
        "organisations.Practice", on_delete=models.PROTECT, related_name="relationship"
    )
    # The lead GP is a practice staff member on linkwork, or named with an email.
    lead_gp = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_practice_relationships",
        verbose_name="lead GP",
    )
    lead_gp_name = models.CharField("lead GP's name", max_length=200, blank=True)
    lead_gp_email = models.EmailField("lead GP's email", max_length=254, blank=True)
    room_days = models.JSONField(
        "days with a room", default=list, blank=True, help_text="Weekday codes: mon to fri."
    )
    gp_system_access = models.BooleanField("access to the GP system", default=False)
    induction_on = models.DateField("induction done on", null=True, blank=True)
    agreement_signed_on = models.DateField("service agreement signed on", null=True, blank=True)
    mdt_invited = models.BooleanField("invited to the MDT", default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Relationship with {self.practice}"

    def clean(self) -> None:
        unknown = [day for day in self.room_days if day not in WEEKDAY_LABELS]
        if unknown:
            raise ValidationError({"room_days": "Choose days from Monday to Friday."})
        if self.lead_gp_id and (self.lead_gp_name or self.lead_gp_email):
            raise ValidationError(
                {"lead_gp_name": "Choose the lead GP from the list or type a name, not both."}
            )
        if self.lead_gp_email and not self.lead_gp_name:
            raise ValidationError({"lead_gp_name": "Enter the lead GP's name with the email."})

    @property
    def room_days_label(self) -> str:
        return ", ".join(WEEKDAY_LABELS[day] for day in self.room_days) or "No day"

    @property
    def lead_gp_label(self) -> str:
        if self.lead_gp_id:
            return self.lead_gp.get_full_name() or self.lead_gp.get_username()
        return self.lead_gp_name

    @property
    def lead_gp_address(self) -> str:
        return self.lead_gp.email if self.lead_gp_id else self.lead_gp_email


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


# The tag each status wears on the pages.
STATUS_TAGS = {
    ConcernStatus.OPEN: "nhsuk-tag--orange",
    ConcernStatus.ANSWERED: "nhsuk-tag--blue",
    ConcernStatus.CLOSED: "nhsuk-tag--grey",
}


class Concern(Versioned, Undeletable):
    """A concern raised by a worker or practice staff member. It reaches the team leads of
    its HSCP and, where it names a practice, that practice's lead GP; its answers are a
    thread (ConcernAnswer), so a second answer never replaces the first."""

    hscp = models.ForeignKey("organisations.HSCP", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=200)
    detail = models.TextField(max_length=4000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    raised_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["hscp", "status"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"


class ConcernAnswer(Undeletable):
    """One answer to a concern, kept as written: each answer is added to the thread, none
    replaces another (so its own history is the thread)."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to concern {self.concern_id}"
