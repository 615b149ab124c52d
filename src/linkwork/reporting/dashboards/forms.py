"""The dashboards' period: from and to, both days included, the last 12 months unless
chosen (a page may give its own default). Every message names the field and the fix."""

from datetime import date

from django import forms

from linkwork.reporting.definitions import Period

DATE = forms.DateInput(attrs={"type": "date"})
LONGEST_YEARS = 5  # a chart of more months than this is unreadable, and slow


def last_twelve_months(today: date) -> Period:
    """This month so far and the 11 before it."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return Period(date(year, (month - 1) % 12 + 1, 1), today)


class PeriodForm(forms.Form):
    use_required_attribute = False

    date_from = forms.DateField(
        required=False,
        label="From date",
        help_text="The first day, for example 2026-04-01",
        widget=DATE,
        error_messages={"invalid": "Enter the from date as a date, for example 2026-04-01"},
    )
    date_to = forms.DateField(
        required=False,
        label="To date",
        help_text="The last day (included), for example 2027-03-31",
        widget=DATE,
        error_messages={"invalid": "Enter the to date as a date, for example 2027-03-31"},
    )

    def __init__(self, *args, today: date, default: Period | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default or last_twelve_months(today)

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("date_from") or self.default.start
        end = cleaned.get("date_to") or self.default.end
        if self.errors:
            return cleaned
        if start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        elif (end.year - start.year) * 12 + end.month - start.month >= LONGEST_YEARS * 12:
            self.add_error(
                "date_from",
                f"The period can be at most {LONGEST_YEARS} years: enter a later from date",
            )
        return cleaned

    def period(self) -> Period:
        """The chosen period (the default where a date is left out); only once valid."""
        data = self.cleaned_data if self.is_bound else {}
        return Period(
            data.get("date_from") or self.default.start, data.get("date_to") or self.default.end
        )

    def query(self) -> dict[str, str]:
        """The period as the query string carries it, for links that keep it."""
        period = self.period()
        return {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
