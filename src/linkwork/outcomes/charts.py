"""Small server-rendered SVG line charts: no JavaScript, no network, nothing to load.

The SVG is an image with a title and description for screen readers; every chart is
shown beside a table of the same numbers, which is the accessible alternative.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 26
LINE = "#005eb8"  # NHS blue
THRESHOLD = "#007f3b"  # NHS green: the line to cross for a meaningful improvement
GRID = "#d8dde0"
TEXT = "#4c6272"


@dataclass(frozen=True)
class Point:
    label: str  # under the point: the date, short
    value: Decimal | int
    on: date | None = None  # where it sits along the time axis


def _y(value, low, high) -> float:
    span = (high - low) or 1
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (float(value) - low) / span)


def _xs(points: list[Point]) -> list[float]:
    """Spaced by date, so six weeks look longer than six days; by order only when a
    point has no date or every point has the same one."""
    usable = WIDTH - LEFT - RIGHT
    count = len(points)
    if count == 1:
        return [LEFT + usable / 2]
    dates = [p.on for p in points]
    if None not in dates and (span := (max(dates) - min(dates)).days):
        return [LEFT + usable * (on - min(dates)).days / span for on in dates]
    return [LEFT + usable * index / (count - 1) for index in range(count)]


def line_chart(
    points: list[Point], *, low, high, title: str, description: str, threshold=None
) -> Markup:
    """A line through the points, the scale's ends marked, and (when given) a dashed line
    at the value a follow-up must reach to count as a meaningful improvement."""
    parts = [
        f'<svg class="lw-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{_id(title)}-t {_id(title)}-d" focusable="false">',
        f'<title id="{_id(title)}-t">{escape(title)}</title>',
        f'<desc id="{_id(title)}-d">{escape(description)}</desc>',
    ]
    parts += _axes(low, high)
    if threshold is not None and low <= threshold <= high:
        y = _y(threshold, low, high)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{THRESHOLD}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(_text(WIDTH - RIGHT, y - 5, "meaningful improvement", "end"))
    coords = [(x, _y(p.value, low, high)) for x, p in zip(_xs(points), points, strict=True)]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="3"/>')
    for index, ((x, y), point) in enumerate(zip(coords, points, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{LINE}"/>')
        parts.append(_text(x, HEIGHT - 8, point.label, _anchor(index, len(points))))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text part above is escaped)


def _axes(low, high) -> list[str]:
    bottom, top = _y(low, low, high), _y(high, low, high)
    return [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        for y in (top, bottom)
    ] + [_text(LEFT - 6, top + 4, str(high), "end"), _text(LEFT - 6, bottom + 4, str(low), "end")]


def _anchor(index: int, count: int) -> str:
    """Dates at the ends are anchored inwards so they are not cut off."""
    if count == 1:
        return "middle"
    return "start" if index == 0 else ("end" if index == count - 1 else "middle")


def _text(x, y, text: str, anchor: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="{TEXT}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
