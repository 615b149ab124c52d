"""Django forms rendered with NHS.UK frontend components.

`{{ form.field.as_field_group() }}` picks the component for the field's widget
(input, textarea, select, radios, checkboxes, password input), with the label,
hint (help_text) and error message in the NHS pattern.
"""

from django import forms
from django.forms.renderers import Jinja2
from django.template import engines

# Order matters: CheckboxSelectMultiple is a subclass of RadioSelect.
WIDGET_COMPONENTS = [
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
