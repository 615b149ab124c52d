"""Referrals into the service, practices' intake status and first-appointment slots."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable, Versioned


class ReferralStatus(models.TextChoices):
    AWAITING_VERIFICATION = "awaiting_verification", "Awaiting verification by the practice"
    NEW = "new", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate of an open case"


WAITING_STATUSES = (ReferralStatus.NEW, ReferralStatus.AWAITING_VERIFICATION)


class Referral(Versioned, Undeletable):
    """One request for link worker support for one person, from any route."""

    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, related_name="referrals"
    )
    # Exactly one of practice and host setting: whose queue the referral lands in (0074).
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The practice whose queue the referral lands in.",
    )
    host_setting = models.ForeignKey(
        "organisations.HostSetting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The host setting (not a GP practice) whose queue the referral lands in.",
    )
    route = models.CharField(max_length=32, choices=codelist("referral_routes").choices())
    referrer_role = models.CharField(max_length=40, choices=codelist("referrer_roles").choices())
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who entered it in linkwork (empty for a self-referral).",
    )
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    reason_detail = models.TextField(blank=True)
    what_matters = models.TextField(blank=True)
    urgency = models.CharField(
        max_length=10, choices=codelist("urgency").choices(), default="routine"
    )
    consent_to_referral = models.BooleanField(default=False)
    # No phone, email or address of their own: the service reaches the person through the
    # practice, asking for the named member of staff (decision 0076).
    contact_via_practice = models.BooleanField(default=False)
    practice_contact_name = models.CharField(max_length=150, blank=True)
    safety_detail = models.TextField(blank=True)
    received_on = models.DateField()
    status = models.CharField(
        max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.NEW, db_index=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(
        max_length=32, blank=True, choices=codelist("referral_decline_reasons").choices()
    )
    feedback_to_referrer = models.TextField(blank=True)
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # A self-referral is unverified: what the person typed is kept here for the practice
    # to check, and never written over an existing person's record.
    submitted_details = models.JSONField(default=dict, blank=True)
    # Deprivation at the time of referral, as the minimum core dataset reports it.
    simd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    simd_quintile = models.PositiveSmallIntegerField(null=True, blank=True)
    simd_datazone = models.CharField(max_length=12, blank=True)
    simd_version = models.CharField(max_length=20, blank=True)
    # The person's reference in the spreadsheet a referral was imported from (`linkwork
    # import-casework`): with the date received, what makes importing a file again a no-op.
    legacy_ref = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [
            models.Index(fields=["practice", "status"]),
            # Reports count referrals received in a period for some practices (a cluster's,
            # an HSCP's): a scan of the whole table without it (benchmarks/reporting.py).
            models.Index(fields=["practice", "received_on"]),
            models.Index(fields=["host_setting", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(practice__isnull=False, host_setting__isnull=True)
                    | models.Q(practice__isnull=True, host_setting__isnull=False)
                ),
                name="referral_from_practice_or_host_setting",
            )
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES

    @property
    def referred_from(self):
        """The practice or host setting whose queue the referral is in."""
        return self.practice or self.host_setting

    @property
    def hscp_id(self) -> int:
        return self.referred_from.hscp_id


class ReferralReason(Undeletable):
    """A reason for referral, from the needs list (one list for reasons and needs)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reasons")
    need = models.CharField(max_length=32, choices=codelist("needs").choices())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "need"], name="reason_once_per_referral")
        ]

    def __str__(self) -> str:
        return self.get_need_display()


class SafetyFlag(Undeletable):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="safety_flags")
    flag = models.CharField(max_length=32, choices=codelist("safety_flags").choices())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "flag"], name="flag_once_per_referral")
        ]

    def __str__(self) -> str:
        return self.get_flag_display()


class SelfReferralSubmission(models.Model):
    """One sending of the public self-referral form, with the reference the sender was
    given. A second sending by the same person while their referral waits joins it: a new
    row (and a fresh reference) on the same referral, so the sender learns nothing of the
    first (decision 0076)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="submissions")
    reference = models.CharField(max_length=12, unique=True)
    what_matters = models.TextField(blank=True)
    submitted_details = models.JSONField(default=dict, blank=True)
    joined = models.BooleanField(
        default=False, help_text="Sent while the referral already waited: joined to it."
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.reference


class PracticeIntake(models.Model):
    """Whether a practice's link worker service is taking referrals, set by the team lead."""

    practice = models.OneToOneField(
        "organisations.Practice", on_delete=models.CASCADE, related_name="intake"
    )
    status = models.CharField(
        max_length=16, choices=codelist("intake_statuses").choices(), default="open"
    )
    expected_wait_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_status_display()}"


class AppointmentSlot(models.Model):
    """A first-appointment slot a worker publishes, which practice staff can offer while
    referring (the 'open diary')."""

    link_worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="slots"
    )
    practice = models.ForeignKey(
        "organisations.Practice", on_delete=models.PROTECT, related_name="slots"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    mode = models.CharField(
        max_length=20, choices=codelist("session_modes").choices(), default="in_practice"
    )
    booked_for = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="slot"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["practice", "starts_at"])]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%a %d %b %H:%M} with {self.link_worker}"
