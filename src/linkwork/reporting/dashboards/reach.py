"""The dashboards' reach and who-refers tables (issue 12): who is referred beside who is
registered (age band, sex, SIMD), referrals per 1,000 registered patients and link worker
WTE per 10,000, clinical staff who referred, referrals by referrer role and by route, and
referrals declined as not appropriate. Each figure comes from definitions.py and is shown
through the page's suppression policy, like the tables beside them (tables.py)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from linkwork.core import charts
from linkwork.core.codelists import codelist
from linkwork.organisations.models import AGE_BANDS, Practice
from linkwork.reporting import definitions
from linkwork.reporting.dashboards.tables import (
    HOST_SETTINGS,
    FigureTable,
    count_shown,
    percent,
)
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.suppression import HIDDEN, SMALL, CrossTable, Table, is_suppressed

NONE = "–"
NO_PROFILE = "No population profile loaded"
NOT_KNOWN = "Not known"
HIDDEN_RATES = (SMALL, HIDDEN)


@dataclass(frozen=True)
class Rows:
    """What a breakdown's rows are: the areas one level down (clusters of an HSCP,
    practices of a cluster) or, on a practice's page, the practice alone."""

    areas: list
    level: str  # "hscp", "cluster" or "practice"
    kind: str  # what a row is, for headings
    single: bool = False  # a practice's own page: its row alone, no "All" row

    @property
    def heading(self) -> str:
        return self.kind[0].upper() + self.kind[1:]

    def of(self, practice: Practice):
        """The row a practice is in: its pk at its own level, as LEVEL_PATHS group it."""
        return {
            "practice": practice.pk,
            "cluster": practice.cluster_id,
            "hscp": practice.cluster.hscp_id,
        }[self.level]


def _host_settings_row(area: Area, rows: Rows) -> bool:
    """Whether the rows are an HSCP's clusters and its host settings have referred: their
    referrals, in no cluster, then take a row of their own, as in the referrals-by-cluster
    table (tables.by_area). Both tables then suppress the same list under the same total,
    so neither shows a count the other hides, and the rows add up to the page's referrals
    rather than leaving the host settings' as the difference."""
    return (
        rows.level == "cluster" and not rows.single and definitions.refers_from_host_settings(area)
    )


def _all_label(rows: Rows, host_settings: bool) -> str:
    return "All" if host_settings else f"All {rows.kind}s"


def _practices(area: Area) -> list[Practice]:
    return list(definitions.practices_of(area).select_related("cluster").order_by("name"))


def _date(day) -> str:
    return f"{day:%-d %b %Y}"


# --- Who is referred beside who is registered -----------------------------------------


def _profiles(period: Period, area: Area):
    practices = definitions.practices_of(area).order_by("name")
    population = definitions.registered_population(practices, period.end)
    with_profile = [p for p in practices if p.pk in population.as_at]
    referred = definitions.people_referred_profile(period, area, practices=with_profile)
    missing = [str(p) for p in practices if p.pk not in population.as_at]
    # People referred only elsewhere: from a host setting, or to a practice with no profile.
    elsewhere = definitions.people_referred(period, area) - referred.total
    return population, referred, with_profile, missing, elsewhere


def _profile_note(population, with_profile, missing) -> str:
    first, last = min(population.as_at.values()), max(population.as_at.values())
    when = _date(first) if first == last else f"{_date(first)} to {_date(last)}"
    note = (
        f"Registered patients: {population.total:,} in {len(with_profile)} practice"
        f"{'s' if len(with_profile) != 1 else ''}, from population profiles as at {when}."
    )
    if missing:
        note += f" {NO_PROFILE} for {', '.join(missing)}: left out of both columns."
    return note


DIMENSIONS = {
    "reach-age": ("Age band", [(code, f"Aged {label}") for code, label, _ in AGE_BANDS]),
    "reach-sex": ("Sex", [("female", "Female"), ("male", "Male")]),
    "reach-simd": ("SIMD decile", [(d, f"SIMD decile {d}") for d in range(1, 11)]),
}
FIELDS = {"reach-age": "by_age_band", "reach-sex": "by_sex", "reach-simd": "by_simd"}
TITLES = {
    "reach-age": "Age of people referred beside registered patients",
    "reach-sex": "Sex of people referred beside registered patients",
    "reach-simd": "Deprivation (SIMD) of people referred beside registered patients",
}


def reach(key: str, period: Period, area: Area, policy, profiles=None) -> FigureTable:
    """People referred by age band, sex or SIMD decile beside the registered population of
    the same practices, both as shares; `profiles`, when given, answers `_profiles` once
    for the page's three tables."""
    population, referred, with_profile, missing, elsewhere = (profiles or _profiles)(period, area)
    heading, categories = DIMENSIONS[key]
    title = TITLES[key]
    how = " ".join(
        definitions.HOW_COUNTED[name]
        for name in ("people_referred_profile", "registered_population")
    )
    head = [heading, "People referred", "Share of people referred", "Share of registered patients"]
    if not with_profile:
        return FigureTable(key, title, how, head, [], note=f"{NO_PROFILE} for this area.")
    people = getattr(referred, FIELDS[key])
    registered = getattr(population, FIELDS[key])
    codes = [code for code, _ in categories]
    counts = [people.get(code, 0) for code in codes]
    unknown = referred.total - sum(counts)  # sex or decile not recorded (never an age)
    listed = counts if key == "reach-age" else [*counts, unknown]
    table = policy.with_total(listed, total_known=True)
    total_cell = policy.count(referred.total)
    if policy.suppresses and is_suppressed(elsewhere):
        # The page's referrals (and the summary's people referred) less this total would
        # give away the few referred only elsewhere: none of its counts is shown.
        table, total_cell = Table([HIDDEN if n else "0" for n in listed], HIDDEN), HIDDEN
    cells, unknown_cell = table.cells[: len(codes)], (table.cells[len(codes) :] or ["0"])[0]
    known = sum(counts)
    all_registered = sum(registered.values())
    rows, bars = [], []
    for (code, label), n, cell in zip(categories, counts, cells, strict=True):
        share = policy.derived(percent(n, known), cell, unknown_cell, total_cell)
        patients = percent(registered.get(code, 0), all_registered) if registered else NONE
        rows.append([label, cell, share, patients])
        bars += [(label, "People referred", _share(share)), (label, "Registered", _share(patients))]
    if key != "reach-age":
        rows.append([NOT_KNOWN, unknown_cell, NONE, NONE])
    rows.append(["All people referred", total_cell, "", ""])
    note = _profile_note(population, with_profile, missing)
    if key == "reach-simd" and not registered:
        note += " The profiles loaded give no SIMD deciles."
    return FigureTable(
        key,
        title,
        how,
        head,
        rows,
        chart=charts.grouped_bars(
            bars,
            title=title,
            description="Share of people referred and of registered patients by "
            f"{heading.lower()}.",
            x=heading,
            colour="Who",
            value="Per cent",
        ),
        note=note,
    )


def _share(text: str) -> float | None:
    return float(text[:-1]) if text.endswith("%") else None


# --- Referrals per 1,000 patients and link worker WTE per 10,000 ------------------------


@dataclass
class _Line:
    """A row's sums over its practices: referrals (all, and to those with a registered
    figure), registered patients, practices with one, and the WTE placed there."""

    referrals: int = 0
    counted: int = 0
    patients: int = 0
    practices: int = 0
    with_figure: int = 0
    wte: Decimal = Decimal(0)
    wte_known: bool = True
    source: str = ""


def rates(period: Period, area: Area, rows: Rows, policy) -> FigureTable:
    practices = _practices(area)
    registered = definitions.registered_patients(practices, period.end)
    staffing = definitions.practice_wte(practices)
    by_practice = definitions.referrals_by_practice(period, area)
    lines = {row.pk: _Line() for row in rows.areas}
    every = _Line()
    for practice in practices:
        n = by_practice.get(practice.pk, 0)
        found, staff = registered.get(practice.pk), staffing[practice.pk]
        for line in (lines.get(rows.of(practice)), every):
            if line is None:
                continue
            line.referrals += n
            line.practices += 1
            if found is not None:
                line.counted += n
                line.patients += found.patients
                line.with_figure += 1
                line.wte += staff.wte
                line.wte_known &= staff.headcount == 0 or staff.wte_known
                line.source = f"profile as at {_date(found.as_at)}" if found.as_at else "list size"
    counts = [lines[row.pk].referrals for row in rows.areas]
    host_settings = _host_settings_row(area, rows)
    if host_settings:
        # In no practice: in the whole's referrals, never in its rate's numerator.
        counts.append(definitions.referrals_from_host_settings(period, area))
        every.referrals += counts[-1]
    cells = _referral_cells(counts, policy, rows.single)
    table_rows = [
        _rate_row(str(row), lines[row.pk], cell, rows.level == "practice", policy)
        for row, cell in zip(rows.areas, cells.cells[: len(rows.areas)], strict=True)
    ]
    if host_settings:
        table_rows.append(_rate_row(HOST_SETTINGS, _Line(), cells.cells[-1], False, policy))
    if not rows.single:
        every_row = _rate_row(_all_label(rows, host_settings), every, cells.total, False, policy)
        # Over every row, the rate would give away what the rows' own rates hide.
        rows_shown = all(
            cell.isdigit() and row[4] not in HIDDEN_RATES
            for row, cell in zip(table_rows, cells.cells, strict=True)
        )
        if policy.suppresses and not rows_shown and every_row[4] not in (*HIDDEN_RATES, NONE):
            every_row[4] = HIDDEN
        table_rows.append(every_row)
    title = "Referrals per 1,000 registered patients and link worker WTE per 10,000"
    how = " ".join(
        definitions.HOW_COUNTED[name]
        for name in ("registered_patients", "referral_rate", "practice_wte", "wte_per_ten_thousand")
    )
    return FigureTable(
        key="reach-rates",
        title=title,
        how_counted=how,
        head=[
            rows.heading,
            "Registered patients",
            "From",
            "Referrals",
            "Referrals per 1,000 patients",
            "Link worker WTE",
            "WTE per 10,000 patients",
        ],
        rows=table_rows,
        chart=charts.bars(
            [(row[0], _rate(row[4])) for row in table_rows],
            title="Referrals per 1,000 registered patients",
            description="Referrals in the period per 1,000 registered patients.",
            category=rows.heading,
            value="Per 1,000 patients",
        ),
    )


def _referral_cells(counts: list[int], policy, single: bool) -> Table:
    """Each row's referrals as the referrals-by-area table shows them (on a practice's page,
    as its funnel does), so the tables of a page show the same cells; the total is the
    page's referrals figure."""
    if single:
        return Table([policy.count(counts[0])], policy.count(counts[0]))
    return policy.with_total(counts, total_known=True)


def _rate_row(name: str, line: _Line, cell: str, single: bool, policy) -> list[str]:
    if not line.with_figure:
        return [name, NONE, "No registered figure", cell, NONE, NONE, NONE]
    source = line.source if single else f"{line.with_figure} of {line.practices} practices"
    rate = definitions.referral_rate(line.counted, line.patients)
    # The rate gives away the referrals it is of: shown only where they are, and where
    # neither they nor the referrals to practices without a figure are a small count.
    small = is_suppressed(line.counted) or is_suppressed(line.referrals - line.counted)
    shown = f"{rate:.1f}"
    if policy.suppresses and (small or not cell.isdigit()):
        shown = SMALL if cell == SMALL else HIDDEN
    wte = f"{line.wte.quantize(Decimal('0.01'))}" if line.wte_known else "Not recorded"
    per = definitions.wte_per_ten_thousand(line.wte, line.patients)
    return [
        name,
        f"{line.patients:,}",
        source,
        cell,
        shown,
        wte,
        f"{per:.2f}" if line.wte_known and per is not None else NONE,
    ]


def _rate(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# --- Who refers -----------------------------------------------------------------------


def clinical_staff(period: Period, area: Area, rows: Rows, policy) -> FigureTable:
    practices = _practices(area)
    found = definitions.clinical_staff_who_referred(practices, period.end)
    matrix = [[0, 0] for _ in rows.areas]
    index = {row.pk: i for i, row in enumerate(rows.areas)}
    for practice in practices:
        i = index.get(rows.of(practice))
        if i is not None:
            staff = found[practice.pk]
            matrix[i][0] += staff.referred
            matrix[i][1] += staff.clinical_staff - staff.referred
    table = _cross_table(matrix, rows, policy, total_known=False)
    since = definitions.months_before(period.end, definitions.WHO_REFERS_MONTHS)
    referred_head = f"Referred from {_date(since + timedelta(days=1))} to {_date(period.end)}"
    table_rows = [
        [str(row), *cells, total, policy.derived(percent(*_pair(counts)), cells[0], total)]
        for row, cells, total, counts in zip(
            rows.areas, table.cells, table.row_totals, matrix, strict=True
        )
    ]
    if not rows.single:
        all_counts = [sum(column) for column in zip(*matrix, strict=True)] if matrix else [0, 0]
        share = percent(*_pair(all_counts))
        table_rows.append(
            [
                f"All {rows.kind}s",
                *table.column_totals,
                table.total,
                policy.derived(share, *table.column_totals[:1], table.total),
            ]
        )
    return FigureTable(
        key="clinical-staff-referring",
        title="Clinical staff who referred in the last 6 months",
        how_counted=definitions.HOW_COUNTED["clinical_staff_who_referred"],
        head=[
            rows.heading,
            referred_head,
            "Did not refer",
            "Clinical staff",
            "Share who referred",
        ],
        rows=table_rows,
        note="Staff are counted from their practice staff roles in linkwork, by the job "
        "recorded on each.",
    )


def _cross_table(matrix: list[list[int]], rows: Rows, policy, total_known: bool):
    """Counts by row and column; a practice's own page has one row, whose total is the
    whole table's, suppressed as one list under it."""
    if not rows.single:
        return policy.cross_table(matrix, total_known=total_known)
    line = policy.with_total(matrix[0], total_known=total_known)
    return CrossTable([line.cells], [line.total], line.cells, line.total)


def _under_shown_totals(matrix: list[list[int]], totals: Table, policy) -> CrossTable:
    """Counts by area and code whose row totals the page shows already (the referrals of
    each area, as `totals` shows them): each row suppressed as a list under its total where
    that is shown, so its cells cannot give a small one away; where the total is hidden, the
    row never shows every count (their sum would give the hidden total away). A column total
    is shown only where its whole column is."""
    cells = []
    for counts, total in zip(matrix, totals.cells, strict=True):
        line = policy.with_total(counts, total_known=total.isdigit()).cells
        if not total.isdigit() and all(cell.isdigit() for cell in line):
            line = [HIDDEN if n else "0" for n in counts]
        cells.append(line)
    width = len(matrix[0]) if matrix else 0
    column_totals = [
        str(sum(row[c] for row in matrix)) if all(row[c].isdigit() for row in cells) else HIDDEN
        for c in range(width)
    ]
    return CrossTable(cells, totals.cells, column_totals, totals.total)


def _pair(counts: list[int]) -> tuple[int, int]:
    return counts[0], counts[0] + counts[1]


BREAKDOWNS = {
    "referrals-by-role": (
        "referrals_by_referrer_role",
        "referrer_roles",
        "Referrals by who referred",
        "Who referred",
    ),
    "referrals-by-route": (
        "referrals_by_route",
        "referral_routes",
        "Referrals by how they arrived",
        "Route",
    ),
    "declined-not-appropriate": (
        "declined_as_inappropriate_by_reason",
        "referral_decline_reasons",
        "Referrals declined as not appropriate",
        "Reason declined",
    ),
}


def breakdown(key: str, period: Period, area: Area, rows: Rows, policy) -> FigureTable:
    """A figure by the areas one level down and by a code (who referred, route, reason
    declined). Referrals by role and by route add up, for each area, to its referrals,
    which the page shows already (referrals by area): each row is suppressed under that.
    Declines are suppressed as one cross table."""
    name, list_name, title, colour = BREAKDOWNS[key]
    counts = getattr(definitions, name)(period, area, rows.level)
    codes = codelist(list_name)
    used = {code for _, code in counts}
    columns = [c.code for c in codes.codes if c.code in used]
    if key == "declined-not-appropriate":
        columns = [
            c.code for c in codes.codes if c.code in definitions.INAPPROPRIATE_DECLINE_REASONS
        ]
    keys, names = [row.pk for row in rows.areas], [str(row) for row in rows.areas]
    host_settings = _host_settings_row(area, rows)
    if host_settings:  # their referrals reach no cluster: None at the cluster level
        keys.append(None)
        names.append(HOST_SETTINGS)
    matrix = [[counts.get((row, code), 0) for code in columns] for row in keys]
    if key == "declined-not-appropriate":
        table = _cross_table(matrix, rows, policy, total_known=False)
    else:  # each row adds up to the area's referrals, shown on the page already
        totals = _referral_cells([sum(row) for row in matrix], policy, rows.single)
        table = _under_shown_totals(matrix, totals, policy)
    labels = [codes.label(code) for code in columns]
    table_rows = [
        [name, *cells, total]
        for name, cells, total in zip(names, table.cells, table.row_totals, strict=True)
    ]
    if not rows.single:
        table_rows.append([_all_label(rows, host_settings), *table.column_totals, table.total])
    bars = [
        (name, label, count_shown(cell))
        for name, cells in zip(names, table.cells, strict=True)
        for label, cell in zip(labels, cells, strict=True)
    ]
    return FigureTable(
        key=key,
        title=title,
        how_counted=definitions.HOW_COUNTED[name],
        head=[rows.heading, *labels, "All"],
        rows=table_rows,
        chart=charts.stacked_bars(
            bars,
            title=title,
            description=f"{title}, for each {rows.kind}, stacked by {colour.lower()}.",
            x=rows.heading,
            colour=colour,
            value="Referrals",
        ),
    )


def builders(area: Area, rows: Rows, policy) -> dict:
    """Each reach and who-refers table of the commissioner's dashboard, by key."""
    profiles = lru_cache(maxsize=1)(_profiles)  # the same for the three tables of a page
    found = {
        key: (lambda period, key=key: reach(key, period, area, policy, profiles))
        for key in DIMENSIONS
    }
    found["reach-rates"] = lambda period: rates(period, area, rows, policy)
    found["clinical-staff-referring"] = lambda period: clinical_staff(period, area, rows, policy)
    for key in BREAKDOWNS:
        found[key] = lambda period, key=key: breakdown(key, period, area, rows, policy)
    return found
