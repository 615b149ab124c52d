"""POST /fhir/$prsb-referral: a referral in the shape of the PRSB Social Prescribing
Information Standard v1.1, "Referral to social prescribing services", as JSON keyed by
the standard's own section and element headings (decision 0080 says which headings, from
which sources, and how sure we are of each). It is read by pydantic (each heading's type
checked, the rest of the standard's sections allowed and ignored), then recorded exactly
as a FHIR referral is (intake.py); problems are named by their PRSB heading.

  {
    "Person demographics": {
      "Person name": {"Given name": "Morag", "Family name": "Fhirson"},
      "Date of birth": "1971-03-14", "Gender": "female",
      "NHS number": "...",                       (not enough alone in Scotland)
      "Other identifier": [{"Identifier type": "CHI number", "Identifier": "1403711240"}],
      "Address": "1 Govan Road, Glasgow", "Postcode": "G51 3HR",
      "Telephone number": "...", "Email address": "..."
    },
    "GP practice": {"GP practice identifier": "12345", "GP practice name": "..."},
    "Referral details": {
      "Referral date": "2026-01-05", "Urgency": "routine" | "urgent",
      "Reason for referral": ["Social isolation and loneliness", ...],
      "Referral comments": "...",
      "Referrer details": {"Referrer name": "...", "Referrer organisation": "..."},
      "Consent to referral": true
    },
    "What matters to me": "..."
  }
"""

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkwork.core.codelists import codelist
from linkwork.interop.fhir.intake import Intake, receive, received_day
from linkwork.interop.fhir.responses import FhirError, Problem, fhir_json, full_url
from linkwork.interop.fhir.servicerequests import as_resources

CHI_TYPES = {"chi", "chi number", "community health index", "community health index (chi)"}


class _Section(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, str_strip_whitespace=True)


class PersonName(_Section):
    given: str = Field("", alias="Given name")
    family: str = Field("", alias="Family name")


class OtherIdentifier(_Section):
    kind: str = Field(alias="Identifier type")
    value: str = Field(alias="Identifier")


class PersonDemographics(_Section):
    name: PersonName = Field(alias="Person name")
    date_of_birth: str | None = Field(None, alias="Date of birth")
    gender: str | None = Field(None, alias="Gender")
    nhs_number: str | None = Field(None, alias="NHS number")
    other_identifiers: list[OtherIdentifier] = Field([], alias="Other identifier")
    address: str = Field("", alias="Address")
    postcode: str = Field("", alias="Postcode")
    phone: str = Field("", alias="Telephone number")
    email: str = Field("", alias="Email address")


class GpPractice(_Section):
    code: str = Field(alias="GP practice identifier")


class ReferrerDetails(_Section):
    name: str = Field("", alias="Referrer name")
    organisation: str = Field("", alias="Referrer organisation")


class ReferralDetails(_Section):
    date: str | None = Field(None, alias="Referral date")
    urgency: str = Field("routine", alias="Urgency")
    reasons: list[str] = Field([], alias="Reason for referral")
    comments: str = Field("", alias="Referral comments")
    referrer: ReferrerDetails = Field(ReferrerDetails(), alias="Referrer details")
    consent: bool = Field(False, alias="Consent to referral", strict=True)


class PrsbReferral(_Section):
    person: PersonDemographics = Field(alias="Person demographics")
    practice: GpPractice | None = Field(None, alias="GP practice")
    referral: ReferralDetails = Field(alias="Referral details")
    what_matters: str = Field("", alias="What matters to me")


PATHS = {
    "person.given_name": "Person demographics.Person name.Given name",
    "person.family_name": "Person demographics.Person name.Family name",
    "person.chi": "Person demographics.Other identifier",
    "person.date_of_birth": "Person demographics.Date of birth",
    "person.sex": "Person demographics.Gender",
    "person.postcode": "Person demographics.Postcode",
    "person.address": "Person demographics.Address",
    "person.phone": "Person demographics.Telephone number",
    "person.email": "Person demographics.Email address",
    "person": "Person demographics",
    "reasons": "Referral details.Reason for referral",
    "reason_detail": "Referral details.Referral comments",
    "what_matters": "What matters to me",
    "urgency": "Referral details.Urgency",
    "received_on": "Referral details.Referral date",
    "consent_to_referral": "Referral details.Consent to referral",
    "referrer_name": "Referral details.Referrer details.Referrer name",
    "referrer_organisation": "Referral details.Referrer details.Referrer organisation",
}


def _heading(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def _parsed(body: dict) -> PrsbReferral:
    try:
        return PrsbReferral.model_validate(body)
    except ValidationError as invalid:
        raise FhirError(
            422,
            [
                Problem(
                    f"{_heading(e['loc'])}: {e['msg']}",
                    expression=_heading(e["loc"]),
                    code="required" if e["type"] == "missing" else "value",
                )
                for e in invalid.errors()[:20]
            ],
        ) from None


def read(body: dict) -> Intake:
    prsb = _parsed(body)
    person, referral, problems = prsb.person, prsb.referral, []
    chi = next(
        (
            i.value.replace(" ", "")
            for i in person.other_identifiers
            if i.kind.casefold() in CHI_TYPES
        ),
        None,
    )
    if chi is None:
        problems.append(
            Problem(
                "Add the person's CHI number: Other identifier with Identifier type "
                "'CHI number'"
                + (" (an NHS number is not enough in Scotland)." if person.nhs_number else "."),
                expression=PATHS["person.chi"],
                code="required",
            )
        )
    needs = codelist("needs")
    reasons, other = [], []
    for words in referral.reasons:
        found = needs.lookup(words)
        reasons.append(found.code if found else "other")
        if not found:
            other.append(words)
    details = {
        "chi": chi,
        "given_name": person.name.given,
        "family_name": person.name.family,
        "address": person.address,
        "postcode": person.postcode,
        "phone": person.phone,
        "email": person.email,
    }
    if person.date_of_birth:
        details["date_of_birth"] = person.date_of_birth
    if person.gender:
        gender = person.gender.casefold()
        details["sex"] = gender if gender in ("male", "female") else "not_known"
    payload = {
        "person": details,
        "reasons": reasons,
        "reason_detail": "\n".join([*other, referral.comments]).strip(),
        "what_matters": prsb.what_matters,
        "urgency": referral.urgency.casefold(),
        "consent_to_referral": referral.consent,
        "referrer_name": referral.referrer.name[:150],
        "referrer_organisation": referral.referrer.organisation[:150],
    }
    if referral.date:
        payload["received_on"] = received_day(referral.date)
    return Intake(
        payload=payload,
        paths=PATHS,
        practice_code=prsb.practice.code if prsb.practice else None,
        practice_path="GP practice.GP practice identifier",
        problems=problems,
    )


def handle(request, body: dict):
    """201 with the new ServiceRequest, 200 with the one already there for the person."""
    intake = read(body)
    with transaction.atomic():  # the referral and the audit of its answer, or neither
        referral, created = receive(request, intake)
        [resource] = as_resources(request, [referral])
    return fhir_json(
        resource, status=201 if created else 200, headers={"Location": full_url(request, resource)}
    )
