"""The minimum core dataset: one pseudonymised row per referral received in a period, for
trusted analysts (`linkwork export-mcd`).

Record-level and not suppressed, but with nothing that names or locates a person: no
name, CHI number, address, postcode, phone, email or free text; the person is a
pseudonym and their age an age band. Every per-referral rule (first contact, sessions,
links, closure, SWEMWBS) comes from definitions.py, so a row adds up to the figures.
COLUMNS is the contract, and docs/mcd-data-dictionary.md is rendered from it.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
from django.conf import settings
from django.utils.crypto import salted_hmac

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.referrals.models import ReferralReason, ReferralStatus
from linkwork.reporting import definitions
from linkwork.reporting.definitions import EVERYWHERE, Area, Period

PSEUDONYM_SALT = "linkwork.mcd.pseudonym"
PSEUDONYM_LENGTH = 16  # hex characters: 64 bits, no collision in any programme's people
# (lowest age in the band, its name), oldest first; under the first, UNDER_16.
AGE_BANDS = ((75, "75+"), (65, "65-74"), (55, "55-64"), (45, "45-54"), (35, "35-44"))
AGE_BANDS += ((25, "25-34"), (16, "16-24"))
UNDER_16 = "under 16"
FORMATS = ("csv", "xlsx")
ACTIVITY = "Empty unless the referral was accepted."

COLUMNS: tuple[tuple[str, str], ...] = (
    (
        "person_pseudonym",
        "The person, as 16 hex characters: HMAC-SHA256 of their record's id keyed by the "
        "installation's pseudonym key (MCD_PSEUDONYM_KEY). The same person has the same "
        "pseudonym in every export and on each of their referrals; it cannot be turned back "
        "into the person without the key. Each HSCP keeps its own record of a person, so "
        "someone referred in two HSCPs has two pseudonyms.",
    ),
    (
        "age_band",
        "Age on the day the referral was received: under 16, 16-24, 25-34, 35-44, 45-54, "
        "55-64, 65-74 or 75+.",
    ),
    ("sex", "Sex as recorded on the person's record (code from the sex list)."),
    (
        "simd_decile",
        "SIMD decile (1 most deprived, 10 least) of the person's home datazone when the "
        "referral was made, as recorded on the referral; empty when not known.",
    ),
    ("practice_code", "The GP practice code of the practice the referral was sent to."),
    ("route", "How the referral came in (code from referral_routes)."),
    ("referrer_role", "The referrer's role (code from referrer_roles)."),
    ("reasons", "Reasons for referral, need codes joined by ';' in code order."),
    ("received_on", "The day the referral was received (YYYY-MM-DD)."),
    (
        "status",
        "What was decided: new, awaiting_verification, accepted, declined or duplicate "
        "(joined to a case already open).",
    ),
    ("decline_reason", "Why it was declined (code from referral_decline_reasons)."),
    (
        "first_contact_on",
        "The day of the first session on the case on or after the referral was received "
        "that happened, attended or not (cancelled sessions are not contact), as time to "
        f"first contact counts it. {ACTIVITY}",
    ),
    (
        "sessions_attended",
        "Sessions attended on the case on or after the day the referral was received, as "
        f"engaged counts them. {ACTIVITY}",
    ),
    ("sessions_did_not_attend", f"Sessions the person did not attend, counted alike. {ACTIVITY}"),
    (
        "onward_links",
        "Onward links made (sent or signposted; drafts are not) on the case on or after "
        f"the day the referral was received. {ACTIVITY}",
    ),
    (
        "onward_link_needs",
        "The need (service category) of each of those links, codes joined by ';' in the "
        f"order made; a link with no need recorded adds nothing. {ACTIVITY}",
    ),
    (
        "closed_on",
        "The day the case was closed, when it is closed now (a case reopened since has "
        f"none), as leavers count it. {ACTIVITY}",
    ),
    ("closure_reason", f"Why it was closed (code from closure_reasons). {ACTIVITY}"),
    (
        "swemwbs_baseline",
        "The case's first complete SWEMWBS at baseline, metric score (2 places), as the "
        f"wellbeing figures pair them (a reopened case's included). {ACTIVITY}",
    ),
    ("swemwbs_exit", f"The case's last complete SWEMWBS at exit, metric score. {ACTIVITY}"),
    (
        "swemwbs_change",
        f"Exit minus baseline metric score, empty unless both (a pair). {ACTIVITY}",
    ),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
# Filled from the case only for an accepted referral: a duplicate's or a declined
# referral's case activity belongs to the referral that was accepted.
CASE_COLUMNS = COLUMN_NAMES[COLUMN_NAMES.index("first_contact_on") :]


def pseudonym(person_id: int) -> str:
    """A stable pseudonym for a person's record that only the key can reverse
    (settings.MCD_PSEUDONYM_KEY, kept apart from SECRET_KEY so it need never rotate)."""
    digest = salted_hmac(
        PSEUDONYM_SALT, str(person_id), secret=settings.MCD_PSEUDONYM_KEY, algorithm="sha256"
    ).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def age_band(born: date, on: date) -> str:
    """The age band of someone born on `born`, on the day `on`."""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for lowest, band in AGE_BANDS:
        if age >= lowest:
            return band
    return UNDER_16


def rows(period: Period, area: Area = EVERYWHERE) -> Iterator[dict]:
    """One dict per referral received in the period (duplicates and declined ones too),
    keyed by COLUMN_NAMES, in received order."""
    referrals = definitions.received(period, area)
    annotated = definitions.with_swemwbs(
        definitions.with_closure(
            definitions.with_sessions(definitions.with_first_contact(referrals))
        ),
        case="case",
    ).select_related("person", "practice")
    reasons = _grouped(
        ReferralReason.objects.filter(referral__in=referrals)
        .order_by("referral", "need")
        .values_list("referral", "need")
    )
    links = _grouped(definitions.links_of_referrals(referrals))
    for referral in annotated.order_by("received_on", "pk"):
        row = {
            "person_pseudonym": pseudonym(referral.person_id),
            "age_band": age_band(referral.person.date_of_birth, referral.received_on),
            "sex": referral.person.sex,
            "simd_decile": referral.simd_decile,
            "practice_code": referral.practice.code if referral.practice_id else "",
            "route": referral.route,
            "referrer_role": referral.referrer_role,
            "reasons": ";".join(reasons[referral.pk]),
            "received_on": referral.received_on,
            "status": referral.status,
            "decline_reason": referral.decline_reason,
            "first_contact_on": referral.first_contact_on,
            "sessions_attended": referral.sessions_attended,
            "sessions_did_not_attend": referral.sessions_not_attended,
            "onward_links": len(links[referral.pk]),
            "onward_link_needs": ";".join(need for need in links[referral.pk] if need),
            "closed_on": referral.closed_on,
            "closure_reason": referral.closure_reason,
            "swemwbs_baseline": _score(referral.baseline),
            "swemwbs_exit": _score(referral.exit),
            "swemwbs_change": _score(referral.change),
        }
        if referral.status != ReferralStatus.ACCEPTED:
            row.update(dict.fromkeys(CASE_COLUMNS))
        yield row


def _grouped(pairs) -> defaultdict[int, list[str]]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _score(value) -> Decimal | None:
    # SQLite hands back metric scores, and their difference, as floating point.
    if value is None:
        return None
    return Decimal(str(value)).quantize(definitions.CHANGE_PLACES, ROUND_HALF_UP)


def audit_export(period: Period, entries: int, *, request=None, actor_username="", **area):
    """The audit event of one export, from the command or the web: who, which period and
    area (`hscp`/`practice` codes), how many rows."""
    record(
        action=Action.EXPORT,
        request=request,
        actor_username=actor_username,
        detail={
            "download": "minimum_core_dataset",
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            **area,
            "entries": entries,
        },
    )


def write(path: Path, fmt: str, records: Iterator[dict]) -> int:
    """Write the rows to `path` as csv or xlsx, header first; return how many rows."""
    writer = {"csv": _write_csv, "xlsx": _write_xlsx}[fmt]
    return writer(path, ([record[name] for name in COLUMN_NAMES] for record in records))


def _write_csv(path: Path, values: Iterator[list]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMN_NAMES)
        for row in values:
            writer.writerow(
                "" if v is None else v.isoformat() if isinstance(v, date) else v for v in row
            )
            count += 1
    return count


def _write_xlsx(path: Path, values: Iterator[list]) -> int:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("mcd")
    sheet.append(COLUMN_NAMES)
    count = 0
    for row in values:
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def data_dictionary() -> str:
    """docs/mcd-data-dictionary.md: the columns, in order, with what each holds."""
    lines = [
        "# Minimum core dataset: data dictionary",
        "",
        "<!-- Generated from linkwork.reporting.mcd.COLUMNS: run",
        "`DEBUG=1 PYTHONPATH=src .venv/bin/linkwork export-mcd --dictionary "
        "-o docs/mcd-data-dictionary.md`. -->",
        "",
        "`linkwork export-mcd --from D --to D [--hscp CODE | --practice CODE] --format "
        "csv|xlsx -o FILE` writes one row per referral received in the period (both days "
        "included) everywhere, or in one HSCP or practice, whatever became of it, in the "
        "order received. It is pseudonymised, not anonymised, and not suppressed: "
        "small numbers show as they are and rows are single people's records, so it is "
        "for trusted analysts only, under the programme's data sharing agreement, and "
        "never for publication as it stands. It holds no name, CHI number, address, "
        "postcode, phone number, email or free text. Each export is written to the audit "
        "log with its period, area and row count.",
        "",
        "Codes are those of linkwork's code lists; dates are YYYY-MM-DD (in the XLSX, "
        "date cells); an empty cell means none or not known. Columns filled from the "
        "person's case are empty unless the referral was accepted: a duplicate's or a "
        "declined referral's case activity belongs to the accepted referral.",
        "",
        "| Column | What it holds |",
        "| --- | --- |",
    ]
    lines += [f"| `{name}` | {description} |" for name, description in COLUMNS]
    return "\n".join(lines) + "\n"
