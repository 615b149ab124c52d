from django import forms
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.forms import PersonFields
from linkwork.casework.rules import TEXT_LIMITS
from linkwork.core.codelists import codelist
from linkwork.core.forms import STALE_FORM, NHSForm, in_own_words
from linkwork.core.text import too_long
from linkwork.referrals.services import (
    ReferralDetails,
    SlotTaken,
    reach_problems,
    received_on_problem,
    safety_problem,
    urgency_problem,
)

DATE = forms.DateInput(attrs={"type": "date"})
ROUTES_RECORDED_BY_WORKERS = [
    "phone",
    "email",
    "letter",
    "face_to_face",
    "external_organisation",
    "gp_system_task",
    "docman",
]


def _choices(name: str, only: list[str] | None = None) -> list[tuple[str, str]]:
    pairs = codelist(name).choices()
    return [pair for pair in pairs if only is None or pair[0] in only]


# The referral form's fields most referrals do without, behind "More details": shown open
# when one of them holds something typed or has an error, so nothing is hidden or lost.
MORE_DETAILS = (
    "referrer_name",
    "referrer_organisation",
    "received_on",
    "sex",
    "email",
    "address",
    "contact_via_practice",
    "practice_contact_name",
    "preferred_contact",
    "safe_to_leave_message",
    "safe_times_to_call",
    "preferred_language",
    "interpreter_needed",
    "urgency",
    "reason_detail",
    "safety_flags",
    "safety_detail",
)


class ReferralForm(PersonFields):
    """The practice's referral form. With `recorded=True` it is the worker's form for a
    referral received by phone, email, letter or from another organisation. The fields most
    referrals need come first; the rest wait behind "More details" (MORE_DETAILS)."""

    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    address = forms.CharField(
        label="Address",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    contact_via_practice = forms.BooleanField(
        label="They have no phone, email or address to use: contact them through the practice",
        required=False,
    )
    practice_contact_name = forms.CharField(
        label="Who at the practice to ask for",
        required=False,
        max_length=150,
        help_text="For example, Lorraine on reception.",
    )

    reasons = forms.MultipleChoiceField(
        label="Reasons for referral",
        choices=_choices("needs"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "lw-two-columns"}),
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one reason for referral"},
    )
    reason_detail = forms.CharField(
        label="Anything else the link worker should know",
        help_text="If the referral is urgent, say why.",
        required=False,
        max_length=TEXT_LIMITS["reason_detail"],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": too_long(
                "answer to ‘Anything else the link worker should know’",
                TEXT_LIMITS["reason_detail"],
            )
        },
    )
    what_matters = forms.CharField(
        label="What matters to the person",
        required=False,
        max_length=TEXT_LIMITS["what_matters"],
        help_text="In their words, if you can.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": too_long("words on what matters to them", TEXT_LIMITS["what_matters"])
        },
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=_choices("urgency"),
        initial="routine",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent the referral is"},
    )
    safety_flags = forms.MultipleChoiceField(
        label="Safety concerns",
        required=False,
        choices=_choices("safety_flags"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Anything a worker visiting alone must know.",
    )
    safety_detail = forms.CharField(
        label="Safety details",
        required=False,
        max_length=TEXT_LIMITS["safety_detail"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_to_referral = forms.BooleanField(
        label="The person agrees to this referral and to their details being shared with "
        "the link worker service",
        # Said before it is needed: on a phone call the box is the only thing in the way,
        # and an error that only says to tick it reads as "tick it".
        help_text="Ask them first. If they do not agree, do not send the referral: nothing "
        "you have typed is kept.",
        error_messages={
            "required": "Tick to confirm the person agrees to the referral. If they do not "
            "agree, do not send it"
        },
    )
    slot = forms.ChoiceField(
        label="Offer a first appointment",
        required=False,
        widget=forms.RadioSelect,
        help_text="Book the person into a link worker's open slot now, if they want one.",
    )
    confirm_open_case = forms.BooleanField(
        required=False, label="Refer anyway: I know about the case or referral above"
    )
    confirm_intake = forms.BooleanField(
        required=False, label="Refer anyway: I know the referral will wait"
    )

    def __init__(
        self, *args, practices, slots=(), recorded: bool = False, host_settings=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.recorded = recorded
        self.fixed_host_setting = None  # a host setting's staff refer from their own
        # Typing a CHI number says at once whether it is a valid one (htmx).
        self.fields["chi"].widget.attrs.update(
            {
                "hx-get": reverse("referrals:check_chi"),
                "hx-trigger": "change",
                "hx-target": "#chi-check",
                "hx-swap": "innerHTML",
            }
        )
        if host_settings and (recorded or not practices):
            self._add_place_fields(practices, host_settings)
        elif len(practices) > 1 or recorded:
            self.fields["practice"] = forms.ModelChoiceField(
                label="GP practice",
                queryset=practices,
                # Chosen, never assumed, where there is a choice: a referral filed under
                # the wrong practice goes to the wrong worker and the wrong figures.
                empty_label="Select the practice" if len(practices) > 1 else None,
                error_messages={"required": "Select the person's GP practice"},
            )
            self.order_fields(["practice"])
        else:
            self.practice = practices[0]
        slot_choices = [(str(slot.pk), str(slot)) for slot in slots]
        # A slot sent from a form opened while it was free stays a field, so its
        # refusal is shown rather than the referral going through without it.
        if slot_choices or self.data.get("slot"):
            self.fields["slot"].choices = [("", "No appointment now"), *slot_choices]
            self.fields["slot"].error_messages["invalid_choice"] = str(SlotTaken())
        else:
            del self.fields["slot"]
        if recorded:
            self._add_recorded_fields()

    def _add_place_fields(self, practices, host_settings) -> None:
        """A host setting's referral (decision 0074): its own staff refer from it; a worker
        it hosts records one for a practice or for the setting."""
        if not practices and len(host_settings) == 1:
            self.fixed_host_setting = host_settings[0]
            # They reach the person through their setting: no practice is involved.
            where = self.fixed_host_setting.name
            self.fields[
                "contact_via_practice"
            ].label = f"They have no phone, email or address to use: contact them through {where}"
            self.fields["practice_contact_name"].label = f"Who at {where} to ask for"
            return
        if practices:
            self.fields["practice"] = forms.ModelChoiceField(
                label="GP practice",
                queryset=practices,
                required=False,
                empty_label="None: from a host setting",
            )
        self.fields["host_setting"] = forms.ModelChoiceField(
            label="Host setting" if practices else "Where you refer from",
            help_text="A setting such as a homelessness service, where not a GP practice",
            queryset=host_settings,
            required=not practices,
            empty_label="None: for a GP practice" if practices else None,
            error_messages={"required": "Select the host setting you refer from"},
        )
        self.order_fields(["practice", "host_setting"])

    def _add_recorded_fields(self) -> None:
        self.fields["route"] = forms.ChoiceField(
            label="How the referral arrived",
            choices=_choices("referral_routes", ROUTES_RECORDED_BY_WORKERS),
            widget=forms.RadioSelect,
            error_messages={"required": "Select how the referral arrived"},
        )
        self.fields["referrer_role"] = forms.ChoiceField(
            label="Who referred",
            choices=[("", "Select who referred"), *_choices("referrer_roles")],
            widget=forms.Select,
            error_messages={"required": "Select who referred"},
        )
        self.fields["referrer_name"] = forms.CharField(
            label="Referrer's name", required=False, max_length=150
        )
        self.fields["referrer_organisation"] = forms.CharField(
            label="Referrer's organisation", required=False, max_length=150
        )
        self.fields["received_on"] = forms.DateField(
            label="Date received",
            widget=DATE,
            initial=timezone.localdate,
            error_messages={
                "required": "Enter the date the referral was received",
                "invalid": "Enter the date received as a real date",
            },
        )
        self.order_fields(
            [
                "practice",
                "host_setting",
                "route",
                "referrer_role",
                "referrer_name",
                "referrer_organisation",
                "received_on",
            ]
        )
        for field in self.fields.values():  # the fields added here, as NHSForm words its own
            in_own_words(field)

    def clean(self):
        cleaned = super().clean()
        problem = received_on_problem(cleaned.get("received_on"), cleaned.get("date_of_birth"))
        if problem and "received_on" not in self.errors:
            self.add_error("received_on", problem)
        reach = reach_problems(
            phone=cleaned.get("phone", ""),
            email=cleaned.get("email", ""),
            address=cleaned.get("address", ""),
            via_practice=cleaned.get("contact_via_practice", False),
            contact_name=cleaned.get("practice_contact_name", ""),
            where=self.fixed_host_setting.name if self.fixed_host_setting else "the practice",
        )
        for name, message in reach.items():
            if name not in self.errors:
                self.add_error(name, message)
        safety = safety_problem(cleaned.get("safety_flags"), cleaned.get("safety_detail", ""))
        if safety and "safety_detail" not in self.errors:
            self.add_error("safety_detail", safety)
        urgent = urgency_problem(cleaned.get("urgency"), cleaned.get("reason_detail", ""))
        if urgent and "reason_detail" not in self.errors:
            self.add_error("reason_detail", urgent)
        if "host_setting" in self.fields and "practice" in self.fields:
            self._one_place(cleaned)
        return cleaned

    @property
    def first_fields(self) -> list:
        """The fields most referrals need, in order (the template adds the person's)."""
        return [self[name] for name in self.fields if name not in self.behind_more_details]

    @property
    def more_details(self) -> list:
        return [self[name] for name in self.behind_more_details if name in self.fields]

    @property
    def behind_more_details(self) -> tuple[str, ...]:
        # A host setting's people seldom have a CHI number to give their sex: ask it first.
        if self.fixed_host_setting is not None:
            return tuple(name for name in MORE_DETAILS if name != "sex")
        # A worker records what arrived by phone, email or letter, often a day or more
        # later: the date received (waiting times count from it) is in sight, not behind.
        if self.recorded:
            return tuple(name for name in MORE_DETAILS if name != "received_on")
        return MORE_DETAILS

    @property
    def more_details_open(self) -> bool:
        """Open when a field behind it has an error or holds more than its default, or a
        way to reach the person is missing (ticking 'through the practice' is behind it)."""
        if not self.is_bound:
            return False
        if "phone" in self.errors:
            return True
        for bound in self.more_details:
            if bound.errors:
                return True
            value, initial = bound.value(), bound.initial
            if callable(initial):
                initial = initial()
            if value not in (None, "", [], False) and str(value) != str(initial or ""):
                return True
        return False

    def _one_place(self, cleaned) -> None:
        chosen = [name for name in ("practice", "host_setting") if cleaned.get(name)]
        if len(chosen) == 2:
            self.add_error(
                "host_setting", "Choose a GP practice or a host setting, not both: leave one empty"
            )
        elif not chosen and not self.errors.get("practice"):
            self.add_error("practice", "Select the person's GP practice, or the host setting")

    def referral_details(self, *, job_title: str = "") -> ReferralDetails:
        data = self.cleaned_data
        host = data.get("host_setting") or self.fixed_host_setting
        return ReferralDetails(
            practice=data.get("practice") or getattr(self, "practice", None),
            host_setting=host,
            route=data.get("route", "linkwork_form"),
            referrer_role=data.get("referrer_role")
            or job_title
            or ("external_organisation" if host else "other_practice_staff"),
            referrer_name=data.get("referrer_name", ""),
            referrer_organisation=data.get("referrer_organisation", ""),
            received_on=data.get("received_on"),
            reasons=data["reasons"],
            reason_detail=data.get("reason_detail", ""),
            what_matters=data.get("what_matters", ""),
            urgency=data["urgency"],
            consent_to_referral=data["consent_to_referral"],
            safety_flags=data.get("safety_flags", []),
            safety_detail=data.get("safety_detail", ""),
            contact_via_practice=data.get("contact_via_practice", False),
            practice_contact_name=data.get("practice_contact_name", "").strip(),
        )


class SelfReferralForm(PersonFields):
    """The public form: no sign-in, so the practice verifies the person before triage."""

    practice = forms.ModelChoiceField(
        label="Your GP practice",
        queryset=None,
        error_messages={"required": "Select your GP practice"},
    )
    # The public's words are shown to practice staff: a pasted document or a flood of
    # text is refused by name, like the practice's own form.
    what_matters = forms.CharField(
        label="What would you like help with?",
        required=False,
        max_length=TEXT_LIMITS["what_matters"],
        help_text="You can leave this blank. In your own words, for example: money "
        "worries, feeling lonely, getting out more, a problem with housing.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent_to_referral = forms.BooleanField(
        label="I agree to the link worker service and my GP practice using these details "
        "to contact me",
        error_messages={"required": "Confirm you agree, so we can contact you"},
    )

    whose = "your"

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices
        self.fields["practice"].empty_label = "Select your GP practice"
        del self.fields["confirm_date_of_birth"]
        self.fields[
            "chi"
        ].help_text = (
            "It is on letters from your GP practice or hospital. Leave blank if you do not know it."
        )
        self.fields["sex"].help_text = ""
        self.fields["preferred_contact"].label = "How you prefer to be contacted"
        self.fields["safe_times_to_call"].label = "When is it safe to phone you?"
        self.fields["preferred_language"].label = "Your preferred language"
        self.fields["interpreter_needed"].label = "I need an interpreter"
        for field in self.fields.values():  # spoken to the person, not about them
            field.error_messages = {
                code: message.replace("their", "your")
                for code, message in field.error_messages.items()
            }
        self.order_fields(["practice"])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or "").strip():
            self.add_error("phone", "Enter a phone number so the link worker can call you")
        return cleaned

    def chi_error(self, check) -> str:
        # The person has no record to check against, and may not need the number at all.
        if check.result == "invalid_checksum":
            return (
                "This CHI number's last digit does not fit the other nine, so one of them is "
                "mistyped. Check it against a letter from your GP practice or hospital, or "
                "leave it blank"
            )
        return check.message

    def birth_date_mismatch_error(self, chi: str) -> str:
        # The public cannot confirm a mismatch: the practice checks the person anyway.
        return (
            "Your CHI number does not match your date of birth. Check both, or leave the "
            "CHI number blank"
        )

    def referral_details(self) -> ReferralDetails:
        data = self.cleaned_data
        return ReferralDetails(
            practice=data["practice"],
            route="self_referral_form",
            referrer_role="self",
            reasons=[],
            what_matters=data["what_matters"],
            consent_to_referral=True,
        )


# The statuses as the list's tags name them (presenters.progress): "accepted" holds the
# referrals whose case has had first contact, or has closed, too.
LIST_STATUSES = [
    ("", "Any status"),
    ("awaiting_verification", "Check patient (self-referral)"),
    ("new", "Waiting"),
    ("accepted", "Accepted or closed"),
    ("declined", "Declined"),
    ("duplicate", "Already supported"),
]


class ReferralListFilterForm(NHSForm):
    """The referrals list's filters (a GET form: the page's and the download's)."""

    status = forms.ChoiceField(label="Status", required=False, choices=LIST_STATUSES)
    received_from = forms.DateField(
        label="Received from",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the first day received as a real date"},
    )
    received_to = forms.DateField(
        label="Received to (included)",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the last day received as a real date"},
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("received_from"), cleaned.get("received_to")
        if first and last and first > last:
            self.add_error("received_to", "Enter a last day on or after the first day")
        return cleaned

    def filters(self) -> dict:
        """The filters typed right, by name in the form's order, each with its value; one
        typed wrong is left out (and named on the page)."""
        self.is_valid()  # cleaned_data keeps the fields typed right
        return {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)}

    def filtered(self, referrals):
        """The referrals under each filter typed right."""
        return filter_referrals(referrals, self.filters())


FILTERS = {
    "status": lambda referrals, status: referrals.filter(status=status),
    "received_from": lambda referrals, day: referrals.filter(received_on__gte=day),
    "received_to": lambda referrals, day: referrals.filter(received_on__lte=day),
}


def filter_referrals(referrals, filters: dict):
    for name, value in filters.items():
        referrals = FILTERS[name](referrals, value)
    return referrals


class AcceptForm(NHSForm):
    link_worker = forms.ModelChoiceField(
        label="Allocate to",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the link worker to allocate this referral to",
            "invalid_choice": "Select the link worker to allocate this referral to from the "
            "list: the one chosen is no longer in your team",
        },
    )
    confirm_identity = forms.BooleanField(
        label="I have checked with the referrer: this is the same person",
        required=False,
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM, "invalid": STALE_FORM}
    )

    def __init__(self, *args, workers, identity_differs: bool = False, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = workers
        if labels:  # each worker with their room and why they are suggested (allocation.py)
            self.fields["link_worker"].label_from_instance = lambda w: labels.get(w.pk, str(w))
        if not identity_differs:
            del self.fields["confirm_identity"]


class DeclineForm(NHSForm):
    reason = forms.ChoiceField(
        label="Reason",
        choices=_choices("referral_decline_reasons"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the referral is declined"},
    )
    feedback = forms.CharField(
        label="Feedback for the referrer",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The referrer sees this. Suggest what might help the person instead.",
        error_messages={"required": "Write feedback for the referrer"},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM, "invalid": STALE_FORM}
    )


class IntakeForm(NHSForm):
    status = forms.ChoiceField(
        label="Taking referrals?",
        choices=_choices("intake_statuses"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the practice is taking referrals"},
    )
    expected_wait_weeks = forms.IntegerField(
        label="Expected wait, in weeks",
        required=False,
        min_value=0,
        max_value=52,
        widget=forms.NumberInput(attrs={"width": 2}),
        error_messages={
            "invalid": "Enter the expected wait as a whole number of weeks",
            "min_value": "The expected wait cannot be less than 0 weeks",
            "max_value": "Enter an expected wait of 52 weeks or less",
        },
    )
    message = forms.CharField(
        label="Message for referrers",
        required=False,
        max_length=300,
        help_text="For example: back to full capacity in March; urgent referrals by phone.",
    )


class SlotForm(NHSForm):
    practice = forms.ModelChoiceField(
        label="Practice",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select the practice the slot is at"},
    )
    date = forms.DateField(
        label="Date",
        widget=DATE,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 10:30"},
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        initial=60,
        min_value=15,
        max_value=180,
        widget=forms.NumberInput(attrs={"width": 3}),
        error_messages={
            "required": "Enter the length in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": "A slot must be at least 15 minutes long",
            "max_value": "A slot can be at most 180 minutes (3 hours) long",
        },
    )
    mode = forms.ChoiceField(
        label="Where",
        choices=_choices("session_modes"),
        initial="in_practice",
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the appointment will be"},
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            cleaned["starts_at"] = timezone.make_aware(
                timezone.datetime.combine(cleaned["date"], cleaned["time"])
            )
        return cleaned
