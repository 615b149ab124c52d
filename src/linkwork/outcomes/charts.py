"""A case's measure charts, drawn once for each change of its scores (decision 0154).

vl-convert takes 40-75 ms of CPU to draw one (core/charts.py), each process kept only its
own drawings, and a case is opened far more often than a score is added: so each case's
drawings are also kept with the case (`CaseChart`), one a series, read by a process that
has not drawn or read them yet, and drawn again only when the chart's spec (its scores,
dates and scale) is no longer what they were drawn from.
"""

from linkwork.core.statements import statement
from linkwork.outcomes.models import CaseChart


def draw(case, histories: list) -> None:
    """Set each series' `drawn` (inline SVG) on `histories` (measure_histories(case)): as
    this process drew or read it before, else as kept with the case, else drawn now."""
    shown = [(one, one.chart()) for history in histories for one in history.series if one.rows]
    here = [chart.drawn_here() for _, chart in shown]
    kept = {row.series: row for row in _charts_of(case.pk)} if None in here else {}
    drawn = []
    for (series, chart), drawing in zip(shown, here, strict=True):
        if drawing is None:
            held = kept.get(series.key)
            if held is not None and held.drawn_from == chart.digest:
                drawing = chart.keep(held.svg)
            else:
                drawing = chart.drawing()
                drawn.append(
                    CaseChart(case=case, series=series.key, drawn_from=chart.digest, svg=drawing)
                )
        series.drawn = chart.svg(drawing)
    if drawn:
        # One statement, whoever drew it first: two app servers drawing the same chart
        # at once write the same drawing, and neither fails.
        CaseChart.objects.bulk_create(
            drawn,
            update_conflicts=True,
            unique_fields=["case", "series"],
            update_fields=["drawn_from", "svg"],
        )


@statement
def _charts_of(case_id):
    return CaseChart.objects.filter(case=case_id)
