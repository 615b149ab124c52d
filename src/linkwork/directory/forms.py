"""Directory forms. Bad input is named per field and what was typed is kept."""

from django import forms

from linkwork.accounts.people.forms import unused_email
from linkwork.core.forms import NHSForm, coded_choices
from linkwork.directory import digest
from linkwork.directory.search.query import (
    DAYS,
    DEFAULT_RADIUS_KM,
    DISTANCE_WITHOUT_PLACE,
    Query,
)
from linkwork.places.geocoding import looks_like_postcode

ANY = [("", "Any")]
DEFAULT_RADIUS = f"{DEFAULT_RADIUS_KM:g}"  # the search's own default, as the form's choice
RADII = [(f"{km:g}", f"{km:g} km") for km in (1, 2, DEFAULT_RADIUS_KM, 10, 25)] + [
    ("any", "Any distance")
]


class SearchForm(NHSForm):
    q = forms.CharField(
        label="What are you looking for?",
        required=False,
        max_length=200,
        help_text="For example: walking group for anxious older men",
    )
    need = forms.ChoiceField(label="Need", choices=ANY + coded_choices("needs"), required=False)
    postcode = forms.CharField(
        label="Near postcode",
        required=False,
        max_length=20,
        error_messages={"max_length": "Enter a full postcode or a postcode district, like G51"},
        help_text="A full postcode or a district, like G51 3HR or G51",
        widget=forms.TextInput(attrs={"autocomplete": "off", "width": 10}),
    )
    radius = forms.ChoiceField(
        label="Within", choices=RADII, initial=DEFAULT_RADIUS, required=False
    )
    day = forms.ChoiceField(label="Open on", choices=ANY + list(DAYS.items()), required=False)
    format = forms.ChoiceField(
        label="Format", choices=ANY + coded_choices("service_formats"), required=False
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
        error_messages={
            "invalid": "Enter the age as a whole number, like 58",
            "min_value": "Enter an age from 0 to 120",
            "max_value": "Enter an age from 0 to 120",
        },
    )
    gender = forms.ChoiceField(
        label="Open to",
        choices=[("", "Anyone"), ("women", "Women"), ("men", "Men")],
        required=False,
    )
    language = forms.CharField(
        label="Language", required=False, max_length=40, help_text="For example: Polish or pl"
    )
    free = forms.BooleanField(label="Free only", required=False)
    include_full = forms.BooleanField(label="Include full and paused services", required=False)

    def __init__(self, data=None, *args, home_postcode: str = "", **kwargs):
        """`home_postcode`: the person's, when searching for a case: distances are then
        measured from their home unless another postcode is typed."""
        self.given = data  # what the worker sent, before the default radius is filled in
        self.home_postcode = home_postcode
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = DEFAULT_RADIUS
        super().__init__(data, *args, **kwargs)

    def clean(self):
        """A distance chosen with no place to measure from is named, not ignored. The
        default distance is what the list shows before anyone chooses, so it alone is no
        choice (a search by words only sends it too)."""
        cleaned = super().clean()
        radius = cleaned.get("radius")
        chose_distance = radius not in (None, "", "any", DEFAULT_RADIUS)
        if (
            chose_distance
            and "postcode" in cleaned
            and not (cleaned["postcode"] or self.home_postcode)
        ):
            self.add_error("postcode", DISTANCE_WITHOUT_PLACE)
            self.add_error("radius", DISTANCE_WITHOUT_PLACE)
        return cleaned

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and not looks_like_postcode(value):
            raise forms.ValidationError(
                "Enter a full postcode or a postcode district, like G51 3HR or G51"
            )
        return value

    def query(self, *, default_postcode: str = "") -> Query:
        data = self.cleaned_data if self.is_valid() else {}
        radius = data.get("radius") or DEFAULT_RADIUS
        return Query(
            text=data.get("q", ""),
            need=data.get("need", ""),
            postcode=data.get("postcode") or default_postcode,
            radius_km=None if radius == "any" else float(radius),
            day=data.get("day", ""),
            free_only=data.get("free", False),
            age=data.get("age"),
            gender=data.get("gender", ""),
            include_full=data.get("include_full", False),
            language=data.get("language", ""),
            format=data.get("format", ""),
        )

    @property
    def asked(self) -> bool:
        """Has the worker searched yet (rather than just opened the page)?"""
        return self.is_bound and any(self.given.get(name) for name in self.fields)


class UnmetNeedForm(NHSForm):
    need = forms.ChoiceField(
        label="Need",
        choices=[("", "Choose the need")] + coded_choices("needs"),
        error_messages={"required": "Choose the need that could not be met"},
    )
    reason = forms.ChoiceField(
        label="Why could it not be met?",
        choices=coded_choices("unmet_need_reasons"),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the need could not be met"},
    )
    area = forms.CharField(label="Area", required=False, max_length=8)
    note = forms.CharField(
        label="Note (no names)",
        required=False,
        max_length=300,
        help_text="What was looked for. Do not write who it was for.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "unmet_%s")  # the search form beside it has a `need` too
        super().__init__(*args, **kwargs)


CHOOSE_CAPACITY = "Choose open, waiting list, full or paused."
WAIT_WEEKS = "Typical wait: enter a whole number of weeks from 0 to 104, or leave it blank."


class CapacityForm(NHSForm):
    status = forms.ChoiceField(
        label="Capacity",
        choices=coded_choices("capacity_statuses"),
        error_messages={"required": CHOOSE_CAPACITY, "invalid_choice": CHOOSE_CAPACITY},
    )
    wait_weeks = forms.IntegerField(
        label="Typical wait in weeks",
        required=False,
        min_value=0,
        max_value=104,
        error_messages={"invalid": WAIT_WEEKS, "min_value": WAIT_WEEKS, "max_value": WAIT_WEEKS},
    )
    note = forms.CharField(label="Note", required=False, max_length=300)


class InviteForm(NHSForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label="Choose the organisation",
        error_messages={"required": "Choose the organisation they work for"},
    )
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter their first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter their last name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their own work address: the invitation goes there.",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_email(self) -> str:
        return unused_email(self.cleaned_data["email"])


class DecisionForm(NHSForm):
    """A keeper's answer to a suggested change: the button pressed, and why."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject")],
        error_messages={
            "required": "Choose accept or reject",
            "invalid_choice": "Choose accept or reject",
        },
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to reject: the person who suggested the change reads it.",
    )


class DigestForm(NHSForm):
    """The directory digest's month (a GET form); empty is the month to today."""

    month = forms.CharField(
        label="Month",
        required=False,
        help_text="Year and month, for example 2026-11. Leave empty for the month to today.",
    )

    def clean_month(self):
        try:
            return digest.period(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
