"""Referral Bundles as a GP system would send them, for the tests."""

import copy
import random
from datetime import date

from linkwork.core.chi import generate_chi
from linkwork.interop.fhir import codes

BAD_CHECK_DIGIT = {
    "0": "1",
    "1": "2",
    "2": "3",
    "3": "4",
    "4": "5",
    "5": "6",
    "6": "7",
    "7": "8",
    "8": "9",
    "9": "0",
}


def a_chi(seed: int = 1, born=date(1971, 3, 14), sex="female") -> str:
    return generate_chi(born, sex, random.Random(seed))


def with_bad_check_digit(chi: str) -> str:
    return chi[:9] + BAD_CHECK_DIGIT[chi[9]]


def referral_bundle(practice_code: str, chi: str | None, *, family="Fhirson") -> dict:
    patient = {
        "resourceType": "Patient",
        "identifier": [{"system": codes.NHS_NUMBER_SYSTEM, "value": "9434765919"}],
        "name": [{"family": family, "given": ["Morag"]}],
        "gender": "female",
        "birthDate": "1971-03-14",
        "telecom": [{"system": "phone", "value": "0141 496 0000"}],
        "address": [{"line": ["1 Govan Road"], "city": "Glasgow", "postalCode": "G51 3HR"}],
    }
    if chi is not None:
        patient["identifier"].insert(0, {"system": codes.CHI_SYSTEM, "value": chi})
    return copy.deepcopy(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "fullUrl": "urn:uuid:1f1d7a44-0c4b-4d77-9c7b-000000000001",
                    "resource": patient,
                    "request": {"method": "POST", "url": "Patient"},
                },
                {
                    "fullUrl": "urn:uuid:1f1d7a44-0c4b-4d77-9c7b-000000000002",
                    "resource": {
                        "resourceType": "Organization",
                        "identifier": [{"system": codes.ODS_SYSTEM, "value": practice_code}],
                        "name": "The practice",
                    },
                    "request": {"method": "POST", "url": "Organization"},
                },
                {
                    "fullUrl": "urn:uuid:1f1d7a44-0c4b-4d77-9c7b-000000000003",
                    "resource": {
                        "resourceType": "Practitioner",
                        "name": [{"family": "Macleod", "given": ["Anna"], "prefix": ["Dr"]}],
                    },
                    "request": {"method": "POST", "url": "Practitioner"},
                },
                {
                    "fullUrl": "urn:uuid:1f1d7a44-0c4b-4d77-9c7b-000000000004",
                    "resource": {
                        "resourceType": "ServiceRequest",
                        "status": "active",
                        "intent": "order",
                        "priority": "urgent",
                        "code": {"coding": [codes.REFERRAL_TO_SOCIAL_PRESCRIBING]},
                        "subject": {"reference": "urn:uuid:1f1d7a44-0c4b-4d77-9c7b-000000000001"},
                        "authoredOn": "2026-01-05",
                        "reasonCode": [
                            {"text": "Social isolation and loneliness"},
                            {
                                "coding": [
                                    {
                                        "system": codes.SNOMED,
                                        "code": "x",
                                        "display": "Worried about rent",
                                    }
                                ]
                            },
                        ],
                        "note": [{"text": "Lives alone since her husband died."}],
                        "extension": [{"url": codes.CONSENT_EXTENSION, "valueBoolean": True}],
                    },
                    "request": {"method": "POST", "url": "ServiceRequest"},
                },
            ],
        }
    )


def resource_of(bundle: dict, kind: str) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def prsb_referral(practice_code: str, chi: str | None) -> dict:
    identifiers = [{"Identifier type": "CHI number", "Identifier": chi}] if chi else []
    return {
        "Person demographics": {
            "Person name": {"Given name": "Ailsa", "Family name": "Prsbson"},
            "Date of birth": "1971-03-14",
            "Gender": "Female",
            "Other identifier": identifiers,
            "Address": "2 Govan Road, Glasgow",
            "Postcode": "G51 3HR",
        },
        "GP practice": {"GP practice identifier": practice_code},
        "Referral details": {
            "Referral date": "2026-01-05",
            "Urgency": "Routine",
            "Reason for referral": ["Money and benefits", "Needs a new washing machine"],
            "Referrer details": {"Referrer name": "Dr Anna Macleod"},
            "Consent to referral": True,
        },
        "What matters to me": "Getting back to the choir",
        "Social context": {"ignored": "a section linkwork does not read"},
    }
