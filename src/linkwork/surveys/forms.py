from django import forms

from linkwork.core.forms import DATE, NHSForm
from linkwork.surveys import questions
from linkwork.surveys.models import Audience

FREE_TEXT_LIMIT = 2000


class SurveyForm(NHSForm):
    hscp = forms.ModelChoiceField(
        queryset=None,
        label="HSCP",
        empty_label="Choose an HSCP",
        error_messages={"required": "Choose the HSCP whose staff the survey is for"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="As the email and the survey page show it, for example "
        "“Link worker service: practice staff survey”",
        error_messages={"required": "Enter a title for the survey"},
    )
    year = forms.IntegerField(
        label="Year of this round",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year of this round, for example 2026",
            "invalid": "Enter the year as a number, for example 2026",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
    audience = forms.ChoiceField(
        label="Who is asked",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the survey is for"},
    )
    closes_on = forms.DateField(
        label="Closing date",
        widget=DATE,
        help_text="The last day its links work, for example 2026-03-31",
        error_messages={
            "required": "Enter the closing date, for example 2026-03-31",
            "invalid": "Enter the closing date as a date, for example 2026-03-31",
        },
    )

    def __init__(self, *args, hscps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hscp"].queryset = hscps
        if hscps.count() == 1:
            self.fields["hscp"].initial = hscps.first()
            self.fields["hscp"].widget = forms.HiddenInput()


class NextRoundForm(NHSForm):
    year = SurveyForm.base_fields["year"]
    closes_on = SurveyForm.base_fields["closes_on"]


class PrintedLinksForm(NHSForm):
    practice = forms.ModelChoiceField(
        queryset=None,
        label="Practice",
        empty_label="Choose a practice",
        error_messages={
            "required": "Choose the practice the links are for",
            "invalid_choice": "Choose one of the HSCP's practices from the list",
        },
    )
    how_many = forms.IntegerField(
        label="How many links",
        min_value=1,
        max_value=200,
        help_text="One for each person you will hand one to",
        error_messages={
            "required": "Enter how many links to print, for example 10",
            "invalid": "Enter how many links as a number, for example 10",
            "min_value": "Enter a number from 1 to 200",
            "max_value": "Enter a number from 1 to 200",
        },
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices


class StaffGroupForm(NHSForm):
    staff_group = forms.ChoiceField(
        label="Which staff group are you in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your staff group"},
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_group"].choices = [(g, questions.group_label(g)) for g in groups]


class AnswersForm(NHSForm):
    """The group's questions: each may be left blank, but not all of them."""

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        for question in asked:
            self.fields[question.code] = self._field(question)

    @staticmethod
    def _field(question) -> forms.Field:
        if question.is_agreement:
            return forms.ChoiceField(
                label=question.text,
                choices=questions.scale(),
                required=False,
                widget=forms.RadioSelect(
                    attrs={"class": "lw-scale", "legend_class": "nhsuk-fieldset__legend--s"}
                ),
            )
        return forms.CharField(
            label=question.text,
            required=False,
            max_length=FREE_TEXT_LIMIT,
            help_text="Please do not name patients or colleagues",
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(q.code) for q in self.asked):
            raise forms.ValidationError("Answer at least one question before you send")
        return cleaned
