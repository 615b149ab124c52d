"""FHIR R4 resources built with fhir.resources' R4B models, so every one is checked as it
is made (an invalid one raises here, not in a GP system): a person's wellbeing measures
(QuestionnaireResponse and Observation), a practice's coded messages (Communication) and
the GP summary (Composition, DocumentReference, and the two with their entries as a
document Bundle). Scores are the outcomes app's, as it saved them; nothing is re-scored.
Codes and systems: ../shared/reference/fhir-scotland.md and codes.py.
"""

import base64
from datetime import datetime

from django.utils.html import escape
from fhir.resources.R4B.binary import Binary
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from linkwork.casework.models import Person
from linkwork.core import clock
from linkwork.interop import codes
from linkwork.interop.fhir import codes as fhir_codes
from linkwork.interop.gp_summary import CodedEvent, GpSummary
from linkwork.interop.messages import score_of
from linkwork.interop.models import GpMessage
from linkwork.outcomes.models import QuestionnaireResponse

CHI = fhir_codes.CHI_SYSTEM
ODS = fhir_codes.ODS_SYSTEM
UCUM = "http://unitsofmeasure.org"
QUESTIONNAIRES = "https://linkwork.scot/fhir/Questionnaire/"
RAW_SCORE = {"system": codes.LOCAL, "code": "raw-score", "display": "Raw score (sum of items)"}


def coding(code: codes.Code) -> dict:
    return {"system": code.system, "code": code.code, "display": code.display}


def concept(code: codes.Code) -> dict:
    return {"coding": [coding(code)], "text": code.display}


def patient_ref(person: Person | None, fallback: str) -> dict:
    """The subject as the reader may see them (referrals/presenters.py: people_as_seen):
    the CHI number and name, or only `fallback` (the referral's number) for status only.
    An identifier, not a reference: linkwork serves no Patient (the person may be what the
    practice typed, not a record)."""
    if person is None:
        return {"display": fallback}
    ref = {"display": person.full_name}
    if person.chi:
        ref["identifier"] = {"system": CHI, "value": person.chi}
    return ref


def practice_ref(practice) -> dict:
    return {"identifier": {"system": ODS, "value": practice.code}, "display": practice.name}


# --- Wellbeing ---------------------------------------------------------------------------


def questionnaire_response(response: QuestionnaireResponse, person=None) -> FhirResponse:
    """The answers as given, items `<instrument>-1`.. in the instrument's order; a missing
    item has no answer."""
    items = [
        {"linkId": f"{response.instrument}-{number}", "answer": [{"valueInteger": answer}]}
        if answer is not None
        else {"linkId": f"{response.instrument}-{number}"}
        for number, answer in enumerate(response.answers, start=1)
    ]
    return FhirResponse(
        id=str(response.pk),
        questionnaire=f"{QUESTIONNAIRES}{response.instrument}",
        status="completed" if response.is_complete else "amended",
        subject=patient_ref(person or response.case.person, ""),
        authored=response.completed_on,
        item=items,
    )


def observation(response: QuestionnaireResponse, person=None) -> Observation | None:
    """SWEMWBS's metric score (raw score as a component) or WEMWBS's total, derived from
    its QuestionnaireResponse; None for an incomplete response or another instrument."""
    code = codes.SCORE_CODES.get(response.instrument)
    if code is None or not response.is_complete:
        return None
    components = None
    if response.instrument == "swemwbs":
        components = [
            {"code": {"coding": [RAW_SCORE]}, "valueQuantity": _score(response.raw_score)}
        ]
    return Observation(
        id=f"{response.instrument}-{response.pk}",
        status="final",
        code=concept(code),
        subject=patient_ref(person or response.case.person, ""),
        effectiveDateTime=response.completed_on,
        valueQuantity=_score(score_of(response)),
        component=components,
        derivedFrom=[{"reference": f"QuestionnaireResponse/{response.pk}"}],
    )


def _score(value) -> dict:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


# --- Messages to the practice ------------------------------------------------------------


def communication(message: GpMessage, person) -> Communication:
    """A coded message for the practice, its code as the reason and its words as payload;
    `completed` once a practice has filed it into its record."""
    words = f"{message.display}. {message.text}".strip(". ")
    return Communication(
        id=str(message.pk),
        status="completed",
        subject=patient_ref(person, f"Referral {message.referral_id}"),
        recipient=[practice_ref(message.practice)],
        sent=message.created_at,
        reasonCode=[concept(message.coded)],
        payload=[{"contentString": words}],
        received=message.filed_at,
    )


# --- The GP summary ---------------------------------------------------------------------


def composition(summary: GpSummary) -> Composition:
    """The GP summary as a Composition: one section per heading, each with its narrative,
    the coded events and scores as entries of their sections."""
    sections = [_section(s.title, s.rows) for s in summary.sections]
    events = next(s for s in sections if s["title"] == "Social prescribing events")
    events["entry"] = [{"reference": f"Observation/{_event_id(e)}"} for e in summary.events] or None
    if summary.scores:
        scores = next(s for s in sections if s["title"] == "Wellbeing measures")
        scores["entry"] = [
            {"reference": f"Observation/{s.response.instrument}-{s.response.pk}"}
            for s in summary.scores
        ]
    return Composition(
        id=f"gp-summary-{summary.case.pk}",
        status="final",
        type=concept(SUMMARY_TYPE),
        subject=_subject(summary),
        date=datetime.combine(summary.written_on, datetime.min.time()).astimezone(),
        author=[{"display": _author(summary)}],
        title=summary.title,
        section=sections,
    )


SUMMARY_TYPE = codes.Code(codes.LOCAL, "gp-summary", "Social prescribing message back to GP")


def _subject(summary: GpSummary) -> dict:
    return patient_ref(summary.person, f"Referral {summary.referral.pk}")


def _author(summary: GpSummary) -> str:
    worker = summary.case.link_worker
    return worker.provider.name if worker else "Community link worker service"


def _section(title: str, rows) -> dict:
    body = "".join(f"<tr><th>{escape(r.label)}</th><td>{escape(r.value)}</td></tr>" for r in rows)
    div = f'<div xmlns="http://www.w3.org/1999/xhtml"><table>{body}</table></div>'
    return {"title": title, "text": {"status": "generated", "div": div}}


def _event_id(event: CodedEvent) -> str:
    return f"event-{event.code.code}-{event.on.isoformat()}"


def event_observation(event: CodedEvent, summary: GpSummary) -> Observation:
    return Observation(
        id=_event_id(event),
        status="final",
        code=concept(event.code),
        subject=_subject(summary),
        effectiveDateTime=event.on,
        note=[{"text": event.text}] if event.text else None,
    )


def document_reference(summary: GpSummary, pdf_url: str) -> DocumentReference:
    """The PDF letter (for DOCMAN) as a DocumentReference to its address."""
    return DocumentReference(
        id=f"gp-summary-{summary.case.pk}",
        status="current",
        type=concept(SUMMARY_TYPE),
        subject=_subject(summary),
        date=datetime.combine(summary.written_on, datetime.min.time()).astimezone(),
        description=summary.title,
        content=[
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "url": pdf_url,
                    "title": summary.title,
                }
            }
        ],
        context={"related": [{"reference": f"Composition/gp-summary-{summary.case.pk}"}]},
    )


def letter_binary(summary: GpSummary, letter: bytes) -> Binary:
    """The PDF letter itself, base64 in a Binary (what the DocumentReference points at)."""
    return Binary(
        id=f"gp-summary-{summary.case.pk}",
        contentType="application/pdf",
        securityContext={"reference": f"Composition/gp-summary-{summary.case.pk}"},
        data=base64.b64encode(letter).decode("ascii"),
    )


def document(summary: GpSummary) -> Bundle:
    """The summary as a FHIR document: the Composition, then every entry it names."""
    resources = [
        composition(summary),
        *[event_observation(e, summary) for e in summary.events],
        *[observation(s.response, summary.person) for s in summary.scores],
    ]
    return Bundle(
        type="document",
        identifier={"system": codes.LOCAL, "value": f"gp-summary-{summary.case.pk}"},
        timestamp=clock.now(),
        entry=[
            {"fullUrl": f"urn:linkwork:{r.get_resource_type()}/{r.id}", "resource": r}
            for r in resources
        ],
    )
