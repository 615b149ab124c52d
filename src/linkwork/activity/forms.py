"""The one short form for logging time, and the meeting form built on it."""

from django import forms
from django.utils import timezone

from linkwork.activity.models import ATTENDEES_LIMIT, MINUTES, NOTE_LIMIT
from linkwork.activity.services import (
    KIND_MISSING,
    MEETING_KIND_MISSING,
    MEETING_KINDS,
    MINUTES_OUT,
    NOT_YOUR_CASES,
    NOT_YOUR_PRACTICE,
)
from linkwork.core.forms import DATE, VersionedForm, coded_choices
from linkwork.core.text import too_long

QUICK_LENGTHS = [(15, "15 minutes"), (30, "30 minutes"), (60, "1 hour"), (90, "1 and a half hours")]
LENGTH_MISSING = "Choose how long it took, or enter the minutes"


class PracticeChoice(forms.ModelChoiceField):
    def label_from_instance(self, practice) -> str:
        return practice.name


class TimeForm(VersionedForm):
    """Kind, date, how long, the practice if any, and a short note: a few seconds' work."""

    kind = forms.ChoiceField(
        label="What was it?",
        choices=coded_choices("activity_kinds"),
        widget=forms.RadioSelect,
        error_messages={"required": KIND_MISSING, "invalid_choice": KIND_MISSING},
    )
    on = forms.DateField(
        label="Date",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    length = forms.TypedChoiceField(
        label="How long?",
        choices=QUICK_LENGTHS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": LENGTH_MISSING},
    )
    minutes = forms.IntegerField(
        label="Or another length, in minutes",
        required=False,
        min_value=MINUTES[0],
        max_value=MINUTES[1],
        widget=forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": MINUTES_OUT,
            "max_value": MINUTES_OUT,
        },
    )
    practice = PracticeChoice(
        label="Practice (optional)",
        queryset=None,
        required=False,
        empty_label="No practice",
        error_messages={"invalid_choice": NOT_YOUR_PRACTICE},
    )
    note = forms.CharField(
        label="Short note (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": too_long("note", NOTE_LIMIT)},
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices

    def clean(self):
        """The minutes typed win over a quick choice: typing is the deliberate act."""
        cleaned = super().clean()
        minutes = cleaned.get("minutes") or cleaned.get("length")
        if minutes is None and "minutes" not in self.errors:
            self.add_error("length", LENGTH_MISSING)
        cleaned["minutes"] = minutes
        return cleaned

    def time_fields(self) -> dict:
        data = self.cleaned_data
        fields = ("kind", "on", "minutes", "practice", "note")
        return {name: data[name] for name in fields}

    @classmethod
    def initial_of(cls, activity) -> dict:
        quick = activity.minutes in dict(QUICK_LENGTHS)
        return {
            "kind": activity.kind,
            "on": activity.on,
            "length": activity.minutes if quick else None,
            "minutes": None if quick else activity.minutes,
            "practice": activity.practice_id,
            "note": activity.note,
            "version": activity.version,
        }


class CaseChoice(forms.ModelMultipleChoiceField):
    """A worker's own open cases by reference (and name, which only they see here)."""

    def label_from_instance(self, case) -> str:
        return f"{case}: {case.person.full_name}"


class MeetingForm(TimeForm):
    attendees = forms.CharField(
        label="Who attended (optional)",
        help_text="Names or roles, for example: Dr Shah, practice nurse, district nurses.",
        required=False,
        max_length=ATTENDEES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("list of who attended", ATTENDEES_LIMIT)},
    )
    cases = CaseChoice(
        label="Which of your cases were discussed?",
        help_text="Only your own open cases are listed. The case's timeline will say it was "
        "discussed, and when; nothing else of the meeting.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_YOUR_CASES, "invalid_pk_value": NOT_YOUR_CASES},
    )

    field_order = ["kind", "on", "practice", "length", "minutes", "attendees", "cases", "note"]

    def __init__(self, *args, practices, cases, **kwargs):
        super().__init__(*args, practices=practices, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [c for c in kind.choices if c[0] in MEETING_KINDS]
        kind.label = "Which meeting?"
        kind.error_messages.update(
            required=MEETING_KIND_MISSING, invalid_choice=MEETING_KIND_MISSING
        )
        practice = self.fields["practice"]
        practice.required, practice.label = True, "Practice"
        practice.error_messages["required"] = "Choose the practice the meeting was at"
        self.fields["cases"].queryset = cases

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {**self.time_fields(), "attendees": data["attendees"], "cases": data["cases"]}
