"""Group activities: a group a worker runs, its meetings, the people invited and who came.

Attendance is also a session on each person's case (mode "group"): the attendance row
keeps the session it made, so recording a meeting again corrects that session."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable, Versioned


class Group(Versioned, Undeletable):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    venue = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    capacity = models.PositiveSmallIntegerField(help_text="How many people may be invited.")
    hscp = models.ForeignKey(
        "organisations.HSCP", on_delete=models.PROTECT, related_name="groups", verbose_name="HSCP"
    )
    lead = models.ForeignKey(
        "organisations.LinkWorker", on_delete=models.PROTECT, related_name="groups_led"
    )
    co_worker = models.ForeignKey(
        "organisations.LinkWorker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups_co_led",
    )
    # Listed in the directory, others refer to it as to any service.
    service = models.OneToOneField(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Meeting(Versioned, Undeletable):
    """One meeting of a group: its attendance is recorded on one screen."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.group} meeting {self.pk}"


class Member(Versioned, Undeletable):
    """A person invited to a group, through their open case (whoever's caseload it is on)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="members")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="group_memberships"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "group member"
        ordering = ["case__person__family_name", "case__person__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "case"], name="invited_to_a_group_once")
        ]

    def __str__(self) -> str:
        return f"Member {self.pk} of {self.group}"


class Attendance(Versioned, Undeletable):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    outcome = models.CharField(max_length=24, choices=codelist("session_outcomes").choices())
    # The group session on the person's case that this attendance is.
    session = models.OneToOneField(
        "casework.Session", on_delete=models.PROTECT, related_name="group_attendance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "group attendance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_a_meeting")
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"
