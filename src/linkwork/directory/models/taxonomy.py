"""HSDS taxonomies, their terms, and attributes linking services to terms.

linkwork's own taxonomy is the needs list (one list for referral reasons, needs identified
and directory categories). Imported terms (ORUK feeds, ALISS categories) are kept as they
came, each mapped onto a need where one fits.
"""

from django.db import models

from linkwork.core.codelists import codelist
from linkwork.directory.models.base import Identified, Sourced
from linkwork.directory.models.records import Service


class Taxonomy(Sourced):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta(Sourced.Meta):
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(Sourced):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    term_uri = models.URLField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    need = models.CharField(
        max_length=32,
        blank=True,
        choices=codelist("needs").choices(),
        help_text="The need this term maps onto, if any.",
    )

    class Meta(Sourced.Meta):
        ordering = ["taxonomy", "name"]

    def __str__(self) -> str:
        return self.name


class Attribute(Identified):
    """A service tagged with a taxonomy term (HSDS 3 replaces service_taxonomy with this)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_type = models.CharField(max_length=50, blank=True)
    value = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], name="service_term_once")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.taxonomy_term_id}"
