from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from linkwork.casework.models import ActionStatus, GoalStatus
from linkwork.core.codelists import codelist

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choices(name: str) -> list[tuple[str, str]]:
    return codelist(name).choices()


class NHSForm(forms.Form):
    use_required_attribute = False  # the NHS error summary, not the browser, reports gaps


class VersionedForm(NHSForm):
    """Carries the version the user opened, so a concurrent save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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
        choices=_choices("session_modes"),
        initial="in_practice",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the session was held"},
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=60,
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long the session was, in minutes",
            "invalid": "Enter the length as a whole number of minutes",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=_choices("session_outcomes"),
        initial="attended",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    note = forms.CharField(
        label="Short note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, planned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned
        if planned:
            del self.fields["outcome"]
            self.fields["note"].label = "Note for the session (optional)"
        else:
            self.fields["time"].initial = lambda: timezone.localtime().strftime("%H:00")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            starts = timezone.make_aware(datetime.combine(cleaned["date"], cleaned["time"]))
            if not self.planned and starts > timezone.now() + timedelta(minutes=15):
                self.add_error(
                    "date",
                    "A session you are recording cannot be in the future: "
                    "to plan one, use Book a session",
                )
            cleaned["starts_at"] = starts
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
        return fields


class OutcomeForm(VersionedForm):
    """Record what happened at a planned session: the one-page minute-long job."""

    outcome = SessionForm.base_fields["outcome"]
    duration_minutes = SessionForm.base_fields["duration_minutes"]
    note = SessionForm.base_fields["note"]


class CheckInForm(NHSForm):
    back_by = forms.TimeField(
        label="I expect to be back by",
        widget=TIME,
        error_messages={
            "required": "Enter when you expect to be back",
            "invalid": "Enter a time like 14:30",
        },
    )

    def clean_back_by(self):
        value = self.cleaned_data["back_by"]
        back = timezone.make_aware(datetime.combine(timezone.localdate(), value))
        if back <= timezone.now():
            raise forms.ValidationError("The time you expect to be back must be later today")
        return back


class GoalForm(VersionedForm):
    wording = forms.CharField(
        label="What matters to the person",
        help_text="In their own words, for example: 'to get back out to my garden'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the goal in the person's words"},
    )
    status = forms.ChoiceField(
        label="Status", choices=GoalStatus.choices, widget=forms.RadioSelect, required=False
    )


class ActionForm(VersionedForm):
    description = forms.CharField(
        label="Action",
        max_length=300,
        error_messages={"required": "Describe the action"},
    )
    owner = forms.CharField(
        label="Who will do it",
        max_length=100,
        help_text="The person, you, or someone else (for example, their housing officer).",
        error_messages={"required": "Say who will do it"},
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the due date as a real date"},
    )
    status = forms.ChoiceField(
        label="Progress",
        choices=ActionStatus.choices,
        initial=ActionStatus.TO_DO,
        widget=forms.RadioSelect,
        required=False,
    )
    progress = forms.CharField(
        label="Progress note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NeedForm(NHSForm):
    need = forms.ChoiceField(
        label="Need identified in conversation",
        choices=_choices("needs"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the need"},
    )
    detail = forms.CharField(label="Detail", required=False, max_length=300)


class NoteForm(VersionedForm):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the note"},
    )


class ComplexityForm(VersionedForm):
    complexity = forms.ChoiceField(
        label="Complexity",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the complexity"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = codelist("complexity").codes
        self.fields["complexity"].choices = [
            (c.code, f"{c.label}: {c.extra['description']}") for c in codes
        ]


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=_choices("closure_reasons"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
    closed_on = forms.DateField(
        label="Date closed",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date closed", "invalid": "Enter a real date"},
    )
    note = forms.CharField(
        label="Closing note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, opened_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened_on = opened_on

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date closed cannot be in the future")
        if self.opened_on and value < self.opened_on:
            raise forms.ValidationError(
                f"The date closed cannot be before the case opened ({self.opened_on:%d/%m/%Y})"
            )
        return value


class ReassignForm(NHSForm):
    link_worker = forms.ModelChoiceField(
        label="New link worker",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new link worker"},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = workers


class CaseloadFilterForm(NHSForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")],
    )
    complexity = forms.ChoiceField(
        label="Complexity", required=False, choices=[("", "Any"), *_choices("complexity")]
    )
    practice = forms.ModelChoiceField(
        label="Practice", required=False, queryset=None, empty_label="Any"
    )
    no_contact_days = forms.IntegerField(
        label="No contact for at least (days)",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"width": 3}),
        error_messages={"invalid": "Enter a whole number of days"},
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices
