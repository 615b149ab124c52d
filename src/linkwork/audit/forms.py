from django import forms

from linkwork.audit.models import Action


class AuditSearchForm(forms.Form):
    use_required_attribute = False

    username = forms.CharField(required=False, label="Username")
    action = forms.ChoiceField(
        required=False, choices=[("", "Any action"), *Action.choices], label="Action"
    )
    person_id = forms.IntegerField(
        required=False,
        min_value=1,
        label="Person record number",
        help_text="The number shown on the person's case page.",
        error_messages={"invalid": "Enter the person record number as a whole number"},
    )
    date_from = forms.DateField(
        required=False,
        label="From date",
        help_text="For example, 2026-11-01",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the from date as a date, for example 2026-11-01"},
    )
    date_to = forms.DateField(
        required=False,
        label="To date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the to date as a date, for example 2026-11-30"},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filter(self, events):
        data = self.cleaned_data
        if data.get("username"):
            events = events.filter(actor_username__iexact=data["username"].strip())
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("person_id"):
            events = events.filter(person_id=data["person_id"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events
