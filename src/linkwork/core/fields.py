"""A form field as its NHS.UK component, built in Python.

`forms/field.jinja` picks the component for a field and calls the package's macro, which
imports and calls the label, hint, error message and fieldset macros in turn; a search
form's thirteen fields were 40% of its page. This gives the same HTML, character for
character, for the fields the service has (core/tests/test_fields.py compares the two
over every kind of field, with and without hints, errors and values). Anything it does
not cover (passwords, a field with no label or no id, grouped choices) is left to the
template: `render_field` answers None.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from linkwork.core.nhsuk import indent, nhsuk_attributes

INPUT_WIDTHS = ["2", "3", "4", "5", "10", "20", "30"]
LEGEND = "nhsuk-fieldset__legend--s"


def render_field(field, component: str) -> Markup | None:
    """The field's component (`core/forms.py: component_for`) as field.jinja renders it, or
    None for the template to do."""
    html = _component(field, component)
    return None if html is None else Markup(html)  # noqa: S704 (escaped as built)


def _component(field, component: str) -> str | None:
    unbound, widget = field.field, field.field.widget
    label = field.label
    if component == "password" or not isinstance(label, str) or not label.strip():
        return None
    attrs = widget.attrs
    value = field.value()
    shared = _Shared(
        name=field.html_name,
        id=field.auto_id or field.html_name,
        hint=unbound.help_text or None,
        error=field.errors[0] if field.errors else None,
        classes=attrs.get("class"),
    )
    if component in ("radios", "checkboxes"):
        choices = _read(unbound.choices)
        if not _flat(choices) or getattr(widget, "hints", None):  # hints: the template
            return None
        given = value if _is_sequence(value) else ["" if value is None else value]
        current = [str(item) for item in given]
        items = [(v, text, str(v) in current) for v, text in choices]
        return _choices(component, shared, items, label, attrs.get("legend_class", LEGEND))
    if component == "date":
        if not field.auto_id:
            return None  # no ids: the template's own way
        return _date(shared, label, widget.parts(value), attrs)
    if component == "checkbox":
        checked = value is True or value in ("on", "true", "True")
        return _choices("checkboxes", shared, [("on", label, checked)])
    passed = {key: val for key, val in attrs.items() if key.startswith(("hx-", "data-"))}
    if unbound.required:
        passed["aria-required"] = "true"
    value = "" if value is None else value
    if component == "select":
        choices = _read(unbound.choices)
        if not _flat(choices):
            return None
        items = [(v, text, str(v) == str(value)) for v, text in choices]
        return _select(shared, label, items, passed)
    if component == "textarea":
        return _textarea(shared, label, value, attrs.get("rows", 5), passed)
    return _input(shared, label, value, widget.input_type, attrs, passed)


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every component of a field takes alike."""

    name: str
    id: str
    hint: str | None
    error: str | None
    classes: str | None


def _is_sequence(value) -> bool:
    return isinstance(value, list | tuple)


def _read(choices) -> list:
    """A field's choices, read once: a model's are a query each time, and list() alone would
    count them first (a second query) to size the list."""
    return list(iter(choices))


def _flat(choices) -> bool:
    """Plain (value, label) pairs: no optgroups, labels as text."""
    return all(isinstance(text, str) for _, text in choices)


def _text(value) -> str:
    return str(escape(value)).strip()


def _label(text, for_id, classes: str = "") -> str:
    names = "nhsuk-label" + (f" {classes}" if classes else "")
    return (
        f'<label class="{escape(names)}"{nhsuk_attributes({"for": for_id})}>\n'
        f"{indent(_text(text), 2, True)}\n</label>"
    )


def _hint(text, hint_id) -> str:
    return f'<div class="nhsuk-hint" id="{escape(hint_id)}">\n  {indent(_text(text))}\n</div>'


def _error(text, error_id) -> str:
    hidden = '<span class="nhsuk-u-visually-hidden">Error: </span>'
    return (
        f'<span class="nhsuk-error-message" id="{escape(error_id)}">\n'
        f"  {hidden}{indent(_text(text))}\n</span>"
    )


def _messages(shared: _Shared, id_prefix: str) -> tuple[list[str], str]:
    """The hint and error message lines (indented 2) and the ids they are described by."""
    lines, described = [], []
    if shared.hint:
        described.append(f"{id_prefix}-hint")
        lines.append("  " + indent(_hint(shared.hint, described[-1])))
    if shared.error:
        described.append(f"{id_prefix}-error")
        lines.append("  " + indent(_error(shared.error, described[-1])))
    return lines, " ".join(described)


def _described_by(ids: str) -> str:
    return f' aria-describedby="{escape(ids)}"' if ids else ""


def _names(component: str, shared: _Shared) -> str:
    """A select's or textarea's classes: the component's, its error modifier, the field's."""
    names = component + (f" {component}--error" if shared.error else "")
    return names + (f" {shared.classes}" if shared.classes else "")


def _group(shared: _Shared) -> str:
    error = " nhsuk-form-group--error" if shared.error else ""
    return f'<div class="nhsuk-form-group{error}">'


def _input(shared: _Shared, label, value, input_type, attrs: Mapping, passed: dict) -> str:
    names = "nhsuk-input"
    classes = shared.classes
    if shared.error:
        names += " nhsuk-input--error"
    width = attrs.get("width")
    if width and str(width) in INPUT_WIDTHS and not (classes and "nhsuk-input--width-" in classes):
        names += f" nhsuk-input--width-{width}"
    if classes:
        names += f" {classes}"
    messages, described = _messages(shared, shared.id)
    spellcheck = attrs.get("spellcheck")
    element = nhsuk_attributes(
        {
            "class": names,
            "id": shared.id,
            "name": shared.name,
            "type": input_type or "text",
            "spellcheck": {
                "value": str(spellcheck).lower() if spellcheck in (True, False) else False,
                "optional": True,
            },
            "value": {"value": value, "optional": True},
            "disabled": {"value": None, "optional": True},
            "aria-describedby": {"value": described or False, "optional": True},
            "autocomplete": {"value": attrs.get("autocomplete"), "optional": True},
            "inputmode": {"value": attrs.get("inputmode"), "optional": True},
        }
    )
    return "\n".join(
        [
            _group(shared),
            "  " + indent(_label(label, shared.id)),
            *messages,
            f"  <input{element}{nhsuk_attributes(passed)}>",
            "</div>",
        ]
    )


def _select(shared: _Shared, label, items: list, passed: dict) -> str:
    names = _names("nhsuk-select", shared)
    messages, described = _messages(shared, shared.id)
    options = [
        f'    <option value="{escape(value)}"{" selected" if on else ""}>{escape(text)}</option>'
        for value, text, on in items
    ]
    return "\n".join(
        [
            _group(shared),
            "  " + indent(_label(label, shared.id)),
            *messages,
            f'  <select class="{escape(names)}" id="{escape(shared.id)}" '
            f'name="{escape(shared.name)}"{_described_by(described)}{nhsuk_attributes(passed)}>',
            *options,
            "  </select>",
            "</div>",
        ]
    )


def _textarea(shared: _Shared, label, value, rows, passed: dict) -> str:
    names = _names("nhsuk-textarea", shared)
    messages, described = _messages(shared, shared.id)
    return "\n".join(
        [
            _group(shared),
            "  " + indent(_label(label, shared.id)),
            *messages,
            f'  <textarea class="{escape(names)}" id="{escape(shared.id)}" '
            f'name="{escape(shared.name)}" rows="{escape(rows or 5)}"{_described_by(described)}'
            f"{nhsuk_attributes(passed)}>{escape(value)}</textarea>",
            "</div>",
        ]
    )


DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def _date(shared: _Shared, legend, parts: dict, attrs: Mapping) -> str:
    """Day, month and year boxes in a fieldset: the date input component."""
    messages, described = _messages(shared, shared.id)
    error = " nhsuk-input--error" if shared.error else ""
    legend_names = f"nhsuk-fieldset__legend {attrs.get('legend_class', LEGEND)}".rstrip()
    lines = [
        _group(shared),
        f'<fieldset class="nhsuk-fieldset" role="group"{_described_by(described)}>',
        f'    <legend class="{escape(legend_names)}">',
        f"      {indent(_text(legend), 6)}",
        "    </legend>",
        *("  " + indent(line, 2) for line in messages),
        f'    <div class="nhsuk-date-input" id="{escape(shared.id)}">',
    ]
    for part, label, width in DATE_PARTS:
        box = f"{shared.id}-{part}"
        element = nhsuk_attributes(
            {
                "class": f"nhsuk-input nhsuk-input--width-{width} nhsuk-date-input__input{error}",
                "id": box,
                "name": f"{shared.name}[{part}]",
                "type": "text",
                "value": {"value": parts[part], "optional": True},
                "autocomplete": {"value": attrs.get(f"autocomplete_{part}"), "optional": True},
                "inputmode": "numeric",
            }
        )
        lines += [
            '      <div class="nhsuk-date-input__item">',
            '        <div class="nhsuk-form-group">',
            "          " + indent(_label(label, box, "nhsuk-date-input__label"), 10),
            f"          <input{element}>",
            "        </div>",
            "      </div>",
        ]
    return "\n".join([*lines, "    </div>", "  </fieldset>", "</div>"])


def _choices(plural: str, shared: _Shared, items: list, legend=None, legend_classes="") -> str:
    """Radios or checkboxes, in a fieldset with a legend (a group) or bare (one checkbox)."""
    kind = "radio" if plural == "radios" else "checkbox"
    names = f"nhsuk-{plural}" + (f" {shared.classes}" if shared.classes else "")
    messages, described = _messages(shared, shared.id)
    item_described = described if legend is None and kind == "checkbox" else ""
    lines = [*messages, f'  <div class="{escape(names)}" data-module="nhsuk-{plural}">']
    for index, (value, text, checked) in enumerate(items, start=1):
        item_id = shared.id + (f"-{index}" if index > 1 else "")
        label = _label(text, item_id, f"nhsuk-{plural}__label")
        lines += [
            f'    <div class="nhsuk-{plural}__item">',
            f'      <input class="nhsuk-{plural}__input" id="{escape(item_id)}" '
            f'name="{escape(shared.name)}" type="{kind}" value="{escape(value)}"'
            f"{' checked' if checked else ''}{_described_by(item_described)}>",
            "      " + indent(label, 6),
            "    </div>",
        ]
    lines.append("  </div>")
    if legend is None:
        return "\n".join([_group(shared), *lines, "</div>"])
    legend_names = "nhsuk-fieldset__legend" + (f" {legend_classes}" if legend_classes else "")
    return "\n".join(
        [
            _group(shared),
            f'  <fieldset class="nhsuk-fieldset"{_described_by(described)}>',
            f'  <legend class="{escape(legend_names)}">',
            f"    {indent(_text(legend), 4)}",
            "  </legend>",
            *lines,
            "</fieldset>",
            "</div>",
        ]
    )
