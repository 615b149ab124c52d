"""Goals, actions, needs and notes."""

from django import forms
from django.utils.formats import date_format

from linkwork.casework.models import ActionStatus, GoalStatus
from linkwork.casework.rules import TEXT_LIMITS
from linkwork.core.codelists import codelist
from linkwork.core.forms import DATE, CodedRadios, NHSForm, VersionedForm, coded_choices
from linkwork.core.text import too_long

SUPPORT_REQUIRED = "Choose the support you are giving"


class GoalForm(VersionedForm):
    wording = forms.CharField(
        label="What matters to the person",
        help_text="In their own words, for example: 'to get back out to my garden'.",
        max_length=TEXT_LIMITS["goal"],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write the goal in the person's words",
            "max_length": too_long("goal", TEXT_LIMITS["goal"]),
        },
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
    support_type = forms.ChoiceField(
        label="What support are you giving?",
        choices=coded_choices("support_types"),
        widget=CodedRadios("support_types"),
        error_messages={"required": SUPPORT_REQUIRED},
    )
    status = forms.ChoiceField(
        label="Progress",
        choices=ActionStatus.choices,
        initial=ActionStatus.TO_DO,
        widget=forms.RadioSelect,
        required=False,
    )
    progress = forms.CharField(
        label="Progress note",
        required=False,
        max_length=TEXT_LIMITS["progress"],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("progress note", TEXT_LIMITS["progress"])},
    )


class NeedForm(NHSForm):
    need = forms.ChoiceField(
        label="Need identified in conversation",
        choices=coded_choices("needs"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the need"},
    )
    detail = forms.CharField(
        label="Detail",
        required=False,
        max_length=TEXT_LIMITS["need_detail"],
        error_messages={"max_length": too_long("detail", TEXT_LIMITS["need_detail"])},
    )

    def __init__(self, *args, recorded: dict | None = None, **kwargs):
        """`recorded`: the needs already on the case, each with the day it was noted."""
        super().__init__(*args, **kwargs)
        self.recorded = recorded or {}

    def clean_need(self) -> str:
        need = self.cleaned_data["need"]
        if need in self.recorded:
            label = codelist("needs").label(need)
            noted = date_format(self.recorded[need], "j F Y")
            raise forms.ValidationError(
                f"{label} was already recorded on this case on {noted}: choose another need"
            )
        return need


class NoteForm(VersionedForm):
    text = forms.CharField(
        label="Note",
        max_length=TEXT_LIMITS["note"],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write the note",
            "max_length": too_long("note", TEXT_LIMITS["note"]),
        },
    )
