"""Feedback to the referring practice: what came of each person it referred, as far as the
person agreed to share it, and the practice's own figures beside its HSCP's.

Only coded facts (counted as definitions.py counts them, scores as outcomes recorded
them) and the link worker's summary in the words the person agreed to: never a session
note. Whether a practice may see a referral's outcome at all is the authorisation
module's decision (VIEW_REFERRAL_OUTCOME: the person's agreement on the case).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import IdentifiedNeed, SocialOutcome
from linkwork.core.codelists import codelist
from linkwork.core.jinja2_env import uk_date
from linkwork.core.listings import Listing
from linkwork.organisations.models import Practice
from linkwork.outcomes import scoring
from linkwork.outcomes.presenters import DIRECTION_TEXT
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import IDENTIFIERS, referral_rows, shown_name
from linkwork.reporting import definitions
from linkwork.reporting.definitions import SWEMWBS, Area, Period
from linkwork.reporting.suppression import beside_own, derived_beside_own, of_own_records

NO_FIGURE = "None yet"  # a rate or mean with nothing to divide by
LINK_ENDED_UNTAKEN = {"declined", "stopped", "finished"}


def last_twelve_months(today: date) -> Period:
    """The 365 days up to and including today."""
    return Period(today - timedelta(days=364), today)


# --- One person's outcome -------------------------------------------------------------


@dataclass(frozen=True)
class LinkOutcome:
    service: str
    need: str
    status: str
    taken_up: str


@dataclass(frozen=True)
class SocialOutcomeShared:
    """A social outcome as a coded fact: what and when; never the amount, the service's
    name or the evidence note (decision 0070)."""

    kind: str
    label: str
    achieved_on: date


@dataclass(frozen=True)
class Outcome:
    summary: str
    sessions_attended: int
    needs: list[str]
    links: list[LinkOutcome]
    social_outcomes: list[SocialOutcomeShared]
    wellbeing: str
    closed_on: date | None
    closure_reason: str


def with_outcome(referrals: QuerySet) -> QuerySet:
    """Referrals annotated with what the outcome shows of each: `sessions_attended`,
    `closed_on`, `closure_reason`, `baseline`, `exit` (definitions.py's annotations, so the
    practice reads the same counts as every report)."""
    annotated = definitions.with_sessions(referrals)
    return definitions.with_closure(definitions.with_swemwbs(annotated, case="case"))


RELATED = ("person", "practice", "case__link_worker__user")
NOTHING_TO_REPORT = {
    ReferralStatus.DECLINED: "The referral was declined, so there is no support to report.",
    ReferralStatus.DUPLICATE: (
        "The referral was joined to support already under way: what came of it shows on the "
        "referral that began it."
    ),
}


def outcomes_listing(referrals, user) -> Listing:
    """The people who agreed to share what came of their referral (page and file)."""

    def cells(referral, person):
        return (
            shown_name(person, referral),
            uk_date(referral.received_on, "j M Y"),
            str(referral.sessions_attended),
            closure_label(referral.closure_reason) or "Still being supported",
        ), None

    head = ("Person", "Received", "Sessions attended", "Closed because")
    return Listing(head, referral_rows(referrals, user, cells), IDENTIFIERS)


def referral_for(user, pk: int) -> Referral:
    """A referral the user follows (404 otherwise), loaded for its outcome."""
    referrals = Referral.objects.select_related(*RELATED)
    return get_visible_or_404(user, Permission.VIEW_REFERRAL, referrals, pk=pk)


def as_shared(referral: Referral, user) -> tuple[Outcome | None, str | None]:
    """What came of the referral, for a user allowed to see it (VIEW_REFERRAL_OUTCOME: the
    person agreed); otherwise None and why there is no more than the status."""
    if has_permission(user, Permission.VIEW_REFERRAL_OUTCOME, referral):
        return outcome_of(referral), None
    return None, not_shared_because(referral)


def not_shared_because(referral: Referral) -> str:
    if referral.status != ReferralStatus.ACCEPTED:
        return NOTHING_TO_REPORT.get(
            referral.status, "The link worker has not taken this referral on yet."
        )
    return (
        "The person has not agreed to share what came of their support with the practice, "
        "so only the referral's status is shown."
    )


def outcome_of(referral: Referral) -> Outcome:
    """What came of an accepted referral, for a practice allowed to see it."""
    row = with_outcome(Referral.objects.filter(pk=referral.pk)).get()
    needs = codelist("needs")
    noted = IdentifiedNeed.objects.filter(case_id=referral.case_id).values_list("need", flat=True)
    return Outcome(
        summary=referral.case.practice_summary,
        sessions_attended=row.sessions_attended,
        needs=[needs.label(code) for code in noted],
        links=[_link_outcome(link) for link in definitions.links_of_referral(referral)],
        social_outcomes=social_outcomes_of(referral.case_id),
        wellbeing=wellbeing_text(row.baseline, row.exit),
        closed_on=row.closed_on,
        closure_reason=closure_label(row.closure_reason),
    )


def social_outcomes_of(case_id: int) -> list[SocialOutcomeShared]:
    kinds = codelist("social_outcomes")
    rows = SocialOutcome.objects.filter(case_id=case_id).order_by("achieved_on", "pk")
    return [
        SocialOutcomeShared(kind, kinds.label(kind), achieved_on)
        for kind, achieved_on in rows.values_list("kind", "achieved_on")
    ]


def closure_label(code: str) -> str:
    return codelist("closure_reasons").label(code) if code else ""


def _link_outcome(link) -> LinkOutcome:
    return LinkOutcome(
        service=link.service.name,
        need=link.get_need_display() or "Not recorded",
        status=link.get_status_display(),
        taken_up=_taken_up(link),
    )


def _taken_up(link) -> str:
    """Took it up = attended at least once (the link's events, as onward_link_outcomes
    counts attended); a signpost's uptake is not recorded, since the person makes contact
    themself."""
    if link.attended:
        return "Yes"
    if link.status == "signposted":
        return "Not known: the person was given the details"
    if link.status in LINK_ENDED_UNTAKEN:
        return "No"
    return "Not yet"


def wellbeing_text(baseline, exit) -> str:
    """The SWEMWBS metric scores at the start and the end as recorded, and the change judged
    by outcomes' scoring (its threshold)."""
    if baseline is None:
        return "No wellbeing questionnaire (SWEMWBS) completed at the start"
    start = _points(baseline)
    if exit is None:
        return f"SWEMWBS {start} at the start; no score at the end yet"
    change = scoring.change(SWEMWBS, start, _points(exit))
    sign = "+" if change.difference > 0 else ""
    return (
        f"SWEMWBS {start} at the start, {_points(exit)} at the end: {sign}{change.difference}, "
        f"{DIRECTION_TEXT[change.direction]} (threshold {change.threshold} points)"
    )


def _points(score) -> Decimal:
    # SQLite hands metric scores back as floating point; they are recorded to 2 places.
    return Decimal(str(score)).quantize(definitions.CHANGE_PLACES, ROUND_HALF_UP)


# --- The practice's totals beside its HSCP's ------------------------------------------


@dataclass(frozen=True)
class Counts:
    referrals: int
    accepted: int
    engaged: int
    wellbeing: definitions.Wellbeing


def counts(period: Period, area: Area) -> Counts:
    return Counts(
        referrals=definitions.referrals(period, area),
        accepted=definitions.accepted(period, area).count(),
        engaged=definitions.engaged(period, area),
        wellbeing=definitions.wellbeing(period, area),
    )


@dataclass(frozen=True)
class TotalRow:
    key: str  # the figure, as `linkwork report summary` names it
    label: str
    own: str
    hscp: str
    how_counted: str


def totals_for(user, period: Period) -> list[tuple[Practice, list[TotalRow]]]:
    """Each practice whose referrals' outcomes `user` may see, with its totals. Someone on
    the staff of several practices of an HSCP sees each beside the HSCP's, so what the
    HSCP's figure gives away is what is left once all of theirs are taken from it."""
    practices = list(
        visible(user, Permission.VIEW_REFERRAL_OUTCOME, Practice.objects.all())
        .select_related("cluster__hscp")
        .order_by("name")
    )
    own = {practice.pk: counts(period, Area(practice=practice)) for practice in practices}
    hscps = {practice.cluster.hscp_id: practice.cluster.hscp for practice in practices}
    # Per HSCP once: its whole, and all of the viewer's practices in it together.
    wholes = {pk: counts(period, Area(hscp=hscp)) for pk, hscp in hscps.items()}
    theirs = {
        pk: together([own[p.pk] for p in practices if p.cluster.hscp_id == pk]) for pk in hscps
    }
    return [
        (p, _totals(own[p.pk], theirs[p.cluster.hscp_id], wholes[p.cluster.hscp_id]))
        for p in practices
    ]


def together(parts: list[Counts]) -> Counts:
    """Several practices' counts as one area's: every figure adds up (a referral or a case
    is at one practice)."""
    wellbeing = [part.wellbeing for part in parts]
    return Counts(
        referrals=sum(part.referrals for part in parts),
        accepted=sum(part.accepted for part in parts),
        engaged=sum(part.engaged for part in parts),
        wellbeing=definitions.Wellbeing(
            leavers=sum(w.leavers for w in wellbeing),
            paired=sum(w.paired for w in wellbeing),
            change_hundredths=sum(w.change_hundredths for w in wellbeing),
            improved=sum(w.improved for w in wellbeing),
            meaningfully_improved=sum(w.meaningfully_improved for w in wellbeing),
            threshold=wellbeing[0].threshold,
        ),
    )


def practice_totals(practice: Practice, period: Period) -> list[TotalRow]:
    """The practice's figures (its own people: shown as they are) beside its HSCP's, which
    are suppressed, and hidden where the HSCP's less the practice's would give away a small
    count of other practices' people."""
    own = counts(period, Area(practice=practice))
    return _totals(own, own, counts(period, Area(hscp=practice.cluster.hscp)))


def _totals(own: Counts, viewers: Counts, whole: Counts) -> list[TotalRow]:
    """`own` shown beside `whole`, each figure of the whole hidden where taking away
    `viewers` (every practice of the whole whose own figures the viewer sees, `own`
    among them) would leave a small count."""
    mine, theirs, all_ = own.wellbeing, viewers.wellbeing, whole.wellbeing
    return [
        _count("referrals", "Referrals", own.referrals, viewers.referrals, whole.referrals),
        _count("engaged", "Engaged (a session attended)", own.engaged, viewers.engaged,
               whole.engaged),
        _rate("engagement_rate", "Engagement rate (of accepted referrals)", "engagement_rate",
              (own.engaged, own.accepted), (viewers.engaged, viewers.accepted),
              (whole.engaged, whole.accepted)),
        _count("leavers", "Leavers (cases closed)", mine.leavers, theirs.leavers, all_.leavers),
        _rate("swemwbs_paired_rate", "Leavers with a wellbeing score before and after",
              "wellbeing", (mine.paired, mine.leavers), (theirs.paired, theirs.leavers),
              (all_.paired, all_.leavers)),
        _rate("swemwbs_improved_rate", "Of those, wellbeing improved", "wellbeing",
              (mine.improved, mine.paired), (theirs.improved, theirs.paired),
              (all_.improved, all_.paired)),
        _mean_change(mine, theirs, all_),
    ]  # fmt: skip


def _count(key: str, label: str, own: int, viewers: int, whole: int) -> TotalRow:
    return TotalRow(
        key, label, of_own_records(own), beside_own(viewers, whole), definitions.HOW_COUNTED[key]
    )


def _rate(
    key: str,
    label: str,
    name: str,
    own: tuple[int, int],
    viewers: tuple[int, int],
    whole: tuple[int, int],
) -> TotalRow:
    shown = derived_beside_own(_percent(*whole), _with_rest(viewers), _with_rest(whole))
    return TotalRow(key, label, _percent(*own), shown, definitions.HOW_COUNTED[name])


def _with_rest(pair: tuple[int, int]) -> list[int]:
    """Numerator, denominator and the rest (denominator − numerator): the counts a rate
    gives away."""
    numerator, denominator = pair
    return [numerator, denominator, denominator - numerator]


def _percent(numerator: int, denominator: int) -> str:
    fraction = definitions.rate(numerator, denominator)
    if fraction is None:
        return NO_FIGURE
    return f"{(fraction * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def _mean_change(
    own: definitions.Wellbeing, viewers: definitions.Wellbeing, whole: definitions.Wellbeing
) -> TotalRow:
    def shown(wellbeing) -> str:
        mean = wellbeing.mean_change
        return NO_FIGURE if mean is None else f"{'+' if mean > 0 else ''}{mean} points"

    return TotalRow(
        "swemwbs_mean_change",
        "Average change in wellbeing (SWEMWBS)",
        shown(own),
        derived_beside_own(shown(whole), [viewers.paired], [whole.paired]),
        definitions.HOW_COUNTED["wellbeing"],
    )
