import uuid

from django.db import models


class Source(models.Model):
    """Where directory records came from: an ORUK feed, an ALISS export, a file. A record
    with no source was entered in linkwork itself (its history says by whom)."""

    class Kind(models.TextChoices):
        ORUK = "oruk", "Open Referral UK / HSDS"
        ALISS = "aliss", "ALISS"

    key = models.CharField(max_length=200, unique=True, help_text="e.g. aliss, or a feed URL.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    licence = models.CharField(max_length=100, blank=True)
    attribution = models.TextField(blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sourced(models.Model):
    """The public HSDS id (a UUID) and where the record came from, with its id there, so
    importing the same file again updates rather than duplicates."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_ref = models.CharField(
        max_length=200, blank=True, help_text="The record's id in its source."
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="%(app_label)s_%(class)s_one_per_source_ref",
            )
        ]


class Identified(models.Model):
    """HSDS child tables: a public UUID of their own and nothing else in common."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
