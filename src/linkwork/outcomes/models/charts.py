"""A case's measure charts as last drawn (decision 0154)."""

from django.db import models


class CaseChart(models.Model):
    """One series' chart on the case page, as vl-convert drew it. Drawing one takes 40-75 ms
    of CPU, and a case is opened far more often than a score is added: each app server's
    processes take it from here instead of drawing it again. `drawn_from` is the digest of
    the chart's spec (its scores, dates and scale), so a new score draws it afresh and it is
    kept in place of the old. The drawing shows what the case's questionnaire responses keep
    after retention (scores by date), and goes with the case."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=100)  # the instrument, and its item for ONS4
    drawn_from = models.CharField(max_length=64)  # sha256 of the spec (core/charts.py)
    svg = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "series"], name="one_chart_a_case_series")
        ]

    def __str__(self) -> str:
        return f"{self.series} chart of case {self.case_id}"
