"""The coded messages page's forms: which messages to list (a GET form: the page's, its
pages' and the download's) and which were ticked to mark as filed (the page's POST)."""

from django import forms
from django.utils.formats import date_format

from linkwork.core.forms import NHSForm

TO_FILE, FILED = "to-file", "filed"
SHOWN = (("", "All, those to file first"), (TO_FILE, "To file"), (FILED, "Filed"))
# The most ticked at one sitting: a page's worth and more, never an unbounded IN (...).
TICKED_LIMIT = 200
NOTHING_TICKED = "Select the messages you have entered into the GP record"


class MessageFilterForm(NHSForm):
    show = forms.ChoiceField(label="Show", required=False, choices=SHOWN)
    month = forms.ChoiceField(label="Month of the message", required=False)

    def __init__(self, data=None, *, months):
        """`months`: the first day of each month the practice has messages in."""
        super().__init__(data)
        self.fields["month"].choices = [
            ("", "Any month"),
            *((f"{month:%Y-%m}", date_format(month, "F Y")) for month in months),
        ]

    def filtered(self, messages):
        """The messages under each filter chosen right; one chosen wrong is left out (and
        named on the page)."""
        self.is_valid()  # cleaned_data keeps the fields chosen right
        show, month = self.cleaned_data.get("show"), self.cleaned_data.get("month")
        if show:
            messages = messages.filter(filed_at__isnull=show == TO_FILE)
        if month:
            year, number = (int(part) for part in month.split("-"))
            messages = messages.filter(occurred_on__year=year, occurred_on__month=number)
        return messages


class TickedMessages(forms.ModelMultipleChoiceField):
    """The messages ticked, among those the user may file; an id not among them (another
    practice's, or not a number) is passed over, as an unticked box is."""

    def _check_values(self, value):
        ids = [int(v) for v in value if isinstance(v, str) and _an_id(v)][:TICKED_LIMIT]
        return self.queryset.filter(pk__in=ids)

    def clean(self, value):
        chosen = super().clean(value)
        if not chosen:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return chosen


class TickedForm(NHSForm):
    message = TickedMessages(
        label="Messages entered into the GP record",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NOTHING_TICKED},
    )

    def __init__(self, data=None, *, messages):
        """`messages`: those the user may file, in the page's order."""
        super().__init__(data)
        self.fields["message"].queryset = messages


def _an_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) < 19  # within a bigint
