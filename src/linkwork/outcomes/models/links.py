"""Single-use links by which the person completes a questionnaire without signing in."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from linkwork.outcomes.models.responses import Timepoint

FEEDBACK_FORM = "feedback"


class Delivery(models.TextChoices):
    EMAIL = "email", "Email"
    QR = "qr", "QR code on the worker's screen"


class QuestionnaireLink(models.Model):
    """Only a hash of the token is kept: the link itself exists once, in the email or on
    the worker's screen, so the database cannot hand it out again."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="questionnaire_links"
    )
    form = models.CharField(max_length=20, help_text="An instrument's name, or 'feedback'.")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        "outcomes.QuestionnaireResponse",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="link",
    )
    feedback = models.OneToOneField(
        "outcomes.Feedback", null=True, blank=True, on_delete=models.PROTECT, related_name="link"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Link {self.pk} ({self.form})"

    @property
    def is_feedback(self) -> bool:
        return self.form == FEEDBACK_FORM

    def usable(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at
