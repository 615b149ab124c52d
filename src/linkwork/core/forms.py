"""Django forms as the service's pages need them: rendered with NHS.UK frontend components,
with error messages in the service's words, and the version for optimistic locking.

`{{ form.field.as_field_group() }}` picks the component for the field's widget
(input, textarea, select, radios, checkboxes, password input), with the label,
hint (help_text) and error message in the NHS pattern. Every form of every app builds on
`NHSForm` (or `VersionedForm`, which carries the version the user opened)."""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.template import engines

from linkwork.core.api import OUT_OF_RANGE, YEARS
from linkwork.core.codelists import codelist
from linkwork.core.fields import render_field
from linkwork.core.text import too_long


class DateParts(forms.Widget):
    """A date typed as day, month and year boxes: the NHS date input, for dates people
    know (a date of birth), never a browser date picker. It reads `name[day]`,
    `name[month]` and `name[year]`, or a whole date sent as `name` (API-like clients,
    tests), and hands the field "year-month-day" to parse, so a missing or impossible
    part is the field's own "enter a real date" error, with what was typed kept."""

    PARTS = ("day", "month", "year")

    def value_from_datadict(self, data, files, name):
        if data.get(name):
            return data[name]
        day, month, year = (data.get(f"{name}[{part}]", "").strip() for part in self.PARTS)
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}[{part}]" in data for part in self.PARTS)

    @staticmethod
    def parts(value) -> dict[str, str]:
        """Day, month and year to show again: from a date, or from what was typed."""
        if value in (None, ""):
            return dict.fromkeys(DateParts.PARTS, "")
        if hasattr(value, "year"):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        pieces = str(value).split("-", 2)
        if len(pieces) != 3:
            return {"day": str(value), "month": "", "year": ""}
        year, month, day = pieces
        return {"day": day, "month": month, "year": year}


# Order matters: CheckboxSelectMultiple is a subclass of RadioSelect.
WIDGET_COMPONENTS = [
    (DateParts, "date"),
    (forms.PasswordInput, "password"),
    (forms.Textarea, "textarea"),
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.Select, "select"),
    (forms.CheckboxInput, "checkbox"),
]


def component_for(widget) -> str:
    for widget_class, component in WIDGET_COMPONENTS:
        if isinstance(widget, widget_class):
            return component
    return "input"


class NHSFormRenderer(Jinja2):
    field_template_name = "forms/field.jinja"

    def render(self, template_name, context, request=None):
        # A field is built in Python (core/fields.py), the same HTML as the template gives
        # in a fraction of the time; the template still renders what that does not cover.
        if template_name == self.field_template_name:
            field = context["field"]
            html = render_field(field, component_for(field.field.widget))
            if html is not None:
                return html
        return super().render(template_name, context, request)

    @property
    def engine(self):
        # The project's configured Jinja2 engine (with the NHS macros), not a bare one.
        return engines["jinja2"]


DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

# Messages for mechanical refusals a field's own messages do not cover; {what} is the
# field's label, so each still names the field and the fix.
OWN_WORDS = {
    "null_characters_not_allowed": "Retype the {what}: it has a character that cannot be saved",
    "invalid_choice": "Select the {what} from the options listed",
    "invalid_list": "Select the {what} from the options listed",
    "invalid_pk_value": "Select the {what} from the options listed",
}
STALE_FORM = "This form is out of date: go back to the case and start again"
# The longest address mail can be delivered to (RFC 5321), and the length of every email
# column: a longer one is refused by name here, never by the database.
EMAIL_LIMIT = 254


def coded_choices(name: str) -> list[tuple[str, str]]:
    return codelist(name).choices()


class CodedRadios(forms.RadioSelect):
    """Radios for a coded list whose file has a `hint` column: each option shows its hint
    (the plain-words explanation) under its label, as the NHS radios component does."""

    def __init__(self, list_name: str, attrs=None):
        super().__init__(attrs)
        self.hints = {c.code: c.extra.get("hint", "") for c in codelist(list_name).codes}


# What a label says around the field's name, which a message naming it must leave out:
# "Notes (optional)" is "the notes", "A short note for…" is "the short note for…".
LABEL_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
LABEL_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)
# A label that is a question without its mark, or a prompt ("About the opening times",
# "Who covers", "Tell us more"), is no name of a thing either: "the about the opening
# times" is no sentence.
LABEL_PROMPT = re.compile(
    r"^(?:about|anything|how|tell|what|when|where|which|who|why)\b", re.IGNORECASE
)


def _what(label) -> str:
    """A label as words inside a sentence: 'Short note' → 'short note'; 'CHI number' kept;
    '(optional)' and a leading article dropped, since the message says 'the'; a question
    is quoted whole ('the answer to ‘Why is the case closing?’'), since it cannot be read
    as the name of a thing, and so is a prompt ('the answer to ‘Who covers’')."""
    text = str(label or "answer").strip()
    if text.endswith("?"):
        return f"answer to ‘{text}’"
    text = LABEL_ARTICLE.sub("", LABEL_ASIDE.sub("", text)) or text
    if LABEL_PROMPT.match(text):
        return f"answer to ‘{text}’"
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _django_says(field, code: str) -> bool:
    """Would `field` answer `code` in Django's own words?"""
    message = field.error_messages.get(code)
    defaults = [getattr(cls, "default_error_messages", {}).get(code) for cls in type(field).__mro__]
    return message is None or message in defaults


def _bounded(field) -> None:
    """Email fields at EMAIL_LIMIT: Django's own default (320) is longer than the column."""
    if isinstance(field, forms.EmailField) and (field.max_length or 0) != EMAIL_LIMIT:
        field.max_length = EMAIL_LIMIT
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
        ]
        field.validators.append(validators.MaxLengthValidator(EMAIL_LIMIT))
        field.widget.attrs.update(field.widget_attrs(field.widget))


class WithinYears:
    """A date the service can hold and count from (the API's limits, core/api.py): a
    session on 31 December 9999 cannot be given a length, nor a slot the 12 hours before
    it looked at for clashes."""

    code = "date_out_of_range"
    message = OUT_OF_RANGE  # the field's own words replace it (in_own_words)

    def __call__(self, value) -> None:
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise ValidationError(self.message, code=self.code)


# The largest whole number a database key can hold (64 bits, signed, on both databases).
LARGEST_KEY = 2**63 - 1


def _storable(what: str):
    """Refuses, in the form's words, what a model choice would otherwise send to the database
    and fail on there: a null character, or a number too large to be any record's key."""

    def refuse(value) -> None:
        text = str(value)
        if "\x00" in text:
            raise ValidationError(
                OWN_WORDS["null_characters_not_allowed"].format(what=what),
                code="null_characters_not_allowed",
            )
        if text.strip().lstrip("+-").isdigit() and abs(int(text)) > LARGEST_KEY:
            raise ValidationError(
                OWN_WORDS["invalid_choice"].format(what=what), code="invalid_choice"
            )

    return refuse


def in_own_words(field) -> None:
    _bounded(field)
    what = _what(field.label)
    for code, words in OWN_WORDS.items():
        if code in field.error_messages and _django_says(field, code):
            field.error_messages[code] = words.format(what=what)
    for validator in field.validators:
        code = getattr(validator, "code", "")
        if code == "null_characters_not_allowed" and _django_says(field, code):
            field.error_messages[code] = OWN_WORDS[code].format(what=what)
        if code == "max_length" and _django_says(field, code):
            field.error_messages[code] = too_long(what, validator.limit_value)
    if hasattr(field, "validate_no_null_characters"):
        # A model choice checks each value with this before it asks the database.
        field.validate_no_null_characters = _storable(what)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(WithinYears())
        field.error_messages.setdefault(
            WithinYears.code,
            f"Check the year of the {what}: enter a date from {YEARS[0]} to {YEARS[1]}",
        )


class NHSForm(forms.Form):
    use_required_attribute = False  # the NHS error summary, not the browser, reports gaps

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            in_own_words(field)


class VersionedForm(NHSForm):
    """Carries the version the user opened, so a concurrent save is caught."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, error_messages={"invalid": STALE_FORM}
    )


def show_edit_conflict(form, conflict, fields: dict[str, str] | None = None) -> None:
    """Tell the user someone else saved the record since they opened it, and show what:
    each changed field that is on the form says what it holds now, beside what the user
    typed (kept in the box); the others are named at the top. The form then carries the
    version it was refused against, so saving again, once read, keeps the user's."""
    elsewhere = []
    for change in conflict.changes:
        shown = (fields or {}).get(change.field, change.field)
        if shown in form.fields:
            form.add_error(shown, f"Someone else saved {change.now} here. {YOURS}")
        else:
            elsewhere.append(f"{change.label}: now {change.now}")
    summary = str(conflict)
    if elsewhere:
        summary += f" They changed {'; '.join(elsewhere)}."
    form.add_error(None, summary)
    if conflict.current_version is not None and "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(conflict.current_version)


YOURS = "What you typed is kept in the box: save again to keep it, or change it."
