"""What each reported figure counts: the one place every report, export and chart reads.

Each figure is a plain function of a reporting period (from and to, both days included)
and an area (HSCP, cluster, practice, link worker or provider), aggregated in the
database, never by looping over records in Python. Its docstring is the "how this is
counted" note pages show beside it (`HOW_COUNTED`). Figures are as recorded when the
report runs: a referral received in the period counts as engaged once a session is
attended, even after the period ends. Where the issue left a choice open, decision 0060
records what was chosen and why.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    DateField,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Round,
    TruncDate,
    TruncMonth,
    TruncQuarter,
)
from django.db.models.lookups import LessThan
from django.utils import timezone

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.casework.models import Case, CaseStatus, IdentifiedNeed, Session, SocialOutcome
from linkwork.casework.rules import ATTENDED_OUTCOMES, HAPPENED_OUTCOMES
from linkwork.core.codelists import codelist
from linkwork.directory.models import UnmetNeed
from linkwork.links.models import Link, LinkEvent
from linkwork.organisations.models import (
    AGE_BANDS,
    HSCP,
    Cluster,
    LinkWorker,
    Practice,
    PracticeAttachment,
    PracticePopulation,
    Provider,
)
from linkwork.outcomes import scoring
from linkwork.outcomes.instruments import INSTRUMENTS
from linkwork.outcomes.models import QuestionnaireResponse, Timepoint
from linkwork.outcomes.models.responses import Status
from linkwork.outcomes.service_use import compare_service_use
from linkwork.places.models import Postcode
from linkwork.referrals.models import WAITING_STATUSES, Referral, ReferralReason, ReferralStatus

# Reasons for declining a referral that say it should not have been made to the service
# (referral_decline_reasons.csv): what practice development work addresses. A referral
# declined because the person could not be contacted, or for another reason, was an
# appropriate referral that came to nothing, and stays in the referrals figure.
INAPPROPRIATE_DECLINE_REASONS = frozenset(
    {"not_eligible", "needs_clinical_service", "outside_area", "no_consent"}
)
NOT_ATTENDED_OUTCOMES = HAPPENED_OUTCOMES - ATTENDED_OUTCOMES  # did not attend
SWEMWBS = INSTRUMENTS["swemwbs"]
RATE_PLACES = Decimal("0.0001")
CHANGE_PLACES = Decimal("0.01")

HOW_COUNTED: dict[str, str] = {}


def figure(function: Callable) -> Callable:
    """Register a figure's docstring as its "how this is counted" note."""
    HOW_COUNTED[function.__name__] = " ".join(function.__doc__.split())
    return function


@dataclass(frozen=True)
class Period:
    """From and to, both days included."""

    start: date
    end: date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("A period's start must be on or before its end.")


# How a referral, and a case, reach each of an area's fields. A referral's HSCP is its
# person's: the HSCP whose record the referral made or found (decision 0008), the same as
# its practice's, and the only one a host setting's referral has (decision 0074).
REFERRAL_PATHS = {
    "hscp": "person__hscp",
    "cluster": "practice__cluster",
    "practice": "practice",
    "link_worker": "case__link_worker",
    "provider": "case__link_worker__provider",
}
CASE_PATHS = {
    "hscp": "person__hscp",
    "cluster": "practice__cluster",
    "practice": "practice",
    "link_worker": "link_worker",
    "provider": "link_worker__provider",
}


@dataclass(frozen=True)
class Area:
    """Where the figures are for; nothing set means everywhere. Each record reaches an
    area through its own path: a referral through its person's HSCP and the practice it
    was sent to (none, from a host setting), a case through its person's HSCP and its
    practice, an unmet need through the HSCP and
    provider that recorded it."""

    hscp: HSCP | None = None
    cluster: Cluster | None = None
    practice: Practice | None = None
    link_worker: LinkWorker | None = None
    provider: Provider | None = None

    def _q(self, paths: dict[str, str]) -> Q:
        chosen = {name: getattr(self, name) for name in paths}
        # A primary key is compared with an id, not an object (a related field takes either).
        return Q(
            **{
                paths[name]: value.pk if paths[name] == "pk" else value
                for name, value in chosen.items()
                if value is not None
            }
        )

    def of_referrals(self, prefix: str = "") -> Q:
        return self._q({name: prefix + path for name, path in REFERRAL_PATHS.items()})

    def of_cases(self, prefix: str = "") -> Q:
        return self._q({name: prefix + path for name, path in CASE_PATHS.items()})

    def of_facts(self) -> Q:
        """The reporting facts keep each row's area in columns named as the area's fields,
        reached by the paths above (reporting/facts.py)."""
        return self._q({name: name for name in REFERRAL_PATHS})

    def of_practices(self) -> Q:
        return self._q(
            {
                "hscp": "cluster__hscp",
                "cluster": "cluster",
                "practice": "pk",
                "link_worker": "attachments__link_worker",
                "provider": "attachments__link_worker__provider",
            }
        )

    def of_unmet_needs(self) -> Q:
        return self._q(
            {
                "hscp": "hscp",
                "cluster": "case__practice__cluster",
                "practice": "case__practice",
                "link_worker": "case__link_worker",
                "provider": "provider",
            }
        )


EVERYWHERE = Area()


# --- Arithmetic shared by the figures -------------------------------------------------


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A fraction in [0, 1] to 4 places (half up); None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)


def shares(counts: dict[str, int], total: int) -> dict[str, Decimal | None]:
    """Each count as a fraction of `total` (reasons of referrals, modes of sessions): the
    shares of a breakdown where one record may give several codes add up to more than 1."""
    return {code: rate(n, total) for code, n in counts.items()}


def percentile(histogram: dict[int, int], fraction: Decimal) -> Decimal | None:
    """The percentile of whole-day values given as {value: how many}, interpolated
    between the two nearest ranks as PostgreSQL's percentile_cont and Excel's
    PERCENTILE.INC do: the median of an even count is halfway between the middle two."""
    total = sum(histogram.values())
    if not total:
        return None
    position = fraction * (total - 1)  # 0-based rank, possibly between two
    below = int(position)
    lower, upper = _value_at(histogram, below), _value_at(histogram, min(below + 1, total - 1))
    return Decimal(lower) + (Decimal(upper) - Decimal(lower)) * (position - below)


def _value_at(histogram: dict[int, int], rank: int) -> int:
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if rank < seen:
            return value
    raise IndexError(rank)


def in_period(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def moments_in_period(field: str, period: Period) -> Q:
    """A date-time field on one of the period's days (Scottish time): the same rows as
    `field__date` from and to, as a range the database can compare without converting
    every row's time zone first (so an index on the field serves it)."""
    return Q(
        **{
            f"{field}__gte": _midnight(period.start),
            f"{field}__lt": _midnight(period.end + timedelta(days=1)),
        }
    )


def counts_by(rows: QuerySet, key: str) -> dict[str, int]:
    """Counts per code, in code order, leaving out rows with no code recorded."""
    grouped = rows.exclude(**{key: ""}).values(key).annotate(n=Count("pk")).order_by(key)
    return {row[key]: row["n"] for row in grouped}


# --- Referrals ------------------------------------------------------------------------


def received(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    """Every referral received in the period, whatever became of it."""
    return Referral.objects.filter(in_period("received_on", period), area.of_referrals())


def inappropriate() -> Q:
    """A referral declined as not appropriate for the service."""
    return Q(status=ReferralStatus.DECLINED, decline_reason__in=INAPPROPRIATE_DECLINE_REASONS)


def duplicate() -> Q:
    return Q(status=ReferralStatus.DUPLICATE)


def counted() -> Q:
    """A referral in the referrals figure: neither a duplicate nor inappropriate."""
    return ~duplicate() & ~inappropriate()


def counted_referrals(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return received(period, area).filter(counted())


@figure
def referrals(period: Period, area: Area = EVERYWHERE) -> int:
    """Referrals received in the period (received date from and to, both included),
    waiting, accepted or declined, but not duplicates of an open case nor referrals
    declined as not appropriate for the service (not eligible, needing a clinical
    service, outside the area, made without the person's consent): those are counted
    apart."""
    return counted_referrals(period, area).count()


@figure
def referrals_from_host_settings(period: Period, area: Area = EVERYWHERE) -> int:
    """The referrals figure of referrals from a host setting (a homelessness service, an
    asylum project, community justice...) rather than a GP practice: counted in their
    HSCP's referrals, in no cluster's or practice's (decision 0074)."""
    return counted_referrals(period, area).filter(practice__isnull=True).count()


def refers_from_host_settings(area: Area) -> bool:
    """Whether the area has had referrals from host settings at all: its breakdowns by
    cluster then show them on a row of their own (none where it never had any)."""
    return Referral.objects.filter(area.of_referrals(), host_setting__isnull=False).exists()


@figure
def duplicates(period: Period, area: Area = EVERYWHERE) -> int:
    """Referrals received in the period for someone whose case was already open (joined
    to it)."""
    return received(period, area).filter(duplicate()).count()


@figure
def declined_as_inappropriate(period: Period, area: Area = EVERYWHERE) -> int:
    """Referrals received in the period and declined as not appropriate for the service
    (not eligible, needing a clinical service, outside the area, no consent)."""
    return received(period, area).filter(inappropriate()).count()


@figure
def people_referred(period: Period, area: Area = EVERYWHERE) -> int:
    """Distinct people among the referrals figure (each HSCP keeps its own record of a
    person, so someone referred in two HSCPs counts once in each)."""
    return counted_referrals(period, area).values("person").distinct().count()


ACCEPTED = Q(status=ReferralStatus.ACCEPTED)


def accepted(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return counted_referrals(period, area).filter(ACCEPTED)


def _sessions_since_referral(outcomes) -> QuerySet:
    """Sessions with these outcomes on the referral's case on or after the day it was
    received (a reopened case's earlier sessions belong to the earlier referral)."""
    return Session.objects.filter(
        case=OuterRef("case"), outcome__in=outcomes, starts_at__date__gte=OuterRef("received_on")
    )


def attended_since_referral() -> Exists:
    """A referral whose case has an attended session on or after the day it was received."""
    return Exists(_sessions_since_referral(ATTENDED_OUTCOMES))


def with_sessions(referrals: QuerySet) -> QuerySet:
    """Annotate each referral's `sessions_attended` and `sessions_not_attended` (did not
    attend), counted as engaged counts them: on its case, on or after the day it was
    received."""
    return referrals.annotate(
        sessions_attended=_count(_sessions_since_referral(ATTENDED_OUTCOMES)),
        sessions_not_attended=_count(_sessions_since_referral(NOT_ATTENDED_OUTCOMES)),
    )


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def engaged_referrals(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return accepted(period, area).filter(attended_since_referral())


def _engagement(period: Period, area: Area) -> dict[str, int]:
    """Accepted referrals and the engaged among them, counted in one pass."""
    return accepted(period, area).aggregate(
        accepted=Count("pk"), engaged=Count("pk", filter=Q(attended_since_referral()))
    )


@figure
def engaged(period: Period, area: Area = EVERYWHERE) -> int:
    """Referrals in the referrals figure whose case has at least one attended session on
    or after the day the referral was received."""
    return _engagement(period, area)["engaged"]


@figure
def engagement_rate(period: Period, area: Area = EVERYWHERE) -> Decimal | None:
    """Engaged divided by the accepted referrals among the referrals figure (waiting and
    declined referrals, duplicates and inappropriate ones are not in the denominator);
    none when no referral was accepted."""
    counts = _engagement(period, area)
    return rate(counts["engaged"], counts["accepted"])


# --- Time to first contact ------------------------------------------------------------


def days_to_first_contact(period: Period, area: Area = EVERYWHERE) -> dict[int, int]:
    """{days: how many referrals}: from the day an accepted referral was received to the
    day of the first session on its case, on or after that day, that happened whether or
    not the person came (attended or did not attend; cancelled sessions are not contact).
    Referrals with no such session yet are left out."""
    return waiting_days(with_first_contact(accepted(period, area)))


def waiting_days(referrals: QuerySet) -> dict[int, int]:
    """{days: how many} from `received_on` to `first_contact_on` of these referrals."""
    waited = (
        referrals.annotate(
            waited=ExpressionWrapper(
                F("first_contact_on") - F("received_on"), output_field=DurationField()
            )
        )
        .values("waited")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Those with no contact yet group under None, left out here rather than filtered in
    # the query, which would look each referral's first session up once more.
    return {row["waited"].days: row["n"] for row in waited if row["waited"] is not None}


def with_first_contact(referrals: QuerySet) -> QuerySet:
    """Annotate each referral's `first_contact_on`: the day of the first session on its
    case, on or after the day it was received, that happened whether or not the person came
    (None while there is none)."""
    first_contact = (
        _sessions_since_referral(HAPPENED_OUTCOMES)
        .annotate(day=TruncDate("starts_at"))
        .order_by("starts_at")
        .values("day")[:1]
    )
    return referrals.annotate(first_contact_on=Subquery(first_contact, output_field=DateField()))


@figure
def median_days_to_first_contact(period: Period, area: Area = EVERYWHERE) -> Decimal | None:
    """The median of the days from referral to first contact (first attended or
    attempted session) over accepted referrals with a contact; with an even count,
    halfway between the middle two (so it may end in .5). None when there is none."""
    return percentile(days_to_first_contact(period, area), Decimal("0.5"))


@figure
def p90_days_to_first_contact(period: Period, area: Area = EVERYWHERE) -> Decimal | None:
    """The 90th percentile of the same days, interpolated between the two nearest ranks
    (PostgreSQL's percentile_cont, Excel's PERCENTILE.INC)."""
    return percentile(days_to_first_contact(period, area), Decimal("0.9"))


# --- Sessions -------------------------------------------------------------------------


def attended_in_period(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return Session.objects.filter(
        moments_in_period("starts_at", period),
        area.of_cases("case__"),
        outcome__in=ATTENDED_OUTCOMES,
    )


@dataclass(frozen=True)
class SessionFigures:
    attended: int
    people: int
    per_person: Decimal | None
    average_minutes: Decimal | None
    by_mode: dict[str, int]

    @property
    def mode_shares(self) -> dict[str, Decimal | None]:
        return shares(self.by_mode, self.attended)


@figure
def sessions(period: Period, area: Area = EVERYWHERE) -> SessionFigures:
    """Sessions attended in the period (whatever the referral's date), the distinct
    people who attended them, sessions per such person (2 places), their average length
    in minutes over those with a length recorded (1 place), and how many were held in
    each mode (shares are of sessions attended)."""
    attended = attended_in_period(period, area)
    totals = attended.aggregate(
        n=Count("pk"), people=Count("case__person", distinct=True), minutes=Avg("duration_minutes")
    )
    per_person = None
    if totals["people"]:
        per_person = (Decimal(totals["n"]) / totals["people"]).quantize(
            CHANGE_PLACES, ROUND_HALF_UP
        )
    minutes = totals["minutes"]
    return SessionFigures(
        attended=totals["n"],
        people=totals["people"],
        per_person=per_person,
        average_minutes=None
        if minutes is None
        else Decimal(str(minutes)).quantize(Decimal("0.1"), ROUND_HALF_UP),
        by_mode=counts_by(attended, "mode"),
    )


# --- Needs ----------------------------------------------------------------------------


@figure
def reasons(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Referrals in the referrals figure giving each reason (a referral may give
    several, so these add up to more than the referrals; a share is of referrals)."""
    return counts_by(
        ReferralReason.objects.filter(referral__in=counted_referrals(period, area)), "need"
    )


@figure
def needs_identified(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Cases of accepted referrals in the referrals figure on which each need was noted
    in conversation (once per case, whenever noted)."""
    cases = accepted(period, area).values("case")
    return counts_by(IdentifiedNeed.objects.filter(case__in=cases), "need")


# --- Onward links and unmet needs -----------------------------------------------------


def _event_exists(status: str) -> Exists:
    return Exists(LinkEvent.objects.filter(link=OuterRef("pk"), status=status))


MADE_STEPS = ("sent", "signposted")


def with_made_at(links: QuerySet) -> QuerySet:
    """Annotate `made_at`: a link's first sent or signposted step (None for a draft never
    sent, which is not a link made)."""
    made_at = (
        LinkEvent.objects.filter(link=OuterRef("pk"), status__in=MADE_STEPS)
        .order_by()
        .values("link")
        .annotate(first=Min("at"))
        .values("first")
    )
    return links.annotate(made_at=Subquery(made_at))


def links_made(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    """Links sent or signposted in the period (drafts never sent are not links made),
    dated by their first sent or signposted step."""
    # First step in the period = a step in it and none before it: two set-wise joins to
    # the steps, where dating each link by its first step took a lookup per link ever made.
    made = LinkEvent.objects.filter(link=OuterRef("pk"), status__in=MADE_STEPS)
    return with_made_at(Link.objects.filter(area.of_cases("case__"))).filter(
        Exists(made.filter(moments_in_period("at", period))),
        ~Exists(made.filter(at__lt=_midnight(period.start))),
    )


def links_of_referrals(referrals: QuerySet) -> QuerySet:
    """(`referral`, `need`) for each link made on a referral's case on or after the day the
    referral was received, as sessions belong to a referral."""
    return (
        with_made_at(Link.objects.all())
        .filter(
            made_at__isnull=False,
            case__referrals__in=referrals,
            made_at__date__gte=F("case__referrals__received_on"),
        )
        .values_list("case__referrals", "need")
        .order_by("case__referrals", "made_at", "pk")
    )


def links_of_referral(referral: Referral) -> QuerySet:
    """The links made on a referral's case on or after the day it was received, as
    links_of_referrals counts them, each annotated `accepted` and `attended` (ever, from
    its events, as onward_link_outcomes counts them)."""
    return (
        with_made_at(Link.objects.filter(case_id=referral.case_id))
        .filter(made_at__isnull=False, made_at__date__gte=referral.received_on)
        .annotate(accepted=_event_exists("accepted"), attended=_event_exists("first_attended"))
        .select_related("service")
        .order_by("made_at", "pk")
    )


@figure
def onward_links(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Onward links sent or signposted in the period, by the need (service category)
    the link worker linked for; a link with no need recorded is in the total only."""
    return counts_by(links_made(period, area), "need")


@figure
def onward_link_outcomes(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """The same links by what came of them so far: signposted (information given);
    referred (sent to the organisation); of those, accepted and attended (ever, even if
    support later stopped), declined for lack of capacity and declined for another
    reason."""
    links = links_made(period, area)
    declined = Q(status="declined")
    no_capacity = Q(decline_reason="no_capacity")
    return links.aggregate(
        signposted=Count("pk", filter=Q(status="signposted")),
        referred=Count("pk", filter=Q(sent_at__isnull=False)),
        accepted=Count("pk", filter=Q(_event_exists("accepted"))),
        attended=Count("pk", filter=Q(_event_exists("first_attended"))),
        declined=Count("pk", filter=declined & ~no_capacity),
        no_capacity=Count("pk", filter=declined & no_capacity),
    )


@dataclass(frozen=True)
class Received:
    received: int
    accepted: int
    attended: int


@figure
def received_by_quarter_and_need(links: QuerySet) -> dict[tuple[date, str], Received]:
    """Referrals a community organisation received from link workers (links sent to it; a
    draft never sent and a signpost are not), by the calendar quarter of the day each was
    sent (Scottish time) and the need the link worker linked for ("" where none was
    recorded): received; of those, accepted by the organisation (ever, even if support
    later stopped); and attended at least once (ever), from the links' steps as onward
    link outcomes count them. Only the organisation's own referrals are counted."""
    rows = (
        links.filter(sent_at__isnull=False)
        .annotate(quarter=TruncQuarter("sent_at", output_field=DateField()))
        .values("quarter", "need")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(_event_exists("accepted"))),
            attended=Count("pk", filter=Q(_event_exists("first_attended"))),
        )
        .order_by("quarter", "need")
    )
    return {
        (row["quarter"], row["need"]): Received(row["received"], row["accepted"], row["attended"])
        for row in rows
    }


def sent_in(links: QuerySet, period: Period) -> QuerySet:
    """Of `links`, those sent on one of the period's days (Scottish time), as
    received_by_quarter_and_need dates them."""
    return links.filter(moments_in_period("sent_at", period))


def unmet_in_period(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return UnmetNeed.objects.filter(moments_in_period("recorded_at", period), area.of_unmet_needs())


@figure
def unmet_needs(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Needs recorded in the period as ones no suitable service could meet, by need."""
    return counts_by(unmet_in_period(period, area), "need")


@figure
def unmet_needs_by_area(period: Period, area: Area = EVERYWHERE) -> dict[tuple[str, str], int]:
    """The same, by need and postcode district ("" where none was recorded)."""
    rows = unmet_in_period(period, area).values("need", "area").annotate(n=Count("pk"))
    return {(row["need"], row["area"]): row["n"] for row in rows.order_by("need", "area")}


# --- Leavers and wellbeing ------------------------------------------------------------


def leaving(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    """Cases closed now whose closure date is in the period: a case reopened since is
    not a leaver (its support goes on), and one closed again counts once, by its last
    closure."""
    return Case.objects.filter(in_period("closed_on", period), area.of_cases(), CLOSED_NOW)


CLOSED_NOW = Q(status=CaseStatus.CLOSED)


def with_closure(referrals: QuerySet) -> QuerySet:
    """Annotate each referral's `closed_on` and `closure_reason`: its case's, when the case
    is closed now, as leavers count it (a case reopened since has none: its support goes
    on)."""
    closed = Q(case__status=CaseStatus.CLOSED)
    return referrals.annotate(
        closed_on=CaseWhen(When(closed, then=F("case__closed_on"))),
        closure_reason=CaseWhen(When(closed, then=F("case__closure_reason")), default=Value("")),
    )


@figure
def leavers(period: Period, area: Area = EVERYWHERE) -> int:
    """Cases closed in the period (closure date from and to, both included) and still
    closed."""
    return leaving(period, area).count()


@figure
def closures(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Leavers (cases closed in the period and still closed) by coded closure reason; a
    closure with no reason recorded (possible from an import) is in leavers only."""
    return counts_by(leaving(period, area), "closure_reason")


@figure
def not_engaged_reasons(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Leavers (cases closed in the period and still closed) whose closure reason is "did
    not engage", by why (not_engaged_reasons.csv, decision 0072); one closed before the
    reason was asked, with none recorded, is in the closures only."""
    not_engaged = leaving(period, area).filter(closure_reason="did_not_engage")
    return counts_by(not_engaged, "not_engaged_reason")


def holding_q(prefix: str = "") -> Q:
    """A case held now: open, with the worker keeping light contact while the person
    waits for another service (decision 0072). Still an open case, so in every count of
    open cases too."""
    return Q(**{f"{prefix}status": CaseStatus.OPEN, f"{prefix}holding_since__isnull": False})


@figure
def holding(area: Area = EVERYWHERE) -> int:
    """Open cases held now (the person waits for another service, the worker keeps light
    contact until a review date); they are open cases, and counted as such too."""
    return Case.objects.filter(holding_q(), area.of_cases()).count()


def _swemwbs(timepoint: str, latest: bool, case: str) -> Subquery:
    order = ("-completed_on", "-pk") if latest else ("completed_on", "pk")
    scores = QuestionnaireResponse.objects.filter(
        case=OuterRef(case), instrument=SWEMWBS.name, timepoint=timepoint, status=Status.COMPLETE
    ).order_by(*order)
    return Subquery(scores.values("metric_score")[:1])


def with_swemwbs(cases: QuerySet, case: str = "pk") -> QuerySet:
    """Annotate `baseline` (the first complete SWEMWBS baseline's metric score), `exit`
    (the last complete exit's) and `change` (exit − baseline, None unless both); `case`
    names the case's field, for rows other than cases (referrals: "case")."""
    return cases.annotate(
        baseline=_swemwbs(Timepoint.BASELINE, latest=False, case=case),
        exit=_swemwbs(Timepoint.EXIT, latest=True, case=case),
    ).annotate(change=F("exit") - F("baseline"))


@dataclass(frozen=True)
class Wellbeing:
    leavers: int
    paired: int
    change_hundredths: int  # the sum of paired changes, in hundredths of a metric point
    improved: int
    meaningfully_improved: int
    threshold: Decimal

    @property
    def paired_rate(self) -> Decimal | None:
        return rate(self.paired, self.leavers)

    @property
    def mean_change(self) -> Decimal | None:
        if not self.paired:
            return None
        mean = Decimal(self.change_hundredths) / 100 / self.paired
        return mean.quantize(CHANGE_PLACES, ROUND_HALF_UP)

    @property
    def improved_rate(self) -> Decimal | None:
        return rate(self.improved, self.paired)

    @property
    def meaningful_improvement_rate(self) -> Decimal | None:
        return rate(self.meaningfully_improved, self.paired)


@figure
def wellbeing(period: Period, area: Area = EVERYWHERE) -> Wellbeing:
    """Among leavers, paired = those with a complete SWEMWBS at baseline and at exit
    (the first baseline and the last exit, a reopened case's included); paired rate =
    paired / leavers; mean change = exit metric score − baseline metric score, averaged
    over the paired (2 places, half up); improved rate = paired with a change above 0 /
    paired; meaningful improvement rate = paired whose change reaches the outcomes
    threshold (OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE, 3 metric points unless set) / paired."""
    # distinct() (each leaver is one row anyway) keeps the scored leavers a subquery the
    # database cannot fold into the totals, so each score is looked up once per leaver
    # rather than once for every total that reads it.
    return wellbeing_of(with_swemwbs(leaving(period, area)).distinct())


def wellbeing_of(scored: QuerySet) -> Wellbeing:
    """The wellbeing figures of leavers annotated (or stored) with `change`, exit −
    baseline."""
    threshold = scoring.meaningful_change_threshold(SWEMWBS)
    paired = Q(change__isnull=False)
    totals = scored.aggregate(
        leavers=Count("pk"),
        paired=Count("pk", filter=paired),
        # Summed in whole hundredths: SQLite keeps metric scores as floating point.
        change_sum=Sum(Round(F("change") * 100), filter=paired),
        improved=Count("pk", filter=paired & Q(change__gt=0)),
        meaningful=Count("pk", filter=paired & Q(change__gte=threshold)),
    )
    return Wellbeing(
        leavers=totals["leavers"],
        paired=totals["paired"],
        change_hundredths=round(totals["change_sum"] or 0),
        improved=totals["improved"],
        meaningfully_improved=totals["meaningful"],
        threshold=threshold,
    )


@figure
def unpaired_leavers(period: Period, area: Area = EVERYWHERE) -> dict[str, dict]:
    """What the leavers without a pair looked like, so a paired rate is not read as
    everyone's: by closure reason, how many and the sessions they attended between them."""
    cases = with_swemwbs(leaving(period, area)).filter(change__isnull=True)
    attended = Session.objects.filter(case__in=cases.values("pk"), outcome__in=ATTENDED_OUTCOMES)
    sessions_by_reason = {
        row["case__closure_reason"]: row["n"]
        for row in attended.values("case__closure_reason").annotate(n=Count("pk")).order_by()
    }
    return {
        reason: {"leavers": n, "sessions_attended": sessions_by_reason.get(reason, 0)}
        for reason, n in counts_by(cases, "closure_reason").items()
    }


# --- Dashboards: breakdowns by month, stage, band and worker ------------------------------


def months(period: Period) -> list[date]:
    """The first day of each calendar month the period touches, in order."""
    first, found = period.start.replace(day=1), []
    while first <= period.end:
        found.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    return found


def month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@figure
def referrals_by_month_and_source(period: Period, area: Area = EVERYWHERE) -> dict:
    """The referrals figure by the calendar month each was received in and by who referred
    (the referrer's role: GP, practice nurse, the person themself and so on)."""
    rows = (
        counted_referrals(period, area)
        .annotate(month=TruncMonth("received_on"))
        .values("month", "referrer_role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(_day(row["month"]), row["referrer_role"]): row["n"] for row in rows}


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _linked_since_referral() -> Exists:
    return Exists(
        LinkEvent.objects.filter(
            link__case=OuterRef("case"),
            status__in=("sent", "signposted"),
            at__date__gte=OuterRef("received_on"),
        )
    )


FUNNEL_STAGES = ("referred", "contacted", "engaged", "linked", "closed")


@figure
def engagement_funnel(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """How far the referrals figure got, each stage counted among those that reached the
    one before: referred (the referrals figure); contacted (accepted, with a session on
    the case on or after the day received that happened, attended or not); engaged (with
    one attended); linked (with an onward link sent or signposted on or after the day
    received); closed (their case closed now)."""
    # Each referral's four steps as yes/no, counted by combination (16 rows at most), so
    # each step's subquery is built once rather than once for every stage after it.
    steps = {
        "contacted": Q(status=ReferralStatus.ACCEPTED)
        & Q(Exists(_sessions_since_referral(HAPPENED_OUTCOMES))),
        "engaged": Q(attended_since_referral()),
        "linked": Q(_linked_since_referral()),
        "closed": Q(case__status=CaseStatus.CLOSED),
    }
    combinations = (
        counted_referrals(period, area)
        .annotate(**{name: ExpressionWrapper(q, BooleanField()) for name, q in steps.items()})
        .values(*steps)
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages = dict.fromkeys(FUNNEL_STAGES, 0)
    for row in combinations:
        stages["referred"] += row["n"]
        for name in steps:  # a stage counts only those that reached every one before it
            if not row[name]:
                break
            stages[name] += row["n"]
    return stages


# SWEMWBS metric score bands (Shah and others, 2018, for the Warwick Medical School):
# below 18 probable depression, 18 to below 21 possible depression, 21 to below 28
# average, 28 and above high. Labelled by score here: a band is not a diagnosis.
SWEMWBS_BANDS = (
    ("7 to 17.9", Decimal(7), Decimal(18)),
    ("18 to 20.9", Decimal(18), Decimal(21)),
    ("21 to 27.9", Decimal(21), Decimal(28)),
    ("28 to 35", Decimal(28), Decimal(36)),
)


@figure
def wellbeing_bands(period: Period, area: Area = EVERYWHERE) -> dict[tuple[str, str], int]:
    """Paired leavers (as in wellbeing) by the band of their baseline and of their exit
    SWEMWBS metric score (the first complete baseline, the last complete exit). Bands by
    score: 7 to 17.9, 18 to 20.9, 21 to 27.9, 28 to 35 (the cut-offs of Shah and others,
    2018, labelled by score: a band is not a diagnosis)."""
    paired = with_swemwbs(leaving(period, area)).filter(change__isnull=False)
    counts = {(label, when): 0 for label, _, _ in SWEMWBS_BANDS for when in ("Baseline", "Exit")}
    # Banded here from each leaver's two scores: eight filtered counts over the two score
    # subqueries took longer to build than the query took to run.
    for scores in paired.values_list("baseline", "exit"):
        for when, score in zip(("Baseline", "Exit"), scores, strict=True):
            for label, low, high in SWEMWBS_BANDS:
                if low <= score < high:
                    counts[label, when] += 1
    return counts


@figure
def caseload_by_complexity(workers) -> dict[tuple[int, str], int]:
    """Open cases now of each link worker by the complexity recorded on the case (low,
    mid, high, or not recorded yet), whatever the period."""
    rows = (
        Case.objects.filter(link_worker__in=workers, status=CaseStatus.OPEN)
        .values("link_worker", "complexity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["link_worker"], row["complexity"]): row["n"] for row in rows}


@figure
def waiting_list(
    period: Period, area: Area = EVERYWHERE, among: QuerySet | None = None
) -> dict[date, int]:
    """The waiting list at the end of each month of the period (the period's last day for
    its last month): referrals received by then and not yet accepted, declined or marked a
    duplicate by then (waiting now, or decided after that day). A team's list is of the
    referrals to the practices where it works and to its cases."""
    ends = [min(month_end(first), period.end) for first in months(period)]
    waiting = Q(status__in=WAITING_STATUSES)  # an import may leave a decision undated
    counts = {
        f"m{index}": Count(
            "pk",
            filter=Q(received_on__lte=end) & (waiting | Q(decided_at__date__gt=end)),
        )
        for index, end in enumerate(ends)
    }
    referrals = Referral.objects.all() if among is None else among
    totals = referrals.filter(area.of_referrals()).aggregate(**counts)
    return {end: totals[f"m{index}"] for index, end in enumerate(ends)}


# --- The programme summary: coverage, partners and GP time --------------------------------


DEPRIVED_HALF = 5  # SIMD deciles 1 to 5, as programmes for deprived areas are judged on


@figure
def practices_involved(period: Period, area: Area = EVERYWHERE) -> tuple[int, int]:
    """GP practices with at least one referral received in the period (as referrals
    counts them), out of all the area's practices."""
    practices = Practice.objects.filter(area.of_practices()).distinct()
    involved = practices.filter(pk__in=counted_referrals(period, area).values("practice"))
    return involved.count(), practices.count()


@dataclass(frozen=True)
class Staffing:
    headcount: int
    with_wte: int  # of them, posts whose whole-time equivalent is recorded
    wte: Decimal  # the sum of those recorded

    @property
    def wte_known(self) -> bool:
        return self.headcount > 0 and self.with_wte == self.headcount


@figure
def deprived_practices_involved(period: Period, area: Area = EVERYWHERE) -> tuple[int, int]:
    """Of the area's GP practices whose own postcode lies in SIMD deciles 1 to 5 (the more
    deprived half of Scotland's data zones, from the postcode lookup loaded in linkwork),
    those with at least one referral received in the period, as practices involved counts
    them. A practice whose postcode is not in the lookup is counted in neither."""
    deprived = Postcode.objects.filter(simd_decile__lte=DEPRIVED_HALF).values("pk")
    practices = Practice.objects.filter(area.of_practices(), postcode__in=deprived).distinct()
    involved = practices.filter(pk__in=counted_referrals(period, area).values("practice"))
    return involved.count(), practices.count()


def _in_post(area: Area) -> QuerySet:
    workers = LinkWorker.objects.filter(user__is_active=True)
    if area.hscp is not None:
        workers = workers.filter(provider__hscp=area.hscp)
    if area.provider is not None:
        workers = workers.filter(provider=area.provider)
    return workers


@figure
def link_workers(area: Area = EVERYWHERE) -> Staffing:
    """Link workers in post now (an account that can sign in) employed by a provider in the
    area's HSCP: a headcount, and their whole-time equivalents summed where every post has
    one recorded (otherwise how many have)."""
    totals = _in_post(area).aggregate(
        headcount=Count("pk"), with_wte=Count("wte"), wte=Coalesce(Sum("wte"), Decimal(0))
    )
    return Staffing(totals["headcount"], totals["with_wte"], Decimal(totals["wte"]))


@dataclass(frozen=True)
class Caseload:
    open_cases: int
    staffing: Staffing

    @property
    def per_wte(self) -> Decimal | None:
        if not self.staffing.wte_known or not self.staffing.wte:
            return None
        return (self.open_cases / self.staffing.wte).quantize(Decimal("0.1"), ROUND_HALF_UP)


@figure
def caseload_per_wte(area: Area = EVERYWHERE) -> Caseload:
    """Open cases now held by the link workers in post in the area (as link workers
    counts them), per whole-time equivalent, to one decimal place; none unless every post
    has its WTE recorded."""
    open_cases = Case.objects.filter(link_worker__in=_in_post(area), status=CaseStatus.OPEN).count()
    return Caseload(open_cases, link_workers(area))


@figure
def partners_linked_to(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Onward links sent or signposted in the period (as onward_links counts them), by the
    organisation linked to, most first (ties by name)."""
    rows = (
        links_made(period, area)
        .values("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    return {row["organisation__name"]: row["n"] for row in rows}


@figure
def support_given(period: Period, area: Area = EVERYWHERE) -> dict[str, int]:
    """Onward links sent or signposted in the period (as onward_links counts them), by the
    support the worker gave (support_types.csv); links made before it was asked, with none
    recorded, are left out."""
    return counts_by(links_made(period, area), "support_type")


# --- Social outcomes --------------------------------------------------------------------


MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class SocialOutcomes:
    people: dict[str, int]  # outcome code -> people with it, in code order
    anyone: int  # people with at least one outcome
    income_people: int  # people with an income gained (as people["income_gained"])
    annual_income: Decimal  # pounds, annualised as social_outcomes says


def _annualised() -> CaseWhen:
    """An income's amount a year: times its period's `per_year` (income_periods.csv)."""
    periods = codelist("income_periods").codes
    whens = [When(period=p.code, then=F("amount") * int(p.extra["per_year"])) for p in periods]
    return CaseWhen(*whens, default=Value(Decimal(0)), output_field=MONEY)


def outcomes_in_period(period: Period, area: Area = EVERYWHERE) -> QuerySet:
    return SocialOutcome.objects.filter(in_period("achieved_on", period), area.of_cases("case__"))


@figure
def social_outcomes(period: Period, area: Area = EVERYWHERE) -> SocialOutcomes:
    """People with each social outcome achieved in the period (the date achieved, from and
    to, both included), each person counted once per kind however often it was recorded,
    on cases in the area; people with any. Income gained a year, in pounds, adds up each
    income gained in the period annualised: a weekly amount times 52, a yearly amount as
    it is, and a one-off payment as it is (once, in the period it was paid)."""
    outcomes = outcomes_in_period(period, area)
    rows = outcomes.values("kind").annotate(n=Count("case__person", distinct=True))
    people = {row["kind"]: row["n"] for row in rows}
    order = [code.code for code in codelist("social_outcomes").codes]
    income = outcomes.filter(kind="income_gained", amount__isnull=False)
    total = income.aggregate(total=Sum(_annualised()))["total"] or Decimal(0)
    return SocialOutcomes(
        people={code: people[code] for code in order if people.get(code)},
        anyone=outcomes.values("case__person").distinct().count(),
        income_people=people.get("income_gained", 0),
        annual_income=Decimal(total).quantize(CHANGE_PLACES, ROUND_HALF_UP),
    )


@figure
def released_gp_time(period: Period, area: Area = EVERYWHERE):
    """Among leavers (cases closed in the period), those with GP appointment counts for
    all six whole months before the month they were referred and all six after the month
    their case closed: their appointments before and after, per person. Those closed less
    than six whole months ago, or with a month missing, are counted apart. No comparison
    group: a fall may be regression to the mean, or would have happened anyway."""
    return compare_service_use(leaving(period, area))


# --- The headline figures, together ---------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The programme summary's figures (summary.py keys them), as counted here: the
    specification the reporting facts (facts.py) must equal."""

    referrals: int
    people_referred: int
    accepted: int
    engaged: int
    days_to_first_contact: dict[int, int]
    wellbeing: Wellbeing
    reasons: dict[str, int]
    onward_links: dict[str, int]
    unmet_needs: dict[str, int]
    closures: dict[str, int]


def headline(period: Period, area: Area = EVERYWHERE) -> Headline:
    engagement = _engagement(period, area)
    return Headline(
        referrals=referrals(period, area),
        people_referred=people_referred(period, area),
        accepted=engagement["accepted"],
        engaged=engagement["engaged"],
        days_to_first_contact=days_to_first_contact(period, area),
        wellbeing=wellbeing(period, area),
        reasons=reasons(period, area),
        onward_links=onward_links(period, area),
        unmet_needs=unmet_needs(period, area),
        closures=closures(period, area),
    )


# --- Reach: who is referred beside who is registered; who refers ---------------------

# The area one level down a figure is broken down by, and the path from a referral to it.
LEVEL_PATHS = {
    "hscp": "person__hscp",
    "cluster": "practice__cluster",
    "practice": "practice",
}


def practices_of(area: Area = EVERYWHERE) -> QuerySet:
    return Practice.objects.filter(area.of_practices()).distinct()


def profile_dates(practices, on: date) -> dict[int, date]:
    """For each practice with a population profile loaded, the date of the one that describes
    it on `on`: the latest as at on or before that day, otherwise the first after it."""
    loaded = (
        PracticePopulation.objects.filter(practice__in=practices)
        .values_list("practice", "as_at")
        .distinct()
        .order_by("practice", "as_at")
    )
    chosen: dict[int, date] = {}
    for practice, as_at in loaded:  # a few dates a practice, in date order
        if practice not in chosen or as_at <= on:
            chosen[practice] = as_at
    return chosen


def _profile_rows(chosen: dict[int, date]) -> QuerySet:
    if not chosen:
        return PracticePopulation.objects.none()
    wanted = [Q(practice=practice, as_at=as_at) for practice, as_at in chosen.items()]
    return PracticePopulation.objects.filter(reduce(operator.or_, wanted))


@dataclass(frozen=True)
class Profile:
    """Counts of people by age band, sex and SIMD decile. `by_simd` holds known deciles
    only, `by_sex` female and male (and, for people referred, "not_known")."""

    total: int
    by_age_band: dict[str, int]
    by_sex: dict[str, int]
    by_simd: dict[int, int]


@dataclass(frozen=True)
class Population(Profile):
    as_at: dict[int, date]  # each practice with a profile: the date of the one used
    by_practice: dict[int, int]  # each practice with a profile: its registered patients


@figure
def registered_population(practices, on: date) -> Population:
    """Registered patients of the practices with a practice population profile loaded, from
    each practice's profile as at the latest date on or before the period's last day
    (otherwise the first one after it), by Public Health Scotland's age bands, by sex and by
    SIMD decile (1 most deprived) where the profile gives it; a share of a SIMD decile is
    of the patients whose decile is known. Practices with no profile are left out, and named."""
    chosen = profile_dates(practices, on)
    rows = _profile_rows(chosen)
    cells = rows.values("age_band", "sex", "simd_decile").annotate(n=Sum("patients")).order_by()
    profile = _profile([(c["age_band"], c["sex"], c["simd_decile"], c["n"]) for c in cells])
    return Population(
        total=profile.total,
        by_age_band=profile.by_age_band,
        by_sex=profile.by_sex,
        by_simd={k: n for k, n in profile.by_simd.items() if k is not None},
        as_at=chosen,
        by_practice=_patients_by_practice(rows),
    )


def _patients_by_practice(rows: QuerySet) -> dict[int, int]:
    grouped = rows.values("practice").annotate(n=Sum("patients")).order_by()
    return {row["practice"]: row["n"] for row in grouped}


def _profile(cells: list[tuple[str, str, int | None, int]]) -> Profile:
    """A profile from counts by (age band, sex, decile), each dimension summed over the
    others (a few hundred cells at most, whatever the number of people)."""
    by_age_band, by_sex, by_simd = {}, {}, {}
    for band, sex, decile, n in cells:
        by_age_band[band] = by_age_band.get(band, 0) + n
        by_sex[sex] = by_sex.get(sex, 0) + n
        by_simd[decile] = by_simd.get(decile, 0) + n
    return Profile(sum(by_age_band.values()), by_age_band, by_sex, by_simd)


def _age_band(age: int | None) -> str:
    """The population profiles' band of a whole-years age (the youngest band when the age
    is not known, as a profile counts everyone in some band)."""
    for code, _, low in AGE_BANDS[::-1]:
        if age is not None and age >= low:
            return code
    return AGE_BANDS[0][0]


def _month_day(field: str):
    return ExtractMonth(field) * 100 + ExtractDay(field)


def _age_on(born: str, on: str):
    """Whole years from `born` to `on`, in the database (SQLite and PostgreSQL alike)."""
    before_birthday = CaseWhen(
        When(LessThan(_month_day(on), _month_day(born)), then=Value(1)), default=Value(0)
    )
    return ExtractYear(on) - ExtractYear(born) - before_birthday


def first_referral_of_each_person(referrals: QuerySet) -> QuerySet:
    """Each person's first referral among `referrals` (received first; the lower id on the
    same day): one row per person."""
    earlier = referrals.filter(person=OuterRef("person")).filter(
        Q(received_on__lt=OuterRef("received_on"))
        | Q(received_on=OuterRef("received_on"), pk__lt=OuterRef("pk"))
    )
    return referrals.filter(~Exists(earlier))


@figure
def people_referred_profile(period: Period, area: Area = EVERYWHERE, practices=None) -> Profile:
    """People referred (distinct people among the referrals figure, as people referred counts
    them), each once, as on their first referral in the period: their age band on the day it
    was received (Public Health Scotland's bands), their sex as recorded on their record, and
    the SIMD decile of their address recorded with the referral. Beside a registered
    population, only referrals to practices with a profile loaded are counted. A share is of
    the people whose sex or decile is known; those not known are counted apart."""
    referrals = counted_referrals(period, area)
    if practices is not None:
        referrals = referrals.filter(practice__in=practices)
    # Counted by whole year of age and banded here: a band chosen in SQL repeats the age
    # expression once a band, which took longer to build than the query took to run.
    cells = (
        first_referral_of_each_person(referrals)
        .annotate(age=_age_on("person__date_of_birth", "received_on"))
        .values("age", "person__sex", "simd_decile")
        .annotate(n=Count("pk"))
        .order_by()
    )
    profile = _profile(
        [(_age_band(c["age"]), c["person__sex"], c["simd_decile"], c["n"]) for c in cells]
    )
    every_band = {code: profile.by_age_band.get(code, 0) for code, _, _ in AGE_BANDS}
    return Profile(profile.total, every_band, profile.by_sex, profile.by_simd)


@dataclass(frozen=True)
class Registered:
    patients: int
    as_at: date | None  # the profile's date; None for a list size


@figure
def registered_patients(practices, on: date) -> dict[int, Registered]:
    """A practice's registered patients: the total of its practice population profile (as
    registered population chooses it) where one is loaded, otherwise its list size as
    recorded on the practice; a practice with neither has no figure and is left out of rates."""
    chosen = profile_dates(practices, on)  # as registered population chooses them
    found = {
        practice.pk: Registered(practice.list_size, None)
        for practice in practices
        if practice.list_size
    }
    for practice, patients in _patients_by_practice(_profile_rows(chosen)).items():
        found[practice] = Registered(patients, chosen[practice])
    return found


def per(count, patients: int, many: int, places: str) -> Decimal | None:
    """`count` per `many` patients, rounded half up to `places` ("0.1"); None without patients."""
    if not patients:
        return None
    return (Decimal(count) * many / patients).quantize(Decimal(places), ROUND_HALF_UP)


@figure
def referral_rate(referrals: int, patients: int) -> Decimal | None:
    """Referrals in the referrals figure per 1,000 registered patients (registered patients),
    to one decimal place, over the period as chosen (a year's rate only when the period is a
    year). For a cluster or HSCP: the referrals to its practices with a registered figure, per
    1,000 of their patients together."""
    return per(referrals, patients, 1000, "0.1")


@figure
def practice_wte(practices) -> dict[int, Staffing]:
    """Link workers in post now (an account that can sign in, as link workers counts them)
    placed in each practice: a headcount, and their whole-time equivalents shared among the
    practices where each is placed in proportion to their working days at each (equally when
    any of their placements has no days set). The WTE is known only where every one of them
    has it recorded; a thematic worker placed in no practice is in no practice's figure."""
    placements = PracticeAttachment.objects.filter(link_worker__user__is_active=True)
    workers = placements.filter(practice__in=practices).values("link_worker")
    rows = placements.filter(link_worker__in=workers).values_list(
        "link_worker", "link_worker__wte", "practice", "working_days"
    )
    by_worker: dict[int, list] = {}
    for worker, wte, practice, days in rows:  # placements of a few workers: not records
        by_worker.setdefault(worker, []).append((wte, practice, len(days)))
    wanted = {p.pk for p in practices}
    totals = {pk: [0, 0, Decimal(0)] for pk in wanted}
    for placed in by_worker.values():
        all_days = sum(days for _, _, days in placed)
        by_days = all(days for _, _, days in placed)
        for wte, practice, days in placed:
            if practice not in wanted:
                continue
            total = totals[practice]
            total[0] += 1
            if wte is not None:
                total[1] += 1
                total[2] += wte * (
                    Decimal(days) / all_days if by_days else Decimal(1) / len(placed)
                )
    return {pk: Staffing(*values) for pk, values in totals.items()}


@figure
def wte_per_ten_thousand(wte: Decimal, patients: int) -> Decimal | None:
    """Link worker WTE (practice WTE) per 10,000 registered patients (registered patients),
    to two decimal places; for a cluster or HSCP, the WTE placed in its practices with a
    registered figure per 10,000 of their patients together, and only where every worker
    placed there has a WTE recorded."""
    return per(wte, patients, 10000, "0.01")


# Jobs of practice staff (referrer_roles.csv, as a practice staff role records them) that
# see patients clinically. Receptionists, practice managers and "other practice staff"
# (whose job is not known) are not clinical staff.
CLINICAL_JOB_TITLES = frozenset(
    {
        "gp",
        "practice_nurse",
        "pharmacist",
        "dentist",
        "optician",
        "mental_health_practitioner",
        "community_psychiatric_nurse",
        "physiotherapist",
    }
)
WHO_REFERS_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same date `months` calendar months earlier (the month's last day where it is
    shorter: 31 August less 6 months is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    first = date(year, month + 1, 1)
    return min(first + timedelta(days=day.day - 1), month_end(first))


@dataclass(frozen=True)
class Referrers:
    clinical_staff: int
    referred: int
    since: date  # referrals received after this day count


@figure
def clinical_staff_who_referred(practices, on: date) -> dict[int, Referrers]:
    """For each practice: its clinical staff, people who can sign in holding a practice staff
    role there now whose job recorded on that role is clinical (GP, practice nurse,
    pharmacist, dentist, optician, mental health practitioner, community psychiatric nurse,
    physiotherapist; not receptionist, practice manager or other practice staff); and of
    them, those who made (entered in linkwork themselves) at least one referral to that
    practice received in the six months up to the period's last day (after the same date six
    months before), whatever became of it. Someone on the staff of two practices counts at
    each."""
    since = months_before(on, WHO_REFERS_MONTHS)
    made = Referral.objects.filter(
        referred_by=OuterRef("user"),
        practice=OuterRef("practice"),
        received_on__gt=since,
        received_on__lte=on,
    )
    rows = (
        RoleAssignment.objects.filter(
            role=Role.PRACTICE_STAFF,
            practice__in=practices,
            user__is_active=True,
            job_title__in=CLINICAL_JOB_TITLES,
        )
        .values("practice")
        .annotate(
            staff=Count("user", distinct=True),
            referred=Count("user", filter=Q(Exists(made)), distinct=True),
        )
        .order_by()
    )
    found = {row["practice"]: Referrers(row["staff"], row["referred"], since) for row in rows}
    return {p.pk: found.get(p.pk, Referrers(0, 0, since)) for p in practices}


def referrals_by_practice(period: Period, area: Area = EVERYWHERE) -> dict[int, int]:
    """The referrals figure of each practice of the area that has any."""
    rows = counted_referrals(period, area).values("practice").annotate(n=Count("pk")).order_by()
    return {row["practice"]: row["n"] for row in rows}


def _by_level(referrals: QuerySet, level: str, key: str) -> dict[tuple[int, str], int]:
    path = LEVEL_PATHS[level]
    rows = referrals.values(path, key).annotate(n=Count("pk")).order_by()
    return {(row[path], row[key]): row["n"] for row in rows}


@figure
def referrals_by_referrer_role(period: Period, area: Area, level: str) -> dict:
    """The referrals figure by the area each was sent to one level down (HSCP, cluster or
    practice) and by who referred: the referrer's role recorded on the referral (GP, practice
    nurse, receptionist, the person themself, another organisation...)."""
    return _by_level(counted_referrals(period, area), level, "referrer_role")


@figure
def referrals_by_route(period: Period, area: Area, level: str) -> dict:
    """The referrals figure by the area each was sent to one level down and by how it arrived
    (its route: the referral form here, a GP system task, DOCMAN, email, phone...)."""
    return _by_level(counted_referrals(period, area), level, "route")


@figure
def declined_as_inappropriate_by_reason(period: Period, area: Area, level: str) -> dict:
    """Referrals received in the period and declined as not appropriate for the service, by
    the area each was sent to one level down and by the reason recorded (not eligible,
    needing a clinical or statutory service, outside the area, no consent): what practice
    development work addresses. They are not in the referrals figure."""
    return _by_level(received(period, area).filter(inappropriate()), level, "decline_reason")
