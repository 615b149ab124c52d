"""Sessions: recorded, booked, their outcome, and lone-working check-in."""

from datetime import datetime

from django import forms
from django.utils import timezone

from linkwork.casework.rules import (
    SESSION_MINUTES,
    SESSION_TOO_LONG,
    SESSION_TOO_SHORT,
    TEXT_LIMITS,
    expected_back,
    expected_back_errors,
)
from linkwork.core.forms import DATE, TIME, NHSForm, VersionedForm, coded_choices
from linkwork.core.text import too_long

OUTCOME_MISSING = "Choose whether the session was attended, not attended or cancelled"


class SessionForm(VersionedForm):
    """Record a session that happened, or book one (when `planned`)."""

    date = forms.DateField(
        label="Date",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    time = forms.TimeField(
        label="Time",
        widget=TIME,
        error_messages={"required": "Enter the time", "invalid": "Enter a time like 10:30"},
    )
    mode = forms.ChoiceField(
        label="How",
        choices=coded_choices("session_modes"),
        initial="in_practice",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the session was held",
            "invalid_choice": "Select how the session was held, from the list",
        },
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=60,
        min_value=SESSION_MINUTES[0],
        max_value=SESSION_MINUTES[1],
        widget=forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long the session was, in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": SESSION_TOO_SHORT,
            "max_value": SESSION_TOO_LONG,
        },
    )
    # No default: a session is not recorded as attended by one click (decision 0072).
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=coded_choices("session_outcomes"),
        widget=forms.RadioSelect,
        error_messages={
            "required": OUTCOME_MISSING,
            "invalid_choice": "Select what happened, from the list",
        },
    )
    joint_agency = forms.ModelChoiceField(
        label="Another agency joined (a joint visit)",
        queryset=None,
        required=False,
        empty_label="No, just me",
        error_messages={"invalid_choice": "Choose one of the agencies involved in this case"},
    )
    note = forms.CharField(
        label="Short note",
        required=False,
        max_length=TEXT_LIMITS["session_note"],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("note", TEXT_LIMITS["session_note"])},
    )

    def __init__(self, *args, planned: bool = False, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned
        offer_agencies(self, agencies)
        if planned:
            del self.fields["outcome"]
            self.fields["note"].label = "Note for the session (optional)"
        else:
            self.fields["time"].initial = lambda: timezone.localtime().strftime("%H:00")

    def clean(self):
        """Which dates a session may have is the services' rule (rules.py), shared with
        the API: the view shows its refusal at the date."""
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            cleaned["starts_at"] = timezone.make_aware(
                datetime.combine(cleaned["date"], cleaned["time"])
            )
        return cleaned

    def session_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "starts_at": data["starts_at"],
            "mode": data["mode"],
            "duration_minutes": data["duration_minutes"],
            "note": data.get("note", ""),
        }
        if not self.planned:
            fields["outcome"] = data["outcome"]
        if "joint_agency" in self.fields:
            fields["joint_agency"] = data.get("joint_agency")
        return fields


def offer_agencies(form, agencies) -> None:
    """The joint-visit choice only where the case has agencies to choose from."""
    if agencies:
        form.fields["joint_agency"].queryset = agencies
    else:
        del form.fields["joint_agency"]


class OutcomeForm(VersionedForm):
    """Record what happened at a planned session: the one-page minute-long job."""

    outcome = SessionForm.base_fields["outcome"]
    duration_minutes = SessionForm.base_fields["duration_minutes"]
    joint_agency = SessionForm.base_fields["joint_agency"]
    note = SessionForm.base_fields["note"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_agencies(self, agencies)


class CheckInForm(NHSForm):
    back_by = forms.TimeField(
        label="I expect to be back by",
        widget=TIME,
        help_text="Within the next 12 hours. After midnight, a time like 01:30 means tomorrow.",
        error_messages={
            "required": "Enter when you expect to be back",
            "invalid": "Enter a time like 14:30",
        },
    )

    def clean_back_by(self):
        now, typed = timezone.now(), self.cleaned_data["back_by"]
        back = expected_back(typed, now)
        if back is None:  # neither later today nor early tomorrow: say which way it is out
            today = timezone.make_aware(datetime.combine(timezone.localdate(now), typed))
            raise forms.ValidationError(expected_back_errors(today, now)["expected_back_at"])
        return back
