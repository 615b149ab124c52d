"""What casework pages show, gathered from where each part is kept.

Safety flags and their free-text detail live on the person's referrals (the referrer
raised them); deprivation comes from the postcode lookup, or failing that from the
snapshot taken at the latest referral."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from markupsafe import Markup

from linkwork.casework.models import Person
from linkwork.core.codelists import codelist
from linkwork.core.statements import statement
from linkwork.organisations.caseload import caseload_of
from linkwork.places.services import deprivation_for


@dataclass(frozen=True)
class Safety:
    """Every flag raised on any of the person's referrals once each, and every free-text
    safety detail, newest referral first."""

    flags: tuple[str, ...]
    details: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.flags or self.details)


@statement
def _safety_told(person_id):
    referrals = Person._meta.get_field("referrals").related_model.objects.filter(person=person_id)
    return referrals.order_by("-received_on", "-pk").values_list(
        "safety_flags__flag", "safety_detail"
    )


def safety_of(person: Person) -> Safety:
    # Read through the person's referrals (the reverse of the referral's link to its
    # person): referrals builds on casework, so casework never imports it.
    # Flags and details in one read: a referral comes once for each of its flags (or once
    # with none), and a detail repeated that way is kept once, as any repeat is.
    codes, texts = set(), []
    for code, text in _safety_told(person.pk):
        if code is not None:
            codes.add(code)
        if text != "":
            texts.append(text)
    labels = dict(codelist("safety_flags").choices())
    flags = tuple(labels[code] for code in labels if code in codes)
    return Safety(flags=flags, details=tuple(dict.fromkeys(text.strip() for text in texts)))


def simd_decile(person: Person) -> int | None:
    """The person's SIMD decile (1 is most deprived) as of now, else as at referral."""
    found = deprivation_for(person.postcode) if person.postcode else None
    if found is not None:
        return found.decile
    latest = (
        person.referrals.filter(simd_decile__isnull=False)
        .order_by("-received_on", "-pk")
        .values_list("simd_decile", flat=True)
        .first()
    )
    return latest


def lines(text: str) -> Markup:
    """Free text typed over several lines (an address), kept on its lines, escaped."""
    return Markup("<br>").join(line.strip() for line in text.splitlines() if line.strip())


def visit_address(person: Person) -> Markup:
    """Where a home visit goes: the address on its lines, then the postcode."""
    return lines("\n".join(filter(None, [person.address, person.postcode])))


def _row(key: str, value) -> dict:
    kind = "html" if isinstance(value, Markup) else "text"
    return {"key": {"text": key}, "value": {kind: value}}


def _contact(person: Person) -> str:
    preference = person.get_preferred_contact_display() or "No preference"
    return preference + ("; messages OK" if person.safe_to_leave_message else "; no messages")


def person_rows(person: Person) -> list[dict]:
    """The person panel of the case page, as summary list rows."""
    decile = simd_decile(person)
    return [
        _row("CHI", person.chi or "Not known"),
        _row("Born", date_format(person.date_of_birth, "j F Y")),
        _row("Sex", person.get_sex_display() or "Not recorded"),
        _row("Address", lines(person.address) if person.address else "Not recorded"),
        _row("Postcode", person.postcode or "Not known"),
        _row("SIMD decile", f"{decile} (1 is most deprived)" if decile else "Not known"),
        _row("Phone", person.phone or "Not given"),
        _row("Contact", _contact(person)),
        _row("Safe times to call", person.safe_times_to_call or "Not given"),
        _row("Language", person.preferred_language or "Not recorded"),
        _row("Interpreter", "Needed" if person.interpreter_needed else "Not needed"),
        _row("Ethnic group", person.get_ethnicity_display() or "Not recorded"),
        _row("Onward referrals", _referral_consent(person)),
        _row("Not to be shared", _not_shared(person)),
    ]


def _referral_consent(person: Person) -> str:
    if person.consent_withdrawn_on:
        return f"No: said no on {date_format(person.consent_withdrawn_on, 'j F Y')}"
    return person.get_referral_consent_display()


@statement
def _refused(person_id):
    """The organisations the person would not have anything shared with."""
    refused = Person.refused_organisations.through.objects.filter(person=person_id)
    return refused.select_related("organisation").order_by("pk")


def _not_shared(person: Person) -> str:
    """What the person refused to share (decision 0108), in one line."""
    refused = [
        *(["Contact details"] if not person.may_share_contact_details else []),
        *(["Safety flags"] if not person.may_share_safety_flags else []),
        *(f"anything with {row.organisation.name}" for row in _refused(person.pk)),
    ]
    return ", ".join(refused) or "Nothing refused"


def worker_label(worker) -> str:
    """A link worker to hand cases to, with their caseload (`rules.with_open_cases`)."""
    return f"{worker} · open cases {caseload_of(worker, worker.open_cases)}"


def case_label(case) -> str:
    """One case in a list to choose from: who, where, since when, how complex (the cells
    of the list's download, `casework/listings.py`)."""
    name, where, opened, complexity = open_case_cells(case)
    complexity = complexity if case.complexity else "complexity not set"
    return f"{name} · {where} · opened {opened} · {complexity}"


def open_case_cells(case) -> tuple:
    """An open case to hand over: who, where, since when, how complex."""
    complexity = case.get_complexity_display() or "Not set"
    return (
        case.person.full_name,
        case.place_name,
        date_format(case.opened_on, "j M Y"),
        complexity,
    )


def back_by(moment) -> str:
    """When a worker on a visit expects to be back: '14:30', or '01:30 tomorrow'."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" + (" tomorrow" if local.date() > timezone.localdate() else "")


@statement
def _safety_rows(person_ids):
    return Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "referrals__safety_detail", "referrals__safety_flags__flag"
    )


def safety_markers(person_ids) -> dict[int, tuple[str, ...]]:
    """{person id: their safety flags}, from every referral of each person, with "Safety
    note" when a referrer wrote about safety in their own words and raised no flag. One
    query for any number of people: values rather than prefetched referrals and flags,
    whose model instances cost My day several milliseconds a page."""
    labels = dict(codelist("safety_flags").choices())
    codes: dict[int, set[str]] = {pk: set() for pk in person_ids}
    noted: set[int] = set()
    for pk, detail, code in _safety_rows(list(codes)):
        if code:
            codes[pk].add(code)
        if detail and detail.strip():
            noted.add(pk)
    return {
        pk: flags + (("Safety note",) if pk in noted and not flags else ())
        for pk, held in codes.items()
        for flags in [tuple(labels[code] for code in labels if code in held)]
    }


@dataclass(frozen=True)
class ReferralBrief:
    """What the worker tells the person at first contact: why they were referred, in
    plain words, the referrer's own words, and who referred them."""

    reasons: tuple[tuple[str, str], ...]  # (plain words, the need's label)
    reason_detail: str
    what_matters: str
    referred_by: str
    received_on: object


def _referrer(referral) -> str:
    role = codelist("referrer_roles")
    who = [
        referral.referrer_name,
        role.label(referral.referrer_role) if referral.referrer_role in role else "",
    ]
    where = referral.referrer_organisation or referral.referred_from.name
    text = ", ".join(part for part in who if part) or "Not recorded"
    return f"{text} ({where})" if where else text


def referral_briefs(case) -> list[ReferralBrief]:
    """The case's referrals as first-contact briefs, newest first (two queries)."""
    plain = dict(codelist("needs_in_plain_words").choices())
    labels = dict(codelist("needs").choices())
    referrals = case.referrals.select_related("practice", "host_setting").prefetch_related(
        "reasons"
    )
    return [
        ReferralBrief(
            reasons=tuple(
                (plain.get(r.need, labels.get(r.need, r.need)), labels.get(r.need, r.need))
                for r in referral.reasons.all()
            ),
            reason_detail=referral.reason_detail.strip(),
            what_matters=referral.what_matters.strip(),
            referred_by=_referrer(referral),
            received_on=referral.received_on,
        )
        for referral in referrals.order_by("-received_on", "-pk")
    ]
