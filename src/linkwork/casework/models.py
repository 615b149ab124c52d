"""The person supported, their case with a link worker, and what happens in it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from linkwork.core.chi import validate_chi
from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable, Versioned
from linkwork.core.postcodes import normalise_postcode, validate_postcode


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class ReferralConsent(models.TextChoices):
    """Whether the person agrees to be referred on to other organisations (decision 0108)."""

    ASK = "ask", "Ask them each time"
    YES = "yes", "Yes, they agree to onward referrals"
    NO = "no", "No onward referrals: give them details to contact services themself"


class Person(Versioned, Undeletable):
    """Someone referred to the service, as one HSCP knows them. Reached only through
    scoped accessors.

    A record belongs to the HSCP that made it (decision 0008): another HSCP referring the
    same CHI number makes its own record, and nothing of this one shows or changes."""

    hscp = models.ForeignKey(
        "organisations.HSCP",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The HSCP whose record this is.",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=16, choices=Sex.choices)
    chi = models.CharField(
        "CHI number",
        max_length=10,
        null=True,
        blank=True,
        validators=[validate_chi],
        help_text="10 digits; the first 6 are the date of birth (DDMMYY).",
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    # Free text as the person gives it: where a home visit goes. Not needed for reports.
    address = models.TextField(blank=True)
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_people",
        help_text="The GP practice the person is registered with.",
    )
    # Who made the record when it was not a practice: a host setting's staff reach (to
    # refer) only records their setting made, as practice staff only their registered
    # patients; referring someone once does not make another's record theirs.
    host_setting = models.ForeignKey(
        "organisations.HostSetting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The host setting whose referral made this record, if any.",
    )
    ethnicity = models.CharField(max_length=32, blank=True, choices=codelist("ethnicity").choices())
    preferred_language = models.CharField(max_length=60, blank=True, default="")
    interpreter_needed = models.BooleanField(default=False)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact = models.CharField(
        max_length=10, blank=True, choices=codelist("contact_methods").choices()
    )
    safe_to_leave_message = models.BooleanField(default=False)
    safe_times_to_call = models.CharField(
        max_length=200, blank=True, help_text="For example: weekday mornings, not after 5pm."
    )
    # Their standing information-sharing preferences, which every onward link respects
    # (links/consent.py, decision 0108); how they want to be contacted is above.
    referral_consent = models.CharField(
        max_length=3, choices=ReferralConsent.choices, default=ReferralConsent.ASK
    )
    may_share_contact_details = models.BooleanField(
        default=True, help_text="Their name and contact details may go to an organisation."
    )
    may_share_safety_flags = models.BooleanField(
        default=True, help_text="Safety flags may go to a community organisation."
    )
    # Named by the model's name, not imported: the directory sits above casework.
    refused_organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="+"
    )
    sharing_recorded_on = models.DateField(null=True, blank=True)
    sharing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day they said no to onward referrals; empty while they agree or are asked.
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention policy anonymised the record (privacy/retention.py): what
    # identified the person is gone, what reports count is kept.
    anonymised_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["family_name", "date_of_birth"])]
        constraints = [
            # One record per CHI number within an HSCP; other HSCPs keep their own.
            models.UniqueConstraint(fields=["hscp", "chi"], name="chi_once_per_hscp")
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(Versioned, Undeletable):
    """A period of support for one person by one (current) link worker."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    link_worker = models.ForeignKey(
        "organisations.LinkWorker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="Empty for a thematic worker's case not tied to a practice.",
    )
    host_setting = models.ForeignKey(
        "organisations.HostSetting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="The host setting the case came from, where not a practice (decision 0074).",
    )
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=40, blank=True, choices=codelist("closure_reasons").choices()
    )
    closure_note = models.TextField(blank=True)
    complexity = models.CharField(
        max_length=8, blank=True, choices=codelist("complexity").choices()
    )
    # What the referring practice may read of what came of the support: nothing beyond the
    # referral's status unless the person agreed, and then only coded facts and this note.
    shares_with_practice = models.BooleanField(
        default=False, help_text="The person agreed that their practice may see the outcome."
    )
    practice_summary = models.TextField(
        blank=True, help_text="What the person agreed to share with their practice, as agreed."
    )
    not_engaged_reason = models.CharField(
        max_length=32,
        blank=True,
        choices=codelist("not_engaged_reasons").choices(),
        help_text="Why, when the case closed as did not engage.",
    )
    # Holding: the case stays open while the person waits for another service; the worker
    # keeps light contact and reviews it by the date set. Empty when not holding.
    holding_since = models.DateField(null=True, blank=True)
    holding_reason = models.CharField(max_length=200, blank=True)
    holding_with = models.CharField(
        max_length=200, blank=True, help_text="The agency or service the person waits for."
    )
    holding_review_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "pk"]
        indexes = [models.Index(fields=["link_worker", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practice__isnull=True) | models.Q(host_setting__isnull=True),
                name="case_at_practice_or_host_setting_not_both",
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    def clean(self) -> None:
        """A case is worked by the HSCP that holds the person's record (decision 0008)."""
        hscp_id = self.person.hscp_id
        errors = {}
        if self.link_worker_id and self.link_worker.provider.hscp_id != hscp_id:
            errors["link_worker"] = "Choose a link worker of the HSCP that holds this record."
        if self.practice_id and self.practice.cluster.hscp_id != hscp_id:
            errors["practice"] = "Choose a practice of the HSCP that holds this record."
        if self.host_setting_id and self.host_setting.hscp_id != hscp_id:
            errors["host_setting"] = "Choose a host setting of the HSCP that holds this record."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def is_holding(self) -> bool:
        return self.is_open and self.holding_since is not None

    @property
    def place_name(self) -> str:
        """Where the case belongs: its practice, its host setting, or a thematic worker's."""
        place = self.practice or self.host_setting
        return place.name if place else "Thematic"


class CaseAgency(Versioned, Undeletable):
    """Another agency involved in the person's support (social work, a community mental
    health team...), with who to contact there. Ended, not deleted, when it stops."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agencies")
    agency_type = models.CharField(max_length=32, choices=codelist("agency_types").choices())
    name = models.CharField(max_length=150, help_text="The team or service, e.g. Govan CMHT.")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_role = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    note = models.CharField(max_length=500, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name_plural = "case agencies"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_type_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Session(Versioned, Undeletable):
    """A conversation with the person: planned until its outcome is recorded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=codelist("session_modes").choices())
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(
        max_length=24,
        blank=True,
        choices=codelist("session_outcomes").choices(),
        help_text="Empty while the session is planned.",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joint_agency = models.ForeignKey(
        CaseAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_sessions",
        help_text="Another agency on the case that joined this session (a joint visit).",
    )
    # Lone working: a worker on a home visit checks in and out; overdue alerts the team lead.
    checked_in_at = models.DateTimeField(null=True, blank=True)
    expected_back_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the team lead was emailed that it ran over."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["case", "starts_at"])]

    def __str__(self) -> str:
        return f"Session {self.pk}"

    @property
    def is_planned(self) -> bool:
        return not self.outcome

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    STOPPED = "stopped", "No longer a goal"


class Goal(Versioned, Undeletable):
    """What matters to the person, in their own words."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    wording = models.TextField(help_text="In the person's own words.")
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    created_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_on", "pk"]

    def __str__(self) -> str:
        return self.wording[:60]


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STOPPED = "stopped", "No longer needed"


class Action(Versioned, Undeletable):
    """A step towards a goal: who does it and by when."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(
        max_length=100, help_text="Who will do it: the person, the link worker, or someone else."
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.TO_DO
    )
    progress = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # Empty only on actions recorded before it was asked (decision 0070).
    support_type = models.CharField(
        max_length=24, blank=True, choices=codelist("support_types").choices()
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class IdentifiedNeed(Undeletable):
    """A need found in conversation, kept apart from the referral's reasons: the reason
    given is often not the real priority."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identified_needs")
    need = models.CharField(max_length=32, choices=codelist("needs").choices())
    detail = models.CharField(max_length=300, blank=True)
    noted_on = models.DateField()
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["noted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "need"], name="need_once_per_case")]

    def __str__(self) -> str:
        return self.get_need_display()


class CaseNote(Versioned, Undeletable):
    """A short note on the case. Corrections are edits kept in history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SocialOutcome(Versioned, Undeletable):
    """Something that changed in the person's life, recorded when it happened rather than
    at closure (decision 0070). Only an income gained has an amount and how often it is
    paid; only a registration names the service."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="social_outcomes")
    kind = models.CharField(max_length=32, choices=codelist("social_outcomes").choices())
    achieved_on = models.DateField()
    amount = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="In pounds."
    )
    period = models.CharField(
        max_length=12, blank=True, choices=codelist("income_periods").choices()
    )
    service_name = models.CharField(max_length=120, blank=True)
    evidence = models.TextField(blank=True)
    # The onward link that led to it, if one did (casework knows links only by name).
    link = models.ForeignKey(
        "links.Link",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_outcomes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        indexes = [models.Index(fields=["kind", "achieved_on"])]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_income(self) -> bool:
        return self.kind == INCOME_GAINED


INCOME_GAINED = "income_gained"
REGISTERED = "registered_with_service"
