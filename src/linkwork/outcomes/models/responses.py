"""Questionnaires taken on a case, goal ratings and end-of-support feedback."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.models import Undeletable, Versioned
from linkwork.outcomes.instruments import INSTRUMENTS


class Timepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline (start of support)"
    REVIEW = "review", "Review"
    EXIT = "exit", "Exit (end of support)"


class Method(models.TextChoices):
    WORKER = "worker", "Entered by the link worker"
    TABLET = "tablet", "By the person on the worker's tablet"
    LINK = "link", "By the person with a single-use link"
    PAPER = "paper", "On paper, entered afterwards"
    IMPORTED = "imported", "Imported as a total from earlier records"


class Status(models.TextChoices):
    COMPLETE = "complete", "Complete"
    INCOMPLETE = "incomplete", "Incomplete (no score)"


INSTRUMENT_CHOICES = [(name, i.title) for name, i in INSTRUMENTS.items()]


class QuestionnaireResponse(Versioned, Undeletable):
    """One completed questionnaire: the answers as given (None for a missing item) and
    the scores `scoring.py` computed from them, kept so reports never re-derive them."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    session = models.ForeignKey(
        "casework.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaire_responses",
    )
    instrument = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    completed_on = models.DateField(help_text="For paper, the date written on the form.")
    method = models.CharField(max_length=10, choices=Method.choices)
    answers = models.JSONField(help_text="One per item in order; null for a missing item.")
    status = models.CharField(max_length=12, choices=Status.choices)
    raw_score = models.PositiveSmallIntegerField(null=True, blank=True)
    metric_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    scores = models.JSONField(default=dict, help_text="The full scoring result, as JSON.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_on", "pk"]
        indexes = [models.Index(fields=["case", "instrument", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.timepoint} {self.completed_on}"

    @property
    def definition(self):
        return INSTRUMENTS[self.instrument]

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE


class GoalRating(Undeletable):
    """The person's own 0-10 rating of how close they are to one of their goals."""

    goal = models.ForeignKey("casework.Goal", on_delete=models.PROTECT, related_name="ratings")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    rated_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rated_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rating}/10 on {self.rated_on}"


class Helpfulness(models.TextChoices):
    VERY = "very", "Very helpful"
    QUITE = "quite", "Quite helpful"
    NOT_VERY = "not_very", "Not very helpful"
    NOT_AT_ALL = "not_at_all", "Not at all helpful"


class Recommend(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"


class Feedback(Undeletable):
    """The person's end-of-support feedback, taken like a questionnaire."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="feedback")
    how_helpful = models.CharField(max_length=12, choices=Helpfulness.choices, blank=True)
    what_changed = models.TextField(blank=True)
    would_recommend = models.CharField(max_length=10, choices=Recommend.choices, blank=True)
    completed_on = models.DateField()
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_on", "pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"Feedback {self.completed_on}"


class NotTakenReason(models.TextChoices):
    PERSON_NOT_AVAILABLE = "person_not_available", "The person is not available"
    PERSON_DECLINED = "person_declined", "The person did not want to"
    LINK_SENT = "link_sent", "A link has been sent; they can complete it after closure"


class ExitMeasureNotTaken(Undeletable):
    """The worker's answer when closing a case without an exit measure: asked once."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="exit_measure_not_taken"
    )
    reason = models.CharField(max_length=24, choices=NotTakenReason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.get_reason_display()
