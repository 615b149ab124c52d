"""Editing a service: the whole record for workers, the everyday parts for the organisation."""

import copy

from django import forms

from linkwork.core.codelists import codelist
from linkwork.core.forms import TIME, VersionedForm
from linkwork.core.postcodes import POSTCODE_HELP, is_valid_postcode, normalise_postcode
from linkwork.core.text import single_spaced
from linkwork.directory.search.query import DAYS
from linkwork.directory.services import WeeklyHours
from linkwork.organisations.models import HSCP

# What the organisation itself may change (the issue: description, opening times, capacity
# and how to refer); workers may change everything.
PARTNER_FIELDS = [
    "description",
    "how_to_refer",
    "referral_email",
    "referral_phone",
    "days",
    "opens_at",
    "closes_at",
    "hours_note",
    "version",  # the partner's edit is checked against the team's, and theirs against it
]

HOURS_FIELDS = ("days", "opens_at", "closes_at", "hours_note")


class ServiceForm(VersionedForm):
    name = forms.CharField(
        label="Name", max_length=250, error_messages={"required": "Enter the service's name"}
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the service in a sentence or two"},
    )
    needs = forms.MultipleChoiceField(
        label="Needs it meets",
        choices=codelist("needs").choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one"},
    )
    how_to_refer = forms.MultipleChoiceField(
        label="How to refer",
        choices=codelist("how_to_refer").choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    referral_email = forms.EmailField(
        label="Referral email (a shared mailbox)",
        required=False,
        error_messages={"invalid": "Enter an email address like referrals@example.org"},
    )
    referral_phone = forms.CharField(label="Referral phone", required=False, max_length=30)
    formats = forms.MultipleChoiceField(
        label="Format",
        choices=codelist("service_formats").choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    days = forms.MultipleChoiceField(
        label="Open on",
        choices=list(DAYS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opens_at = forms.TimeField(
        label="Opens at",
        required=False,
        widget=TIME,
        error_messages={"invalid": "Enter the opening time like 09:30"},
    )
    closes_at = forms.TimeField(
        label="Closes at",
        required=False,
        widget=TIME,
        error_messages={"invalid": "Enter the closing time like 16:00"},
    )
    hours_note = forms.CharField(
        label="About the opening times",
        required=False,
        max_length=200,
        help_text="For example: first Tuesday of the month, or term time only",
    )
    eligibility_description = forms.CharField(label="Who it is for", required=False)
    minimum_age = forms.IntegerField(
        label="Minimum age",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the minimum age as a whole number, like 16",
            "min_value": "Enter a minimum age from 0 to 120",
            "max_value": "Enter a minimum age from 0 to 120",
        },
    )
    maximum_age = forms.IntegerField(
        label="Maximum age",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the maximum age as a whole number, like 65",
            "min_value": "Enter a maximum age from 0 to 120",
            "max_value": "Enter a maximum age from 0 to 120",
        },
    )
    eligible_gender = forms.ChoiceField(
        label="Open to",
        choices=codelist("eligible_genders").choices(),
        initial="any",
        error_messages={"required": "Choose who the service is open to"},
    )
    is_public = forms.BooleanField(
        label="Publish on the open Open Referral UK API", required=False, initial=True
    )
    fees_description = forms.CharField(
        label="Cost", required=False, max_length=200, help_text="Leave blank if it is free."
    )
    listed_by = forms.ModelMultipleChoiceField(
        label="Also listed by",
        queryset=HSCP.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Other HSCPs whose teams keep this service up to date too: for a service "
        "that crosses a boundary",
    )

    def __init__(self, *args, partner: bool = False, hours_rows: int = 1, own_hscp=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_hours_rows(hours_rows)
        if partner:
            for name in list(self.fields):
                if _base(name) not in PARTNER_FIELDS:
                    del self.fields[name]
        elif own_hscp is not None:  # its organisation's HSCP keeps it anyway
            listed_by = self.fields["listed_by"]
            listed_by.queryset = listed_by.queryset.exclude(pk=own_hscp.pk)

    def _add_hours_rows(self, rows: int) -> None:
        """One set of opening-time fields per schedule the service has, so none is lost."""
        order = list(self.fields)
        after = order.index("hours_note") + 1
        added = []
        for row in range(2, rows + 1):
            for base in HOURS_FIELDS:
                field = copy.deepcopy(self.fields[base])
                field.label = f"{field.label} (opening time {row})"
                field.required = False
                self.fields[f"{base}_{row}"] = field
                added.append(f"{base}_{row}")
        self.order_fields(order[:after] + added + order[after:])

    def _rows(self) -> list[str]:
        """The suffix of each opening-time row: '' for the first, then _2, _3 ..."""
        return [""] + [f"_{n}" for n in range(2, 100) if f"days_{n}" in self.fields]

    def clean(self):
        data = super().clean()
        for row in self._rows():
            opens, closes = data.get(f"opens_at{row}"), data.get(f"closes_at{row}")
            if opens and closes and closes <= opens:
                self.add_error(f"closes_at{row}", "Closing time must be after opening time")
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", "Maximum age must not be below the minimum age")
        return data

    def hours(self) -> list[WeeklyHours] | None:
        data = self.cleaned_data
        if "days" not in data:
            return None
        rows = [
            WeeklyHours(
                days=data.get(f"days{row}") or [],
                opens_at=data.get(f"opens_at{row}"),
                closes_at=data.get(f"closes_at{row}"),
                description=data.get(f"hours_note{row}", ""),
            )
            for row in self._rows()
        ]
        # A row is dropped only when emptied; one with a note but no days is kept.
        return [h for h in rows if h.days or h.opens_at or h.closes_at or h.description]

    def listing(self) -> list[int] | None:
        """The HSCPs chosen to list the service too, as ids; None if the form has no such
        field (the organisation's own)."""
        chosen = self.cleaned_data.get("listed_by")
        return None if chosen is None else sorted(hscp.pk for hscp in chosen)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        kept_apart = ("needs", *HOURS_FIELDS, "formats", "note", "listed_by", "version")
        plain = [n for n in data if _base(n) not in kept_apart]
        fields = {name: data[name] for name in plain}
        if "formats" in data:
            formats = data["formats"]
            fields |= {
                "in_person": "in_person" in formats,
                "by_phone": "phone" in formats,
                "online": "online" in formats,
            }
        return fields


def _base(name: str) -> str:
    """days_2 -> days: the field an extra opening-time row repeats."""
    base, _, row = name.rpartition("_")
    return base if row.isdigit() and base in HOURS_FIELDS else name


def hours_rows(service) -> int:
    return max(1, service.schedules.count())


def _hours_initial(service) -> dict:
    initial = {}
    for index, schedule in enumerate(service.schedules.all()):
        row = "" if index == 0 else f"_{index + 1}"
        initial |= {
            f"days{row}": schedule.byday.split(",") if schedule.byday else [],
            f"opens_at{row}": schedule.opens_at,
            f"closes_at{row}": schedule.closes_at,
            f"hours_note{row}": schedule.description,
        }
    return initial


def initial_for(service) -> dict:
    return {
        "name": service.name,
        "description": service.description,
        "needs": [n.need for n in service.needs.all()],
        "how_to_refer": service.how_to_refer,
        "referral_email": service.referral_email,
        "referral_phone": service.referral_phone,
        "formats": [c for c in ("in_person", "phone", "online") if service.offers(c)],
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "eligible_gender": service.eligible_gender,
        "fees_description": service.fees_description,
        "is_public": service.is_public,
        "listed_by": list(service.listed_by.all()),
        "version": service.version,
        **_hours_initial(service),
    }


def form_for(form_class, service, data=None, **kwargs):
    """`form_class` (ServiceForm or one of its kind) holding the service's details."""
    return form_class(
        data,
        initial=initial_for(service),
        hours_rows=hours_rows(service),
        own_hscp=service.organisation.hscp,
        **kwargs,
    )


class NewServiceForm(ServiceForm):
    """A service a worker adds: which organisation, and where it meets."""

    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
        help_text="An existing organisation's exact name "
        "adds the service to it; a new name adds the organisation too.",
    )
    address_1 = forms.CharField(label="Address", max_length=200, required=False)
    city = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    field_order = ["organisation_name", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["listed_by"]  # shared once the service exists, by its keepers

    def clean_organisation_name(self) -> str:
        return single_spaced(self.cleaned_data["organisation_name"])

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if value and not is_valid_postcode(value):
            raise forms.ValidationError(f"{POSTCODE_HELP}.")
        return normalise_postcode(value)


class VerifyForm(ServiceForm):
    note = forms.CharField(
        label="What changed?",
        required=False,
        max_length=500,
        help_text="What you checked and with whom; leave blank if nothing changed.",
    )


class SuggestionForm(ServiceForm):
    """The worker's edit form, for someone who reads a service but does not keep it."""

    note = forms.CharField(
        label="How do you know?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: I phoned them on 3 March. The service's keepers read this.",
        error_messages={"required": "Say how you know, so the service's keepers can check it"},
    )
