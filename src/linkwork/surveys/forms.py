from django import forms

from linkwork.core.forms import DATE, NHSForm, in_own_words
from linkwork.surveys import questions, services
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

    def clean_closes_on(self):
        return _closing_date(self.cleaned_data["closes_on"])

    def __init__(self, *args, hscps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hscp"].queryset = hscps
        if hscps.count() == 1:
            self.fields["hscp"].initial = hscps.first()
            self.fields["hscp"].widget = forms.HiddenInput()


class NextRoundForm(NHSForm):
    year = SurveyForm.base_fields["year"]
    closes_on = SurveyForm.base_fields["closes_on"]

    def clean_closes_on(self):
        return _closing_date(self.cleaned_data["closes_on"])


def _closing_date(closes_on):
    if problem := services.closing_date_problem(closes_on):
        raise forms.ValidationError(problem)
    return closes_on


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
        field = self.fields["staff_group"]
        field.choices = [(g, questions.group_label(g)) for g in groups]
        listed = ", ".join(questions.group_label(g) for g in groups)
        field.error_messages["invalid_choice"] = (
            f"Choose your staff group from those this link is for: {listed}"
        )


class AnswersForm(NHSForm):
    """The group's questions: each may be left blank, but not all of them. Each refusal
    quotes the question, since the fields are the questions themselves."""

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        for question in asked:
            self.fields[question.code] = field = self._field(question)
            in_own_words(field)  # added after NHSForm's own pass over the fields

    @staticmethod
    def _field(question) -> forms.Field:
        quoted = f"‘{question.text}’"
        if question.is_agreement:
            first, *_, last = (label for _, label in questions.scale())
            return forms.ChoiceField(
                label=question.text,
                choices=questions.scale(),
                required=False,
                widget=forms.RadioSelect(
                    attrs={"class": "lw-scale", "legend_class": "nhsuk-fieldset__legend--s"}
                ),
                error_messages={
                    "invalid_choice": f"For {quoted}, choose one of the answers listed, "
                    f"from {first} to {last}, or leave it blank"
                },
            )
        return forms.CharField(
            label=question.text,
            required=False,
            max_length=FREE_TEXT_LIMIT,
            help_text="Please do not name patients or colleagues",
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={
                "max_length": f"Shorten your answer to {quoted} to {FREE_TEXT_LIMIT:,} "
                "characters or fewer (it has %(show_value)s)"
            },
        )

    def clean(self):
        cleaned = super().clean()
        # A refused answer is not in `cleaned`: its own message says what to change.
        if not self.errors and not any(cleaned.get(q.code) for q in self.asked):
            raise forms.ValidationError(
                "Answer at least one question before you send: choose an answer to a "
                "statement or write in a box"
            )
        return cleaned
