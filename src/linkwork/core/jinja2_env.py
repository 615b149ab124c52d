"""The Jinja2 environment: NHS.UK frontend macros plus linkwork's helpers (home/jinja2_env.py
adds who may do what, which core cannot know)."""

from datetime import datetime
from functools import lru_cache

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, Template
from markupsafe import Markup, escape

from linkwork.core.forms import component_for
from linkwork.core.listings import download_query
from linkwork.core.nhsuk import nhsuk_attributes, nhsuk_summary_list, nhsuk_table, nhsuk_tag
from linkwork.core.text import counted


def url(name: str, *args, **kwargs) -> str:
    return _reversed(get_script_prefix(), name, args, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=8192)
def _reversed(prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    """Addresses are fixed while the app runs, and a list page asks for one per row:
    reversing each afresh was a tenth of such a page's time. `prefix` keys the cache on
    where the app is mounted."""
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


def link(href: str, text: str, hidden: str = "") -> Markup:
    """An escaped link, for component parameters that take HTML (table cells, summary values).
    `hidden` is read out by screen readers only, to tell alike links apart; one that starts
    with an apostrophe ("'s supervision") joins the text without a space."""
    # escape() in f-strings: what Markup.format does for these, without its formatter
    # (a list has one a row).
    if hidden:
        space = "" if hidden[0] in "'’" else " "
        return Markup(  # noqa: S704 (every part escaped)
            f'<a href="{escape(href)}">{escape(text)}<span class="nhsuk-u-visually-hidden">'
            f"{space}{escape(hidden)}</span></a>"
        )
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')  # noqa: S704 (escaped)


def uk_date(value, fmt: str = "j F Y") -> str:
    """Dates and times as people here read them, in UK local time."""
    if not value:
        return ""
    return _uk_date(value, fmt)


@lru_cache(maxsize=8192)
def _uk_date(value, fmt: str) -> str:
    # Lists show the same few dates again and again; formatting each was slow.
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, fmt)


class _Template(Template):
    """Jinja's template, its imports quicker. Each `{% from ... import ... %}` runs as the
    page renders and asks which of the page's globals the imported template lacks: a set
    less a ChainMap's keys, walked name by name in Python (a page imports some twenty
    macros: 5-10% of its time). Its own global names are read once instead; the
    environment's globals are all set in `environment()`, before any template loads."""

    def _get_default_module(self, ctx=None):
        if ctx is not None:
            names = self.__dict__.get("_global_names")
            if names is None:
                names = self._global_names = frozenset(self.globals)
            if keys := ctx.globals_keys - names:
                return self.make_module({key: ctx.parent[key] for key in keys})
        return super()._get_default_module()


def environment(**options) -> Environment:
    # The NHS macros test optional parameters by truthiness, so undefined must be chainable.
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    env = Environment(**options, extensions=["jinja2.ext.do"])  # noqa: S701 (autoescape set above)
    env.template_class = _Template
    env.loader = ChoiceLoader([env.loader, PackageLoader("nhsuk_frontend_jinja")])
    env.globals.update(
        url=url,
        static=static,
        link=link,
        component_for=component_for,
        download_query=download_query,
        get_messages=get_messages,
        nhsuk_attributes=nhsuk_attributes,
        nhsuk_summary_list=nhsuk_summary_list,
        nhsuk_table=nhsuk_table,
        nhsuk_tag=nhsuk_tag,
    )
    env.filters["uk_date"] = uk_date
    env.filters["counted"] = counted
    return env
