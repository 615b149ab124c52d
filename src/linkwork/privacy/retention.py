"""Retention (decision 0106): a set number of whole years after a person's support ended,
their record is anonymised, not deleted. What identifies them (names, CHI number, contact
details, free text in anyone's words, the copies shared with organisations, and the same
fields in every earlier version) goes; what reports count stays (dates, codes, statuses,
scores, SIMD, practice and HSCP, sex, age at each referral, postcode district), so every
report and the minimum core dataset read the same before and after.

Nothing is touched while a person has an open case or a referral waiting, or until the
last of their cases closed (or, with no case, their last referral arrived) at least the
set number of years ago. Running it again changes nothing: an anonymised record is not
picked up again."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from linkwork.audit.models import Action
from linkwork.audit.services import event, record_many
from linkwork.casework.models import CaseStatus, Person
from linkwork.core import clock
from linkwork.documents.models import CaseDocument
from linkwork.documents.services import remove_under_retention
from linkwork.places.geocoding import district_of
from linkwork.privacy.holdings import Holdings, held_on
from linkwork.referrals.models import WAITING_STATUSES

REMOVED = "Removed under the retention policy"
DOCUMENTS = "documents.CaseDocument"
ACTOR = "linkwork retention"

# What each kind of record loses, and what it says instead. Every text field of a record
# held on a person is here or in KEPT (tests/test_retention.py holds them to it).
IDENTIFYING: dict[str, dict[str, object]] = {
    # The date of birth and postcode are worked out per person (`_person_values`).
    "casework.Person": {
        "given_name": "Anonymised",
        "family_name": "person",
        "chi": None,
        "address": "",
        "phone": "",
        "email": "",
        "safe_times_to_call": "",
    },
    "casework.Case": {
        "closure_note": "",
        "practice_summary": "",
        "holding_reason": "",
        "holding_with": "",
    },
    "casework.CaseAgency": {
        "contact_name": "",
        "contact_role": "",
        "phone": "",
        "email": "",
        "note": "",
    },
    "casework.Session": {"note": ""},
    "casework.Goal": {"wording": REMOVED},
    "casework.Action": {"description": REMOVED, "owner": "", "progress": ""},
    "casework.IdentifiedNeed": {"detail": ""},
    "casework.CaseNote": {"text": REMOVED},
    "casework.SocialOutcome": {"evidence": ""},
    "referrals.Referral": {
        "referrer_name": "",
        "reason_detail": "",
        "what_matters": "",
        "practice_contact_name": "",
        "safety_detail": "",
        "feedback_to_referrer": "",
        "submitted_details": {},
    },
    "referrals.SelfReferralSubmission": {"what_matters": "", "submitted_details": {}},
    "links.Link": {
        "reason": "",
        "shared_name": "",
        "shared_phone": "",
        "shared_email": "",
        "shared_contact_preferences": "",
        "shared_safety_flags": [],
    },
    "links.LinkEvent": {"note": ""},
    "outcomes.Feedback": {"what_changed": ""},
    "outcomes.Story": {"text": REMOVED},
    "interop.GpMessage": {"text": ""},
    "directory.UnmetNeed": {"note": ""},
    "team.DebriefRequest": {"note": ""},
    "placements.Concern": {"subject": REMOVED, "detail": REMOVED},
    "placements.ConcernAnswer": {"text": REMOVED},
    # A letter's title, and its file: documents.services.remove_under_retention marks the
    # row removed (kind, size, dates stay) and takes the file off the disk once this commits.
    DOCUMENTS: {"title": REMOVED, "sha256": "", "stored_name": None},
}
# Worked out per person (`_person_values`): a stand-in birth date, the postcode district.
WORKED_OUT = {"casework.Person": {"date_of_birth", "postcode", "anonymised_on"}}
# Text fields of records held on a person that stay, and why.
KEPT: dict[str, set[str]] = {
    "casework.Person": {"preferred_language"},  # a language, counted for interpreters
    "casework.CaseAgency": {"name"},  # an agency or team, not a person
    "casework.SocialOutcome": {"service_name"},  # a service the person registered with
    # Who referred from where, SIMD of the address (never the address) and an earlier
    # system's reference, which names no one.
    "referrals.Referral": {"referrer_organisation", "simd_datazone", "simd_version", "legacy_ref"},
    "referrals.SelfReferralSubmission": {"reference"},  # a random reference
    "outcomes.QuestionnaireResponse": {"answers", "scores"},  # item scores, no words
    "outcomes.QuestionnaireLink": {"form", "token_hash"},
    "outcomes.Story": {"flagged_kinds"},  # codes of what the scanner found
    "interop.GpMessage": {"key", "code_system", "code", "display"},  # codes
    "directory.UnmetNeed": {"area", "search"},  # a postcode district, a directory search
    # A worker's own records, reached through the cases they name: they are about the
    # worker (supervision, their meetings) and follow the team's own retention.
    "team.Supervision": {"notes"},
    "team.SupervisionAction": {"description"},
    "activity.Meeting": {"attendees"},
}


@dataclass(frozen=True)
class Plan:
    """Who the policy reaches today, and what of theirs is held."""

    years: int
    cutoff: date
    holdings: Holdings
    # Letters of people anonymised before retention removed files: their files go now.
    left_behind: tuple = ()

    @property
    def people(self) -> list[Person]:
        return self.holdings.people

    def cases_of(self, person) -> list[int]:
        return sorted(
            c.pk for c in self.holdings.of(_model("casework.Case")) if c.person_id == person.pk
        )

    def letters(self) -> list:
        """The letters and forms whose files go (none already removed)."""
        return [d for d in [*self.holdings.of(CaseDocument), *self.left_behind] if d.stored_name]

    def counts(self) -> Counter:
        """Records that lose something, by kind."""
        return Counter({label: len(self.holdings.of(_model(label))) for label in IDENTIFYING})


def _model(label: str):
    return apps.get_model(label)


def cutoff(today: date, years: int) -> date:
    """The last day support may have ended on for the policy to reach it: `years` whole
    years before today (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def plan(years: int | None = None, today: date | None = None) -> Plan:
    years = settings.LINKWORK_RETENTION_YEARS if years is None else years
    last_day = cutoff(today or clock.today(), years)
    left_behind = CaseDocument.objects.filter(
        case__person__anonymised_on__isnull=False, removed_on=None
    ).order_by("pk")
    return Plan(years, last_day, held_on(due(last_day)), tuple(left_behind))


def due(last_day: date) -> list[Person]:
    """People not yet anonymised whose support ended on or before `last_day`."""
    people = (
        Person.objects.filter(anonymised_on__isnull=True)
        .exclude(cases__status=CaseStatus.OPEN)
        .exclude(referrals__status__in=WAITING_STATUSES)
        .annotate(last_closed=Max("cases__closed_on"), last_referred=Max("referrals__received_on"))
        .order_by("pk")
    )
    return [person for person in people if _ended_on(person) <= last_day]


def _ended_on(person) -> date:
    dates = [d for d in (person.last_closed, person.last_referred) if d is not None]
    return max(dates) if dates else person.created_at.date()


def apply(chosen: Plan) -> None:
    """Anonymise everything `chosen` reaches, with its history, in one transaction, and
    write each person's anonymising to the audit log; then remove their letters' files."""
    with transaction.atomic():
        # Before the names are blanked below; the files go only once this commits.
        remove_under_retention(chosen.letters(), clock.today())
        _blank(CaseDocument, [d.pk for d in chosen.left_behind], IDENTIFYING[DOCUMENTS])
        for label, values in IDENTIFYING.items():
            model = _model(label)
            pks = [record.pk for record in chosen.holdings.of(model)]
            _blank(model, pks, values)
        for person in chosen.people:
            _blank(Person, [person.pk], _person_values(person))
        record_many([_audit(person, chosen.years) for person in chosen.people])


def _blank(model, pks: list[int], values: dict) -> None:
    """Set `values` on the records and on every earlier version of them."""
    if not pks:
        return
    model._default_manager.filter(pk__in=pks).update(**values)
    history = getattr(model, "history", None)
    if history is not None:
        kept = {f.name for f in history.model._meta.concrete_fields}
        history.filter(id__in=pks).update(**{k: v for k, v in values.items() if k in kept})


def _person_values(person) -> dict:
    return {
        "date_of_birth": stand_in_birth_date(person),
        "postcode": district_of(person.postcode),
        "anonymised_on": clock.today(),
    }


def stand_in_birth_date(person) -> date:
    """A birth date giving the same age on each day a referral of theirs arrived (what
    reports count by age band on), and nothing closer to the real one: the latest such
    date. With no referral, 1 January of the year of birth."""
    born = person.date_of_birth
    received = person.referrals.values_list("received_on", flat=True)
    stand_ins = [cutoff(on, _age(born, on)) for on in received]
    return min(stand_ins) if stand_ins else date(born.year, 1, 1)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _audit(person, years: int):
    return event(
        action=Action.CHANGE,
        obj=person,
        person_id=person.pk,
        hscp_id=person.hscp_id,
        actor_username=ACTOR,
        detail={"retention_years": years},
    )
