"""The programme summary: one page (and its PDF) for an HSCP and a period, in the shape
HSCPs publish theirs: headline figures each with its own period, reasons for referral,
wellbeing with the paired share and threshold, released GP time, the partners most
linked to and quotes chosen by team leads.

Every figure comes from definitions.py (the headline ones through summary.summary(), so
the page and `linkwork report summary` cannot disagree) and is shown through a
suppression policy. The summary is a document that travels (a PDF is forwarded and
printed), so it is always suppressed as a commissioner's pages are, whoever opens it: a
team lead sees named people of their own team only, not of the whole HSCP.
"""

from dataclasses import dataclass
from decimal import Decimal

from linkwork.core.codelists import codelist
from linkwork.core.jinja2_env import uk_date
from linkwork.organisations.models import HSCP
from linkwork.outcomes.models import PracticeQuote, Story
from linkwork.outcomes.scanner import scan
from linkwork.outcomes.services import story_findings
from linkwork.reporting import definitions
from linkwork.reporting.dashboards import tables
from linkwork.reporting.dashboards.tables import FigureTable
from linkwork.reporting.definitions import Area, Period
from linkwork.reporting.summary import BREAKDOWNS, headline_figures, how_counted, keyed
from linkwork.reporting.suppression import Suppressed

MOST_QUOTES = 6
MOST_PARTNERS = 5
NONE = "–"  # a rate or mean with nothing to divide by
THRESHOLD_SOURCE = (
    "Maheswaran et al. 2012, as Warwick Medical School's SWEMWBS guidance cites it: the "
    "smallest change a person notices"
)
GP_TIME_CAVEATS = (
    "There is no comparison group: people are often referred at a hard time, so some fall "
    "in GP appointments would have happened anyway (regression to the mean), and a change "
    "cannot be put down to link working alone."
)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    when: str  # the figure's own period, in words
    how_counted: str


@dataclass(frozen=True)
class Result:
    label: str
    value: str


@dataclass(frozen=True)
class Wellbeing:
    results: list[Result]
    threshold: str
    setting: str
    source: str
    unpaired: list[Result]  # leavers without a pair, by closure reason
    how_counted: str


@dataclass(frozen=True)
class GpTime:
    results: list[Result]
    recorded: bool
    caveats: str
    how_counted: str


@dataclass(frozen=True)
class Quote:
    text: str
    recorded: str
    source: str = "A person supported"


@dataclass(frozen=True)
class ProgrammeSummary:
    hscp: HSCP
    period: Period
    headlines: list[Headline]
    reasons: FigureTable
    wellbeing: Wellbeing
    gp_time: GpTime
    partners: list[Result]
    partners_how_counted: str
    social_outcomes: FigureTable
    quotes: list[Quote]
    practice_quotes: list[Quote]
    explanation: str

    def notes(self) -> list[tuple[list[str], str]]:
        """Each headline's "how this is counted" note once, with the figures it explains
        (the four wellbeing figures share one)."""
        labels: dict[str, list[str]] = {}
        for item in self.headlines:
            labels.setdefault(item.how_counted, []).append(item.label)
        return [(names, note) for note, names in labels.items()]


def percent(value: float | None) -> str:
    """A rate of summary() (a fraction to 4 places) as a percentage, every place kept."""
    if value is None:
        return NONE
    return f"{(Decimal(str(value)) * 100).normalize():f}%"


def change(value: float | Decimal | None) -> str:
    return NONE if value is None else f"{Decimal(str(value)):+.2f}"


def days(value: float | None) -> str:
    return NONE if value is None else f"{Decimal(str(value)).normalize():f}"


def _dates(period: Period) -> str:
    return f"{uk_date(period.start)} to {uk_date(period.end)}"


def build(period: Period, hscp: HSCP) -> ProgrammeSummary:
    area = Area(hscp=hscp)
    policy = Suppressed()
    figures = headline_figures(period, area)
    return ProgrammeSummary(
        hscp=hscp,
        period=period,
        headlines=headlines(period, area, figures, policy),
        reasons=tables.reasons(period, area, policy),
        wellbeing=_wellbeing(period, area, policy, figures.wellbeing),
        gp_time=_gp_time(period, area, policy),
        partners=_partners(period, area, policy),
        partners_how_counted=definitions.HOW_COUNTED["partners_linked_to"],
        social_outcomes=tables.social_outcomes(period, area, policy),
        quotes=quotes(hscp),
        practice_quotes=practice_quotes(hscp),
        explanation=policy.explanation,
    )


@dataclass(frozen=True)
class Shown:
    """summary()'s headline figures as a suppression policy lets them be shown: each count
    as text (`counts`, with `accepted`, the engagement rate's denominator), and for each
    figure worked out from counts (a rate, a mean, a median) the mark hiding it ("<5",
    "*"), or "" where it is shown as it is (`hidden`); `figures`, summary()'s own, beside
    them. The page, the PDF and the API read this one decision."""

    counts: dict[str, str]
    hidden: dict[str, str]
    figures: dict


def shown_figures(headline: definitions.Headline, policy) -> Shown:
    figures = keyed(headline)
    accepted = headline.accepted
    # The median wait is of the referrals contacted, not of all those shown: of one, it
    # would be that person's wait.
    contacted = sum(headline.days_to_first_contact.values())
    counts = {key: policy.count(figures[key]) for key in COUNTS}
    # A part shown beside its whole gives away the rest: each is suppressed with the other.
    # Engaged is a part of the referrals and of the accepted ones, both shown.
    counts["accepted"] = parts(policy, accepted, figures["referrals"])[0]
    counts["engaged"] = _any_hidden(
        parts(policy, figures["engaged"], figures["referrals"])[0],
        parts(policy, figures["engaged"], accepted)[0],
    )
    counts["swemwbs_paired"] = parts(policy, figures["swemwbs_paired"], figures["leavers"])[0]
    wellbeing = headline.wellbeing
    improved = parts(policy, wellbeing.improved, wellbeing.paired)
    paired = counts["swemwbs_paired"]
    return Shown(
        figures=figures,
        counts=counts,
        hidden={
            "engagement_rate": policy.derived("", counts["engaged"], counts["accepted"]),
            "median_days_to_first_contact": policy.derived(
                "", counts["referrals"], policy.count(contacted)
            ),
            "swemwbs_paired_rate": policy.derived("", paired, counts["leavers"]),
            "swemwbs_improved_rate": policy.derived("", paired, *improved),
            "swemwbs_mean_change": policy.derived("", paired),
        },
    )


def as_shown(period: Period, area: Area, policy) -> dict:
    """summary()'s figures under the same keys, as `policy` shows them (the API's answer):
    a count shown is a number, a hidden one its mark ("<5", "*"), as is a rate, mean or
    median worked out from a hidden count. Of the breakdowns, the reasons are each
    suppressed alone (a referral gives several, so they add up to nothing shown), as the
    reasons table is; the others with their total (with_total, in code list order, as the
    unmet needs table is), the closures under the leavers shown beside them."""
    shown = shown_figures(headline_figures(period, area), policy)
    figures = shown.figures
    answer = {key: as_value(shown.counts.get(key) or shown.hidden.get(key), value)
              for key, value in figures.items()}  # fmt: skip
    answer["reasons"] = {code: as_value(policy.count(n)) for code, n in figures["reasons"].items()}
    for key in ("onward_links", "unmet_needs"):
        answer[key] = _breakdown(figures[key], BREAKDOWNS[key], policy)
    unrecorded = figures["leavers"] - sum(figures["closures"].values())
    answer["closures"] = _breakdown(figures["closures"], "closure_reasons", policy, unrecorded)
    return answer


def as_value(cell: str | None, value=None):
    """A cell as the API gives it: a count as a number; a mark as text; no cell, `value`."""
    if not cell:
        return value
    return int(cell) if cell.isdigit() else cell


def _breakdown(counts: dict[str, int], list_name: str, policy, rest: int | None = None) -> dict:
    """Counts by code, each suppressed with the total they make (with `rest`, the count
    in a whole shown elsewhere that has no code: the whole is then known)."""
    listed = [code.code for code in codelist(list_name).codes]
    codes = [code for code in listed if counts.get(code)] + sorted(set(counts) - set(listed))
    cells = [counts[code] for code in codes]
    if rest is None:
        table = policy.with_total(cells)
    else:
        table = policy.with_total([*cells, rest], total_known=True)
    return {code: as_value(cell) for code, cell in zip(codes, table.cells, strict=False)}


def _any_hidden(*cells: str) -> str:
    """The first of `cells` that hides its count, else the first (all show the same)."""
    return next((cell for cell in cells if not cell.isdigit()), cells[0])


def headlines(period: Period, area: Area, headline: definitions.Headline, policy) -> list[Headline]:
    """The headline figures, each as summary() gives it, suppressed as `policy` says."""
    received = f"Referrals received {_dates(period)}"
    closed = f"Cases closed {_dates(period)}"
    shown = shown_figures(headline, policy)
    figures, counts = shown.figures, shown.counts

    def worked_out(key: str, text: str) -> str:
        return shown.hidden[key] or text

    involved, practices = definitions.practices_involved(period, area)
    caseload = definitions.caseload_per_wte(area)  # with the staffing it divides by
    return [
        Headline(
            "practices_involved",
            "GP practices involved",
            f"{involved} of {practices}",
            received,
            definitions.HOW_COUNTED["practices_involved"],
        ),
        _deprived_practices(*definitions.deprived_practices_involved(period, area), received),
        _staffing(caseload.staffing),
        _caseload(caseload, policy),
        _headline("referrals", "Referrals", counts["referrals"], received),
        _headline("people_referred", "People referred", counts["people_referred"], received),
        _headline("engaged", "Referrals engaged", counts["engaged"], received),
        # Its denominator is the accepted referrals, not the referrals beside it: named.
        _headline(
            "engagement_rate",
            "Engagement rate",
            worked_out("engagement_rate", percent(figures["engagement_rate"])),
            f"Of {counts['accepted']} accepted referrals received {_dates(period)}",
        ),
        _headline(
            "median_days_to_first_contact",
            "Median days to first contact",
            worked_out(
                "median_days_to_first_contact", days(figures["median_days_to_first_contact"])
            ),
            received,
        ),
        _headline("leavers", "Leavers", counts["leavers"], closed),
        _headline(
            "swemwbs_paired",
            "Leavers with a baseline and an exit SWEMWBS",
            counts["swemwbs_paired"],
            closed,
        ),
        _headline(
            "swemwbs_paired_rate",
            "Share of leavers with both scores",
            worked_out("swemwbs_paired_rate", percent(figures["swemwbs_paired_rate"])),
            closed,
        ),
        _headline(
            "swemwbs_improved_rate",
            "Of those, share whose wellbeing improved",
            worked_out("swemwbs_improved_rate", percent(figures["swemwbs_improved_rate"])),
            closed,
        ),
        _headline(
            "swemwbs_mean_change",
            "Mean change in SWEMWBS (metric points)",
            worked_out("swemwbs_mean_change", change(figures["swemwbs_mean_change"])),
            closed,
        ),
    ]


def _deprived_practices(involved: int, practices: int, when: str) -> Headline:
    """Not known, rather than "0 of 0", where no practice's postcode is in the lookup."""
    if not practices:
        value, when = "Not known", "No practice's postcode is in the SIMD lookup loaded"
    else:
        value = f"{involved} of {practices}"
    return _headline(
        "deprived_practices_involved", "Practices in SIMD deciles 1 to 5 involved", value, when
    )


def _caseload(caseload: definitions.Caseload, policy) -> Headline:
    """Open cases per WTE, hidden where the open cases are a small count (with the WTE
    beside it, the ratio would give that count away)."""
    per_wte = caseload.per_wte
    value = "WTE not recorded for every post" if per_wte is None else f"{per_wte:f}"
    if per_wte is not None:
        value = policy.derived(value, policy.count(caseload.open_cases))
    when = f"Now: {policy.count(caseload.open_cases)} open cases"
    return _headline("caseload_per_wte", "Open cases per link worker WTE", value, when)


def _staffing(staff: definitions.Staffing) -> Headline:
    """Link worker WTE where every post has it recorded; otherwise the headcount, saying how
    many posts have a WTE (none is invented)."""
    how = definitions.HOW_COUNTED["link_workers"]
    if staff.wte_known:
        when = f"In post now: {staff.headcount} people"
        return Headline(
            "link_workers", "Link workers (WTE)", f"{staff.wte.normalize():f}", when, how
        )
    recorded = (
        f"WTE recorded for {staff.with_wte} of them" if staff.with_wte else "WTE not recorded"
    )
    when = f"In post now; {recorded}"
    return Headline("link_workers", "Link workers (headcount)", str(staff.headcount), when, how)


COUNTS = ("referrals", "people_referred", "engaged", "leavers", "swemwbs_paired")


def parts(policy, part: int, whole: int) -> list[str]:
    """A part of a whole that is shown (engaged of referrals, paired of leavers, improved
    of paired), and the rest of it, as `policy` shows them with the whole's total known:
    where the rest is small, the part is hidden too, since the whole less the part would
    give it away."""
    return policy.with_total([part, whole - part], total_known=True).cells


def _headline(key: str, label: str, value: str, when: str) -> Headline:
    return Headline(key, label, value, when, how_counted(key))


def _wellbeing(period: Period, area: Area, policy, result: definitions.Wellbeing) -> Wellbeing:
    paired, leavers = parts(policy, result.paired, result.leavers)[0], policy.count(result.leavers)
    improved = parts(policy, result.improved, result.paired)
    meaningfully = parts(policy, result.meaningfully_improved, result.paired)
    meaningful = percent(_float(result.meaningful_improvement_rate))
    unpaired = definitions.unpaired_leavers(period, area)
    reasons = codelist("closure_reasons")
    table = policy.with_total([row["leavers"] for row in unpaired.values()], total_known=True)
    instrument = definitions.SWEMWBS
    return Wellbeing(
        results=[
            Result("Leavers with a baseline and an exit score", f"{paired} of {leavers}"),
            Result(
                "Improved (any rise)",
                policy.derived(percent(_float(result.improved_rate)), paired, *improved),
            ),
            Result(
                f"Improved by at least {result.threshold.normalize():f} points",
                policy.derived(meaningful, paired, *meaningfully),
            ),
            Result("Mean change", policy.derived(change(result.mean_change), paired)),
        ],
        threshold=f"{result.threshold.normalize():f}",
        setting=instrument.change_setting,
        source=THRESHOLD_SOURCE,
        unpaired=[
            Result(
                reasons.label(reason) if reason else "No reason recorded",
                f"{cell} leavers, "
                f"{policy.derived(str(row['sessions_attended']), cell)} sessions attended",
            )
            for (reason, row), cell in zip(unpaired.items(), table.cells, strict=True)
        ],
        how_counted=definitions.HOW_COUNTED["wellbeing"],
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _gp_time(period: Period, area: Area, policy) -> GpTime:
    use = definitions.released_gp_time(period, area)
    compared = len(use.compared)
    # Compared, a month missing and too recent are every leaver once, and the leavers show
    # beside them: suppressed as one list under that known total.
    table = policy.with_total(
        [compared, use.missing_months, use.not_yet_six_months], total_known=True
    )
    n, missing, too_recent = table.cells
    how = definitions.HOW_COUNTED["released_gp_time"]
    if not compared:
        results = [Result("GP appointments before and after support", "Not recorded")]
        return GpTime(results, False, GP_TIME_CAVEATS, how)
    results = [
        Result("Leavers compared", n),
        Result(
            "GP appointments per person, six months before",
            policy.derived(f"{use.mean('before')}", n),
        ),
        Result(
            "GP appointments per person, six months after",
            policy.derived(f"{use.mean('after')}", n),
        ),
        # To the one place service_use works means of whole appointments out to.
        Result("Mean change per person", policy.derived(f"{use.mean('change'):+}", n)),
        Result("Not compared: a month missing", missing),
        Result("Not compared: closed under six months ago", too_recent),
    ]
    return GpTime(results, True, GP_TIME_CAVEATS, how)


def _partners(period: Period, area: Area, policy) -> list[Result]:
    counts = definitions.partners_linked_to(period, area)
    top = list(counts.items())[:MOST_PARTNERS]
    return [Result(name, policy.count(n)) for name, n in top]


def quotes(hscp: HSCP) -> list[Quote]:
    """Up to six stories a team lead chose for reports, from the HSCP's people, newest
    first: only those the person agreed to share, marked shareable once the worker saw the
    scanner's warnings, and on which the scanner (run again now, with the names the case
    knows) finds nothing, since the summary travels beyond the service."""
    stories = (
        Story.objects.filter(
            case__person__hscp=hscp, for_reports=True, consent_to_share=True, shareable=True
        )
        .select_related("case__person", "case__link_worker__user")
        .order_by("-recorded_on", "-pk")
    )
    chosen = []
    for story in stories.iterator():
        if not story_findings(story.case, story.text):
            chosen.append(Quote(story.text, f"{story.recorded_on:%B %Y}"))
        if len(chosen) == MOST_QUOTES:
            break
    return chosen


def practice_quotes(hscp: HSCP) -> list[Quote]:
    """Up to six quotes team leads added from the HSCP's practices, newest first, on which
    the scanner (run again now) finds nothing."""
    quotes = PracticeQuote.objects.filter(practice__cluster__hscp=hscp, for_reports=True)
    return [
        Quote(quote.text, f"{quote.said_on:%B %Y}", quote.practice.name)
        for quote in quotes.select_related("practice").order_by("-said_on", "-pk")
        if not scan(quote.text)
    ][:MOST_QUOTES]
