"""Charts drawn on the server: an Altair (Vega-Lite) spec rendered to SVG or PNG by
vl-convert, with no JavaScript on the page, no Node at run time and nothing fetched from
another host.

A chart goes into the page as inline SVG (allowed by the content security policy: it has
no script and no style attribute) with a title and description for screen readers, and
always beside a table of the same numbers, which is the accessible alternative. The same
spec downloads as an SVG or PNG file. vl-convert's first rendering in a process takes
about a second and each later one about 50 ms, so renderings are kept by spec (an
identical spec draws an identical chart).
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from hashlib import sha256

import altair as alt
import vl_convert
from markupsafe import Markup, escape

# The NHS identity colour palette: blue first, then colours that stay apart from it.
NHS_BLUE = "#005eb8"
PALETTE = ["#005eb8", "#41b6e6", "#007f3b", "#ffb81c", "#330072", "#da291c", "#ae2573", "#425563"]
TEXT = "#4c6272"  # NHS mid grey: axis labels
GRID = "#d8dde0"
THRESHOLD = "#007f3b"  # NHS green: the line to cross for a meaningful improvement
FONT = "Arial, sans-serif"  # the NHS stylesheet's fallback; no web font from another host
WIDTH = 480
MARK_ARIA = re.compile(r' (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')
CONFIG = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "range": {"category": PALETTE},
    "axis": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "gridColor": GRID,
        "domainColor": TEXT,
        "labelFontSize": 12,
        "titleFontSize": 12,
    },
    "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "orient": "bottom"},
    "bar": {"color": NHS_BLUE},
    "line": {"color": NHS_BLUE},
    "point": {"color": NHS_BLUE},
}


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec, with the words a screen reader is given for it."""

    spec: dict
    title: str
    description: str

    # Worked out once a chart: a page asks for both several times (to look the drawing up,
    # to name the SVG), and the spec is not changed once the chart is made.
    @cached_property
    def key(self) -> str:
        """The spec as JSON, sorted: the key renderings are kept under."""
        return json.dumps(self.spec, sort_keys=True, default=str)

    @cached_property
    def digest(self) -> str:
        """The spec's SHA-256: what a drawing kept elsewhere was drawn from."""
        return sha256(self.key.encode()).hexdigest()

    def drawing(self) -> str:
        """vl-convert's SVG of the spec (kept per process), before `svg` names it."""
        return _svg(self.key)

    def drawn_here(self) -> str | None:
        """The spec's drawing if this process has it, without drawing it."""
        return _drawings.get(self.key)

    def keep(self, drawing: str) -> str:
        """Keep `drawing` (of this spec, kept elsewhere) as this process's own."""
        return _keep(self.key, drawing)

    def svg(self, drawing: str | None = None) -> Markup:
        """The chart to put in a page: inline SVG that scales to its container, named by
        its title and described for screen readers. `drawing`: the spec's drawing kept
        elsewhere (outcomes/charts.py), else it is drawn."""
        ident = "chart-" + self.digest[:10]
        opening = (
            f'<svg class="lw-chart" role="img" focusable="false" '
            f'aria-labelledby="{ident}-t {ident}-d" width="100%" '
        )
        # Inside an image the marks are not read out one by one (the table beside the
        # chart is the text alternative), so Vega's own roles and labels are dropped.
        svg = MARK_ARIA.sub("", drawing if drawing is not None else self.drawing())
        svg = re.sub(r'^<svg [^>]*?(viewBox="[^"]*")[^>]*>', lambda m: f"{opening}{m[1]}>", svg)
        svg = svg.replace(
            ">",
            f'><title id="{ident}-t">{escape(self.title)}</title>'
            f'<desc id="{ident}-d">{escape(self.description)}</desc>',
            1,
        )
        return Markup(svg)  # noqa: S704 (vl-convert's SVG of our own spec; the words escaped)

    def svg_file(self) -> str:
        """The chart as a standalone SVG file, for download."""
        return _svg(self.key)

    def png(self) -> bytes:
        """The chart as a PNG file at twice its size, for download."""
        return _png(self.key)


DRAWINGS_KEPT = 512  # a process's drawings, by spec; when full, the lot is dropped
_drawings: dict[str, str] = {}


def _svg(key: str) -> str:
    drawing = _drawings.get(key)
    if drawing is None:
        drawing = _keep(key, vl_convert.vegalite_to_svg(json.loads(key)))
    return drawing


def _keep(key: str, drawing: str) -> str:
    if len(_drawings) >= DRAWINGS_KEPT:
        _drawings.clear()
    _drawings[key] = drawing
    return drawing


def forget_drawings() -> None:
    """Drop this process's drawings (tests: a process that has drawn nothing yet)."""
    _drawings.clear()


@lru_cache(maxsize=128)
def _png(key: str) -> bytes:
    return vl_convert.vegalite_to_png(json.loads(key), scale=2)


def chart(template: str, rows: list[dict], title: str, description: str) -> Chart:
    """A chart from a template's spec (`_template`) and the rows it draws."""
    spec = json.loads(template)
    spec["data"] = {"values": [{k: _plain(v) for k, v in row.items()} for row in rows]}
    return Chart(spec=spec, title=title, description=description)


def _spec(altair_chart: alt.TopLevelMixin) -> str:
    """An Altair chart without data as a Vega-Lite spec. Building one through Altair takes
    about 10 ms, so each kind of chart with the same labels is built once (the callers'
    lru_cache) and only its data changes."""
    spec = altair_chart.properties(width=WIDTH).configure(**CONFIG).to_dict(validate=False)
    spec.pop("$schema", None)  # the same everywhere; kept out of the key
    for part in (spec, *spec.get("layer", [])):
        part.pop("data", None)  # Altair's empty placeholder: `chart` gives the rows
        if _mark(part) == "rule":  # a line at one value (a datum): drawn once, not per row
            part["data"] = {"values": [{}]}
    spec.pop("datasets", None)
    return json.dumps(spec, sort_keys=True)


def _mark(part: dict) -> str | None:
    mark = part.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def bars(
    rows: list[tuple[str, int | None]],
    *,
    title: str,
    description: str,
    category: str,
    value: str = "How many",
) -> Chart:
    """Horizontal bars, one per category in the order given (a code list's order, never
    by size). A value of None (a suppressed count) draws no bar."""
    data = [{"category": label, "value": n} for label, n in rows]
    return chart(_bars(category, value), data, title, description)


@lru_cache(maxsize=64)
def _bars(category: str, value: str) -> str:
    return _spec(
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("category:N", title=category, sort=None),
            x=alt.X("value:Q", title=value, axis=alt.Axis(tickMinStep=1)),
        )
    )


def stacked_bars(
    rows: list[tuple[str, str, int | None]],
    *,
    title: str,
    description: str,
    x: str,
    colour: str,
    value: str = "How many",
) -> Chart:
    """Columns of (x, part, count) stacked by part: referrals per month by source. Both
    keep the order given."""
    parts = tuple(dict.fromkeys(b for _, b, _ in rows))
    data = [{"x": a, "part": b, "value": n, "order": parts.index(b)} for a, b, n in rows]
    return chart(_stacked(x, colour, value, parts), data, title, description)


@lru_cache(maxsize=64)
def _stacked(x: str, colour: str, value: str, parts: tuple[str, ...]) -> str:
    return _spec(
        alt.Chart()
        .mark_bar()
        .encode(
            # Slanted: a year of month names side by side ran into each other.
            x=alt.X("x:N", title=x, sort=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("value:Q", title=value, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("part:N", title=colour, sort=list(parts)),
            order=alt.Order("order:Q"),
        )
    )


def grouped_bars(
    rows: list[tuple[str, str, int | None]],
    *,
    title: str,
    description: str,
    x: str,
    colour: str,
    value: str = "How many",
) -> Chart:
    """Columns of (x, group, count) side by side within each x: wellbeing bands before
    and after support."""
    groups = tuple(dict.fromkeys(b for _, b, _ in rows))
    data = [{"x": a, "group": b, "value": n} for a, b, n in rows]
    return chart(_grouped(x, colour, value, groups), data, title, description)


@lru_cache(maxsize=64)
def _grouped(x: str, colour: str, value: str, groups: tuple[str, ...]) -> str:
    return _spec(
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("x:N", title=x, sort=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("group:N", sort=list(groups)),
            y=alt.Y("value:Q", title=value, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("group:N", title=colour, sort=list(groups)),
        )
    )


@dataclass(frozen=True)
class Point:
    label: str  # the date, short, as the table beside the chart shows it
    value: Decimal | int | None
    on: date | None = None  # where it sits along the time axis


def line_chart(
    points: list[Point],
    *,
    low,
    high,
    title: str,
    description: str,
    threshold=None,
    value: str = "Score",
) -> Chart:
    """A line through the points, spaced by date (six weeks look longer than six days;
    by order when a point has no date), on a scale from `low` to `high`, with a dashed
    line at `threshold` when given (the value a follow-up must reach to count as a
    meaningful improvement)."""
    dated = all(p.on is not None for p in points)
    labels = None if dated else tuple(p.label for p in points)
    rows = [{"x": p.on if dated else index, "value": p.value} for index, p in enumerate(points)]
    if threshold is not None and not low <= threshold <= high:
        threshold = None
    template = _line(float(low), float(high), _plain(threshold), value, labels)
    return chart(template, rows, title, description)


@lru_cache(maxsize=256)
def _line(low: float, high: float, threshold, value: str, labels: tuple | None) -> str:
    x = (
        alt.X("x:T", title="Date", axis=alt.Axis(format="%d %b", labelAngle=0))
        if labels is None
        else alt.X("x:O", title="", axis=alt.Axis(labelExpr=_labels(labels), labelAngle=0))
    )
    y = alt.Y("value:Q", title=value, scale=alt.Scale(domain=[low, high]))
    base = alt.Chart().encode(x=x, y=y)
    plot = base.mark_line(strokeWidth=3) + base.mark_point(size=60, filled=True, opacity=1)
    if threshold is not None:
        rule = alt.Chart().mark_rule(color=THRESHOLD, strokeWidth=2, strokeDash=[6, 4])
        plot += rule.encode(y=alt.datum(threshold))
    return _spec(plot.properties(height=160))


def _labels(labels: tuple[str, ...]) -> str:
    return f"{json.dumps(list(labels))}[datum.value]"
