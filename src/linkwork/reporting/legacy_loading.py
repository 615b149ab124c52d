"""Writing one checked row of earlier records through the domain services, as of the days
it records (decision 0061 says what each column becomes and what is assumed).

Each row is a referral accepted on the day it was received into a case of its own, with
its sessions, onward links, unmet needs, SWEMWBS totals and closure, each dated as the
row dates it so the reports count it in the period it happened.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from linkwork.accounts.services import create_user, free_username
from linkwork.casework import services as casework
from linkwork.casework.services import PersonDetails
from linkwork.core import clock
from linkwork.directory.models import Organisation, Service, ServiceStatus
from linkwork.directory.services import create_organisation, create_service
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.links.services import signpost
from linkwork.organisations import services as organisations
from linkwork.organisations.models import HSCP, Cluster, LinkWorker, Practice, Provider
from linkwork.outcomes.models import Timepoint
from linkwork.outcomes.services import record_swemwbs_total
from linkwork.places.geocoding import district_of
from linkwork.referrals.models import Referral
from linkwork.referrals.services import ReferralDetails, record_accepted_referral
from linkwork.reporting.legacy_spellings import folded

# The files name no one: an imported person is "Imported <patient_ref>" until corrected.
GIVEN_NAME = "Imported"
# What the files do not say, and what is assumed (decision 0061).
SESSION_MODE = "in_practice"
SESSION_HOUR = 10
SESSION_GAP_DAYS = 14
ROUTES = {"self": "phone", "external_organisation": "external_organisation"}
OTHER_ROUTE = "letter"
UNMET_REASON = "none_exists"
UNMET_NOTE = "From imported earlier records; the reason was not recorded"
UNNAMED_ORGANISATION = "Services named in imported records"
UNNAMED_SERVICE = "A service the imported records do not name"
IMPORTED_CLUSTER = "Practices from imported records"
IMPORTED_PROVIDER = "Link workers from imported records"


def at(day: date, hour: int = SESSION_HOUR) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Known:
    """The practices and link workers linkwork knows, and (with `create_missing`) those a
    file names that it will create, in the HSCP given for new practices."""

    practices: dict[str, Practice]
    workers: dict[tuple[int, str], list[LinkWorker]]
    create_missing: bool = False
    hscp: HSCP | None = None
    created: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, *, create_missing: bool, hscp: HSCP | None) -> "Known":
        if hscp is None and HSCP.objects.count() == 1:
            hscp = HSCP.objects.get()
        workers: dict[tuple[int, str], list[LinkWorker]] = {}
        for worker in LinkWorker.objects.select_related("user", "provider"):
            key = (worker.provider.hscp_id, folded(worker.user.get_full_name()))
            workers.setdefault(key, []).append(worker)
        practices = {p.code: p for p in Practice.objects.select_related("cluster__hscp")}
        return cls(practices, workers, create_missing, hscp)

    def hscp_of(self, code: str) -> HSCP | None:
        practice = self.practices.get(code)
        return practice.cluster.hscp if practice else self.hscp

    def problems(self, row) -> list[tuple[str, str]]:
        """What the row names that linkwork does not know (and will not create)."""
        found = []
        if row.practice_code not in self.practices:
            if not self.create_missing:
                found.append(("practice_code", f"{row.practice_code} {NO_PRACTICE}"))
            elif self.hscp is None:
                found.append(("practice_code", f"{row.practice_code} {NAME_HSCP}"))
        hscp = self.hscp_of(row.practice_code)
        if row.link_worker and hscp and (why := self._worker_problem(row.link_worker, hscp)):
            found.append(("link_worker", why))
        return found

    def _worker_problem(self, name: str, hscp: HSCP) -> str | None:
        matches = self.workers.get((hscp.pk, folded(name)), [])
        if len(matches) > 1:
            return f"{name!r} names {len(matches)} link workers of {hscp}; {TWO_WORKERS}"
        if not matches and not self.create_missing:
            return f"{name!r} is not a link worker of {hscp}; {NO_WORKER}"
        return None

    def snapshot(self) -> tuple:
        """What is known now, to go back to when a row's writes are rolled back (the
        practice or worker it created with them)."""
        return dict(self.practices), dict(self.workers), list(self.created)

    def restore(self, snapshot: tuple) -> None:
        self.practices, self.workers, self.created = snapshot

    def practice(self, code: str) -> Practice:
        if code not in self.practices:
            self.practices[code] = _new_practice(code, self.hscp)
            self.created.append(f"practice {code}")
        return self.practices[code]

    def worker(self, name: str, hscp: HSCP) -> LinkWorker | None:
        if not name:
            return None
        key = (hscp.pk, folded(name))
        if key not in self.workers:
            self.workers[key] = [_new_worker(name, hscp)]
            self.created.append(f"link worker {name} ({hscp})")
        return self.workers[key][0]


NO_PRACTICE = (
    "is not a practice linkwork knows; check the code, add the practice first, or import "
    "again with --create-missing to create it"
)
NAME_HSCP = "is not a practice linkwork knows; to create it, name its HSCP with --hscp CODE"
NO_WORKER = (
    "check the spelling (first name and surname), add them first, or import again with "
    "--create-missing to create them as an account that cannot sign in"
)
TWO_WORKERS = "an administrator must make their names tell them apart before importing"


def _new_practice(code: str, hscp: HSCP) -> Practice:
    """A practice known only by its code: no name, list size or postcode until an
    administrator gives them."""
    cluster = Cluster.objects.filter(hscp=hscp, name=IMPORTED_CLUSTER).first()
    cluster = cluster or organisations.create_cluster(hscp=hscp, name=IMPORTED_CLUSTER)
    return organisations.create_practice(
        cluster=cluster, name=f"Practice {code}", code=code, list_size=None, postcode=""
    )


def _new_worker(name: str, hscp: HSCP) -> LinkWorker:
    """A link worker known only by name: an account that cannot sign in (inactive, no
    password), with the HSCP's provider when it has one, else one for imported records."""
    first, _, last = name.rpartition(" ")
    user = create_user(
        username=free_username(name.lower().replace(" ", ".")[:140], "imported.worker"),
        first_name=(first or last)[:150],
        last_name=(last if first else "")[:150],
        is_active=False,
    )
    providers = list(Provider.objects.filter(hscp=hscp)[:2])
    provider = providers[0] if len(providers) == 1 else _imported_provider(hscp)
    return organisations.create_link_worker(user=user, provider=provider)


def _imported_provider(hscp: HSCP) -> Provider:
    found = Provider.objects.filter(hscp=hscp, name=IMPORTED_PROVIDER).first()
    return found or organisations.create_provider(hscp=hscp, name=IMPORTED_PROVIDER)


# --- One row --------------------------------------------------------------------------


def already_present(row, known: Known) -> bool:
    """Imported before: the same patient_ref referred on the same day in the same HSCP."""
    hscp = known.hscp_of(row.practice_code)
    return Referral.objects.filter(
        legacy_ref=row.patient_ref,
        received_on=row.referral_date,
        practice__cluster__hscp=hscp,
    ).exists()


def load_row(row, known: Known) -> Referral:
    practice = known.practice(row.practice_code)
    worker = known.worker(row.link_worker, practice.cluster.hscp)
    with clock.as_of(at(row.referral_date)):
        referral = record_accepted_referral(
            person=_person(row), details=_details(row, practice), link_worker=worker
        )
    case = referral.case
    _sessions(case, row)
    _links(case, row, practice.cluster.hscp)
    _unmet_needs(case, row, worker, practice.cluster.hscp)
    _swemwbs(case, row)
    _close(case, row)
    return referral


def _person(row) -> PersonDetails:
    return PersonDetails(
        given_name=GIVEN_NAME,
        family_name=row.patient_ref,
        date_of_birth=row.date_of_birth,
        sex=row.sex,
        chi=row.chi,
        postcode=row.postcode,
    )


def _details(row, practice: Practice) -> ReferralDetails:
    return ReferralDetails(
        practice=practice,
        route=ROUTES.get(row.referral_source, OTHER_ROUTE),
        referrer_role=row.referral_source,
        reasons=list(row.reasons),
        consent_to_referral=True,
        received_on=row.referral_date,
        legacy_ref=row.patient_ref,
    )


def session_days(first: date, how_many: int, closed: date | None) -> list[date]:
    """The first on the day of first contact, then every SESSION_GAP_DAYS days, closer
    together where that would run past the closure (on the same day at the closest)."""
    gap = SESSION_GAP_DAYS
    if closed is not None and how_many > 1:
        gap = min(gap, (closed - first).days // (how_many - 1))
    return [first + timedelta(days=gap * n) for n in range(how_many)]


def _sessions(case, row) -> None:
    if not row.sessions:
        return
    outcomes = ["attended"] * row.sessions_attended
    outcomes += ["did_not_attend"] * row.sessions_did_not_attend
    days = session_days(row.first_contact_date, row.sessions, row.closed_date)
    for on, outcome in zip(days, outcomes, strict=True):
        with clock.as_of(at(on)):
            casework.record_session(
                case=case, by=None, starts_at=at(on), mode=SESSION_MODE, outcome=outcome
            )


def _first_day(row) -> date:
    return row.first_contact_date if row.sessions else row.referral_date


def _links(case, row, hscp: HSCP) -> None:
    if not row.linked_services:
        return
    service = unnamed_service(hscp)
    with clock.as_of(at(_first_day(row))):
        for need in row.linked_services:
            signpost(case=case, service=service, by=None, need=need)


def unnamed_service(hscp: HSCP) -> Service:
    """The one (defunct, unpublished) service an HSCP's imported links are to: the files
    say the kind of support, not the service (decision 0061)."""
    organisation = Organisation.objects.filter(hscp=hscp, name=UNNAMED_ORGANISATION).first()
    if organisation is None:
        organisation = create_organisation(name=UNNAMED_ORGANISATION, hscp=hscp)
    service = organisation.services.first()
    if service is None:
        service = create_service(
            organisation=organisation,
            name=UNNAMED_SERVICE,
            status=ServiceStatus.DEFUNCT,
            is_public=False,
            verified=False,
        )
    return service


def _unmet_needs(case, row, worker: LinkWorker | None, hscp: HSCP) -> None:
    with clock.as_of(at(_first_day(row))):
        for need in row.unmet_needs:
            record_unmet_need(
                need=need,
                reason=UNMET_REASON,
                by=None,
                area=district_of(row.postcode),
                note=UNMET_NOTE,
                case=case,
                provider=worker.provider if worker else None,
                hscp=hscp,
            )


def _swemwbs(case, row) -> None:
    measures = (
        (Timepoint.BASELINE, row.swemwbs_baseline_raw, _first_day(row)),
        (Timepoint.EXIT, row.swemwbs_exit_raw, row.closed_date),
    )
    for timepoint, raw, on in measures:
        if raw is not None:
            with clock.as_of(at(on)):
                record_swemwbs_total(case=case, timepoint=timepoint, raw=raw, completed_on=on)


def _close(case, row) -> None:
    if row.closed_date is None:
        return
    with clock.as_of(at(row.closed_date, 16)):
        casework.close_case(
            case=case, by=None, reason=row.closure_reason, closed_on=row.closed_date
        )
