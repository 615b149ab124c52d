"""A form field built in Python (core/fields.py) is the HTML forms/field.jinja gives, for
every kind of field, unbound, with values and with errors."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.template import engines

import linkwork
from linkwork.core.fields import render_field
from linkwork.core.forms import DateParts, NHSForm, component_for

CHOICES = [("", "Any"), ("a", "Alpha & co"), ("b", "Beta")]


class EveryKind(NHSForm):
    text = forms.CharField(
        label="Name <b>",
        help_text="Hint & more",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "name",
                "width": 10,
                "data-x": "1",
                "hx-get": "/x",
                "spellcheck": False,
                "inputmode": "numeric",
            }
        ),
    )
    plain = forms.CharField(label="Plain", required=False, initial='a "quoted" value')
    email = forms.EmailField(label="Email", required=False)
    number = forms.IntegerField(
        label="Number", required=False, widget=forms.NumberInput(attrs={"class": "extra"})
    )
    wide = forms.CharField(
        label="Wide",
        required=False,
        widget=forms.TextInput(attrs={"width": 7, "class": "nhsuk-input--width-20"}),
    )
    lines = forms.CharField(label="Line one\nline two", help_text="First\n\nsecond", required=False)
    pick = forms.ChoiceField(label="Pick", choices=CHOICES, required=False, help_text="choose")
    must_pick = forms.ChoiceField(label="Pick one", choices=CHOICES)
    numbers = forms.TypedChoiceField(
        label="Numbers", choices=[(1, "One"), (2, "Two")], coerce=int, required=False
    )
    radio = forms.ChoiceField(
        label="Which?", choices=CHOICES[1:], widget=forms.RadioSelect, help_text="one"
    )
    inline = forms.TypedChoiceField(
        label="Inline",
        choices=[(1, "One"), (2, "Two")],
        coerce=int,
        required=False,
        widget=forms.RadioSelect(
            attrs={"class": "nhsuk-radios--inline", "legend_class": "nhsuk-fieldset__legend--m"}
        ),
    )
    boxes = forms.MultipleChoiceField(
        label="Boxes",
        choices=CHOICES[1:],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "nhsuk-checkboxes--small"}),
        required=False,
        help_text="any",
    )
    tick = forms.BooleanField(label="Tick me", required=False)
    consent = forms.BooleanField(label="Agree", help_text="Needed")
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="say",
    )
    long_note = forms.CharField(label="Long note", widget=forms.Textarea)
    born = forms.DateField(
        label="Date of <birth>",
        help_text="For example, 15 3 1984",
        widget=DateParts(
            attrs={
                "autocomplete_day": "bday-day",
                "autocomplete_month": "bday-month",
                "autocomplete_year": "bday-year",
            }
        ),
    )
    when = forms.DateField(
        label="When\nexactly",
        help_text="First\n\nsecond",
        required=False,
        widget=DateParts(attrs={"legend_class": "nhsuk-fieldset__legend--m"}),
    )


FILLED = {
    "text": "ok",
    "number": "4",
    "pick": "a",
    "must_pick": "b",
    "numbers": "2",
    "radio": "a",
    "inline": "1",
    "boxes": ["a", "b"],
    "tick": "on",
    "consent": "on",
    "note": "hello\nworld <i>",
    "long_note": "t",
    "born[day]": "3",
    "born[month]": "12",
    "born[year]": "1990",
    "when": "2026-02-30",
}
WRONG = {"text": "", "number": "x", "pick": "zz", "radio": "", "boxes": ["zz"], "plain": 'q"'}
WRONG |= {"born[day]": '3"', "born[month]": "<x>", "when[year]": "2026"}
INITIAL = {"plain": "x", "pick": "a", "numbers": 2, "radio": "b", "boxes": ["a"], "tick": True}
INITIAL |= {"born": date(1961, 2, 28)}


def _bound(data, **kwargs):
    form = EveryKind(data, **kwargs)
    form.is_valid()
    return form


FORMS = {
    "unbound": lambda: EveryKind(),
    "initial": lambda: EveryKind(initial=INITIAL),
    "errors": lambda: _bound(WRONG),
    "filled": lambda: _bound(FILLED),
    "own ids": lambda: _bound(FILLED, auto_id="f_%s"),
    "no ids": lambda: EveryKind(auto_id=False),
}


def _as_template_renders(field) -> str:
    """As Django's form renderer gives it: the template's output, stripped."""
    return engines["jinja2"].get_template("forms/field.jinja").render({"field": field}).strip()


def _same_as_template(form) -> int:
    compared = 0
    for field in form:
        built = render_field(field, component_for(field.field.widget))
        if built is not None:
            assert str(built) == _as_template_renders(field), field.name
            compared += 1
    return compared


@pytest.mark.parametrize("state", FORMS)
def test_every_kind_of_field_as_the_template_gives_it(state):
    form = FORMS[state]()
    left = 2 if state == "no ids" else 0  # dates with no ids: left to the template
    assert _same_as_template(form) == len(form.fields) - left


def test_passwords_and_fields_without_ids_or_labels_are_left_to_the_template():
    class Left(NHSForm):
        secret = forms.CharField(label="Password", widget=forms.PasswordInput)
        unlabelled = forms.CharField(label="")

    form = Left()
    assert [render_field(f, component_for(f.field.widget)) for f in form] == [None, None]
    assert "nhsuk-input" in str(form["secret"].as_field_group())


def _service_forms():
    """Every form class in linkwork that can be built with no arguments."""
    for module in pkgutil.walk_packages(linkwork.__path__, "linkwork."):
        name = module.name
        if "tests" in name or not (name.endswith(".forms") or ".forms." in name):
            continue
        for _, form_class in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == name:
                yield form_class


@pytest.mark.django_db
def test_the_services_own_forms_as_the_template_gives_them():
    compared = 0
    for form_class in _service_forms():
        for data in (None, {}):
            try:
                form = form_class() if data is None else form_class(data)
                if data is not None:
                    form.is_valid()
            except TypeError:  # needs its own arguments (a case, a user)
                continue
            compared += _same_as_template(form)
    assert compared > 100
