"""What search reads: kept by directory/search/index.py whenever a service is written."""

from django.db import models

from linkwork.core.codelists import codelist
from linkwork.directory.models.records import Service


class ServiceNeed(models.Model):
    """A need a service meets, from its own taxonomy terms and the imported ones mapped."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=32, choices=codelist("needs").choices())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "service"], name="need_once")]

    def __str__(self) -> str:
        return self.need


class SearchTerm(models.Model):
    """One stemmed word of a service's text, weighted by where it appears (name highest)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "service"], name="term_once")]
        indexes = [models.Index(fields=["service"], name="searchterm_service")]

    def __str__(self) -> str:
        return self.term


class SearchWord(models.Model):
    """Every stem ever indexed: the vocabulary that misspelt search words are matched to."""

    term = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.term


class SearchPlace(models.Model):
    """One narrow row per service, need and place: what a search near a postcode reads.
    The (need, latitude, longitude) index answers "this need within this box" directly,
    without joining services, needs and locations. No place (phone or online only): no
    coordinates."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    location_id = models.BigIntegerField(null=True)
    need = models.CharField(max_length=32, blank=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    days_open = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["need", "latitude", "longitude"], name="searchplace_need_box"),
            models.Index(fields=["latitude", "longitude"], name="searchplace_box"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.need}"
