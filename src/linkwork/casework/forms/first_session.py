"""The first session starts from the referral: what matters to the person as a goal in
their words, and the referral's reasons as the needs to confirm. Nothing is typed twice."""

from django import forms

from linkwork.casework.forms.sessions import SessionForm
from linkwork.casework.rules import TEXT_LIMITS
from linkwork.core.forms import coded_choices
from linkwork.core.text import too_long


class FirstSessionForm(SessionForm):
    goal = forms.CharField(
        label="A goal in their words (optional)",
        required=False,
        max_length=TEXT_LIMITS["goal"],
        help_text="What matters to them, from the referral: change it to what you agree, or "
        "clear it to add goals later.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("goal", TEXT_LIMITS["goal"])},
    )
    needs = forms.MultipleChoiceField(
        label="Needs identified",
        required=False,
        choices=coded_choices("needs"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "lw-two-columns"}),
        help_text="The referral's reasons are ticked: keep those the person confirms, add "
        "what you found.",
    )

    def __init__(self, *args, what_matters: str = "", reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].initial = what_matters
        self.fields["needs"].initial = list(reasons)

    def session_fields(self) -> dict:
        fields = super().session_fields()
        fields.pop("goal", None)
        return fields

    def plan_fields(self) -> dict:
        return {
            "goal": (self.cleaned_data.get("goal") or "").strip(),
            "needs": self.cleaned_data.get("needs", []),
        }
