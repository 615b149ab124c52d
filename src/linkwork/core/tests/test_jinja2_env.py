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
