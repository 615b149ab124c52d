"""How the service is organised: HSCPs, GP clusters and practices, CLW providers, link workers."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Versioned
from linkwork.core.postcodes import normalise_postcode, validate_postcode

WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
]
WEEKDAY_LABELS = dict(WEEKDAYS)


class HSCP(models.Model):
    """A Health and Social Care Partnership: the commissioner, and the edge of what anyone sees."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=9,
        unique=True,
        help_text="Scottish Government code for the partnership, for example S37000015.",
        validators=[RegexValidator(r"^S37\d{6}$", "An HSCP code is S37 followed by six digits.")],
    )

    class Meta:
        verbose_name = "HSCP"
        verbose_name_plural = "HSCPs"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A GP cluster: a group of neighbouring practices within one HSCP."""

    hscp = models.ForeignKey(HSCP, on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["hscp__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hscp", "name"], name="cluster_name_unique_in_hscp")
        ]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A GP practice, where link workers are placed and referrals start."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="practices")
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=5,
        unique=True,
        help_text="The five-digit practice code.",
        validators=[RegexValidator(r"^\d{5}$", "A practice code has five digits.")],
    )
    # Empty for a practice an import of earlier records named and nobody has described yet.
    list_size = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    @property
    def hscp(self) -> HSCP:
        return self.cluster.hscp

    @property
    def hscp_id(self) -> int:
        """As a host setting's: where a referral from either belongs."""
        return self.cluster.hscp_id


class HostSetting(models.Model):
    """Somewhere other than a GP practice that hosts link workers and refers to them: a
    homelessness service, an asylum project, community justice (decision 0074). Its
    referrals may be of people with no GP."""

    hscp = models.ForeignKey(HSCP, on_delete=models.PROTECT, related_name="host_settings")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=codelist("host_setting_kinds").choices())
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    active = models.BooleanField(
        default=True, help_text="An inactive setting takes no new referrals; its records stay."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hscp", "name"], name="host_setting_name_unique_in_hscp"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)


class Provider(models.Model):
    """A CLW provider: the (usually third-sector) employer contracted by an HSCP."""

    hscp = models.ForeignKey(HSCP, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["hscp", "name"], name="provider_name_unique_in_hscp")
        ]

    def __str__(self) -> str:
        return self.name


class LinkWorker(models.Model):
    """A link worker's post: employed by one provider, placed in practices or on a theme."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="link_worker"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="link_workers")
    theme = models.CharField(
        max_length=100,
        blank=True,
        help_text="For thematic link workers not tied to a practice, e.g. asylum seekers, "
        "youth health, homelessness.",
    )
    capacity = models.PositiveIntegerField(
        default=40, help_text="How many open cases this worker can hold."
    )
    wte = models.DecimalField(
        "WTE",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text="Whole-time equivalent of the post, for example 0.8 for four days a week; "
        "empty when not known.",
    )
    work_phone = models.CharField(
        max_length=20,
        blank=True,
        help_text="The mobile the team lead calls when a lone visit runs over.",
    )
    practices = models.ManyToManyField(
        Practice, through="PracticeAttachment", related_name="link_workers", blank=True
    )
    host_settings = models.ManyToManyField(
        HostSetting, through="HostSettingAttachment", related_name="link_workers", blank=True
    )

    class Meta:
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def hscp(self) -> HSCP:
        return self.provider.hscp

    @property
    def is_thematic(self) -> bool:
        return bool(self.theme)


class PracticeAttachment(models.Model):
    """A link worker's placement in a practice, on given days of the week."""

    link_worker = models.ForeignKey(
        LinkWorker, on_delete=models.CASCADE, related_name="attachments"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="attachments")
    working_days = models.JSONField(
        default=list, help_text="Weekday codes: mon, tue, wed, thu, fri."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link_worker", "practice"], name="one_attachment_per_practice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link_worker} at {self.practice}"

    def clean(self) -> None:
        unknown = [day for day in self.working_days if day not in WEEKDAY_LABELS]
        if unknown:
            raise ValidationError(
                {"working_days": f"Use weekday codes mon to fri; not {', '.join(unknown)}."}
            )
        if self.practice.cluster.hscp_id != self.link_worker.provider.hscp_id:
            raise ValidationError(
                {"practice": "A link worker can only be placed in a practice of their HSCP."}
            )

    @property
    def working_days_label(self) -> str:
        return ", ".join(WEEKDAY_LABELS[day] for day in self.working_days) or "No set days"


class HostSettingAttachment(models.Model):
    """A link worker hosted by a host setting: its referrals reach them as a practice's do."""

    link_worker = models.ForeignKey(
        LinkWorker, on_delete=models.CASCADE, related_name="host_attachments"
    )
    host_setting = models.ForeignKey(
        HostSetting, on_delete=models.PROTECT, related_name="attachments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link_worker", "host_setting"], name="one_attachment_per_host_setting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link_worker} at {self.host_setting}"

    def clean(self) -> None:
        if self.host_setting.hscp_id != self.link_worker.provider.hscp_id:
            raise ValidationError(
                {"host_setting": "A link worker can only be hosted by a setting of their HSCP."}
            )


class Leave(Versioned):
    """A link worker's leave and the colleague of their HSCP who covers it (decision 0096):
    while it lasts, their practices' and host settings' waiting referrals reach the cover
    worker, who also sees their due actions and lone visits. What makes leave valid is
    `organisations/leave.py: leave_errors`."""

    link_worker = models.ForeignKey(LinkWorker, on_delete=models.PROTECT, related_name="leaves")
    starts_on = models.DateField("first day of leave")
    ends_on = models.DateField("last day of leave")
    cover = models.ForeignKey(
        LinkWorker,
        on_delete=models.PROTECT,
        related_name="covering",
        verbose_name="covering link worker",
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["cover", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.link_worker} on leave {self.starts_on} to {self.ends_on}"

    def clean(self) -> None:
        from linkwork.organisations.leave import leave_errors  # the rule lives with its service

        errors = leave_errors(self)
        if errors:
            raise ValidationError(errors)


# Public Health Scotland's broad age bands for GP practice populations (its columns
# Ages0to4 ... Ages85plus): (code, label, lowest age in the band).
AGE_BANDS = (
    ("0-4", "0 to 4", 0),
    ("5-14", "5 to 14", 5),
    ("15-24", "15 to 24", 15),
    ("25-44", "25 to 44", 25),
    ("45-64", "45 to 64", 45),
    ("65-74", "65 to 74", 65),
    ("75-84", "75 to 84", 75),
    ("85+", "85 and over", 85),
)
AGE_BAND_LABELS = {code: label for code, label, _ in AGE_BANDS}
POPULATION_SEXES = (("female", "Female"), ("male", "Male"))


class PracticePopulation(models.Model):
    """Registered patients of a practice in one age band and sex (and SIMD decile where
    known; empty where not), as at a date: one cell of the practice population profile an
    administrator loads (docs/practice-population.md). The profile of a practice as at a
    date is all its rows with that date; loading it again replaces them."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="population")
    as_at = models.DateField()
    sex = models.CharField(max_length=6, choices=POPULATION_SEXES)
    age_band = models.CharField(
        max_length=5, choices=[(code, label) for code, label, _ in AGE_BANDS]
    )
    simd_decile = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 = most deprived; empty where the patients' decile is not known.",
    )
    patients = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice", "as_at", "sex", "age_band", "simd_decile"]
        indexes = [models.Index(fields=["practice", "as_at"])]

    def __str__(self) -> str:
        return f"{self.practice} as at {self.as_at}: {self.sex} {self.age_band}"
