"""GP appointment counts per person per month, from a practice's extract: counts only."""

from django.db import models
from simple_history.models import HistoricalRecords


class AppointmentCount(models.Model):
    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, related_name="appointment_counts"
    )
    month = models.DateField(help_text="The first day of the month counted.")
    appointments = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="one_count_per_person_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.appointments}"
