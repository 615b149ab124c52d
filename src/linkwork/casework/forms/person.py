"""Who the person is: the referral forms' fields, and the worker's fuller record."""

from django import forms
from django.utils import timezone

from linkwork.casework.models import Person, ReferralConsent, Sex
from linkwork.casework.rules import TEXT_LIMITS
from linkwork.casework.services import PersonDetails
from linkwork.core.chi import birth_date_mismatch, check_chi, chi_birth_dates, normalise_chi
from linkwork.core.forms import DateParts, NHSForm, VersionedForm, coded_choices
from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.core.text import too_long


class PersonFields(NHSForm):
    """Who is being referred. Bad input is named per field; typed values are kept."""

    whose = "their"  # "your" on the form people fill in about themselves

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
        required=False,  # a valid CHI number gives it (clean)
        widget=DateParts(),
        help_text="Not needed if you give the CHI number, which starts with it. "
        "For example, 15 7 1982",
        error_messages={
            "required": "Enter their date of birth",
            "invalid": "Enter the date of birth as a real date, for example 15 7 1982",
        },
    )
    born_century = forms.ChoiceField(
        label="Year of birth",
        required=False,
        choices=[("19", "19"), ("20", "20")],
        widget=forms.RadioSelect,
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
        choices=coded_choices("contact_methods"),
        widget=forms.RadioSelect,
    )
    safe_to_leave_message = forms.BooleanField(
        required=False, label="It is safe to leave a message"
    )
    safe_times_to_call = forms.CharField(label="Safe times to call", required=False, max_length=200)
    # Asked, never assumed: a blank shows as "Not recorded", not as English.
    preferred_language = forms.CharField(label="Preferred language", required=False, max_length=60)
    interpreter_needed = forms.BooleanField(required=False, label="Needs an interpreter")

    def clean_chi(self) -> str:
        value = normalise_chi(self.cleaned_data.get("chi"))
        if not value:
            return ""
        check = check_chi(value)
        if not check.is_valid:
            raise forms.ValidationError(self.chi_error(check))
        return value

    def chi_error(self, check) -> str:
        return check.message

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if value and not is_valid_postcode(value):
            raise forms.ValidationError("Enter a full UK postcode, like G51 3HR")
        return normalise_postcode(value) if value else ""

    # Asked only when a CHI number's date could be in either century (clean).
    ask_century = False
    # Asked only when the date of birth typed disagrees with the CHI number's (clean): a
    # date in the future, say, is not put right by ticking that it is right.
    birth_dates_disagree = False

    @property
    def asks_to_confirm_date_of_birth(self) -> bool:
        return self.birth_dates_disagree or bool(self.data.get("confirm_date_of_birth"))

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past")
        return value

    def clean(self):
        cleaned = super().clean()
        chi, born = cleaned.get("chi"), cleaned.get("date_of_birth")
        if born is None and "date_of_birth" not in self.errors:
            cleaned["date_of_birth"] = self._born_from_chi(chi, cleaned.get("born_century"))
        if not cleaned.get("sex"):
            if chi:
                cleaned["sex"] = check_chi(chi).sex
            elif "sex" not in self.errors and "chi" not in self.errors:
                # A mistyped CHI number, once put right, gives the sex: asked only without one.
                self.add_error("sex", f"Select {self.whose} sex")
        # A mismatch is a warning the user confirms, not a refusal (see core/chi.py).
        self.birth_dates_disagree = bool(chi and born and birth_date_mismatch(chi, born))
        if self.birth_dates_disagree and not cleaned.get("confirm_date_of_birth"):
            self.add_error("date_of_birth", self.birth_date_mismatch_error(chi))
        return cleaned

    def _born_from_chi(self, chi: str, century: str | None):
        """The date of birth a valid CHI number gives; the century asked only when its
        DDMMYY could be either (born_century)."""
        who = "you were" if self.whose == "your" else "they were"
        if not chi:
            if "chi" not in self.errors:
                self.add_error(
                    "date_of_birth",
                    f"Enter {self.whose} date of birth, or {self.whose} CHI number (it starts "
                    "with the date of birth)",
                )
            return None
        dates = chi_birth_dates(chi, timezone.localdate())
        if not dates:
            self.add_error(
                "date_of_birth",
                f"Enter {self.whose} date of birth: the CHI number's first 6 digits "
                f"({chi[:2]}/{chi[2:4]}/{chi[4:6]}) are not a date of birth in the past",
            )
            return None
        if len(dates) == 1:
            return dates[0]
        chosen = next((d for d in dates if f"{d.year}".startswith(century or "-")), None)
        if chosen is None:
            self.ask_century = True
            self.fields["born_century"].choices = [(f"{d.year}"[:2], f"{d.year}") for d in dates]
            self.add_error(
                "born_century",
                f"Select the year {who} born: the CHI number gives "
                f"{dates[0]:%-d %B} of {dates[0].year} or {dates[1].year}",
            )
        return chosen

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
            address=(data.get("address") or "").strip(),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            preferred_contact=data.get("preferred_contact", ""),
            safe_to_leave_message=data.get("safe_to_leave_message", False),
            safe_times_to_call=data.get("safe_times_to_call", ""),
            preferred_language=data.get("preferred_language", ""),
            interpreter_needed=data.get("interpreter_needed", False),
        )


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
        choices=[("", "Not recorded"), *coded_choices("ethnicity")],
        help_text="Scotland's Census categories. Ask; do not assume.",
    )
    # Consent and sharing (decision 0108): what every onward link respects.
    referral_consent = forms.ChoiceField(
        label="Do they agree to be referred on to other organisations?",
        choices=ReferralConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they agree to onward referrals"},
    )
    may_share_contact_details = forms.BooleanField(
        required=False, label="Their name and contact details may be shared with organisations"
    )
    may_share_safety_flags = forms.BooleanField(
        required=False, label="Safety flags may be shared with community organisations"
    )
    refused_organisations = forms.ModelMultipleChoiceField(
        label="Organisations they do not want their details shared with",
        queryset=Person.objects.none(),  # the directory's organisations (__init__)
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick one to allow it again.",
        error_messages={"invalid_choice": "Choose organisations from the directory"},
    )
    refuse_organisation = forms.ModelChoiceField(
        label="Add an organisation they do not want their details shared with",
        queryset=Person.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose an organisation from the directory"},
    )
    version = VersionedForm.base_fields["version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The worker's record keeps a typed date of birth (it is there already).
        self.fields["date_of_birth"].required = True
        self.fields["date_of_birth"].help_text = "For example, 15 7 1982"
        # The directory sits above casework: its organisations are reached through the
        # relation that names them, not by import.
        organisations = Person.refused_organisations.field.related_model.objects.order_by("name")
        self.fields["refused_organisations"].queryset = organisations
        self.fields["refuse_organisation"].queryset = organisations

    @classmethod
    def recorded(cls, person) -> dict:
        """The person as recorded, as this form takes it (the page's initial values, and
        what the API's changes go over)."""
        data = {name: getattr(person, name) for name in cls.base_fields if hasattr(person, name)}
        data["refused_organisations"] = list(
            person.refused_organisations.values_list("pk", flat=True)
        )
        return data

    def show_refused_of(self, person) -> None:
        """On the page, tick boxes for the organisations already refused only (the list to
        add one from holds them all)."""
        self.fields["refused_organisations"].queryset = person.refused_organisations.order_by(
            "name"
        )

    def person_fields(self) -> dict:
        data = self.cleaned_data
        fields = vars(self.person_details())
        refused = list(data["refused_organisations"] or ())
        if data.get("refuse_organisation") and data["refuse_organisation"] not in refused:
            refused.append(data["refuse_organisation"])
        fields.update(
            email=data["email"],
            ethnicity=data["ethnicity"],
            address=data["address"].strip(),
            referral_consent=data["referral_consent"],
            may_share_contact_details=data["may_share_contact_details"],
            may_share_safety_flags=data["may_share_safety_flags"],
            refused_organisations=refused,
        )
        return fields
