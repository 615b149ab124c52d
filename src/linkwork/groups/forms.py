"""Forms for groups: the group, its meetings, inviting people, one meeting's attendance.
Each bad answer is named by its field, with the fix."""

from datetime import datetime

from django import forms
from django.utils import timezone

from linkwork.casework.rules import SESSION_MINUTES, SESSION_TOO_LONG, SESSION_TOO_SHORT
from linkwork.core.forms import DATE, TIME, NHSForm, coded_choices
from linkwork.core.postcodes import POSTCODE_HELP, is_valid_postcode, normalise_postcode
from linkwork.groups import rules


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, worker) -> str:
        return worker.user.get_full_name() or worker.user.username


class GroupForm(NHSForm):
    name = forms.CharField(
        label="Name of the group",
        max_length=120,
        help_text="For example, Govan walking group",
        error_messages={"required": "Enter the name of the group"},
    )
    description = forms.CharField(
        label="What happens at the group (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    venue = forms.CharField(
        label="Where it meets (optional)",
        required=False,
        max_length=200,
        help_text="For example, Elderpark Library, community room",
    )
    postcode = forms.CharField(
        label="Postcode of the venue (optional)",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"width": 10, "autocomplete": "off"}),
    )
    capacity = forms.IntegerField(
        label="How many people it can take",
        min_value=rules.CAPACITY[0],
        max_value=rules.CAPACITY[1],
        widget=forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        error_messages={
            "required": rules.CAPACITY_WRONG,
            "invalid": rules.CAPACITY_WRONG,
            "min_value": rules.CAPACITY_WRONG,
            "max_value": rules.CAPACITY_WRONG,
        },
    )
    lead = WorkerChoice(
        label="Who leads it",
        queryset=None,
        empty_label="Choose a link worker",
        error_messages={"required": "Choose the link worker who leads the group"},
    )
    co_worker = WorkerChoice(
        label="Co-worker (optional)",
        queryset=None,
        required=False,
        empty_label="No co-worker",
        error_messages={"invalid_choice": rules.CO_WORKER_NOT_LISTED},
    )
    list_in_directory = forms.BooleanField(
        label="List it in the directory, so others can refer people to it",
        required=False,
    )
    need = forms.ChoiceField(
        label="Which need it meets, for the directory (optional)",
        required=False,
        choices=[("", "Choose a need")] + coded_choices("needs"),
    )

    # What the group service takes as it is (the lead is chosen or is the user).
    GROUP_FIELDS = (
        "name",
        "description",
        "venue",
        "postcode",
        "capacity",
        "co_worker",
        "list_in_directory",
        "need",
    )

    def __init__(self, *args, workers, leads, lead=None, **kwargs):
        """`workers`: the HSCP's link workers, any of whom may co-run the group; `leads`,
        those the user may name as its lead; `lead` given, the user leads it."""
        super().__init__(*args, **kwargs)
        co_worker = self.fields["co_worker"]
        co_worker.queryset = workers
        if lead is not None:
            del self.fields["lead"]
            # The lead is not offered, but still accepted here: the group service then
            # says why they cannot be their own co-worker (rules.CO_WORKER_IS_LEAD).
            co_worker.widget.choices = [c for c in co_worker.choices if c[0] != lead.pk]
        else:
            self.fields["lead"].queryset = leads.select_related("user")

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if value and not is_valid_postcode(value):
            raise forms.ValidationError(POSTCODE_HELP)
        return normalise_postcode(value) if value else ""


class MeetingsForm(NHSForm):
    date = forms.DateField(
        label="Date of the (first) meeting",
        widget=DATE,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    time = forms.TimeField(
        label="Start time",
        widget=TIME,
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 10:30"},
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=90,
        min_value=SESSION_MINUTES[0],
        max_value=SESSION_MINUTES[1],
        widget=forms.NumberInput(attrs={"width": 3, "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long the meeting is, in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": SESSION_TOO_SHORT,
            "max_value": SESSION_TOO_LONG,
        },
    )
    weeks = forms.IntegerField(
        label="How many weeks",
        initial=1,
        min_value=rules.WEEKS[0],
        max_value=rules.WEEKS[1],
        help_text="1 for a single meeting; 10 adds the same day and time for 10 weeks",
        widget=forms.NumberInput(attrs={"width": 2, "inputmode": "numeric"}),
        error_messages={
            "required": rules.WEEKS_WRONG,
            "invalid": rules.WEEKS_WRONG,
            "min_value": rules.WEEKS_WRONG,
            "max_value": rules.WEEKS_WRONG,
        },
    )

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class CaseChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, case) -> str:
        return case.person.full_name


class InviteForm(NHSForm):
    cases = CaseChoices(
        label="Who to invite",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="People on your caseload with an open case",
        error_messages={
            "required": rules.NOBODY_CHOSEN,
            "invalid_choice": rules.NOT_ON_CASELOAD,
            "invalid_pk_value": rules.NOT_ON_CASELOAD,
        },
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases


class AttendanceForm(NHSForm):
    """One question per person invited: attended, did not attend or cancelled."""

    def __init__(self, *args, members, recorded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {}
        for member in members:
            key = f"member_{member.pk}"
            self.members[key] = member
            self.fields[key] = forms.ChoiceField(
                label=member.case.person.full_name,
                choices=rules.ATTENDANCE_CHOICES,
                required=False,
                initial=recorded.get(member.pk, ""),
                widget=forms.RadioSelect(
                    attrs={
                        "class": "nhsuk-radios--inline",
                        "legend_class": "nhsuk-fieldset__legend--s",
                    }
                ),
                error_messages={"invalid_choice": rules.OUTCOME_WRONG},
            )

    def clean(self):
        cleaned = super().clean()
        if self.members and not any(cleaned.get(key) for key in self.members):
            raise forms.ValidationError(rules.NOTHING_RECORDED)
        return cleaned

    def outcomes(self) -> dict:
        return {member: self.cleaned_data.get(key, "") for key, member in self.members.items()}
