"""The GP record over FHIR: a practice client's messages as a Communication feed, a person's
wellbeing measures and GP summaries, each only for a client that may see them."""

from django.utils import timezone

from linkwork.interop.fhir.codes import CHI_SYSTEM
from linkwork.interop.models import GpMessage
from linkwork.interop.tests.conftest import CHI
from linkwork.interop.tests.fhirclient import client_for, parsed
from linkwork.outcomes.models import QuestionnaireResponse

PATIENT = {"patient.identifier": f"{CHI_SYSTEM}|{CHI}"}


def _found(client, path, params) -> list:
    bundle = parsed(client.get(path, params))
    assert bundle.type == "searchset"
    return [entry.resource for entry in bundle.entry or []]


def test_a_practice_reads_its_messages_as_a_feed(wednesday_morning, world, steps):
    for name in ("accept", "session"):
        case = steps(name)
    ours = client_for(practice=world.practice_x)
    feed = _found(ours, "/fhir/Communication", {"_lastUpdated": "gt2026-01-01"})
    codes = [c.reasonCode[0].coding[0].code for c in feed]
    assert codes == ["871731000000106", "first-contact"]  # oldest first
    assert feed[0].subject.identifier.value == CHI
    latest = GpMessage.objects.filter(case=case).latest("created_at").created_at
    after = timezone.localtime(latest).isoformat()
    assert _found(ours, "/fhir/Communication", {"_since": after}) == []
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    assert _found(theirs, "/fhir/Communication", {"_since": "2026-01-01"}) == []
    assert ours.get("/fhir/Communication", {"_since": "last week"}).status_code == 400


def test_wellbeing_only_where_the_person_agreed(wednesday_morning, world, steps):
    for name in ("accept", "session", "baseline"):
        case = steps(name)
    ours = client_for(practice=world.practice_x)
    assert _found(ours, "/fhir/Observation", PATIENT) == []
    steps("share")
    response = QuestionnaireResponse.objects.get(case=case)
    (observation,) = _found(ours, "/fhir/Observation", PATIENT)
    assert observation.valueQuantity.value == response.metric_score
    (answers,) = _found(ours, "/fhir/QuestionnaireResponse", PATIENT)
    assert [i.answer[0].valueInteger for i in answers.item] == response.answers
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    assert _found(theirs, "/fhir/Observation", PATIENT) == []


def test_gp_summaries_as_composition_and_document_reference(wednesday_morning, world, steps):
    for name in ("accept", "session", "baseline", "share", "exit", "close"):
        case = steps(name)
    ours = client_for(practice=world.practice_x)
    composition = parsed(ours.get(f"/fhir/Composition/gp-summary-{case.pk}"))
    assert composition.subject.identifier.value == CHI
    assert "Wellbeing measures" in [s.title for s in composition.section]
    (reference,) = _found(ours, "/fhir/DocumentReference", PATIENT)
    assert reference.content[0].attachment.url.endswith(f"/cases/{case.pk}/gp-summary.pdf")
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    assert theirs.get(f"/fhir/Composition/gp-summary-{case.pk}").status_code == 404


def test_impossible_dates_and_ids_are_refusals_not_crashes(wednesday_morning, world):
    ours = client_for(practice=world.practice_x)
    for params in (
        {"_since": "2026-13-45"},
        {"_since": "2026-02-30T10:00:00"},
        {"_since": "2026-12-01T09:00:00+99:00"},
        {"_lastUpdated": "gt2026-12-01T25:00:00"},
    ):
        response = ours.get("/fhir/Communication", params)
        assert response.status_code == 400, params
        assert "is not a date" in parsed(response).issue[0].diagnostics
    assert ours.get("/fhir/Composition/gp-summary-²").status_code == 404
