"""The dashboards' period: from and to, both days included, the last 12 months unless
chosen (a page may give its own default). Every message names the field and the fix.

Where counts are suppressed, the period is whole months (decision 0139): two periods a day
apart would otherwise give, one less the other, the people referred on that day."""

import calendar
from datetime import date, timedelta

from django import forms

from linkwork.reporting.definitions import Period

DATE = forms.DateInput(attrs={"type": "date"})
LONGEST_YEARS = 5  # a chart of more months than this is unreadable, and slow


def last_twelve_months(today: date) -> Period:
    """This month so far and the 11 before it."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return Period(date(year, (month - 1) % 12 + 1, 1), today)


# Hints of equal length, so the two boxes stay level.
WHOLE_MONTHS_FROM = "Whole months, so no one can be singled out: from the 1st of this month"
WHOLE_MONTHS_TO = "Whole months, so no one can be singled out: to the end of this month"


def whole_months(start: date, end: date) -> Period:
    """From the first day of `start`'s month to the last day of `end`'s."""
    last = calendar.monthrange(end.year, end.month)[1]
    return Period(start.replace(day=1), end.replace(day=last))


def quarter_start(day: date) -> date:
    """The first day of `day`'s quarter (the financial year's quarters start on the same
    days: April, July, October, January)."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def shortcuts(today: date) -> list[tuple[str, Period]]:
    """The periods reports are asked for, one click each: the last quarter (the HSCP's
    quarterly return), this one so far, and the financial year so far (from 1 April)."""
    this_quarter = quarter_start(today)
    last_end = this_quarter - timedelta(days=1)
    year_start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return [
        ("Last quarter", Period(quarter_start(last_end), last_end)),
        ("This quarter so far", Period(this_quarter, today)),
        ("This financial year so far", Period(year_start, today)),
    ]


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

    def __init__(
        self, *args, today: date, default: Period | None = None, whole_months=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.default = default or last_twelve_months(today)
        self.shortcuts = shortcuts(today)
        self.whole_months = whole_months
        if whole_months:
            self.fields["date_from"].help_text = WHOLE_MONTHS_FROM
            self.fields["date_to"].help_text = WHOLE_MONTHS_TO

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
        if self.whole_months and self.is_bound and not self.errors:
            # The boxes show the months counted, not the days typed.
            period = self.period()
            self.data = self.data.copy()
            self.data["date_from"], self.data["date_to"] = (
                period.start.isoformat(),
                period.end.isoformat(),
            )
        return cleaned

    def period(self) -> Period:
        """The chosen period (the default where a date is left out); only once valid."""
        data = self.cleaned_data if self.is_bound else {}
        start = data.get("date_from") or self.default.start
        end = data.get("date_to") or self.default.end
        return whole_months(start, end) if self.whole_months else Period(start, end)

    def query(self) -> dict[str, str]:
        """The period as the query string carries it, for links that keep it."""
        period = self.period()
        return {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
