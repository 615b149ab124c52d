"""The programme summary's figures in their two printed shapes: JSON with fixed keys (a
contract: `linkwork report summary`, and later the summary page and PDF, read it) and a
flat CSV. Every figure comes from definitions.py; nothing is counted here."""

import csv
import io
from decimal import Decimal

from linkwork.core.codelists import codelist
from linkwork.reporting import definitions
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
    """The headline figures, keyed as the issue fixes them. Rates are fractions to 4
    places and None (null) when their denominator is 0; the mean SWEMWBS change is in
    metric points to 2 places; the median days may end in .5."""
    wellbeing = definitions.wellbeing(period, area)
    return {
        "referrals": definitions.referrals(period, area),
        "people_referred": definitions.people_referred(period, area),
        "engaged": definitions.engaged(period, area),
        "engagement_rate": _number(definitions.engagement_rate(period, area)),
        "median_days_to_first_contact": _number(
            definitions.median_days_to_first_contact(period, area)
        ),
        "leavers": wellbeing.leavers,
        "swemwbs_paired": wellbeing.paired,
        "swemwbs_paired_rate": _number(wellbeing.paired_rate),
        "swemwbs_mean_change": _number(wellbeing.mean_change),
        "swemwbs_improved_rate": _number(wellbeing.improved_rate),
        "reasons": definitions.reasons(period, area),
        "onward_links": definitions.onward_links(period, area),
        "unmet_needs": definitions.unmet_needs(period, area),
        "closures": definitions.closures(period, area),
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
