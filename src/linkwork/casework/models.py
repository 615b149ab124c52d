"""The person supported and their case with a link worker."""

from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.chi import validate_chi
from linkwork.core.codelists import codelist
from linkwork.core.postcodes import normalise_postcode, validate_postcode


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class Person(models.Model):
    """Someone referred to the service. Reached only through scoped accessors."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=16, choices=Sex.choices)
    chi = models.CharField(
        "CHI number",
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_chi],
        help_text="10 digits; the first 6 are the date of birth (DDMMYY).",
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_people",
        help_text="The GP practice the person is registered with.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

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


class Case(models.Model):
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
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=40, blank=True, choices=codelist("closure_reasons").choices()
    )
    complexity = models.CharField(
        max_length=8, blank=True, choices=codelist("complexity").choices()
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "pk"]
        indexes = [models.Index(fields=["link_worker", "status"])]

    def __str__(self) -> str:
        return f"Case {self.pk}"
