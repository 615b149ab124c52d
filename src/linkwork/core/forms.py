"""Django forms rendered with NHS.UK frontend components.

`{{ form.field.as_field_group() }}` picks the component for the field's widget
(input, textarea, select, radios, checkboxes, password input), with the label,
hint (help_text) and error message in the NHS pattern.
"""

from django import forms
from django.forms.renderers import Jinja2
from django.template import engines


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

    @property
    def engine(self):
        # The project's configured Jinja2 engine (with the NHS macros), not a bare one.
        return engines["jinja2"]
