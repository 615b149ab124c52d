from markupsafe import escape

from linkwork.core.jinja2_env import link


def test_a_links_hidden_words_follow_its_text_after_a_space():
    assert str(link("/cases/1/", "Ena Boyd", hidden="(case)")) == (
        '<a href="/cases/1/">Ena Boyd<span class="nhsuk-u-visually-hidden"> (case)</span></a>'
    )


def test_a_possessive_joins_the_name_it_belongs_to():
    """Read out as "Shona Campbell's supervision", not "Shona Campbell 's supervision"."""
    for apostrophe in ("'", "’"):
        html = str(link("/team/1/", "Shona Campbell", hidden=f"{apostrophe}s supervision"))
        said = escape(f"{apostrophe}s supervision")
        assert f'Campbell<span class="nhsuk-u-visually-hidden">{said}</span>' in html


def test_a_links_text_and_hidden_words_are_escaped():
    html = str(link("/x/?a=1&b=2", "<b>", hidden="<i>"))
    assert html == (
        '<a href="/x/?a=1&amp;b=2">&lt;b&gt;<span class="nhsuk-u-visually-hidden"> &lt;i&gt;'
        "</span></a>"
    )


def test_an_imported_macro_sees_the_globals_of_the_page_importing_it():
    """Imports read each template's global names once (core/jinja2_env.py: _Template); a
    page with globals of its own still hands them to what it imports, as Jinja does."""
    from django.template import engines
    from jinja2 import DictLoader, Environment

    templates = {
        "page": '{% from "macros" import shout %}{{ shout() }}',
        "plain": '{% from "macros" import shout %}{{ shout() }}',
        "macros": "{% macro shout() %}{{ word }}!{% endmacro %}",
    }
    ours = engines["jinja2"].env.overlay(loader=DictLoader(templates))
    jinjas = Environment(loader=DictLoader(templates))  # noqa: S701 (no HTML here)
    for env in (ours, jinjas):
        assert env.get_template("page", globals={"word": "hello"}).render() == "hello!"
        assert env.get_template("plain").render() == "!"  # none of its own
        assert env.get_template("plain").render() == "!"  # the module kept from the first
    assert type(ours.get_template("page")).__name__ == "_Template"
