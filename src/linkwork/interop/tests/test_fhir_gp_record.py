"""The GP record over FHIR: a practice client's messages as a Communication feed, a person's
wellbeing measures and GP summaries, each only for a client that may see them."""

import base64
import io
import json
from urllib.parse import urlsplit

import pypdf
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.interop.fhir.codes import CHI_SYSTEM
from linkwork.interop.models import GpMessage
from linkwork.interop.tests.conftest import CHI
from linkwork.interop.tests.fhirclient import FhirClient, client_for, parsed, problems
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
    assert reference.content[0].attachment.url.endswith(f"/fhir/Binary/gp-summary-{case.pk}")
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


def _read_refused(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert problems(response)[0]["code"] == "not-found"


def test_each_searched_communication_reads_by_its_full_url(wednesday_morning, world, steps):
    steps("accept")
    ours = client_for(practice=world.practice_x)
    bundle = parsed(ours.get("/fhir/Communication", {"_since": "2026-01-01"}))
    (entry,) = bundle.entry
    before = AuditEvent.objects.filter(person_id=steps.referral.person_id).count()
    read = parsed(ours.get(urlsplit(entry.fullUrl).path))
    assert read.get_resource_type() == "Communication"
    assert read.model_dump() == entry.resource.model_dump()
    assert read.subject.identifier.value == CHI  # as the practice sent it
    assert AuditEvent.objects.filter(person_id=steps.referral.person_id).count() == before + 1
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    _read_refused(theirs, f"/fhir/Communication/{read.id}")
    _read_refused(ours, f"/fhir/Communication/{int(read.id) + 1000}")
    _read_refused(ours, "/fhir/Communication/not-a-number")


def test_wellbeing_reads_only_where_the_search_would_find_them(wednesday_morning, world, steps):
    for name in ("accept", "session", "baseline"):
        case = steps(name)
    response = QuestionnaireResponse.objects.get(case=case)
    paths = {
        "QuestionnaireResponse": f"/fhir/QuestionnaireResponse/{response.pk}",
        "Observation": f"/fhir/Observation/swemwbs-{response.pk}",
    }
    ours = client_for(practice=world.practice_x)
    for path in paths.values():  # not shared: the search finds nothing, nor does a read
        _read_refused(ours, path)
    steps("share")
    for resource_type, path in paths.items():
        (entry,) = parsed(ours.get(f"/fhir/{resource_type}", PATIENT)).entry
        assert urlsplit(entry.fullUrl).path == path
        read = parsed(ours.get(path))
        assert read.model_dump() == entry.resource.model_dump()
        assert read.subject.identifier.value == CHI
    observation = parsed(ours.get(paths["Observation"]))
    assert observation.valueQuantity.value == response.metric_score
    _read_refused(ours, f"/fhir/Observation/wemwbs-{response.pk}")  # not that instrument
    _read_refused(ours, f"/fhir/QuestionnaireResponse/{response.pk + 1000}")
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    for path in paths.values():
        _read_refused(theirs, path)


def test_metadata_lists_the_new_reads(world):
    statement = parsed(FhirClient().get("/fhir/metadata"))
    served = {r.type: [i.code for i in r.interaction] for r in statement.rest[0].resource}
    for resource_type in ("Communication", "QuestionnaireResponse", "Observation"):
        assert served[resource_type] == ["read", "search-type"], resource_type
    assert served["Binary"] == ["read"]


def _pdf_text(letter: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(letter)).pages)


def test_the_gp_summary_letter_as_a_binary(wednesday_morning, world, steps):
    for name in ("accept", "session", "baseline", "share", "exit", "close"):
        case = steps(name)
    ours = client_for(practice=world.practice_x)
    (reference,) = _found(ours, "/fhir/DocumentReference", PATIENT)
    url = urlsplit(reference.content[0].attachment.url).path
    exports = AuditEvent.objects.filter(action="export", person_id=case.person_id)
    letter = ours.get(url, HTTP_ACCEPT="application/pdf")
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    text = _pdf_text(letter.content)
    assert "Social prescribing: message back to GP and referrer" in text
    assert "Wellbeing measures" in text
    assert "Ann Coded" in text
    assert exports.count() == 1
    answer = ours.get(url)  # no Accept, or FHIR JSON: the Binary resource
    binary = parsed(answer)
    assert binary.contentType == "application/pdf"
    data = base64.b64decode(json.loads(answer.content)["data"], validate=True)
    assert data.startswith(b"%PDF")
    assert _pdf_text(data) == text
    assert binary.data == data  # the library reads the same bytes back
    assert exports.count() == 2
    theirs = client_for(practice=world.practice_y, name="Vision at Y")
    _read_refused(theirs, url)
    assert theirs.get(url, HTTP_ACCEPT="application/pdf").status_code == 404
    _read_refused(ours, f"/fhir/Binary/gp-summary-{case.pk + 1000}")
    _read_refused(ours, "/fhir/Binary/something-else")


def test_the_binary_is_refused_where_the_person_did_not_agree(wednesday_morning, world, steps):
    """A closed case without agreement: the practice gets neither letter nor Composition."""
    for name in ("accept", "session", "close"):
        case = steps(name)
    ours = client_for(practice=world.practice_x)
    _read_refused(ours, f"/fhir/Composition/gp-summary-{case.pk}")
    _read_refused(ours, f"/fhir/Binary/gp-summary-{case.pk}")
