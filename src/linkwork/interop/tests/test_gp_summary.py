"""The GP summary of a closed case: one content for the PDF letter and the FHIR document,
and the wellbeing measures over FHIR carrying the scores outcomes computed."""

import io
import json

import pypdf
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from linkwork.interop import gp_summary, resources
from linkwork.interop.gp_summary import letter_pdf
from linkwork.outcomes.models import QuestionnaireResponse

HEADINGS = (
    "Person demographics",
    "GP practice",
    "Referral details",
    "What matters to me",
    "Social prescribing events",
    "Social prescribing support provided",
    "Outcome of social prescribing",
    "Wellbeing measures",
    "Person completing record",
)


def _closed_case(steps):
    for name in ("accept", "session", "baseline", "share", "exit", "close"):
        case = steps(name)
    return case


def _text(pdf_bytes: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1  # a one-page letter for DOCMAN
    return " ".join(reader.pages[0].extract_text().split())


def test_the_letter_and_the_composition_say_the_same(wednesday_morning, world, steps):
    case = _closed_case(steps)
    summary = gp_summary.summary_of(case, world.users["link_worker"])
    first, last = QuestionnaireResponse.objects.filter(case=case).order_by("pk")
    text = _text(letter_pdf(summary))
    for heading in HEADINGS:
        assert heading in text
    assert f"{first.metric_score} on" in text
    assert f"{last.metric_score} on" in text
    assert "871731000000106" in text
    assert "Goals met" in text
    change = last.metric_score - first.metric_score
    assert f"+{change}" in text
    document = Bundle.model_validate_json(resources.document(summary).model_dump_json())
    composition = Composition.model_validate_json(document.entry[0].resource.model_dump_json())
    assert [s.title for s in composition.section] == list(HEADINGS)
    codes = {coding.code for entry in document.entry[1:] for coding in entry.resource.code.coding}
    assert {"871731000000106", "first-contact", "support-completed", "718466001"} == codes


def test_without_agreement_the_summary_shows_status_only(wednesday_morning, world, steps):
    for name in ("accept", "session", "baseline", "close"):
        case = steps(name)
    summary = gp_summary.summary_of(case, world.users["link_worker"])
    assert summary.scores == []
    assert "Wellbeing measures" not in [s.title for s in summary.sections]
    assert "has not agreed to share" in _text(letter_pdf(summary))


def test_the_worker_and_the_agreed_practice_download_it(
    wednesday_morning, world, steps, client, outsiders
):
    case = _closed_case(steps)
    url = reverse("gp_record:summary_pdf", args=[case.pk])
    for username, status in [
        ("link_worker", 200),
        ("practice_staff", 200),
        ("other_practice_staff", 404),
        ("other_link_worker", 404),
    ]:
        client.force_login(outsiders[username])
        assert client.get(url).status_code == status, username


def test_wellbeing_resources_carry_outcomes_scores(wednesday_morning, world, steps):
    for name in ("accept", "baseline"):
        case = steps(name)
    response = QuestionnaireResponse.objects.get(case=case)
    qr = FhirResponse.model_validate_json(
        resources.questionnaire_response(response).model_dump_json()
    )
    assert [i.linkId for i in qr.item] == [f"swemwbs-{n}" for n in range(1, 8)]
    assert [i.answer[0].valueInteger for i in qr.item] == response.answers
    observation = Observation.model_validate_json(resources.observation(response).model_dump_json())
    as_json = json.loads(observation.model_dump_json())
    assert as_json["code"]["coding"][0]["code"] == "718466001"
    assert observation.valueQuantity.value == response.metric_score
    assert observation.component[0].valueQuantity.value == response.raw_score
    assert observation.derivedFrom[0].reference == f"QuestionnaireResponse/{response.pk}"
    assert str(observation.effectiveDateTime) == response.completed_on.isoformat()
