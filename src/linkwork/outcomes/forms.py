"""Forms built from the instruments' data: one radio group per item, nothing hard-coded."""

from django import forms
from django.utils import timezone

from linkwork.core.forms import DATE, NHSForm, VersionedForm
from linkwork.outcomes.measure_rules import NOTHING_ANSWERED
from linkwork.outcomes.models import Timepoint
from linkwork.outcomes.models.links import Delivery
from linkwork.outcomes.models.responses import Helpfulness, NotTakenReason, Recommend

ANSWER_LATER = "Leave the unanswered questions blank"


def item_field(name: str) -> str:
    return f"item_{name}"


class QuestionnaireForm(NHSForm):
    """The items of one instrument as NHS radio groups. Missing answers are allowed (the
    response is kept as incomplete) but only when the user says so, so a slip of the
    finger does not cost a score."""

    def __init__(self, *args, instrument, for_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(str(o.value), o.label) for o in instrument.options]
        inline = len(choices) > 5  # 0-10 scales sit on one line; 5 labels stack
        for item in instrument.items:
            self.fields[item_field(item.number)] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=choices,
                required=False,
                # Added after NHSForm's own pass over the fields, so in its words here.
                error_messages={
                    "invalid_choice": f"Select one of the answers listed for question {item.number}"
                },
                widget=forms.RadioSelect(
                    attrs={
                        "class": "nhsuk-radios--inline lw-scale" if inline else "lw-scale",
                        "legend_class": "nhsuk-fieldset__legend--s",
                    }
                ),
            )
        who = "I want to" if for_person else "The person wants to"
        self.fields["leave_blank"] = forms.BooleanField(
            required=False, label=f"{who} leave the unanswered questions blank"
        )

    def answers(self) -> list[int | None]:
        return [
            int(value) if (value := self.cleaned_data.get(item_field(item.number))) else None
            for item in self.instrument.items
        ]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(item_field(item.number)) for item in self.instrument.items):
            raise forms.ValidationError(NOTHING_ANSWERED)
        if cleaned.get("leave_blank"):
            return cleaned
        for item in self.instrument.items:
            name = item_field(item.number)
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    f"Question {item.number} is not answered: choose an answer, or tick "
                    "the box at the end to leave it blank",
                )
        return cleaned


class TimepointForm(NHSForm):
    timepoint = forms.ChoiceField(
        label="When in the support is this?",
        choices=Timepoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose baseline, review or exit"},
    )


class PaperDateForm(NHSForm):
    completed_on = forms.DateField(
        label="Date written on the paper form",
        widget=DATE,
        help_text="The day the person filled it in, not today's date if different.",
        error_messages={
            "required": "Enter the date the paper form was filled in",
            "invalid": "Enter the date as a real date, for example 14/03/2026",
        },
    )


class CorrectionForm(VersionedForm):
    """What else a correction carries: the right date, and why it is being corrected."""

    completed_on = forms.DateField(
        label="Date it was completed",
        widget=DATE,
        error_messages={
            "required": "Enter the date the questionnaire was completed",
            "invalid": "Enter the date as a real date, for example 14/03/2026",
        },
    )
    reason = forms.CharField(
        label="Why are you correcting it?",
        max_length=300,
        help_text="For example, answers entered against the wrong questions. "
        "The earlier version is kept.",
        error_messages={"required": "Say why the answers are being corrected"},
    )


class FeedbackForm(NHSForm):
    how_helpful = forms.ChoiceField(
        label="How helpful was the support from your link worker?",
        choices=Helpfulness.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    what_changed = forms.CharField(
        label="What, if anything, has changed for you?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    would_recommend = forms.ChoiceField(
        label="Would you recommend the link worker to a friend who needed help?",
        choices=Recommend.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, for_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The person, on a link or the tablet, has no page to go back to.
        self.nothing_answered = "Answer at least one question" + (
            "" if for_person else ", or go back"
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(self.nothing_answered)
        return cleaned


class LinkForm(NHSForm):
    delivery = forms.ChoiceField(
        label="How will the person get the link?",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.QR,
        error_messages={"required": "Choose email or QR code"},
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="Only for email. The email says nothing about them or their support.",
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivery") == Delivery.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Enter the email address to send the link to")
        return cleaned


class ExitPromptForm(NHSForm):
    reason = forms.ChoiceField(
        label="Why is there no exit measure?",
        choices=[
            (NotTakenReason.PERSON_NOT_AVAILABLE, NotTakenReason.PERSON_NOT_AVAILABLE.label),
            (NotTakenReason.PERSON_DECLINED, NotTakenReason.PERSON_DECLINED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why there is no exit measure"},
    )


RATING_CHOICES = [("", "Not rated")] + [(str(n), str(n)) for n in range(11)]


class GoalRatingForm(TimepointForm):
    """One 0-10 rating per goal, in the person's own words."""

    rated_on = forms.DateField(
        label="Date rated",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=f"“{goal.wording}”",
                choices=RATING_CHOICES[1:],
                required=False,
                help_text="0 is nowhere near, 10 is there",
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline lw-scale"}),
            )

    def ratings(self) -> dict:
        return {
            goal: int(value) if (value := self.cleaned_data.get(f"goal_{goal.pk}")) else None
            for goal in self.goals
        }

    def clean(self):
        cleaned = super().clean()
        if self.goals and not any(cleaned.get(f"goal_{goal.pk}") for goal in self.goals):
            self.add_error(f"goal_{self.goals[0].pk}", "Rate at least one goal")
        return cleaned


class StoryForm(VersionedForm):
    text = forms.CharField(
        label="The story or quote",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In the person's words where you can. Leave out names, places and dates.",
        error_messages={"required": "Write the story or quote"},
    )
    consent = forms.BooleanField(
        required=False,
        label="The person agrees that it may be used, anonymised, in reports",
    )
    shareable = forms.BooleanField(
        required=False, label="Mark as shareable (a team lead may then choose it for reports)"
    )
    checked = forms.BooleanField(
        required=False,
        label="I have read the warnings: nothing left in it identifies anyone",
    )
    # The code of the warnings shown on this page (scanner.acknowledgement): ticking the
    # box confirms those findings and no others.
    acknowledged = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shareable") and not cleaned.get("consent"):
            self.add_error("consent", "Only a story the person agreed to share can be shareable")
        return cleaned


class WorkerReturnForm(NHSForm):
    password = forms.CharField(
        label="Link worker: your password",
        help_text="The tablet goes back to the case only with the signed-in worker's password.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to take the tablet back"},
    )


class PracticeQuoteForm(NHSForm):
    """A practice's quote for the programme summary, from a practice the team lead's team
    works in."""

    practice = forms.ModelChoiceField(
        queryset=None,
        label="Practice",
        empty_label="Choose a practice",
        error_messages={
            "required": "Choose the practice the quote is from",
            "invalid_choice": "Choose one of your team's practices from the list",
        },
    )
    text = forms.CharField(
        label="Quote",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the practice's words, naming no patient (at most 600 characters)",
        error_messages={
            "required": "Enter the practice's quote",
            "max_length": "Shorten the quote to 600 characters or fewer",
        },
    )
    said_on = forms.DateField(
        label="Date of the quote",
        widget=DATE,
        help_text="For example 2026-05-01",
        error_messages={
            "required": "Enter the date of the quote, for example 2026-05-01",
            "invalid": "Enter the date of the quote as a date, for example 2026-05-01",
        },
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices

    def clean_said_on(self):
        said_on = self.cleaned_data["said_on"]
        if said_on > timezone.localdate():
            raise forms.ValidationError("The date of the quote must be today or in the past")
        return said_on
