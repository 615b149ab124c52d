"""The team's forms: supervision, a debrief asked for and held, training, development."""

from django import forms

from linkwork.core import clock
from linkwork.core.forms import DATE, NHSForm, in_own_words
from linkwork.core.text import too_long
from linkwork.team.models import COURSES, DevelopmentRequest
from linkwork.team.supervision import (
    ACTION_LIMIT,
    DUE_BEFORE_MEETING,
    NOTE_LIMIT,
    NOTES_LIMIT,
    AgreedAction,
    held_on_error,
)

ACTION_ROWS = 3


class CaseByReference(forms.ModelMultipleChoiceField):
    """Cases named by their reference, never the person's name: a supervision record is
    about the worker, and names nobody."""

    def label_from_instance(self, case) -> str:
        where = f", {case.practice.name}" if case.practice_id else ""
        status = "open" if case.is_open else "closed"
        return f"{case} ({status}, opened {case.opened_on:%-d %b %Y}{where})"


class SupervisionForm(NHSForm):
    held_on = forms.DateField(
        label="Date of supervision",
        widget=DATE,
        error_messages={
            "required": "Enter the date of supervision",
            "invalid": "Enter the date of supervision as a real date",
        },
    )
    cases = CaseByReference(
        label="Cases discussed (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="By case number: supervision records name nobody.",
        error_messages={
            "invalid_choice": "Select only cases listed here: the list may have changed",
            "invalid_pk_value": "Select only cases listed here: the list may have changed",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=NOTES_LIMIT,
        error_messages={"max_length": too_long("supervision notes", NOTES_LIMIT)},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action agreed {n} (optional)",
                max_length=ACTION_LIMIT,
                required=False,
                error_messages={"max_length": too_long(f"wording of action {n}", ACTION_LIMIT)},
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=f"Action {n} due by (optional)",
                widget=DATE,
                required=False,
                error_messages={"invalid": f"Enter the date action {n} is due by as a real date"},
            )
            in_own_words(self.fields[f"action_{n}"])
            in_own_words(self.fields[f"due_{n}"])

    def clean(self):
        data = super().clean()
        if data.get("held_on") and (problem := held_on_error(data["held_on"])):
            self.add_error("held_on", problem)
        for n in range(1, ACTION_ROWS + 1):
            if data.get(f"due_{n}") and not data.get(f"action_{n}"):
                self.add_error(f"action_{n}", f"Enter action {n}, or clear its due date")
            due, held_on = data.get(f"due_{n}"), data.get("held_on")
            if due and held_on and due < held_on:
                self.add_error(f"due_{n}", DUE_BEFORE_MEETING.format(n=n))
        return data

    def actions(self) -> list[AgreedAction]:
        data = self.cleaned_data
        return [
            AgreedAction(data[f"action_{n}"], data.get(f"due_{n}"))
            for n in range(1, ACTION_ROWS + 1)
            if data.get(f"action_{n}")
        ]


class DebriefForm(NHSForm):
    note = forms.CharField(
        label="A short note for your team lead (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_LIMIT,
        required=False,
        error_messages={"max_length": too_long("note", NOTE_LIMIT)},
    )


class HeldForm(NHSForm):
    held_on = forms.DateField(
        label="Date the debrief was held",
        widget=DATE,
        error_messages={
            "required": "Enter the date the debrief was held",
            "invalid": "Enter the date the debrief was held as a real date",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"held_on": clock.today()})
        super().__init__(*args, **kwargs)


def course_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *COURSES.choices()]


class TrainingForm(NHSForm):
    course = forms.ChoiceField(
        label="Course",
        choices=course_choices("Choose a course"),
        error_messages={"required": "Select the course from the list"},
    )
    completed_on = forms.DateField(
        label="Date completed",
        widget=DATE,
        error_messages={
            "required": "Enter the date the course was completed",
            "invalid": "Enter the date the course was completed as a real date",
        },
    )
    renewal_due = forms.DateField(
        label="Renewal due (optional)",
        widget=DATE,
        required=False,
        help_text="Leave blank for the course's usual renewal period.",
        error_messages={"invalid": "Enter the renewal date as a real date"},
    )


class DevelopmentForm(NHSForm):
    course = forms.ChoiceField(
        label="Course or topic",
        choices=course_choices("Not on the list: describe it below"),
        required=False,
    )
    topic = forms.CharField(
        label="Topic in your own words (if not on the list)",
        max_length=DevelopmentRequest._meta.get_field("topic").max_length,
        required=False,
    )
    why = forms.CharField(
        label="Why you are asking for it (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DevelopmentRequest._meta.get_field("why").max_length,
        required=False,
    )
