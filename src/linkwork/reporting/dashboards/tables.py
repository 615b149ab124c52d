"""The dashboards' tables and charts: each a figure from definitions.py, shown through a
suppression policy (suppression.Suppressed for commissioners, AsRecorded for a team lead's
own team), with its "how this is counted" note and a chart of the very cells the table
shows (a hidden count draws no bar), so the chart can never tell more than the table."""

from dataclasses import dataclass, field
from datetime import date

from linkwork.core import charts
from linkwork.core.charts import Chart, Point
from linkwork.core.codelists import codelist
from linkwork.core.jinja2_env import link
from linkwork.reporting import definitions
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.suppression import HIDDEN, is_suppressed

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class FigureTable:
    """A table as shown: `head` the column labels, `rows` the cells as text (the first a
    row's label), `links` where a row's label leads (drill-down), if anywhere."""

    key: str
    title: str
    how_counted: str
    head: list[str]
    rows: list[list[str]]
    chart: Chart | None = None
    links: list[str | None] = field(default_factory=list)
    note: str = ""

    def table_params(self) -> dict:
        """The NHS.UK table component's parameters: counts right-aligned as numbers."""
        head = [{"text": self.head[0]}, *({"text": h, "format": "numeric"} for h in self.head[1:])]
        links = self.links or [None] * len(self.rows)
        rows = [
            [
                {"html": link(href, row[0])} if href else {"text": row[0]},
                *({"text": cell, "format": "numeric"} for cell in row[1:]),
            ]
            for row, href in zip(self.rows, links, strict=True)
        ]
        caption = f"{self.title}: the data"
        return {
            "caption": caption,
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": head,
            "rows": rows,
        }


def count_shown(cell: str) -> int | None:
    """A shown cell's count for the chart; None (no bar) for a suppressed or hidden one."""
    return int(cell) if cell.isdigit() else None


def percent(part: int, whole: int) -> str:
    share = definitions.rate(part, whole)
    return "–" if share is None else f"{share * 100:.0f}%"


def _month(first: date) -> str:
    return f"{first:%b %Y}"


def referrals_by_month(period: Period, area: Area, policy) -> FigureTable:
    counts = definitions.referrals_by_month_and_source(period, area)
    roles = codelist("referrer_roles")
    used = {role for _, role in counts}
    sources = [code.code for code in roles.codes if code.code in used]
    months = definitions.months(period)
    matrix = [[counts.get((m, s), 0) for s in sources] for m in months]
    table = policy.cross_table(matrix, total_known=True)
    labels = [roles.label(source) for source in sources]
    rows = [
        [_month(m), *cells, total]
        for m, cells, total in zip(months, table.cells, table.row_totals, strict=True)
    ]
    rows.append(["All months", *table.column_totals, table.total])
    bars = [
        (_month(m), label, count_shown(cell))
        for m, cells in zip(months, table.cells, strict=True)
        for label, cell in zip(labels, cells, strict=True)
    ]
    title = "Referrals per month by who referred"
    return FigureTable(
        key="referrals-by-month",
        title=title,
        how_counted=definitions.HOW_COUNTED["referrals_by_month_and_source"],
        head=["Month", *labels, "All"],
        rows=rows,
        chart=charts.stacked_bars(
            bars,
            title=title,
            description=f"Referrals each month from {_month(months[0])} to "
            f"{_month(months[-1])}, stacked by who referred; {table.total} in all.",
            x="Month",
            colour="Who referred",
        ),
    )


def reasons(period: Period, area: Area, policy) -> FigureTable:
    counts = definitions.reasons(period, area)
    needs = codelist("needs")
    codes = [code.code for code in needs.codes if counts.get(code.code)]
    total = definitions.referrals(period, area)
    referred = policy.count(total)
    rows = [
        [needs.label(code), cell, policy.derived(percent(counts[code], total), cell, referred)]
        for code, cell in ((code, policy.count(counts[code])) for code in codes)
    ]
    title = "Reasons for referral"
    return FigureTable(
        key="reasons",
        title=title,
        how_counted=definitions.HOW_COUNTED["reasons"],
        head=["Reason", "Referrals giving it", "Share of referrals"],
        rows=rows,
        chart=charts.bars(
            [(row[0], count_shown(row[1])) for row in rows],
            title=title,
            description="Referrals giving each reason; a referral may give several.",
            category="Reason",
            value="Referrals",
        ),
        note=f"Referrals in the period: {referred}.",
    )


STAGE_LABELS = {
    "referred": "Referred",
    "contacted": "Contacted",
    "engaged": "Engaged (attended a session)",
    "linked": "Linked onward",
    "closed": "Closed",
}


def funnel(period: Period, area: Area, policy) -> FigureTable:
    stages = definitions.engagement_funnel(period, area)
    counts = [stages[name] for name in definitions.FUNNEL_STAGES]
    cells = policy.nested(counts, total_known=True)
    rows = [
        [STAGE_LABELS[name], cell, policy.derived(percent(n, counts[0]), cell, cells[0])]
        for name, n, cell in zip(definitions.FUNNEL_STAGES, counts, cells, strict=True)
    ]
    title = "Engagement: referred to closed"
    return FigureTable(
        key="engagement",
        title=title,
        how_counted=definitions.HOW_COUNTED["engagement_funnel"],
        head=["Stage", "Referrals", "Share of those referred"],
        rows=rows,
        chart=charts.bars(
            [(row[0], count_shown(row[1])) for row in rows],
            title=title,
            description="How many referrals reached each stage, each among those that "
            "reached the one before.",
            category="Stage",
            value="Referrals",
        ),
    )


WHEN = ("Baseline", "Exit")


def wellbeing(period: Period, area: Area, policy) -> FigureTable:
    counts = definitions.wellbeing_bands(period, area)
    bands = [label for label, _, _ in definitions.SWEMWBS_BANDS]
    # Each column is every paired leaver once, so both add up to the same known total.
    columns = [
        policy.with_total([counts[(band, when)] for band in bands], total_known=True)
        for when in WHEN
    ]
    rows = [[band, *(column.cells[i] for column in columns)] for i, band in enumerate(bands)]
    bars = [
        (band, when, count_shown(cell))
        for band, *cells in rows
        for when, cell in zip(WHEN, cells, strict=True)
    ]
    rows.append(["All paired leavers", *(column.total for column in columns)])
    title = "Wellbeing before and after support (SWEMWBS)"
    return FigureTable(
        key="wellbeing",
        title=title,
        how_counted=definitions.HOW_COUNTED["wellbeing_bands"],
        head=["Metric score band", *WHEN],
        rows=rows,
        chart=charts.grouped_bars(
            bars,
            title=title,
            description="Leavers with a baseline and an exit SWEMWBS, by the band of each score.",
            x="SWEMWBS metric score",
            colour="When",
            value="Leavers",
        ),
    )


def _by_code(
    counts: dict[str, int],
    list_name: str,
    policy,
    *,
    key: str,
    title: str,
    how_counted: str,
    head: list[str],
    total: str,
    description: str,
) -> FigureTable:
    """A count for each code of a coded list that has any, in the list's order, and their
    total: each suppressed with the total, so no small count can be worked out from it."""
    coded = codelist(list_name)
    codes = [code.code for code in coded.codes if counts.get(code.code)]
    table = policy.with_total([counts[code] for code in codes])
    rows = [[coded.label(code), cell] for code, cell in zip(codes, table.cells, strict=True)]
    bars = [(row[0], count_shown(row[1])) for row in rows]
    rows.append([total, table.total])
    return FigureTable(
        key=key,
        title=title,
        how_counted=definitions.HOW_COUNTED[how_counted],
        head=head,
        rows=rows,
        chart=charts.bars(
            bars, title=title, description=description, category=head[0], value=head[1]
        ),
    )


def unmet_needs(period: Period, area: Area, policy) -> FigureTable:
    return _by_code(
        definitions.unmet_needs(period, area),
        "needs",
        policy,
        key="unmet-needs",
        title="Unmet needs by category",
        how_counted="unmet_needs",
        head=["Need", "Unmet needs recorded"],
        total="All unmet needs",
        description="Needs recorded as ones no suitable service could meet, by category.",
    )


def support_given(period: Period, area: Area, policy) -> FigureTable:
    return _by_code(
        definitions.support_given(period, area),
        "support_types",
        policy,
        key="support-given",
        title="Support given with onward links",
        how_counted="support_given",
        head=["Support given", "Links"],
        total="All links with the support recorded",
        description="Onward links made in the period, by the support the worker gave.",
    )


def social_outcomes(period: Period, area: Area, policy) -> FigureTable:
    """People with each social outcome, each count suppressed alone (a person may have
    several kinds, so they add up to nothing shown, as the reasons do); the people with
    any hidden too where, less a kind shown, they would leave a small count (the people
    with only other kinds); the income gained a year is hidden with the count of people
    it is from."""
    figures = definitions.social_outcomes(period, area)
    kinds = codelist("social_outcomes")
    rows = [[kinds.label(code), policy.count(n)] for code, n in figures.people.items()]
    bars = [(row[0], count_shown(row[1])) for row in rows]
    anyone = policy.count(figures.anyone)
    rest = [figures.anyone - n for n, row in zip(figures.people.values(), rows, strict=True)
            if row[1].isdigit()]  # fmt: skip
    if policy.suppresses and any(is_suppressed(n) for n in rest):
        anyone = HIDDEN
    rows.append(["People with any social outcome", anyone])
    income = f"£{figures.annual_income:,.2f}" if figures.income_people else "–"
    shown = policy.derived(income, policy.count(figures.income_people))
    rows.append(["Income gained a year (annualised, pounds)", shown])
    title = "Social outcomes"
    return FigureTable(
        key="social-outcomes",
        title=title,
        how_counted=definitions.HOW_COUNTED["social_outcomes"],
        head=["Outcome", "People"],
        rows=rows,
        chart=charts.bars(
            bars,
            title=title,
            description="People with each social outcome achieved in the period.",
            category="Outcome",
        ),
    )


def not_engaged(period: Period, area: Area, policy) -> FigureTable:
    """Why people did not engage, among leavers closed so."""
    return _by_code(
        definitions.not_engaged_reasons(period, area),
        "not_engaged_reasons",
        policy,
        key="not-engaged",
        title="Why people did not engage",
        how_counted="not_engaged_reasons",
        head=["Reason", "Leavers"],
        total="All with a reason",
        description="Cases closed as did not engage, by why.",
    )


def programme_tables(period: Period, area: Area, policy) -> list[FigureTable]:
    """The charts every dashboard shows for its area."""
    return [
        referrals_by_month(period, area, policy),
        reasons(period, area, policy),
        funnel(period, area, policy),
        wellbeing(period, area, policy),
        unmet_needs(period, area, policy),
        support_given(period, area, policy),
        social_outcomes(period, area, policy),
        not_engaged(period, area, policy),
    ]


def by_area(
    period: Period, area: Area, children: list, child_area, href, policy, kind: str
) -> FigureTable:
    """The referrals figure for each area one level down (clusters of an HSCP, practices
    of a cluster), each a link to its own dashboard; an HSCP's clusters beside its host
    settings' referrals, which are in no cluster (decision 0074)."""
    names = [str(child) for child in children]
    counts = [definitions.referrals(period, child_area(child)) for child in children]
    links = [href(child) for child in children]
    how = definitions.HOW_COUNTED["referrals"]
    if kind == "cluster" and definitions.refers_from_host_settings(area):
        names.append(HOST_SETTINGS)
        counts.append(definitions.referrals_from_host_settings(period, area))
        links.append(None)
        how = f"{how} {definitions.HOW_COUNTED['referrals_from_host_settings']}"
    table = policy.with_total(counts, total_known=True)
    rows = [[name, cell] for name, cell in zip(names, table.cells, strict=True)]
    rows.append([f"All {kind}s" if len(names) == len(children) else "All", table.total])
    return FigureTable(
        key="areas",
        title=f"Referrals by {kind}",
        how_counted=how,
        head=[kind[0].upper() + kind[1:], "Referrals"],
        rows=rows,
        links=[*links, None],
    )


HOST_SETTINGS = "Host settings (no GP practice)"


COMPLEXITY = [("low", "Low"), ("mid", "Mid"), ("high", "High"), ("", NOT_RECORDED)]


def caseloads(workers: list, policy) -> FigureTable:
    counts = definitions.caseload_by_complexity([w.pk for w in workers])
    table = policy.cross_table([[counts.get((w.pk, c), 0) for c, _ in COMPLEXITY] for w in workers])
    names = [str(worker) for worker in workers]
    rows = [
        [name, *cells, total]
        for name, cells, total in zip(names, table.cells, table.row_totals, strict=True)
    ]
    rows.append(["All workers", *table.column_totals, table.total])
    title = "Open cases by link worker and complexity"
    return FigureTable(
        key="caseloads",
        title=title,
        how_counted=definitions.HOW_COUNTED["caseload_by_complexity"],
        head=["Link worker", *(label for _, label in COMPLEXITY), "All"],
        rows=rows,
        chart=charts.stacked_bars(
            [
                (name, label, count_shown(cell))
                for name, cells in zip(names, table.cells, strict=True)
                for (_, label), cell in zip(COMPLEXITY, cells, strict=True)
            ],
            title=title,
            description="Each link worker's open cases, stacked by complexity.",
            x="Link worker",
            colour="Complexity",
            value="Open cases",
        ),
    )


def waiting(period: Period, referrals, policy) -> FigureTable:
    counts = definitions.waiting_list(period, among=referrals)
    cells = [policy.count(n) for n in counts.values()]
    rows = [[f"{end:%-d %b %Y}", cell] for end, cell in zip(counts, cells, strict=True)]
    title = "Waiting list at the end of each month"
    values = list(counts.values())
    return FigureTable(
        key="waiting-list",
        title=title,
        how_counted=definitions.HOW_COUNTED["waiting_list"],
        head=["On", "Referrals waiting"],
        rows=rows,
        chart=charts.line_chart(
            [
                Point(row[0], count_shown(row[1]), end)
                for row, end in zip(rows, counts, strict=True)
            ],
            low=0,
            high=max([*values, 5]),
            title=title,
            description="Referrals waiting for a decision at the end of each month.",
            value="Waiting",
        ),
    )
