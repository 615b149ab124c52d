"""POST /fhir/: a transaction Bundle of Patient + ServiceRequest (+ Organization with the
practice's code, Practitioner, Consent) read into a referral (intake.py records it).

The Bundle is parsed and validated by fhir.resources (R4B) first; only then are its
elements read, by the models' own attributes. What each element becomes (decision 0080):

  Patient.identifier (CHI system)          -> the person's CHI number (required)
  Patient.name[0].given[0] / .family       -> given and family name
  Patient.birthDate, Patient.gender        -> date of birth, sex (else from the CHI number)
  Patient.telecom phone / email            -> phone, email
  Patient.address[0] line, city / postalCode -> address / postcode
  Organization.identifier (ODS system)     -> the referring practice (else the requester's
                                              identifier, else the client's own practice)
  Practitioner.name[0]                     -> referrer's name
  ServiceRequest.reasonCode                -> reasons: linkwork's needs codes, or a needs
                                              label as display/text; anything else is
                                              "other" with its text kept in the detail
  ServiceRequest.note                      -> reason detail
  ServiceRequest.priority                  -> urgency: routine; urgent, asap, stat: urgent
  ServiceRequest.authoredOn                -> date received, the day in Scotland (else today)
  consent-to-referral extension (true), or an active Consent -> the person agreed
"""

from django.db import transaction
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from linkwork.core.codelists import codelist
from linkwork.interop.fhir import codes
from linkwork.interop.fhir.intake import Intake, receive, received_day
from linkwork.interop.fhir.responses import FhirError, Problem, fhir_json, full_url
from linkwork.interop.fhir.servicerequests import as_resources

ACCEPTED_TYPES = {"Patient", "ServiceRequest", "Organization", "Practitioner", "Consent"}
URGENT = {"urgent", "asap", "stat"}
PATHS = {
    "person.given_name": "Patient.name.given",
    "person.family_name": "Patient.name.family",
    "person.chi": "Patient.identifier",
    "person.date_of_birth": "Patient.birthDate",
    "person.sex": "Patient.gender",
    "person.postcode": "Patient.address.postalCode",
    "person.address": "Patient.address",
    "person.phone": "Patient.telecom",
    "person.email": "Patient.telecom",
    "person": "Patient",
    "reasons": "ServiceRequest.reasonCode",
    "reason_detail": "ServiceRequest.note",
    "urgency": "ServiceRequest.priority",
    "received_on": "ServiceRequest.authoredOn",
    "consent_to_referral": "ServiceRequest.extension",
    "referrer_name": "Practitioner.name",
}


def _parse_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors()[:20]:
        where = "Bundle" + "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in detail["loc"]
        )
        problems.append(
            Problem(
                f"{where}: {detail['msg']}",
                expression=where.replace(".resource.", "."),
                code="structure",
            )
        )
    return problems


def parse_bundle(body: dict) -> Bundle:
    if body.get("resourceType") != "Bundle":
        raise FhirError(
            422,
            Problem(
                f"Send a Bundle of type transaction, not {body.get('resourceType')!r}.",
                expression="resourceType",
                code="structure",
            ),
        )
    if body.get("type") != "transaction":
        raise FhirError(
            422,
            Problem(
                f"The Bundle's type is {body.get('type')!r}: send it as a transaction "
                "(type: transaction), each entry with request.method POST.",
                expression="Bundle.type",
                code="value",
            ),
        )
    try:
        return Bundle.model_validate(body)
    except ValidationError as invalid:
        raise FhirError(422, _parse_problems(invalid)) from None
    except RecursionError:
        # An extension within an extension, hundreds deep: no referral is shaped so.
        raise FhirError(
            422,
            Problem(
                "The Bundle nests too deeply (an element within itself hundreds of times): "
                "send the referral as UK Core shapes it.",
                code="structure",
            ),
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError) as invalid:
        # fhir.resources raises these for an entry of an unknown resourceType and the like.
        raise FhirError(
            422,
            Problem(
                f"The Bundle is not valid FHIR R4: {invalid!s:.200}",
                expression="Bundle",
                code="structure",
            ),
        ) from None


def _resources(bundle: Bundle) -> tuple[dict[str, list], list[Problem]]:
    found, problems = {}, []
    for index, entry in enumerate(bundle.entry or []):
        resource = entry.resource
        if resource is None:
            problems.append(
                Problem(
                    "Each entry needs a resource.",
                    expression=f"Bundle.entry[{index}]",
                    code="required",
                )
            )
            continue
        kind = resource.get_resource_type()
        if kind not in ACCEPTED_TYPES:
            problems.append(
                Problem(
                    f"A referral's Bundle holds {', '.join(sorted(ACCEPTED_TYPES))}, not {kind}.",
                    expression=f"Bundle.entry[{index}].resource",
                    code="not-supported",
                )
            )
        found.setdefault(kind, []).append((index, entry))
    for kind in ("Patient", "ServiceRequest"):
        if len(found.get(kind, [])) != 1:
            problems.append(
                Problem(
                    f"The Bundle must hold exactly one {kind}.",
                    expression="Bundle.entry",
                    code="required",
                )
            )
    return found, problems


def _identifier(identifiers, system: str) -> str | None:
    for identifier in identifiers or []:
        if identifier.system == system and identifier.value:
            return identifier.value.replace(" ", "")
    return None


def _person(patient, problems: list[Problem]) -> dict:
    chi = _identifier(patient.identifier, codes.CHI_SYSTEM)
    if chi is None:
        others = (
            " (an NHS number is not enough in Scotland)"
            if _identifier(patient.identifier, codes.NHS_NUMBER_SYSTEM)
            else ""
        )
        problems.append(
            Problem(
                f"Add the person's CHI number{others}: Patient.identifier with system "
                f"{codes.CHI_SYSTEM} and the 10 digits as value.",
                expression="Patient.identifier",
                code="required",
            )
        )
    name = (patient.name or [None])[0]
    person = {
        "chi": chi,
        "given_name": (name.given or [""])[0] if name and name.given else "",
        "family_name": (name.family or "") if name else "",
    }
    if patient.birthDate:
        person["date_of_birth"] = str(patient.birthDate)
    if patient.gender in ("male", "female"):
        person["sex"] = patient.gender
    elif patient.gender:
        person["sex"] = "not_known"
    for telecom in patient.telecom or []:
        kind = {"phone": "phone", "sms": "phone", "email": "email"}.get(telecom.system)
        if kind and telecom.value and kind not in person:
            person[kind] = telecom.value.strip()
    address = (patient.address or [None])[0]
    if address is not None:
        lines = [*(address.line or []), address.city, address.district]
        person["address"] = ", ".join(part.strip() for part in lines if part and part.strip())
        if address.postalCode:
            person["postcode"] = address.postalCode
    return person


def _reasons(request, concepts) -> tuple[list[str], list[str]]:
    """Needs codes, and the text of reasons that are none of them (kept as 'other')."""
    needs, own = codelist("needs"), codes.system(request, codes.NEEDS)
    reasons, other_text = [], []
    for concept in concepts or []:
        found = None
        for coding in concept.coding or []:
            if coding.system == own and coding.code in needs:
                found = coding.code
            elif not found and coding.display and needs.lookup(coding.display):
                found = needs.lookup(coding.display).code
        if not found and concept.text and needs.lookup(concept.text):
            found = needs.lookup(concept.text).code
        if found:
            reasons.append(found)
        else:
            reasons.append("other")
            words = concept.text or next((c.display for c in concept.coding or [] if c.display), "")
            if words:
                other_text.append(words)
    return reasons, other_text


def _consented(request, service_request, consents) -> bool:
    url = codes.system(request, codes.CONSENT_EXTENSION)
    for extension in service_request.extension or []:
        if extension.url in (url, codes.CONSENT_EXTENSION) or extension.url.endswith(
            "/" + codes.CONSENT_EXTENSION
        ):
            return extension.valueBoolean is True
    return any(consent.status == "active" for _, consent in consents)


def _practice_code(found, service_request) -> tuple[str | None, str]:
    for index, entry in found.get("Organization", []):
        code = _identifier(entry.resource.identifier, codes.ODS_SYSTEM)
        if code:
            return code, f"Bundle.entry[{index}].resource.identifier"
    identifier = service_request.requester.identifier if service_request.requester else None
    if identifier is not None and identifier.system == codes.ODS_SYSTEM and identifier.value:
        return identifier.value.strip(), "ServiceRequest.requester.identifier"
    return None, "Organization.identifier"


def read_bundle(request, bundle: Bundle) -> Intake:
    found, problems = _resources(bundle)
    if problems:
        raise FhirError(422, problems)
    patient = found["Patient"][0][1].resource
    service_request = found["ServiceRequest"][0][1].resource
    person = _person(patient, problems)
    reasons, other_text = _reasons(request, service_request.reasonCode)
    notes = [note.text for note in service_request.note or [] if note.text]
    payload = {
        "person": person,
        "reasons": reasons,
        "reason_detail": "\n".join([*other_text, *notes]),
        "urgency": "urgent" if service_request.priority in URGENT else "routine",
        "consent_to_referral": _consented(request, service_request, found.get("Consent", [])),
    }
    received_on = received_day(service_request.authoredOn)
    if received_on:
        payload["received_on"] = received_on
    for _, entry in found.get("Practitioner", [])[:1]:
        name = (entry.resource.name or [None])[0]
        if name is not None:
            # A given name may be null in FHIR JSON (an extension in its place): skip it.
            given = [word for word in (name.given or []) if word]
            words = name.text or " ".join([*given, name.family or ""]).strip()
            payload["referrer_name"] = words[:150]
    code, where = _practice_code(found, service_request)
    return Intake(
        payload=payload, paths=PATHS, practice_code=code, practice_path=where, problems=problems
    )


def _entry_response(request, entry, referral, created: bool) -> dict:
    kind = entry.resource.get_resource_type()
    if kind != "ServiceRequest":
        return {"response": {"status": "200 OK"}}
    return {
        "fullUrl": full_url(request, referral),
        "resource": referral,
        "response": {
            "status": "201 Created" if created else "200 OK",
            "location": f"ServiceRequest/{referral.id}",
        },
    }


def handle(request, body: dict):
    """The transaction: 201 with the new ServiceRequest, 200 with the one already there."""
    bundle = parse_bundle(body)
    with transaction.atomic():  # the referral and the audit of its answer, or neither
        referral, created = receive(request, read_bundle(request, bundle))
        [resource] = as_resources(request, [referral])
    response = Bundle(
        type="transaction-response",
        entry=[_entry_response(request, entry, resource, created) for entry in bundle.entry],
    )
    return fhir_json(
        response, status=201 if created else 200, headers={"Location": full_url(request, resource)}
    )
