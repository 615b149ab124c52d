"""Other agencies on a case, and holding the case while the person waits for one."""

from django import forms
from django.utils import timezone

from linkwork.casework.agencies import HOLDING_REASON_MISSING, HOLDING_REVIEW_MISSING
from linkwork.core.forms import DATE, VersionedForm, coded_choices
from linkwork.core.text import too_long


class AgencyForm(VersionedForm):
    agency_type = forms.ChoiceField(
        label="Kind of agency",
        choices=coded_choices("agency_types"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )
    name = forms.CharField(
        label="Team or service",
        max_length=150,
        help_text="For example: Govan Community Mental Health Team.",
        error_messages={"required": "Enter the team or service"},
    )
    contact_name = forms.CharField(label="Contact name", max_length=150, required=False)
    contact_role = forms.CharField(
        label="Their role", max_length=100, required=False, help_text="For example: CPN."
    )
    phone = forms.CharField(
        label="Phone", max_length=20, required=False, widget=forms.TextInput(attrs={"width": 20})
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("note", 500)},
    )

    def agency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class EndAgencyForm(VersionedForm):
    ended_on = forms.DateField(
        label="Date no longer involved",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )


class HoldForm(VersionedForm):
    holding_reason = forms.CharField(
        label="Why is the case holding?",
        max_length=200,
        initial="Waiting for another service",
        help_text="For example: waiting for a mental health assessment.",
        error_messages={
            "required": HOLDING_REASON_MISSING,
            "max_length": too_long("reason", 200),
        },
    )
    waiting_for = forms.CharField(
        label="Agency or service they are waiting for (optional)",
        max_length=200,
        required=False,
    )
    holding_review_on = forms.DateField(
        label="Review by",
        widget=DATE,
        help_text="When you will check in on how they are, and whether to keep holding.",
        error_messages={"required": HOLDING_REVIEW_MISSING, "invalid": "Enter a real date"},
    )
