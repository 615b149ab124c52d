"""The Python stand-ins for NHS.UK frontend macros give the macros' own output."""

import pytest
from django.template import engines
from jinja2 import ChainableUndefined, Environment, PackageLoader
from jinja2.filters import do_indent
from markupsafe import Markup

from linkwork.core.nhsuk import indent, nhsuk_attributes

ATTRIBUTES = [
    None,
    "",
    ' data-x="1"',
    Markup(' aria-label="a"'),
    {},
    {"class": "nhsuk-table"},
    {"class": 'a "quoted" <b> & c'},
    {"id": {"value": None, "optional": True}},
    {"id": {"value": "", "optional": True}},
    {"id": {"value": "", "optional": False}},
    {"id": {"value": None}},
    {"hidden": {"value": True, "optional": True}},
    {"hidden": {"value": False, "optional": True}},
    {"hidden": True, "aria-hidden": False},
    {"hidden": {"value": False}},
    {"colspan": {"value": 3, "optional": True}, "rowspan": 0},
    {"data-html": Markup('<b class="x">')},
    {"data-html": {"value": Markup("plain"), "optional": True}},
    {"data-list": {"value": ["a", "b<'&>"], "type": "array", "optional": True}},
    {"data-list": {"value": None, "type": "array", "optional": True}},
    {"class": "x", "data-list": {"value": ["y"], "type": "array"}, "id": "z"},
    {'na"me<': "v"},
]


def vendor() -> Environment:
    """The NHS.UK frontend's templates alone, as the package ships them."""
    return Environment(  # noqa: S701 (autoescape on)
        loader=PackageLoader("nhsuk_frontend_jinja"),
        undefined=ChainableUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@pytest.mark.parametrize("attributes", ATTRIBUTES)
def test_attributes_as_the_macro_gives_them(attributes):
    macro = vendor().get_template("nhsuk/macros/attributes.jinja").module.nhsukAttributes
    assert str(nhsuk_attributes(attributes)) == str(macro(attributes))


def test_attributes_of_an_undefined_parameter_are_empty():
    undefined = vendor().from_string("{{ x }}").environment.undefined()
    assert nhsuk_attributes(undefined) == ""


COMPONENTS = [
    (
        "tables",
        "table",
        {
            "caption": "3 referrals",
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [{"text": "Person"}, {"text": "Count", "format": "numeric"}],
            "rows": [
                [{"html": Markup('<a href="/x/">A &amp; B</a>')}, {"text": "3"}],
                [{"text": "C <d>"}, {"text": "4", "classes": "extra"}],
            ],
        },
    ),
    ("tag", "tag", {"text": "Waiting", "classes": "nhsuk-tag--blue"}),
    ("button", "button", {"text": "Refer someone", "href": "/referrals/new/"}),
    ("pagination", "pagination", {"previous": {"href": "?page=1"}, "next": {"href": "?page=3"}}),
    (
        "summary-list",
        "summaryList",
        {
            "rows": [
                {
                    "key": {"text": "Name"},
                    "value": {"text": "Ann"},
                    "actions": {"items": [{"href": "/e/", "text": "Change"}]},
                }
            ]
        },
    ),
    ("input", "input", {"label": {"text": "Name"}, "id": "n", "name": "n", "value": 'a"b'}),
    ("file-upload", "fileUpload", {"label": {"text": "File"}, "id": "f", "name": "f"}),
]


@pytest.mark.parametrize(("folder", "name", "params"), COMPONENTS)
def test_components_render_as_the_package_renders_them(folder, name, params):
    source = (
        f'{{% from "nhsuk/components/{folder}/macro.jinja" import {name} %}}{{{{ {name}(p) }}}}'
    )
    ours = engines["jinja2"].env.from_string(source).render(p=params)
    assert ours == vendor().from_string(source).render(p=params)
    assert ours.strip()


TABLES = [
    {"rows": []},
    {"head": ["A", Markup("<b>B</b>")], "rows": [["x", Markup("<i>y</i>"), "beyond the head"]]},
    {
        "caption": "Sessions",
        "captionClasses": "extra",
        "classes": "nhsuk-table--responsive mine",
        "responsive": True,
        "head": [{"text": "When"}, {"text": "Hours", "format": "numeric", "width": "one-quarter"}],
        "rows": [
            [{"text": 0}, {"text": "7", "format": "string"}],
            [{"html": Markup("<p>one</p>\n\n<p>two</p>")}, None],
            [{"text": "a", "visuallyHiddenText": "for Ann"}, {"visuallyHiddenText": "none"}],
            [{"text": "b", "align": "centre", "classes": "nhsuk-u-text-align-left"}, 5],
        ],
    },
    {
        "caption": Markup("<b>Bold</b> caption"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "head": [{"html": Markup("<abbr>ID</abbr>"), "visuallyHiddenText": "number"}],
        "rows": [[{"text": "1", "attributes": {"data-x": "y"}, "width": "half"}]],
    },
    # Captions: each size, a size the table does not offer, a size already in the classes,
    # text to escape, HTML over several lines, spaces around, spaces alone.
    *(
        {"caption": caption, "captionSize": size, "captionClasses": classes, "rows": [["x"]]}
        for caption, size, classes in [
            ("A & <B>", "s", None),
            ("Plain", "l", ""),
            ("Plain", "xl", "mine"),
            ("Plain", "xs", None),
            ("Plain", "m", "nhsuk-table__caption--s mine"),
            ("Plain", None, "nhsuk-table__caption--xl"),
            (Markup("<b>one</b>\n<i>two</i>\n\n<i>three</i>"), "s", None),
            ("  spaced  ", None, None),
            ("   ", "s", None),
        ]
    ),
    # Beyond what linkwork renders itself: the package's template renders these.
    {"head": [{"text": "Name", "sort": "ascending"}], "rows": [["a"], ["b"]]},
    {"head": ["Name"], "rows": [[{"text": "a", "href": "/a/"}]], "scroll": True},
    {"head": ["Name"], "rows": [["a"]], "card": {"heading": "People"}, "striped": True},
]


@pytest.mark.parametrize("params", TABLES)
def test_tables_render_as_the_package_renders_them(params):
    source = '{% from "nhsuk/components/tables/macro.jinja" import table %}[{{ table(p) }}]'
    ours = engines["jinja2"].env.from_string(source).render(p=params)
    assert ours == vendor().from_string(source).render(p=params)


TAGS = [
    {"text": "Waiting", "classes": "nhsuk-tag--blue"},
    {"text": "  Spaced <b> & co  "},
    {"html": Markup("<b>Bold</b>\n<i>two lines</i>"), "classes": "x"},
    {"text": "Green", "colour": "green"},
    {"text": "Kept", "colour": "red", "classes": "nhsuk-tag--blue"},
    {"text": "None", "colour": False},
    {},
    {"text": "Bordered", "border": False, "id": "t1"},  # the package's template renders it
]


@pytest.mark.parametrize("params", TAGS)
def test_tags_render_as_the_package_renders_them(params):
    source = '{% from "nhsuk/components/tag/macro.jinja" import tag %}[{{ tag(p) }}]'
    ours = engines["jinja2"].env.from_string(source).render(p=params)
    assert ours == vendor().from_string(source).render(p=params)


SUMMARY_LISTS = [
    {"rows": []},
    {},
    {
        "rows": [
            {"key": {"text": "Name"}, "value": {"text": "  Ann <b> & co \n second line "}},
            {"key": {"text": "Link"}, "value": {"html": Markup('<a href="/x/">A &amp; B</a>')}},
            {"key": {"text": "Empty"}, "value": {"text": ""}},
            None,
            {"key": {"text": "Zero"}, "value": {"text": 0}},
            {"key": {"text": "Number"}, "value": {"text": 7}},
            {"key": "As text", "value": Markup("<b>as markup</b>")},
            {"key": {"html": Markup("<abbr>CHI</abbr>")}, "value": {"text": "Blank\n\nline"}},
            {"key": {"text": "Both"}, "value": {"text": "text", "html": "<i>html wins</i>"}},
            {"value": {"text": "no key"}},
        ]
    },
    # Beyond what linkwork renders itself: the package's template renders these.
    {"rows": [{"key": {"text": "K"}, "value": {"text": "V"}, "actions": {"items": []}}]},
    {"rows": [{"key": {"text": "K", "classes": "x"}, "value": {"text": "V"}}]},
    {"rows": [{"key": {"text": "K"}, "value": {"text": "V"}}], "card": {"heading": "Card"}},
]


@pytest.mark.parametrize("params", SUMMARY_LISTS)
def test_summary_lists_render_as_the_package_renders_them(params):
    source = (
        '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
        "[{{ summaryList(p) }}]"
    )
    ours = engines["jinja2"].env.from_string(source).render(p=params)
    assert ours == vendor().from_string(source).render(p=params)


@pytest.mark.parametrize(
    "text", ["", "one", " padded ", "a\nb", "a\n\nb", "a\rb", "tab\there", "ü…"]
)
@pytest.mark.parametrize("first", [True, False])
def test_indent_as_the_filter_gives_it(text, first):
    assert indent(text, 2, first) == do_indent(text, 2, first)
    assert indent(Markup(text), 4, first) == do_indent(Markup(text), 4, first)
