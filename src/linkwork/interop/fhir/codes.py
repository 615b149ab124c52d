"""Identifier systems and codes used on /fhir/ (sources: shared/reference/fhir-scotland.md),
and linkwork's own systems for its coded lists, each under the server's base address."""

CHI_SYSTEM = "urn:oid:2.16.840.1.113883.2.1.3.2.4.16.53"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED = "http://snomed.info/sct"

# SNOMED CT: the referral itself and its category (fhir-scotland.md section 3).
REFERRAL_TO_SOCIAL_PRESCRIBING = {
    "system": SNOMED,
    "code": "871731000000106",
    "display": "Referral to social prescribing service (procedure)",
}
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}

# linkwork's own systems, relative to the FHIR base (https://<host>/fhir/): identifiers of
# its records and the code lists in codelists/*.csv.
REFERRAL_ID = "Id/referral"
LINK_ID = "Id/link"
DIRECTORY_ORGANISATION_ID = "Id/organisation"  # the HSDS (Open Referral UK) uuid
NEEDS = "CodeSystem/needs"  # codelists/needs.csv
REFERRAL_PROGRESS = "CodeSystem/referral-progress"  # referrals/presenters.py: progress
LINK_STATUS = "CodeSystem/link-statuses"  # codelists/link_statuses.csv
LINK_DECLINE_REASON = "CodeSystem/link-decline-reasons"  # codelists/link_decline_reasons.csv
# Extensions: the person's agreement to the referral, and its progress as the referrer sees it.
CONSENT_EXTENSION = "StructureDefinition/consent-to-referral"
PROGRESS_EXTENSION = "StructureDefinition/referral-progress"


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir/")


def system(request, relative: str) -> str:
    """One of linkwork's own systems, as an absolute URI on this server."""
    return base_url(request) + relative
