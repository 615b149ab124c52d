"""Python versions of the NHS.UK frontend's private Jinja macros that run in tight loops.

`nhsukAttributes` is called for every element of every component (several times per table
cell), and as a Jinja macro it was most of a list page's time. This does what the macro in
nhsuk_frontend_jinja/templates/nhsuk/macros/attributes.jinja does, output for output
(core/tests/test_nhsuk.py holds it to that); core/jinja2/nhsuk/macros/attributes.jinja
puts it in the macro's place for every component.
"""

from collections.abc import Iterable, Mapping
from functools import lru_cache

from jinja2 import Environment, Undefined, pass_environment
from jinja2.filters import do_indent, do_trim
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape


def nhsuk_attributes(attributes=None) -> Markup:
    """Component attributes as HTML: ` name="value"` each; optional ones left out when empty,
    and shown bare when True."""
    if isinstance(attributes, str):
        return Markup(attributes)  # noqa: S704 (as the macro: a string is the HTML itself)
    if not _mapping(attributes):
        return Markup("")
    html = ""
    for name, item in attributes.items():
        if _mapping(item):
            given, kind, optional = item.get("value"), item.get("type"), item.get("optional")
        else:
            given, kind, optional = item, "string", False
        if given is None or isinstance(given, Undefined):
            value, escaped = None, ""
        elif hasattr(given, "__html__"):
            value, escaped = _UNSET, escape(given)  # the macro reads `.val`: undefined
        elif kind == "array" and isinstance(given, Iterable):
            value, escaped = _UNSET, htmlsafe_json_dumps(given, sort_keys=True)
        else:
            value, escaped = given, escape(given)
        if optional is True and value is True:
            html = f"{html} {escape(name)}"
        elif optional is not True or (value is not None and value is not False):
            shown = ("true" if value else "false") if isinstance(value, bool) else escaped
            quote = "'" if '"' in escaped else '"'
            html = f"{html} {escape(name)}={quote}{shown}{quote}"
    return Markup(html)  # noqa: S704 (names and values escaped above)


def _mapping(value) -> bool:
    """isinstance(value, Mapping), quicker for the dicts and strings cells mostly are (the
    abstract class's check was a fifth of a table's time)."""
    return type(value) is dict or (not isinstance(value, str) and isinstance(value, Mapping))


_UNSET = object()  # neither None, False nor True: the macro's undefined value


# The table component's parameters this renders itself; a table with any other (sorting,
# scrolling, cards, cell links, spans) goes to the package's own template instead.
TABLE_PARAMS = {"caption", "captionSize", "captionClasses", "firstCellIsHeader", "responsive"}
TABLE_PARAMS |= {"head", "rows", "classes"}
CELL_PARAMS = {"text", "html", "visuallyHiddenText", "format", "align", "width", "classes"}
CELL_PARAMS |= {"attributes"}
ALIGNMENTS = ["left", "centre", "right"]


@pass_environment
def nhsuk_table(env: Environment, params=None) -> Markup:
    """The NHS.UK table component, as its macro renders it, in a fraction of the time (a
    list's rows were most of its page's time)."""
    if not _table_is_plain(params):
        return Markup(  # noqa: S704 (the package's own template, autoescaped)
            env.get_template("nhsuk/components/tables/template.jinja").render(params=params)
        )
    responsive = bool(params.get("responsive"))
    classes = params.get("classes")
    names = "nhsuk-table"
    if responsive and not (classes and "nhsuk-table--responsive" in classes):
        names += " nhsuk-table--responsive"
    if classes:
        names += " " + classes
    role = {"value": "table" if responsive else False, "optional": True}
    row_role = ' role="row"' if responsive else ""
    html = [f"<table{nhsuk_attributes({'class': names})}{nhsuk_attributes({'role': role})}>"]
    caption = params.get("caption")
    if caption:
        html.append("  " + indent(_caption(params), 2))
    head = list(params.get("head") or [])
    if head:
        group = ' role="rowgroup"' if responsive else ""
        html.append(f'  <thead class="nhsuk-table__head"{group}>')
        html.append(f'    <tr class="nhsuk-table__row"{row_role}>')
        for item in head:
            if isinstance(item, str) or _mapping(item):
                cell = _as_cell(item)
                cell |= {"scope": "col", "role": "columnheader" if responsive else None}
                html.append(_cell(cell, "th", None, 6))
        html.append("    </tr>")
        html.append("  </thead>")
    html.append('  <tbody class="nhsuk-table__body">')
    first_is_header = params.get("firstCellIsHeader")
    # Each column's header and, on a responsive table, its label: once, not once a cell.
    headers = [_as_cell(item) for item in head]
    labels = [_label(header) for header in headers] if responsive else []
    for row in params.get("rows") or []:
        html.append(f'    <tr class="nhsuk-table__row"{row_role}>')
        for index, item in enumerate(row):
            if not (isinstance(item, str) or _mapping(item)):
                continue
            header = headers[index] if index < len(head) else {}
            data = _as_cell(item)
            is_header = index == 0 and first_is_header
            if "align" in data:
                align = data["align"]
            elif data.get("format") == "string" and header.get("format") == "numeric":
                align = "right"
            else:
                align = header.get("align")
            cell = {
                "text": data.get("text"),
                "html": data.get("html"),
                "visuallyHiddenText": data.get("visuallyHiddenText"),
                "format": data["format"] if "format" in data else header.get("format"),
                "align": align,
                "width": data.get("width"),
                "classes": data.get("classes"),
                "attributes": data.get("attributes"),
                "scope": "row" if is_header else None,
            }
            if responsive:
                cell["role"] = "rowheader" if is_header else "cell"
            label = (labels[index] if index < len(head) else "") if responsive else None
            html.append(_cell(cell, "th" if is_header else "td", label, 6))
        html.append("    </tr>")
    html.append("  </tbody>")
    html.append("</table>")
    return Markup("\n".join(html) + "\n")  # noqa: S704 (every value escaped as it was added)


def _table_is_plain(params) -> bool:
    if not _mapping(params) or set(params) - TABLE_PARAMS:
        return False
    if not isinstance(params.get("caption", ""), str) or not isinstance(
        params.get("classes", ""), str | None
    ):
        return False
    cells = [*(params.get("head") or []), *(c for row in params.get("rows") or [] for c in row)]
    return all(
        not _mapping(cell)
        or (not set(cell) - CELL_PARAMS and isinstance(cell.get("classes", ""), str | None))
        for cell in cells
    )


def _as_cell(item) -> dict:
    """A cell given as a string becomes {"text": ...} ({"text", "html"} if marked safe)."""
    if _mapping(item):
        return dict(item)
    return {"text": item, "html": item} if hasattr(item, "__html__") else {"text": item}


CAPTION_SIZES = ("s", "m", "l", "xl")  # those the table offers of the heading's sizes
_SIZE_CLASSES = tuple(f"nhsuk-table__caption--{size}" for size in ("xxs", "xs", *CAPTION_SIZES))


def _caption(params) -> str:
    """The table's caption as the table's template renders it through the heading macro
    (a `caption` element: its size and classes, the text escaped or the HTML as given);
    the macro took a third of a list's table."""
    caption, size = params["caption"], params.get("captionSize")
    classes = params.get("captionClasses")
    names = "nhsuk-table__caption"
    if size in CAPTION_SIZES and not (classes and any(c in classes for c in _SIZE_CLASSES)):
        names += f" nhsuk-table__caption--{size}"
    if classes:
        names += f" {classes}"
    inner = str(caption) if hasattr(caption, "__html__") else str(escape(caption))
    return f'<caption class="{escape(names)}">\n{do_indent(inner.strip(), 2, True)}\n</caption>'


def _cell(item: dict, element: str, label: str | None, margin: int) -> str:
    """A head or body cell, indented `margin` spaces as the macro's output is; `label` is its
    column's heading on a responsive table."""
    base = "nhsuk-table__header" if element == "th" else "nhsuk-table__cell"
    classes = item.get("classes")
    names = base
    if item.get("format") == "numeric" and not (classes and f"{base}--numeric" in classes):
        names += f" {base}--numeric"
    align = item.get("align")
    if align in ALIGNMENTS and not (
        classes and any(f"nhsuk-u-text-align-{a}" in classes for a in ALIGNMENTS)
    ):
        names += f" nhsuk-u-text-align-{align}"
    width = item.get("width")
    if width and not (classes and f"nhsuk-u-width-{width}" in classes):
        names += f" nhsuk-u-width-{width}"
    if classes:
        names += f" {classes}"
    attributes = _cell_attributes(names, item.get("scope"), item.get("role"))
    if item.get("attributes") is not None:
        attributes += str(nhsuk_attributes(item.get("attributes")))
    inner = _value(item).strip()
    opening = f"<{element}{attributes}>"
    if opening.isprintable() and inner.isprintable() and (label is None or label.isprintable()):
        # One line each (most cells): the indent filter's result, written straight out.
        if label is not None:
            shown = f"<span>{inner}</span>" if item.get("html") else inner
            inner = f'<span class="nhsuk-table__heading" aria-hidden="true">{label} </span>{shown}'
        pad = " " * margin
        return f"{pad}{opening}\n{pad}  {inner}\n{pad}</{element}>"
    if label is not None:
        shown = f"<span>{indent(inner, 2)}</span>" if item.get("html") else indent(inner, 2)
        content = (
            f'<span class="nhsuk-table__heading" aria-hidden="true">{indent(label, 2)} </span>'
            + shown
        )
    else:
        content = indent(inner, 2)
    return indent(f"{opening}\n  {content}\n</{element}>", margin, True)


@lru_cache(maxsize=512)
def _cell_attributes(names: str, scope: str | None, role: str | None) -> str:
    """What nhsuk_attributes gives for a cell's class, optional scope and optional role,
    each set by nhsuk_table itself (several a cell, thousands a report: the general
    function was a fifth of a report's time)."""
    html = f' class="{escape(names)}"'
    if scope is not None:
        html += f' scope="{escape(scope)}"'
    if role is not None:
        html += f' role="{escape(role)}"'
    return html


def _label(header: dict) -> str:
    """A column's heading as a responsive table repeats it in each of its cells."""
    parts = {key: header.get(key) for key in ("text", "html", "visuallyHiddenText")}
    return _value(parts).strip()


def _value(item: dict) -> str:
    hidden = item.get("visuallyHiddenText")
    html, text = item.get("html"), item.get("text")
    shown = ""
    if html or text:
        if hidden:
            hidden = f" {hidden}"
        shown = str(html) if html else str(escape(text))
    if hidden:
        shown += f'<span class="nhsuk-u-visually-hidden">{escape(hidden)}</span>'
    return shown


def indent(text: str, width: int = 2, first: bool = False) -> str:
    """Jinja's indent filter, quicker on one line (most cells and labels are one)."""
    if text.isprintable():  # no line breaks of any kind
        return " " * width + text if first else text
    return do_indent(text, width, first)


TAG_PARAMS = {"text", "html", "classes", "colour"}
TAG_COLOURS = ["white", "grey", "green", "aqua-green", "blue", "purple", "pink", "red"]
TAG_COLOURS += ["orange", "yellow"]


@pass_environment
def nhsuk_tag(env: Environment, params=None) -> Markup:
    """The NHS.UK tag component, as its macro renders it (one a row on the lists)."""
    classes = params.get("classes") if _mapping(params) else None
    if not _mapping(params) or set(params) - TAG_PARAMS or not isinstance(classes, str | None):
        return Markup(  # noqa: S704 (the package's own template, autoescaped)
            env.get_template("nhsuk/components/tag/template.jinja").render(params=params)
        )
    names = "nhsuk-tag"
    colour = params.get("colour")
    coloured = classes and any(f"nhsuk-tag--{c}" in classes for c in TAG_COLOURS)
    if colour and colour in TAG_COLOURS and not coloured:
        names += f" nhsuk-tag--{colour}"
    if colour is False and not (classes and "nhsuk-tag--no-colour" in classes):
        names += " nhsuk-tag--no-colour"
    if classes:
        names += f" {classes}"
    html, text = params.get("html"), params.get("text")
    if html:
        content = f"  {indent(str(html).strip(), 2)}\n"
    elif text:
        content = f"  {indent(escape(do_trim(text)), 2)}\n"
    else:
        content = ""
    return Markup(f'<strong class="{escape(names)}">\n{content}</strong>')  # noqa: S704 (escaped)


SUMMARY_LIST_PARAMS = {"rows"}
SUMMARY_ROW_PARAMS = {"key", "value"}
SUMMARY_CELL_PARAMS = {"text", "html"}


@pass_environment
def nhsuk_summary_list(env: Environment, params=None) -> Markup:
    """The NHS.UK summary list component, as its macro renders it (a case page has two, a
    referral four): rows of a key and a value; anything more goes to the package."""
    if not _summary_list_is_plain(params):
        return Markup(  # noqa: S704 (the package's own template, autoescaped)
            env.get_template("nhsuk/components/summary-list/template.jinja").render(params=params)
        )
    html = ['<dl class="nhsuk-summary-list">']
    for row in params.get("rows") or []:
        if not _mapping(row):
            continue  # the macro skips what is not a row (an `undefined` left out)
        html.append('  <div class="nhsuk-summary-list__row">')
        html.append('    <dt class="nhsuk-summary-list__key">')
        html += _summary_cell(row.get("key"))
        html.append("    </dt>")
        html.append('    <dd class="nhsuk-summary-list__value">')
        html += _summary_cell(row.get("value"))
        html.append("    </dd>")
        html.append("  </div>")
    html.append("</dl>")
    return Markup("\n".join(html) + "\n")  # noqa: S704 (every value escaped as it was added)


def _summary_list_is_plain(params) -> bool:
    if not _mapping(params) or set(params) - SUMMARY_LIST_PARAMS:
        return False
    rows = [row for row in params.get("rows") or [] if _mapping(row)]
    return all(
        not set(row) - SUMMARY_ROW_PARAMS
        and all(
            not _mapping(cell) or not set(cell) - SUMMARY_CELL_PARAMS
            for cell in (row.get("key"), row.get("value"))
        )
        for row in rows
    )


def _summary_cell(cell) -> list[str]:
    """A key or value as the row template writes it: HTML as given, else text escaped."""
    if not _mapping(cell):
        is_text = isinstance(cell, str)
        cell = {
            "text": cell if is_text else None,
            "html": cell if hasattr(cell, "__html__") else None,
        }
    html, text = cell.get("html"), cell.get("text")
    if html:
        shown = str(html).strip()
    elif text:
        shown = str(escape(do_trim(text)))
    else:
        return []
    return ["      " + indent(shown, 6)]
