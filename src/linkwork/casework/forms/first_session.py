"""The first session starts from the referral: what matters to the person as a goal in
their words, and the referral's reasons as the needs to confirm. Nothing is typed twice."""

from django import forms

from linkwork.casework.forms.cases import complexity_choices
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

    # Usually judged at the first conversation: set here, not on a page of its own after.
    complexity = forms.ChoiceField(
        label="Complexity (optional)",
        required=False,
        widget=forms.RadioSelect,
        help_text="If you can judge it now; you can set or change it later from the case.",
        error_messages={"invalid_choice": "Select the complexity, from the list"},
    )

    def __init__(self, *args, what_matters: str = "", reasons=(), complexity: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].initial = what_matters
        self.fields["needs"].initial = list(reasons)
        self.fields["complexity"].choices = complexity_choices()
        self.fields["complexity"].initial = complexity

    def session_fields(self) -> dict:
        fields = super().session_fields()
        fields.pop("goal", None)
        return fields

    def plan_fields(self) -> dict:
        return {
            "goal": (self.cleaned_data.get("goal") or "").strip(),
            "needs": self.cleaned_data.get("needs", []),
            "complexity": self.cleaned_data.get("complexity", ""),
        }
