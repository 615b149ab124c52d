from django import forms
from django.utils import timezone

from linkwork.core.forms import DateParts, NHSForm, VersionedForm
from linkwork.organisations.models import WEEKDAYS

YES_NO = [("yes", "Yes"), ("no", "No")]


# The relationship is not a case: its own words for a form whose version is garbled.
STALE_RELATIONSHIP = (
    "This form is out of date: open the practice's page again and change what is recorded "
    "from there"
)


def _past_date(label: str, what: str) -> forms.DateField:
    """A date something was done: day, month and year boxes, empty if not done yet."""
    return forms.DateField(
        label=label,
        required=False,
        widget=DateParts(),
        help_text="For example, 15 3 2026. Empty if not yet",
        error_messages={"invalid": f"Enter the {what} as a date, for example 15 3 2026"},
    )


def _yes_no(label: str, words: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Say whether {words}"},
    )


class RelationshipForm(VersionedForm):
    """What the practice gives its link worker, on one short form."""

    lead_gp = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Lead GP for the link worker service",
        empty_label="Not on linkwork, or not named yet",
        help_text="One of the practice's staff on linkwork; otherwise type their name below",
        error_messages={"invalid_choice": "Choose the lead GP from the practice's staff listed"},
    )
    lead_gp_name = forms.CharField(
        label="Lead GP's name, if not in the list",
        max_length=200,
        required=False,
        error_messages={"max_length": "Shorten the lead GP's name to 200 characters or fewer"},
    )
    lead_gp_email = forms.EmailField(
        label="Their email",
        required=False,
        help_text="So concerns about the practice reach them",
        error_messages={"invalid": "Enter the lead GP's email like name@nhs.scot"},
    )
    room_days = forms.MultipleChoiceField(
        label="A room for the link worker on",
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose days from Monday to Friday"},
    )
    gp_system_access = _yes_no("Access to the GP system (EMIS or Vision)", "the worker has access")
    induction_on = _past_date("Induction done on", "induction date")
    agreement_signed_on = _past_date("Service agreement signed on", "agreement date")
    mdt_invited = _yes_no("Invited to the practice's MDT meetings", "the worker is invited")

    # A date after today hides a gap that is still there (decision 0098).
    FUTURE = {
        "induction_on": "Induction date must be today or in the past",
        "agreement_signed_on": "Agreement date must be today or in the past",
    }

    def __init__(self, *args, candidates, worker_days: str, names_lead_gp: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["invalid"] = STALE_RELATIONSHIP
        if names_lead_gp:
            self.fields["lead_gp"].queryset = candidates
            self.fields["lead_gp"].label_from_instance = lambda user: user.get_full_name()
        else:  # shown read-only on the page instead (may_name_lead_gp)
            for name in ("lead_gp", "lead_gp_name", "lead_gp_email"):
                del self.fields[name]
        self.fields["room_days"].help_text = f"The link worker is placed here on: {worker_days}"

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name, message in self.FUTURE.items():
            if data.get(name) and data[name] > today:
                self.add_error(name, message)
        if data.get("lead_gp") and data.get("lead_gp_name"):
            self.add_error(
                "lead_gp_name", "Choose the lead GP from the list or type their name, not both"
            )
        if data.get("lead_gp_email") and not data.get("lead_gp_name"):
            self.add_error("lead_gp_name", "Enter the lead GP's name as well as their email")
        return data


class ConcernForm(NHSForm):
    subject = forms.CharField(
        label="What is the concern about?",
        max_length=200,
        help_text="A few words, for example 'No room on Tuesdays since March'",
        error_messages={"required": "Enter what the concern is about, in a few words"},
    )
    detail = forms.CharField(
        label="Tell us more",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened and what you would like to change (no patient's name)",
        error_messages={"required": "Tell us more about the concern: what happened"},
    )
    practice = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Practice",
        empty_label="Not about one practice",
        help_text="Its lead GP is told as well as the team lead",
        error_messages={"invalid_choice": "Choose one of your practices from the list"},
    )
    case = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Case (optional)",
        empty_label="Not about a case",
        error_messages={"invalid_choice": "Choose one of the cases listed"},
    )

    def __init__(self, *args, practices, cases, practice_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices
        if practice_required:  # practice staff raise concerns about their own practice
            self.fields["practice"].required = True
            self.fields["practice"].empty_label = "Choose your practice"
            self.fields["practice"].error_messages["required"] = "Choose your practice"
        if len(practices) == 1 and not self.fields["practice"].initial:
            self.fields["practice"].initial = practices[0].pk
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = case_label
        if not cases.exists():
            del self.fields["case"]


def case_label(case) -> str:
    """A case by its number, the person's initials and when it opened: enough to tell
    one's own cases apart, naming no one in full."""
    person = case.person
    initials = f"{person.given_name[:1]}{person.family_name[:1]}".upper()
    return f"Case {case.pk} ({initials}, opened {case.opened_on:%d %b %Y})"


class AnswerForm(NHSForm):
    answer = forms.CharField(
        label="Your answer",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The person who raised the concern reads it",
        error_messages={"required": "Write your answer to the concern"},
    )
