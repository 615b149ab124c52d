"""The reporting facts (decision 64): built from the records by definitions.py's own
querysets, kept up to date after each commit, and read by the programme summary.

Each facts table is filled by one INSERT … SELECT whose SELECT is the definitions' own
queryset (with_first_contact, attended_since_referral, with_swemwbs, with_made_at and the
area paths), so a row holds what the live figure would compute for that record: for one
case after a change, or for every record at once (`rebuild`, set-based, for millions).
"""

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce

from linkwork.casework.models import Case, Person, Session
from linkwork.core.codelists import codelist
from linkwork.core.planner import refresh_planner_statistics
from linkwork.core.recording import discard_pending, record_changed, send_pending
from linkwork.core.statements import statement
from linkwork.links.models import Link
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.referrals.models import Referral, ReferralReason
from linkwork.reporting import definitions
from linkwork.reporting.definitions import (
    CASE_PATHS,
    CLOSED_NOW,
    EVERYWHERE,
    REFERRAL_PATHS,
    Area,
    Headline,
    Period,
)
from linkwork.reporting.models import CaseFacts, LinkFacts, ReferralFacts

# A bit for each reason for referral, in the needs code list's order.
REASON_BITS = {code.code: 1 << index for index, code in enumerate(codelist("needs").codes)}
CHUNK = 500  # records refreshed per statement: a long IN list costs more than it saves


# --- The rows, as the definitions derive them ------------------------------------------


def _is(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _area_of(paths: dict[str, str], prefix: str = "") -> dict:
    return {f"x_{name}": F(prefix + path) for name, path in paths.items()}


def _reason_bits() -> Coalesce:
    """A referral's reasons as one number, a bit each (a reason is given once at most)."""
    bit = CaseWhen(
        *(When(need=code, then=Value(value)) for code, value in REASON_BITS.items()),
        default=Value(0),
        output_field=BigIntegerField(),
    )
    given = (
        ReferralReason.objects.filter(referral=OuterRef("pk"))
        .order_by()
        .values("referral")
        .annotate(bits=Sum(bit))
        .values("bits")
    )
    return Coalesce(Subquery(given, output_field=BigIntegerField()), Value(0))


def referral_rows(referrals: QuerySet) -> QuerySet:
    return definitions.with_first_contact(referrals).values(
        **_area_of(REFERRAL_PATHS),
        x_referral=F("pk"),
        x_case=F("case"),
        x_person=F("person"),
        x_received_on=F("received_on"),
        x_counted=_is(definitions.counted()),
        x_duplicate=_is(definitions.duplicate()),
        x_inappropriate=_is(definitions.inappropriate()),
        x_accepted=_is(definitions.ACCEPTED),
        x_engaged=definitions.attended_since_referral(),
        x_first_contact_on=F("first_contact_on"),
        x_reasons=_reason_bits(),
    )


def case_rows(cases: QuerySet) -> QuerySet:
    return definitions.with_swemwbs(cases).values(
        **_area_of(CASE_PATHS),
        x_case=F("pk"),
        x_closed_on=CaseWhen(When(CLOSED_NOW, then=F("closed_on"))),
        x_closure_reason=CaseWhen(When(CLOSED_NOW, then=F("closure_reason")), default=Value("")),
        x_baseline=F("baseline"),
        x_exit=F("exit"),
    )


def link_rows(links: QuerySet) -> QuerySet:
    made = definitions.with_made_at(links).filter(made_at__isnull=False)
    return made.values(
        **_area_of(CASE_PATHS, "case__"),
        x_link=F("pk"),
        x_case=F("case"),
        x_made_at=F("made_at"),
        x_need=F("need"),
    )


def _insert(model: type[Model], rows: QuerySet | tuple[str, list]) -> int:
    """INSERT INTO the facts table SELECT the rows' `x_<field>` values (`rows`: a queryset,
    or a statement's SQL and parameters)."""
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    if isinstance(rows, tuple):
        select, params = rows
    else:
        select, params = rows.query.get_compiler(using=using).as_sql()
    # Only names from the model's own metadata and the ORM's compiled, parameterised SELECT.
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"  # noqa: S608
        f" SELECT {', '.join(quote('x_' + f.name) for f in fields)} FROM ({select}) facts_rows"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


# --- Keeping them up to date ------------------------------------------------------------


def refresh(
    *,
    cases: Iterable[int] = (),
    referrals: Iterable[int] = (),
    referrals_of: Iterable[int] = (),
    scores_of: Iterable[int] = (),
    links_of: Iterable[int] = (),
) -> None:
    """Build again the facts of these cases (the case, its links, its referrals) and of
    these referrals; of some cases only their referrals', their own (scores) or their
    links' rows. A record that no longer exists loses its row."""
    cases, referrals = set(cases), set(referrals)
    with transaction.atomic(using=router.db_for_write(ReferralFacts)):
        for chunk in _chunks(cases | set(referrals_of)):
            referrals.update(_referrals_of(chunk))
        for chunk in _chunks(cases | set(scores_of)):
            _replace(CaseFacts, _case_rows.sql(chunk), case__in=chunk)
        for chunk in _chunks(cases | set(links_of)):
            _replace(LinkFacts, _link_rows.sql(chunk), case__in=chunk)
        # A referral joined to another case is itself saved, so is among these.
        for chunk in _chunks(referrals):
            _replace(ReferralFacts, _referral_rows.sql(chunk), referral__in=chunk)


# What a save rebuilds, built once a process (decision 0151): a quarter of a POST's CPU.


@statement
def _referrals_of(case_ids):
    return Referral.objects.filter(case__in=case_ids).values_list("pk", flat=True)


@statement
def _case_rows(case_ids):
    return case_rows(Case.objects.filter(pk__in=case_ids))


@statement
def _link_rows(case_ids):
    return link_rows(Link.objects.filter(case__in=case_ids))


@statement
def _referral_rows(referral_ids):
    return referral_rows(Referral.objects.filter(pk__in=referral_ids))


def _replace(model: type[Model], rows: QuerySet, **which) -> None:
    model.objects.filter(**which).delete()
    _insert(model, rows)


def _chunks(ids: set[int | None]) -> Iterable[list[int]]:
    ids = sorted(ids - {None})  # a record on no case
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


FACTS = (ReferralFacts, CaseFacts, LinkFacts)


def rebuild() -> dict[str, int]:
    """Every facts row built again from the records, set-based: after a bulk load, a data
    fix in the shell, or to check nothing was missed. Rows per table. Reports read the
    rows as they were until it commits (deleted, not truncated, so they are not blocked)."""
    built = {}
    using = router.db_for_write(ReferralFacts)
    with transaction.atomic(using=using):
        for model, rows in zip(
            FACTS,
            (
                referral_rows(Referral.objects.all()),
                case_rows(Case.objects.all()),
                link_rows(Link.objects.all()),
            ),
            strict=True,
        ):
            model.objects.all().delete()
            built[model._meta.verbose_name_plural] = _insert(model, rows)
        # PostgreSQL would otherwise plan the next reports for the tables as they were.
        refresh_planner_statistics([model._meta.db_table for model in FACTS], using)
    discard_pending()  # every change so far is in what was just built
    return built


def records_changed(sender, records, **kwargs) -> None:
    """record_changed's receiver: the facts each changed record can alter. A session, a
    questionnaire response and a link alter only their case's referral, case or link rows;
    a referral its own row and its case's; a case, or any other record on one, all of the
    case's; a person all of their cases' and referrals'."""
    whole, referrals, people = set(), set(), set()
    only = {Session: set(), QuestionnaireResponse: set(), Link: set()}
    for record in records:
        if isinstance(record, Referral):
            referrals.add(record.pk)
            whole.add(record.case_id)
        elif isinstance(record, Case):
            whole.add(record.pk)
        elif isinstance(record, Person):
            people.add(record.pk)
        elif type(record) in only:
            only[type(record)].add(record.case_id)
        elif getattr(record, "case_id", None) is not None:
            whole.add(record.case_id)
    if people:
        whole.update(Case.objects.filter(person__in=people).values_list("pk", flat=True))
        referrals.update(Referral.objects.filter(person__in=people).values_list("pk", flat=True))
    refresh(
        cases=whole,
        referrals=referrals,
        referrals_of=only[Session],
        scores_of=only[QuestionnaireResponse],
        links_of=only[Link],
    )


def connect() -> None:
    record_changed.connect(records_changed, dispatch_uid="reporting-facts")


def catch_up() -> None:
    """Bring the facts up to date with changes made in the transaction still open on this
    connection (a command that loads then reports, a test): committed changes have been
    applied already."""
    send_pending(robust=False)


# --- The headline figures from them -------------------------------------------------------


def _received(period: Period, area: Area) -> QuerySet:
    return ReferralFacts.objects.filter(
        definitions.in_period("received_on", period), area.of_facts()
    )


def headline(period: Period, area: Area = EVERYWHERE) -> Headline:
    """definitions.headline's figures, each from one scan of a facts table."""
    referrals = _received(period, area)
    counted, accepted = Q(counted=True), Q(counted=True, accepted=True)
    totals = referrals.aggregate(
        n_referrals=Count("pk", filter=counted),
        n_people=Count("person", distinct=True, filter=counted),
        n_accepted=Count("pk", filter=accepted),
        n_engaged=Count("pk", filter=accepted & Q(engaged=True)),
    )
    leavers = CaseFacts.objects.filter(definitions.in_period("closed_on", period), area.of_facts())
    links = LinkFacts.objects.filter(
        definitions.moments_in_period("made_at", period), area.of_facts()
    )
    return Headline(
        referrals=totals["n_referrals"],
        people_referred=totals["n_people"],
        accepted=totals["n_accepted"],
        engaged=totals["n_engaged"],
        days_to_first_contact=definitions.waiting_days(referrals.filter(accepted)),
        wellbeing=definitions.wellbeing_of(leavers.annotate(change=F("exit") - F("baseline"))),
        reasons=_given(referrals.filter(counted)),
        onward_links=definitions.counts_by(links, "need"),
        # Already a row per unmet need, dated by its own moment: read as it is.
        unmet_needs=definitions.unmet_needs(period, area),
        closures=definitions.counts_by(leavers, "closure_reason"),
    )


def _given(referrals: QuerySet) -> dict[str, int]:
    """Referrals giving each reason, in code order as counts_by gives them: counted by
    the combination of reasons given (a few hundred), then by each reason in it."""
    found = dict.fromkeys(sorted(REASON_BITS), 0)
    for row in referrals.values("reasons").annotate(n=Count("pk")).order_by():
        for code, bit in REASON_BITS.items():
            if row["reasons"] & bit:
                found[code] += row["n"]
    return {code: n for code, n in found.items() if n}
