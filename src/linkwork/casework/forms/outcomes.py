"""Social outcomes: what changed in the person's life, recorded when it happens."""

from django import forms
from django.utils import timezone

from linkwork.casework.rules import OUTCOME_MESSAGES, TEXT_LIMITS, social_outcome_errors
from linkwork.core.forms import DATE, CodedRadios, VersionedForm, coded_choices
from linkwork.core.text import too_long

# The fields only one kind of outcome asks for, shown under its radio (NHS conditional
# radios) and checked only for that kind.
REVEALED = {"income_gained": ("amount", "period"), "registered_with_service": ("service_name",)}


class PoundsField(forms.DecimalField):
    """Pounds as people type them: "£1,250.50" is 1250.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class SocialOutcomeForm(VersionedForm):
    kind = forms.ChoiceField(
        label="What changed for the person?",
        choices=coded_choices("social_outcomes"),
        widget=CodedRadios("social_outcomes"),
        error_messages={"required": OUTCOME_MESSAGES["kind"]},
    )
    amount = PoundsField(
        label="Amount gained, in pounds",
        required=False,
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": "5"}),
        error_messages={
            "invalid": "Enter the amount gained as a number of pounds, like 85.50",
            "max_digits": OUTCOME_MESSAGES["amount_large"],
            "max_whole_digits": OUTCOME_MESSAGES["amount_large"],
            "max_decimal_places": "Enter the amount gained in pounds and pence, like 85.50",
        },
    )
    period = forms.ChoiceField(
        label="How often is it paid?",
        choices=coded_choices("income_periods"),
        widget=forms.RadioSelect,
        required=False,
    )
    service_name = forms.CharField(
        label="Which service?",
        help_text="For example: a dentist, their GP practice, social work.",
        required=False,
        max_length=120,
    )
    achieved_on = forms.DateField(
        label="Date achieved",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={
            "required": "Enter the date achieved",
            "invalid": "Enter the date achieved as a real date",
        },
    )
    link = forms.ChoiceField(label="Did a link lead to it?", required=False)
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="For example: award letter seen, tenancy signed.",
        required=False,
        max_length=TEXT_LIMITS["evidence"],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("evidence", TEXT_LIMITS["evidence"])},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        links = case.links.select_related("service") if case.pk else []
        self.links = {str(link.pk): link for link in links}
        self.fields["link"].choices = [("", "No, or not one made here")] + [
            (pk, f"{link.service.name} ({link.get_status_display().lower()})")
            for pk, link in self.links.items()
        ]

    def revealed_by(self, kind: str) -> list:
        return [self[name] for name in REVEALED.get(kind, ())]

    def clean(self):
        data = super().clean()
        if "kind" not in data or "amount" in self.errors:
            return data
        errors = social_outcome_errors(
            kind=data["kind"],
            achieved_on=data.get("achieved_on"),
            amount=data.get("amount"),
            period=data.get("period") or "",
            service_name=data.get("service_name") or "",
            opened_on=self.case.opened_on,
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        data["link"] = self.links.get(data.get("link") or "")
        return data
