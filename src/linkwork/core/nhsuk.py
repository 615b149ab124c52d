"""Python versions of the NHS.UK frontend's private Jinja macros that run in tight loops.

`nhsukAttributes` is called for every element of every component (several times per table
cell), and as a Jinja macro it was most of a list page's time. This does what the macro in
nhsuk_frontend_jinja/templates/nhsuk/macros/attributes.jinja does, output for output
(core/tests/test_nhsuk.py holds it to that); core/jinja2/nhsuk/macros/attributes.jinja
puts it in the macro's place for every component.
"""

from collections.abc import Iterable, Mapping

from jinja2 import Undefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape


def nhsuk_attributes(attributes=None) -> Markup:
    """Component attributes as HTML: ` name="value"` each; optional ones left out when empty,
    and shown bare when True."""
    if isinstance(attributes, str):
        return Markup(attributes)  # noqa: S704 (as the macro: a string is the HTML itself)
    if not isinstance(attributes, Mapping):
        return Markup("")
    html = ""
    for name, item in attributes.items():
        if isinstance(item, Mapping):
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


_UNSET = object()  # neither None, False nor True: the macro's undefined value
