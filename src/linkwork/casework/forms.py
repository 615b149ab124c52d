from datetime import datetime

from django import forms
from django.utils import timezone

from linkwork.casework.models import ActionStatus, GoalStatus, Sex
from linkwork.casework.presenters import case_label, worker_label
from linkwork.casework.rules import (
    TEXT_LIMITS,
    closure_date_errors,
    session_timing_errors,
    too_long,
)
from linkwork.casework.services import PersonDetails
from linkwork.core.chi import birth_date_mismatch, check_chi
from linkwork.core.codelists import codelist
from linkwork.core.postcodes import is_valid_postcode, normalise_postcode

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choices(name: str) -> list[tuple[str, str]]:
    return codelist(name).choices()


class NHSForm(forms.Form):
    use_required_attribute = False  # the NHS error summary, not the browser, reports gaps


class PersonFields(NHSForm):
    """Who is being referred. Bad input is named per field; typed values are kept."""

    chi = forms.CharField(
        label="CHI number",
        required=False,
        help_text="10 digits, for example 1507824130. Leave blank if not known.",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "width": 10,
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        widget=DATE,
        error_messages={
            "required": "Enter their date of birth",
            "invalid": "Enter the date of birth as a real date, for example 15/07/1982",
        },
    )
    confirm_date_of_birth = forms.BooleanField(
        required=False,
        label="The date of birth is right, although it does not match the CHI number",
    )
    sex = forms.ChoiceField(
        label="Sex",
        required=False,
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text="Taken from the CHI number if you leave it blank.",
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="For example, G51 3HR",
        widget=forms.TextInput(attrs={"width": 10, "autocomplete": "off"}),
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=20)
    preferred_contact = forms.ChoiceField(
        label="How they prefer to be contacted",
        required=False,
        choices=_choices("contact_methods"),
        widget=forms.RadioSelect,
    )
    safe_to_leave_message = forms.BooleanField(
        required=False, label="It is safe to leave a message"
    )
    safe_times_to_call = forms.CharField(label="Safe times to call", required=False, max_length=200)
    preferred_language = forms.CharField(
        label="Preferred language", required=False, max_length=60, initial="English"
    )
    interpreter_needed = forms.BooleanField(required=False, label="Needs an interpreter")

    def clean_chi(self) -> str:
        value = (self.cleaned_data.get("chi") or "").replace(" ", "")
        if not value:
            return ""
        check = check_chi(value)
        if not check.is_valid:
            raise forms.ValidationError(check.message)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if value and not is_valid_postcode(value):
            raise forms.ValidationError("Enter a full UK postcode, like G51 3HR")
        return normalise_postcode(value) if value else ""

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past")
        return value

    def clean(self):
        cleaned = super().clean()
        chi, born = cleaned.get("chi"), cleaned.get("date_of_birth")
        if not cleaned.get("sex"):
            if chi:
                cleaned["sex"] = check_chi(chi).sex
            elif "sex" not in self.errors:
                self.add_error("sex", "Select their sex")
        # A mismatch is a warning the user confirms, not a refusal (see core/chi.py).
        if (
            chi
            and born
            and birth_date_mismatch(chi, born)
            and not cleaned.get("confirm_date_of_birth")
        ):
            self.add_error("date_of_birth", self.birth_date_mismatch_error(chi))
        return cleaned

    def birth_date_mismatch_error(self, chi: str) -> str:
        return (
            f"The date of birth does not match the CHI number, which starts "
            f"{chi[:2]}/{chi[2:4]}/{chi[4:6]}. Check both, or tick the box to confirm "
            "the date of birth is right"
        )

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            chi=data.get("chi") or None,
            postcode=data.get("postcode", ""),
            phone=data.get("phone", ""),
            preferred_contact=data.get("preferred_contact", ""),
            safe_to_leave_message=data.get("safe_to_leave_message", False),
            safe_times_to_call=data.get("safe_times_to_call", ""),
            preferred_language=data.get("preferred_language", ""),
            interpreter_needed=data.get("interpreter_needed", False),
        )


class VersionedForm(NHSForm):
    """Carries the version the user opened, so a concurrent save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(PersonFields):
    """The person's details as the worker keeps them up to date, minimum core dataset
    fields included."""

    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    address = forms.CharField(
        label="Address",
        required=False,
        max_length=TEXT_LIMITS["address"],
        help_text="Where a home visit would go, for example: Flat 2/1, 14 Langlands Road, Govan.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"max_length": too_long("address", TEXT_LIMITS["address"])},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        required=False,
        choices=[("", "Not recorded"), *_choices("ethnicity")],
        help_text="Scotland's Census categories. Ask; do not assume.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def person_fields(self) -> dict:
        fields = vars(self.person_details())
        fields.update(
            email=self.cleaned_data["email"],
            ethnicity=self.cleaned_data["ethnicity"],
            address=self.cleaned_data["address"].strip(),
        )
        return fields


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
            outcome = "" if self.planned else cleaned.get("outcome", "")
            if session_timing_errors(starts_at=starts, outcome=outcome, is_new=True):
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
        if self.opened_on and (
            errors := closure_date_errors(closed_on=value, opened_on=self.opened_on)
        ):
            raise forms.ValidationError(errors["closed_on"])
        return value


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
        choices=_choices("handover_reasons"),
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
