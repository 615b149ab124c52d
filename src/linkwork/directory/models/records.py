"""HSDS organisations, services, locations and where each service is offered."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Versioned
from linkwork.core.text import single_spaced
from linkwork.directory.models.base import Sourced


class Organisation(Sourced):
    """An HSDS organization: a community, third-sector or statutory body offering services."""

    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="A shared mailbox, not a person's address.")
    website = models.URLField(blank=True)
    uri = models.URLField(blank=True, help_text="A persistent identifier for the organisation.")
    logo = models.URLField(blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    charity_number = models.CharField(
        max_length=20, blank=True, help_text="Scottish Charity Regulator (OSCR) number, SC..."
    )
    # Whose team keeps the entry and may invite the organisation's staff as community
    # partners; empty (imported, national) only an installation-wide administrator may.
    hscp = models.ForeignKey(
        "organisations.HSCP",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_organisations",
        verbose_name="HSCP",
    )
    history = HistoricalRecords()

    class Meta(Sourced.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Names are compared to find an organisation already listed: stored single-spaced
        # however they arrive (form, API, import).
        self.name = single_spaced(self.name)
        self.alternate_name = single_spaced(self.alternate_name)
        super().save(*args, **kwargs)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


DAY_BITS = {"MO": 1, "TU": 2, "WE": 4, "TH": 8, "FR": 16, "SA": 32, "SU": 64}
EVERY_DAY = 127


class Service(Versioned, Sourced):
    """An HSDS service, plus capacity, how to refer, accessibility and freshness; versioned,
    so two people editing it from one version are not both saved (decision 0114)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    # The HSCPs that list the service besides its organisation's: their teams keep it too
    # (a service that crosses a boundary, or a national one nobody has claimed).
    listed_by = models.ManyToManyField(
        "organisations.HSCP",
        blank=True,
        related_name="listed_services",
        verbose_name="also listed by",
    )
    name = models.CharField(max_length=250)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True, help_text="A shared mailbox, not a person's address.")
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    wait_time = models.CharField(max_length=200, blank=True)
    accreditations = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    # Eligibility (HSDS 3: minimum/maximum age and a description; gender is linkwork's).
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligible_gender = models.CharField(
        max_length=8, choices=codelist("eligible_genders").choices(), default="any"
    )
    is_public = models.BooleanField(
        default=True, help_text="Published on the open ORUK API; off for internal-only services."
    )
    # Capacity: what a link worker needs before referring.
    capacity_status = models.CharField(
        max_length=16, choices=codelist("capacity_statuses").choices(), default="open"
    )
    capacity_wait_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Typical wait, for a waiting list."
    )
    capacity_note = models.CharField(max_length=300, blank=True)
    capacity_set_at = models.DateTimeField(null=True, blank=True)
    capacity_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capacity_set_by_organisation = models.BooleanField(default=False)
    # How to refer.
    how_to_refer = models.JSONField(default=list, blank=True, help_text="Codes of how_to_refer.")
    referral_email = models.EmailField(blank=True)
    referral_phone = models.CharField(max_length=30, blank=True)
    # Formats.
    in_person = models.BooleanField(default=True)
    by_phone = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    # Freshness.
    last_verified_on = models.DateField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_due_on = models.DateField(null=True, blank=True)
    changed_by_organisation_at = models.DateTimeField(
        null=True, blank=True, help_text="Last changed by the organisation itself."
    )
    last_modified = models.DateTimeField(auto_now=True)
    # Kept from schedules and cost options by the services, for fast filters.
    days_open = models.PositiveSmallIntegerField(default=0, help_text="Bits: MO=1 ... SU=64.")
    is_free = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["last_modified", "days_open", "is_free"])

    class Meta(Sourced.Meta):
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "capacity_status"])]

    def __str__(self) -> str:
        return self.name

    def offers(self, format_code: str) -> bool:
        return {"in_person": self.in_person, "phone": self.by_phone, "online": self.online}[
            format_code
        ]


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Location(Sourced):
    """An HSDS location: a place (or a virtual one) where services are offered."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(
        max_length=8, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=250, blank=True)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Where the coordinates came from: the source, or our postcode table (and how precisely).
    geocoded_from = models.CharField(max_length=10, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True, help_text="e.g. UPRN")
    history = HistoricalRecords()

    class Meta(Sourced.Meta):
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name or f"Location {self.pk}"

    @property
    def postcode(self) -> str:
        address = next(iter(self.addresses.all()), None)
        return address.postal_code if address else ""


class ServiceAtLocation(Sourced):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta(Sourced.Meta):
        constraints = [
            *Sourced.Meta.constraints,
            models.UniqueConstraint(
                fields=["service", "location"], name="service_once_at_location"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Verification(models.Model):
    """A worker (or the organisation) checked a service and recorded what changed."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="verifications")
    verified_on = models.DateField()
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_fields = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, help_text="What changed, or 'no change'.")

    class Meta:
        ordering = ["-verified_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} verified {self.verified_on}"
