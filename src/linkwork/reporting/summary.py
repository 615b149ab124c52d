"""The programme summary's figures in their two printed shapes: JSON with fixed keys (a
contract: `linkwork report summary`, and later the summary page and PDF, read it) and a
flat CSV. Every figure is counted as definitions.py counts it, from the reporting facts
(facts.py) or, for checking them, from the records themselves; nothing is counted here."""

import csv
import io
from decimal import Decimal

from linkwork.core.codelists import codelist
from linkwork.reporting import definitions, facts
from linkwork.reporting.definitions import EVERYWHERE, Area, Period

# Each breakdown's code list, for the CSV's labels.
BREAKDOWNS = {
    "reasons": "needs",
    "onward_links": "needs",
    "unmet_needs": "needs",
    "closures": "closure_reasons",
}
CSV_COLUMNS = ("figure", "code", "label", "value")
# The definition behind each key whose name differs from it: its note is the key's.
DEFINED_BY = {
    "swemwbs_paired": "wellbeing",
    "swemwbs_paired_rate": "wellbeing",
    "swemwbs_mean_change": "wellbeing",
    "swemwbs_improved_rate": "wellbeing",
}


def summary(period: Period, area: Area = EVERYWHERE) -> dict:
    """The headline figures, keyed as the issue fixes them, from the reporting facts
    (decision 64). Rates are fractions to 4 places and None (null) when their denominator
    is 0; the mean SWEMWBS change is in metric points to 2 places; the median days may end
    in .5."""
    return keyed(headline_figures(period, area))


def headline_figures(period: Period, area: Area = EVERYWHERE) -> definitions.Headline:
    """summary()'s figures before they are keyed: the counts behind each rate too (the
    programme summary shows and suppresses them) from the same reporting facts."""
    facts.catch_up()
    return facts.headline(period, area)


def live_summary(period: Period, area: Area = EVERYWHERE) -> dict:
    """The same figures counted from the records by definitions.py, the specification
    the facts are tested against (and a check on them in production)."""
    return keyed(definitions.headline(period, area))


def keyed(figures: definitions.Headline) -> dict:
    wellbeing = figures.wellbeing
    median = definitions.percentile(figures.days_to_first_contact, Decimal("0.5"))
    return {
        "referrals": figures.referrals,
        "people_referred": figures.people_referred,
        "engaged": figures.engaged,
        "engagement_rate": _number(definitions.rate(figures.engaged, figures.accepted)),
        "median_days_to_first_contact": _number(median),
        "leavers": wellbeing.leavers,
        "swemwbs_paired": wellbeing.paired,
        "swemwbs_paired_rate": _number(wellbeing.paired_rate),
        "swemwbs_mean_change": _number(wellbeing.mean_change),
        "swemwbs_improved_rate": _number(wellbeing.improved_rate),
        "reasons": figures.reasons,
        "onward_links": figures.onward_links,
        "unmet_needs": figures.unmet_needs,
        "closures": figures.closures,
    }


def how_counted(key: str) -> str:
    """The "how this is counted" note for one of summary()'s keys."""
    return definitions.HOW_COUNTED[DEFINED_BY.get(key, key)]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def as_csv(figures: dict) -> str:
    """One row per figure, and one per code of each breakdown (figure, code, label,
    value); an empty value is a null."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, value in figures.items():
        if name in BREAKDOWNS:
            codes = codelist(BREAKDOWNS[name])
            for code, count in value.items():
                writer.writerow((name, code, codes.label(code), count))
        else:
            writer.writerow((name, "", "", "" if value is None else value))
    return out.getvalue()
