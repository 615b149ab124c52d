"""The case as a whole: complexity, closure, handover, and the caseload filters."""

from django import forms
from django.utils import timezone

from linkwork.casework.presenters import case_label, worker_label
from linkwork.casework.rules import (
    NO_CONTACT_DAYS,
    NO_CONTACT_DAYS_WRONG,
    TEXT_LIMITS,
    closure_date_errors,
    not_engaged_errors,
    practice_sharing_errors,
)
from linkwork.core.codelists import codelist
from linkwork.core.forms import DATE, NHSForm, VersionedForm, coded_choices
from linkwork.core.text import too_long


def complexity_choices() -> list[tuple[str, str]]:
    """Each level of complexity with what it means, for the worker choosing one."""
    return [(c.code, f"{c.label}: {c.extra['description']}") for c in codelist("complexity").codes]


class ComplexityForm(VersionedForm):
    complexity = forms.ChoiceField(
        label="Complexity",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the complexity"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complexity"].choices = complexity_choices()


ACTION_ANSWERS = [("done", "Mark it done"), ("stopped", "Stop it: no longer needed")]
LINK_ANSWERS = [
    ("leave", "Leave it with the organisation"),
    ("withdraw", "Withdraw the referral"),
]


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=coded_choices("closure_reasons"),
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
        label="Closing note",
        required=False,
        max_length=TEXT_LIMITS["closure_note"],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("closing note", TEXT_LIMITS["closure_note"])},
    )

    not_engaged_reason = forms.ChoiceField(
        label="Why did the person not engage?",
        choices=coded_choices("not_engaged_reasons"),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, opened_on=None, open_actions=(), open_links=(), **kwargs):
        """`open_actions` and `open_links` are (key, label) pairs: each becomes a question
        of what happens to it, answered before the case closes (decision 0072)."""
        super().__init__(*args, **kwargs)
        self.opened_on = opened_on
        for key, label in open_actions:
            self._ask(f"action_{key}", f"Action: {label}", ACTION_ANSWERS)
        for key, label in open_links:
            self._ask(f"link_{key}", f"Referral: {label}", LINK_ANSWERS)

    def _ask(self, name: str, label: str, choices) -> None:
        self.fields[name] = forms.ChoiceField(
            label=label,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose what happens to “{label.split(': ', 1)[1]}”"},
        )

    def answers(self, prefix: str) -> dict[int, str]:
        """The answers to one kind of question, by the key of what each asked about."""
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }

    def clean(self):
        data = super().clean()
        errors = not_engaged_errors(
            reason=data.get("reason", ""), not_engaged_reason=data.get("not_engaged_reason", "")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if self.opened_on and (
            errors := closure_date_errors(closed_on=value, opened_on=self.opened_on)
        ):
            raise forms.ValidationError(errors["closed_on"])
        return value


class PracticeSharingForm(VersionedForm):
    shares_with_practice = forms.BooleanField(
        label="The person agreed that their practice may see what came of their support",
        required=False,
        help_text="Sessions attended, needs worked on, services linked to, wellbeing change "
        "and why the case closed, with the summary below. Without it the practice sees the "
        "referral's status only.",
    )
    practice_summary = forms.CharField(
        label="What the person agreed to share with their practice",
        required=False,
        max_length=TEXT_LIMITS["practice_summary"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the words agreed with the person. Leave empty to share the facts only.",
        error_messages={
            "max_length": too_long("summary", TEXT_LIMITS["practice_summary"]),
        },
    )

    def clean(self):
        data = super().clean()
        errors = practice_sharing_errors(
            shares_with_practice=data.get("shares_with_practice", False),
            practice_summary=data.get("practice_summary", ""),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class ReassignForm(NHSForm):
    """Hand one case over; `workers` are annotated with their caseload."""

    link_worker = forms.ModelChoiceField(
        label="New link worker",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the new link worker",
            "invalid_choice": "Select one of the link workers listed",
        },
    )
    reason = forms.ChoiceField(
        label="Why is it being handed over?",
        choices=coded_choices("handover_reasons"),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why it is being handed over",
            "invalid_choice": "Select one of the reasons listed",
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = workers
        self.fields["link_worker"].label_from_instance = worker_label


class HandoverForm(ReassignForm):
    """Hand several of one worker's cases to another at once."""

    cases = forms.ModelMultipleChoiceField(
        label="Cases to hand over",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the cases to hand over",
            "invalid_choice": "Select only cases listed here: the list may have changed",
            "invalid_pk_value": "Select only cases listed here: the list may have changed",
        },
    )
    field_order = ["cases", "link_worker", "reason"]

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = case_label
        self.fields["link_worker"].label = "Hand them over to"
        self.fields["reason"].label = "Why are they being handed over?"


class CaseloadFilterForm(NHSForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")],
    )
    complexity = forms.ChoiceField(
        label="Complexity", required=False, choices=[("", "Any"), *coded_choices("complexity")]
    )
    practice = forms.TypedChoiceField(
        label="Practice", required=False, coerce=int, empty_value=None
    )
    no_contact_days = forms.IntegerField(
        label="No contact for at least (days)",
        required=False,
        min_value=NO_CONTACT_DAYS[0],
        max_value=NO_CONTACT_DAYS[1],
        widget=forms.NumberInput(attrs={"width": 3}),
        error_messages={
            "invalid": NO_CONTACT_DAYS_WRONG,
            "min_value": NO_CONTACT_DAYS_WRONG,
            "max_value": NO_CONTACT_DAYS_WRONG,
        },
    )

    def __init__(self, *args, practices, **kwargs):
        """`practices`: the worker's practices, already read (My day has them)."""
        super().__init__(*args, **kwargs)
        self.fields["practice"].choices = [("", "Any"), *((p.pk, str(p)) for p in practices)]
