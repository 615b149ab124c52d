"""Charts drawn on the server: inline SVG a screen reader can name, nothing that the
content security policy blocks, the same numbers as given, files to download."""

import re
from datetime import date

from linkwork.core import charts
from linkwork.core.charts import Point, bars, line_chart, stacked_bars

REASONS = [("Housing", 12), ("Food <and> drink", None), ("Debt", 7)]


def bar_values(svg: str) -> list[tuple[str, str]]:
    """(category, value) of each bar drawn, from the marks' own labels."""
    return re.findall(
        r'aria-label="How many: (\d+); Reason: ([^"]*)"[^>]*aria-roledescription="bar"', svg
    )


def reasons_chart():
    return bars(REASONS, title="Reasons <for> referral", description="12 & 7", category="Reason")


def test_a_chart_is_inline_svg_named_and_described_for_screen_readers():
    svg = str(reasons_chart().svg())
    ident = re.match(
        r'<svg class="lw-chart" role="img" focusable="false" '
        r'aria-labelledby="(\S+)-t \1-d" width="100%" viewBox="0 0 \d+ \d+">',
        svg,
    )
    assert ident, svg[:200]
    assert f'<title id="{ident[1]}-t">Reasons &lt;for&gt; referral</title>' in svg
    assert f'<desc id="{ident[1]}-d">12 &amp; 7</desc>' in svg


def test_a_chart_has_no_script_no_style_attribute_and_nothing_from_another_host():
    svg = str(reasons_chart().svg())
    assert "<script" not in svg
    assert "style=" not in svg  # the CSP has no 'unsafe-inline' for styles
    assert "http" not in svg.replace("http://www.w3.org/", "")
    assert 'font-family="Arial, sans-serif"' in svg
    assert "aria-roledescription" not in svg  # inside an image, marks are not read one by one


def test_bars_show_the_counts_given_and_none_for_a_suppressed_one():
    assert bar_values(reasons_chart().svg_file()) == [("12", "Housing"), ("7", "Debt")]


def test_stacked_bars_draw_one_bar_per_known_count():
    chart = stacked_bars(
        [("Jan", "GP", 5), ("Jan", "Self", 3), ("Feb", "GP", None), ("Feb", "Self", 8)],
        title="Referrals",
        description="By month",
        x="Month",
        colour="Source",
    )
    assert chart.svg_file().count('aria-roledescription="bar"') == 3


def test_line_points_are_spaced_by_date_not_by_order():
    points = [
        Point("1 Oct", 20, date(2026, 10, 1)),
        Point("3 Oct", 22, date(2026, 10, 3)),
        Point("30 Nov", 24, date(2026, 11, 30)),
    ]
    svg = line_chart(points, low=7, high=35, title="t", description="d").svg_file()
    found = re.findall(r'aria-roledescription="point" transform="translate\(([\d.]+),', svg)
    xs = [float(x) for x in found]
    assert xs[0] < xs[1] < xs[2]
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 10  # two days against eight weeks


def test_a_threshold_is_a_dashed_line():
    points = [Point("1 Oct", 20, date(2026, 10, 1)), Point("30 Nov", 24, date(2026, 11, 30))]
    chart = line_chart(points, low=7, high=35, title="t", description="d", threshold=23)
    assert 'stroke-dasharray="6,4"' in str(chart.svg())


def test_downloads_are_an_svg_file_and_a_png_file():
    chart = reasons_chart()
    assert chart.svg_file().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert chart.png().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_same_chart_is_rendered_once(monkeypatch):
    charts.forget_drawings()
    drawn = []
    real = charts.vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        charts.vl_convert, "vegalite_to_svg", lambda spec: drawn.append(spec) or real(spec)
    )
    first = reasons_chart().svg()
    assert reasons_chart().svg() == first
    assert len(drawn) == 1
    assert reasons_chart().drawn_here() is not None
