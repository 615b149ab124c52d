"""A survey round of an HSCP, the single-use links it was sent by, and the answers.

An answer keeps only the staff group and the practice: no link, user or time of day, so
nobody (not even with the database) can tell whose answers they are."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from linkwork.core.codelists import codelist


class Audience(models.TextChoices):
    PRACTICE_STAFF = "practice_staff", "Practice staff"
    LINK_WORKERS = "link_workers", "Link workers"
    BOTH = "both", "Practice staff and link workers"


class Survey(models.Model):
    hscp = models.ForeignKey("organisations.HSCP", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(help_text="The year of this round, for example 2026.")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    question_set = models.CharField(max_length=40, default="clw_staff")
    closes_on = models.DateField(help_text="The last day its links work.")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_round"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def groups(self) -> list[str]:
        """The staff groups this round asks, in the code list's order."""
        wanted = {self.audience} if self.audience != Audience.BOTH else set(Audience.values)
        return groups_of(wanted)


def groups_of(audiences: set[str]) -> list[str]:
    return [
        c.code for c in codelist("survey_staff_groups").codes if c.extra["audience"] in audiences
    ]


class Delivery(models.TextChoices):
    EMAIL = "email", "Email"
    PRINTED = "printed", "Printed and handed out"


class SurveyLink(models.Model):
    """Only the token's hash is kept; who it went to is not."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)
    practice = models.ForeignKey(
        "organisations.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Known for a practice member whose account names their job, and for a link worker;
    # otherwise the respondent chooses.
    staff_group = models.CharField(
        max_length=30, blank=True, choices=codelist("survey_staff_groups").choices()
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Survey link {self.pk}"

    @property
    def groups(self) -> list[str]:
        """Who may answer through this link: its known staff group, else the survey's groups
        of the link's audience. A practice's link is for its practice staff, any other for
        link workers, so a printed practice link cannot answer as a link worker."""
        if self.staff_group:
            return [self.staff_group]
        audience = Audience.PRACTICE_STAFF if self.practice_id else Audience.LINK_WORKERS
        return [g for g in self.survey.groups if g in groups_of({audience})]

    def usable(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    staff_group = models.CharField(max_length=30, choices=codelist("survey_staff_groups").choices())
    practice = models.ForeignKey(
        "organisations.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {question code: agreement code or free text}; questions left blank are absent.
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Survey response {self.pk}"
