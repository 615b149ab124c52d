"""HSDS detail tables: addresses, accessibility, contacts, phones, schedules, service areas,
languages and cost options. Each hangs off a service, location or organisation."""

from django.db import models

from linkwork.directory.models.base import Identified
from linkwork.directory.models.records import Location, Organisation, Service, ServiceAtLocation


def _optional(model, related_name: str):
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name
    )


class Address(Identified):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=200)
    address_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=8, default="physical")

    def __str__(self) -> str:
        return ", ".join(filter(None, [self.address_1, self.city, self.postal_code]))


class Accessibility(Identified):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibilities")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "accessibilities"

    def __str__(self) -> str:
        return self.description[:60]


class Contact(Identified):
    """A contact point: often a role or a shared mailbox rather than a named person."""

    service = _optional(Service, "contacts")
    organisation = _optional(Organisation, "contacts")
    location = _optional(Location, "contacts")
    service_at_location = _optional(ServiceAtLocation, "contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="A role: Referrals coordinator.")
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or self.title or self.email


class Phone(Identified):
    service = _optional(Service, "phones")
    organisation = _optional(Organisation, "phones")
    location = _optional(Location, "phones")
    contact = _optional(Contact, "phones")
    service_at_location = _optional(ServiceAtLocation, "phones")
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(Identified):
    """When a service is open, as an iCalendar-style recurrence (HSDS 3.0 schedule)."""

    service = _optional(Service, "schedules")
    location = _optional(Location, "schedules")
    service_at_location = _optional(ServiceAtLocation, "schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.CharField(max_length=50, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True, help_text="WEEKLY or MONTHLY")
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=50, blank=True, help_text="e.g. MO,TU or 1TU")
    byweekno = models.CharField(max_length=50, blank=True)
    bymonthday = models.CharField(max_length=50, blank=True)
    byyearday = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}-{self.closes_at}"


class ServiceArea(Identified):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class Language(Identified):
    service = _optional(Service, "languages")
    location = _optional(Location, "languages")
    phone = _optional(Phone, "languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639: en, pl, ar, ur.")
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name or self.code


class CostOption(Identified):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="GBP")
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.option or str(self.amount)
