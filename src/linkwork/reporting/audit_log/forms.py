"""Searching the audit log and asking for one person's access history. Every message
names the field and the fix."""

from dataclasses import dataclass

from django import forms

from linkwork.audit.models import Action
from linkwork.core.chi import check_chi, normalise_chi
from linkwork.core.forms import NHSForm
from linkwork.reporting.audit_log import people

PERSON_HELP = "Their 10-digit CHI number, or the record number shown on their case page"
NOT_A_PERSON = (
    "Enter the person's CHI number (10 digits) or their record number (digits only), "
    "for example 0101011237 or 42"
)
DATE = forms.DateInput(attrs={"type": "date"})


@dataclass(frozen=True)
class PersonQuery:
    """A person asked for by CHI number (any of their records) or by one record number."""

    chi: str = ""
    record: int | None = None

    def record_ids(self) -> list[int]:
        return people.person_ids_with_chi(self.chi) if self.chi else [self.record]


class PersonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Person (CHI number or record number)")
        kwargs.setdefault("help_text", PERSON_HELP)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = NOT_A_PERSON

    def clean(self, value) -> PersonQuery | None:
        text = super().clean(value)
        digits = normalise_chi(text)
        if not digits:
            return None
        if not digits.isdigit():
            raise forms.ValidationError(NOT_A_PERSON, code="invalid")
        if len(digits) >= 10:
            check = check_chi(digits)
            if not check.is_valid:
                raise forms.ValidationError(check.message, code=check.result)
            return PersonQuery(chi=digits)
        if int(digits) < 1:
            raise forms.ValidationError(NOT_A_PERSON, code="invalid")
        return PersonQuery(record=int(digits))


class AuditSearchForm(NHSForm):
    person = PersonField(required=False)
    username = forms.CharField(
        required=False,
        max_length=150,
        label="User (username)",
        help_text="Who looked or changed something, for example aileen",
        error_messages={"max_length": "Enter a username of 150 characters or fewer"},
    )
    hscp = forms.ChoiceField(
        required=False,
        label="HSCP",
        error_messages={"invalid_choice": "Select the HSCP from the list"},
    )
    action = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), *Action.choices],
        label="What they did",
        error_messages={"invalid_choice": "Select what they did from the list"},
    )
    date_from = forms.DateField(
        required=False,
        label="From date",
        help_text="For example, 2026-11-01",
        widget=DATE,
        error_messages={"invalid": "Enter the from date as a date, for example 2026-11-01"},
    )
    date_to = forms.DateField(
        required=False,
        label="To date",
        help_text="For example, 2026-11-30",
        widget=DATE,
        error_messages={"invalid": "Enter the to date as a date, for example 2026-11-30"},
    )

    def __init__(self, *args, hscps: dict[int, str], **kwargs):
        """`hscps`: the HSCPs whose log the user may read. With one, there is no choice."""
        super().__init__(*args, **kwargs)
        if len(hscps) > 1:
            self.fields["hscp"].choices = [("", "All"), *((str(k), v) for k, v in hscps.items())]
        else:
            del self.fields["hscp"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filter(self, events):
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(person_id__in=data["person"].record_ids())
        if data.get("username"):
            events = events.filter(actor_username__iexact=data["username"].strip())
        if data.get("hscp"):
            events = events.filter(hscp_id=int(data["hscp"]))
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events


class SubjectAccessForm(NHSForm):
    person = PersonField(
        error_messages={"required": "Enter the person's CHI number or record number"}
    )
