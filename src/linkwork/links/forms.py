"""Forms for links: referring (consent and what to share) and recording a link's next step.
Bad input is named per field and what was typed is kept."""

from django import forms

from linkwork.core.forms import CodedRadios, NHSForm, coded_choices

SHARE_CHOICES = [
    ("contact_details", "Their name and contact details"),
    ("reason", "A short reason, in their own words"),
    ("safety_flags", "Safety flags (only with their agreement)"),
]


# A referral is never a signpost (that is its own button): every other support type.
REFERRAL_SUPPORT = [
    choice for choice in coded_choices("support_types") if choice[0] != "signposted"
]
SUPPORT_REQUIRED = "Choose the support you gave"


def support_type_field(choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="What support did you give?",
        choices=choices,
        widget=CodedRadios("support_types"),
        error_messages={"required": SUPPORT_REQUIRED},
    )


class ShareBoxes(forms.CheckboxSelectMultiple):
    """What to share, each box with its hint; a box the person's preferences refuse is
    disabled, its hint saying why (links/consent.py: choices)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.hints: dict[str, str] = {}
        self.disabled_choices: set[str] = set()


class ReferForm(NHSForm):
    need = forms.ChoiceField(
        label="Which need is this for?",
        choices=[("", "Choose a need")] + coded_choices("needs"),
        error_messages={"required": "Choose which need this referral is for"},
    )
    consent_to_share = forms.BooleanField(
        label="The person agrees to this referral and to sharing what is ticked below",
        required=False,
    )
    shares = forms.MultipleChoiceField(
        label="What to share with the organisation",
        choices=SHARE_CHOICES,
        widget=ShareBoxes,
        required=False,
        help_text="Only what the person agreed to. Nothing else from their case is shared.",
    )
    reason = forms.CharField(
        label="Reason, in the person's words",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support_type = support_type_field(REFERRAL_SUPPORT)

    def __init__(self, *args, offered=None, **kwargs):
        """`offered` (links/consent.py: Choices): the person's preferences, ticking
        consent where they gave it once for all and disabling what they refused."""
        super().__init__(*args, **kwargs)
        self.offered = offered
        if offered is None:
            return
        if offered.agreed:
            self.initial.setdefault("consent_to_share", True)
        widget = self.fields["shares"].widget
        widget.disabled_choices = set(offered.refused)
        widget.hints = {share: f"Not shared: {why}" for share, why in offered.refused.items()}

    def clean(self):
        data = super().clean()
        shares = data.get("shares") or []
        for share in set(shares) & set(self.offered.refused if self.offered else ()):
            self.add_error("shares", self.offered.refused[share])
        if shares and not data.get("consent_to_share"):
            self.add_error("consent_to_share", "Record the person's agreement before sharing")
        if "reason" in shares and not (data.get("reason") or "").strip():
            self.add_error("reason", "Write the reason in the person's words, or do not share it")
        if (data.get("reason") or "").strip() and "reason" not in shares:
            self.add_error(
                "reason",
                "Tick “A short reason, in their own words” to share this reason, or clear it",
            )
        return data


class LinkStepForm(NHSForm):
    status = forms.ChoiceField(
        choices=coded_choices("link_statuses"),
        error_messages={"required": "Choose the step to record"},
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose a reason")] + coded_choices("link_decline_reasons"),
        required=False,
    )
    route = forms.ChoiceField(
        label="How did you hear?",
        choices=coded_choices("link_routes"),
        initial="linkwork",
        required=False,
    )
    note = forms.CharField(label="Note", required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("status") == "declined" and not data.get("reason"):
            self.add_error("reason", "Choose why the referral is declined")
        return data


class PartnerNoteForm(NHSForm):
    """The organisation's line to the worker with a step it is asked to confirm (attended,
    stopped): "did not come to the first session" is a stop the worker needs to read."""

    note = forms.CharField(
        label="Note for the link worker (optional)",
        required=False,
        max_length=500,
        help_text="For example: did not come to the first session, or stopped after two "
        "weeks. Only what the link worker needs to know.",
    )


class SupportTypeForm(NHSForm):
    """The help given on a link, recorded or corrected from its page (decision 0070)."""

    support_type = support_type_field(coded_choices("support_types"))


# The onward links list's status groups: what a worker asks of their links.
LINK_GROUPS = [
    ("open", "Open"),
    ("waiting", "Waiting for an answer"),
    ("follow_up", "To follow up"),  # accepted some weeks ago: how is the person getting on?
    ("ended", "Ended"),
    ("all", "All"),
]


class LinkListFilterForm(NHSForm):
    """The onward links list's filters (a GET form: the page's and the download's)."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=LINK_GROUPS, widget=forms.RadioSelect
    )
    overdue = forms.BooleanField(label="Overdue answers only", required=False)
    worker = forms.ModelChoiceField(
        label="Link worker", required=False, queryset=None, empty_label="Any"
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class FollowUpForm(NHSForm):
    """How the person is getting on, some weeks after the link was accepted (worker's and
    organisation's alike: links/follow_up.py)."""

    answer = forms.ChoiceField(
        label="How are they getting on?",
        choices=coded_choices("link_follow_up_answers"),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they are getting on"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        help_text="What they said, in a line. Nothing the organisation does not need to know.",
    )
