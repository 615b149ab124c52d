"""The person's standing consent and information-sharing preferences (recorded on their
record, casework `Person`; decision 0108), applied to onward links in one place.

- `refusals`: what a link may not be or share; `services.create_link` and `send_link` ask
  it, so every route that makes or sends a link (the refer page, a draft sent from its
  page, the API, the demo) is refused alike, naming the preference.
- `choices`: what the refer form offers, ticked and unticked from the preferences.
- `shared_copy`: what the organisation may read of a link already sent, now: the copy
  taken when it was sent, less what the person has since refused, and nothing of a link
  withdrawn (`withheld_because`). Every reader on the organisation's side (portal, its
  download, the API, FHIR Tasks, follow-up questions) reads it, so a withdrawal hides the
  copy at once without rewriting what was sent.
- `refused_because`: whether a link still open at an organisation must stop now, and why
  (`services.stop_refused`, decision 0126).
"""

from dataclasses import dataclass

from django.utils.formats import date_format

from linkwork.core.codelists import codelist

# Matches casework.models.ReferralConsent (casework's values, compared as stored).
CONSENT_YES, CONSENT_NO = "yes", "no"


def _since(person) -> str:
    day = person.consent_withdrawn_on
    return f" on {date_format(day, 'j F Y')}" if day else ""


def refuses_organisation(person, organisation) -> bool:
    # .all(): a list of referrals prefetches them (selectors.py: PREFERENCES)
    return any(refused.pk == organisation.pk for refused in person.refused_organisations.all())


def refused_because(person, organisation) -> str:
    """Why the person refuses any link to the organisation now, as a code of
    `link_withdrawal_reasons` (what stops one still open, decision 0126); empty if not."""
    if person.referral_consent == CONSENT_NO:
        return "consent_withdrawn"
    if refuses_organisation(person, organisation):
        return "organisation_refused"
    return ""


# What the organisation reads of a link it may no longer read, whatever the reason: the
# same words for all, so it cannot tell it was singled out (decision 0126, after review).
WITHHELD = "The person's details are no longer shared with you."


def _withheld_code(link) -> str:
    """The `link_withdrawal_reasons` code the organisation reads nothing of the link for;
    empty if it may. A withdrawn link stays withheld even if the person agrees again."""
    return link.withdrawn_because or refused_because(link.case.person, link.organisation)


def withheld_because(link) -> str:
    """Why the organisation may read nothing of the link now, in the worker's words; empty
    if it may."""
    reason = _withheld_code(link)
    if not reason:
        return ""
    since = _since(link.case.person) if reason == "consent_withdrawn" else ""
    return f"{codelist('link_withdrawal_reasons').label(reason)}{since}."


def refusals(
    person, organisation, *, shares_contact_details: bool, shares_safety_flags: bool
) -> dict[str, str]:
    """What the person's preferences refuse of a link to `organisation`, by field."""
    return _blocked(person, organisation) or _shares_refused(
        person, contact_details=shares_contact_details, safety_flags=shares_safety_flags
    )


def _blocked(person, organisation) -> dict[str, str]:
    """No referral at all: they said no, or not to this organisation."""
    name, reason = person.full_name, refused_because(person, organisation)
    if reason == "consent_withdrawn":
        return {
            "consent_to_share": f"{name} said no to onward referrals{_since(person)} "
            "(Consent and sharing, on their details): give them the service's details "
            "as a signpost instead."
        }
    if reason == "organisation_refused":
        return {
            "service_id": f"{name} does not want their details shared with "
            f"{organisation.name} (Consent and sharing, on their details): signpost "
            "them instead, or choose another service."
        }
    return {}


def _shares_refused(person, *, contact_details: bool, safety_flags: bool) -> dict[str, str]:
    name = person.full_name
    errors = {}
    if contact_details and not person.may_share_contact_details:
        errors["shares_contact_details"] = (
            f"{name} does not want their contact details shared (Consent and sharing, "
            "on their details): untick their name and contact details."
        )
    if safety_flags and not person.may_share_safety_flags:
        errors["shares_safety_flags"] = (
            f"{name} does not want safety flags shared with community organisations "
            "(Consent and sharing, on their details): untick safety flags."
        )
    return errors


@dataclass(frozen=True)
class Choices:
    """What the refer form offers: `refused` (share code -> why not), `agreed` (tick
    consent for them), `blocked` (no referral at all, and why)."""

    refused: dict[str, str]
    agreed: bool
    blocked: str


def choices(person, organisation) -> Choices:
    blocked = " ".join(_blocked(person, organisation).values())
    refused = _shares_refused(person, contact_details=True, safety_flags=True)
    refused = {field.removeprefix("shares_"): why for field, why in refused.items()}
    return Choices(refused, person.referral_consent == CONSENT_YES, blocked)


@dataclass(frozen=True)
class SharedCopy:
    """What the organisation may read of a link now (`withheld` says it reads none)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    contact_preferences: str = ""
    reason: str = ""
    need: str = ""
    safety_flags: tuple[str, ...] = ()
    withheld: str = ""


def shared_copy(link) -> SharedCopy:
    if _withheld_code(link):  # the code alone: the organisation reads WITHHELD, not why
        return SharedCopy(withheld=WITHHELD)
    person = link.case.person
    contact = link.shares_contact_details and person.may_share_contact_details
    flags = person.may_share_safety_flags and link.shares_safety_flags
    return SharedCopy(
        name=link.shared_name if contact else "",
        phone=link.shared_phone if contact else "",
        email=link.shared_email if contact else "",
        contact_preferences=link.shared_contact_preferences if contact else "",
        reason=link.reason if link.shares_reason else "",
        need=link.need,
        safety_flags=tuple(link.shared_safety_flags or ()) if flags else (),
    )
