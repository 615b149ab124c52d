"""A worker's time away from people (practice and community work, and the rest), and the
meetings at which their cases were discussed. Decision 0092."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable, Versioned

NOTE_LIMIT = 200
ATTENDEES_LIMIT = 500
MINUTES = (5, 720)  # at least five minutes, at most a long day


class ActivityQuerySet(models.QuerySet):
    def current(self):
        """Entries not removed: the only ones anything counts."""
        return self.filter(removed_at__isnull=True)


class Activity(Versioned, Undeletable):
    """Time a worker spent on one kind of work on one day. Removing an entry marks it
    removed; it stays, with its history."""

    link_worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(max_length=32, choices=codelist("activity_kinds").choices())
    on = models.DateField("date")
    minutes = models.PositiveSmallIntegerField("time in minutes")
    practice = models.ForeignKey(
        "organisations.Practice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("short note", max_length=NOTE_LIMIT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["link_worker", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}, {self.minutes} minutes"

    @property
    def domain(self) -> str:
        return codelist("activity_kinds").lookup(self.kind).extra["domain"]


class Meeting(Versioned, Undeletable):
    """An MDT or practice meeting. Its date, kind, practice and length are its activity's
    (the worker's time is logged once, there); the meeting adds who attended and which of
    the worker's cases were discussed."""

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="meeting")
    attendees = models.CharField("who attended", max_length=ATTENDEES_LIMIT, blank=True)
    cases = models.ManyToManyField("casework.Case", blank=True, related_name="meetings")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.activity.get_kind_display()} on {self.activity.on}"
