"""The team around the link worker: supervision and debriefs, training and development.

A supervision record is between a worker and their team lead alone (SCOPES in
accounts/authorisation.py); it names the cases discussed by reference, never by name."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable

COURSES = codelist("training_courses")


class Supervision(Undeletable):
    """One-to-one supervision a team lead held with one of their workers."""

    worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="supervisions"
    )
    held_on = models.DateField("date of supervision")
    notes = models.TextField(blank=True)
    cases = models.ManyToManyField(
        "casework.Case", blank=True, related_name="+", verbose_name="cases discussed"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%-d %B %Y}"


class SupervisionAction(models.Model):
    """An action agreed at supervision, with the date it is due by."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=200)
    due_on = models.DateField("due by", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class DebriefRequest(Undeletable):
    """A worker's request to talk through a case that weighed on them, waiting until their
    team lead has held the debrief."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="debrief_requests"
    )
    note = models.CharField(max_length=300, blank=True)
    asked_at = models.DateTimeField(default=clock.now, editable=False)
    held_on = models.DateField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"Debrief about {self.case}"


class TrainingRecord(Undeletable):
    """A course a worker completed, and when it is due to be renewed (empty: never)."""

    worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="training"
    )
    course = models.CharField(max_length=40, choices=COURSES.choices())
    completed_on = models.DateField()
    renewal_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return self.get_course_display()


class DevelopmentRequest(Undeletable):
    """Development a worker asks for: a course of the list, or a topic in their words."""

    worker = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="development_requests"
    )
    course = models.CharField(max_length=40, blank=True, choices=COURSES.choices())
    topic = models.CharField(max_length=120, blank=True)
    why = models.CharField(max_length=500, blank=True)
    asked_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return self.get_course_display() if self.course else self.topic
