"""A subject access export: everything held on the person, who may produce it, and that
each one is audited (decision 0106)."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from linkwork.audit.models import Action, AuditEvent
from linkwork.casework import services as casework
from linkwork.documents.services import remove_under_retention
from linkwork.documents.tests.factories import PDF, letter_on_case_x
from linkwork.privacy import subject_access
from linkwork.privacy.holdings import models_held
from linkwork.privacy.subject_access import LETTERS_NOTE, REVIEW_NOTE


@pytest.fixture
def corrected(world):
    """Case X's note corrected once, so its earlier wording is history."""
    note = world.note_x
    casework.correct_note(
        note=note, by=world.users["link_worker"], text="Prefers afternoons", expected_version=1
    )
    return note


def _exports():
    return AuditEvent.objects.filter(action=Action.EXPORT, path__contains="subject-access")


def _export(client, world, fmt: str):
    client.force_login(world.users["team_lead"])
    url = reverse("privacy:subject_access_file", args=[world.case_x.person.pk, fmt])
    return client.get(url)


def test_the_json_holds_every_record_its_history_and_who_accessed_it(client, world, corrected):
    casework.audit_case(case=world.case_x, actor=world.users["link_worker"])  # a read to show

    response = _export(client, world, "json")

    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-')
    data = json.loads(response.content)
    records = data["records"]
    person = world.case_x.person
    assert records["casework.person"][0]["chi"] == person.chi
    assert [c["id"] for c in records["casework.case"]] == [world.case_x.pk]
    for kind, record in [
        ("casework.session", world.session_x),
        ("casework.goal", world.goal_x),
        ("casework.action", world.action_x),
        ("casework.casenote", world.note_x),
        ("links.link", world.link_x),
    ]:
        assert record.pk in [r["id"] for r in records[kind]], kind
    assert records["links.linkevent"], "a link's events are held too"
    assert "token_hash" not in json.dumps(records)
    texts = [row["text"] for row in data["history"]["casework.casenote"]]
    assert texts == ["Prefers mornings", "Prefers afternoons"]
    assert {"by": "link_worker", "action": "Viewed"}.items() <= data["access"][-1].items()
    assert data["export"]["review"] == REVIEW_NOTE


def test_each_export_is_audited_as_an_export_of_the_persons_record(client, world):
    person = world.case_x.person
    _export(client, world, "json")
    event = _exports().get()
    assert (event.person_id, event.hscp_id) == (person.pk, person.hscp_id)
    assert event.actor == world.users["team_lead"]


def test_the_pdf_opens_with_the_review_before_release_and_shows_the_record(
    client, world, corrected
):
    response = _export(client, world, "pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    cover = " ".join(pages[0].extract_text().split())
    assert "Reviewed before release" in cover
    assert "data protection officer" in cover
    text = " ".join(" ".join(page.extract_text() for page in pages[1:]).split())
    for shown in (world.case_x.person.chi, "Get out to the garden", "Prefers mornings"):
        assert shown in text


def test_the_case_page_offers_it_to_the_hscps_team_lead_only(client, world):
    person = world.case_x.person
    page = reverse("privacy:subject_access", args=[person.pk])
    for username, offered in [("team_lead", True), ("link_worker", False)]:
        client.force_login(world.users[username])
        case_page = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
        assert (page in case_page.content.decode()) is offered, username
    client.force_login(world.users["team_lead"])
    shown = client.get(page).content.decode()
    assert "data protection officer reviews" in shown.replace("\n", " ")
    assert reverse("privacy:subject_access_file", args=[person.pk, "pdf"]) in shown


def test_another_hscps_team_lead_and_an_administrator_get_nothing(client, world):
    url = reverse("privacy:subject_access_file", args=[world.case_x.person.pk, "json"])
    for username in ("other_hscp_team_lead", "administrator", "link_worker"):
        client.force_login(world.users[username])
        assert client.get(url).status_code == 404, username
    assert not _exports().exists()


def test_the_api_gives_the_export_as_json_or_pdf(api, world):
    path = f"/people/{world.case_x.person.pk}/subject-access"
    as_json = api(world.users["team_lead"]).get(path)
    assert json.loads(as_json.content)["records"]["casework.person"][0]["id"] == (
        world.case_x.person.pk
    )
    assert api(world.users["team_lead"]).get(path, format="csv").status_code == 422
    assert api(world.users["other_hscp_team_lead"]).get(path).status_code == 404
    assert _exports().count() == 1


def test_every_kind_of_record_pointing_at_a_person_is_held():
    """The export finds what hangs off a person by the models' relations: a new app's
    record on a case is in it without being listed."""
    held = {model._meta.label for model in models_held()}
    assert {
        "casework.Case",
        "referrals.Referral",
        "links.LinkEvent",
        "outcomes.QuestionnaireResponse",
        "groups.Attendance",
        "interop.GpMessage",
        "casework.Action",
        "documents.CaseDocument",
    } <= held
    assert not {"audit.AuditEvent", "reporting.CaseFacts"} & held


def test_the_zip_holds_the_json_the_pdf_and_the_letters_files(
    client, world, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    # The PDF itself is proved above; drawing it again here would only cost seconds.
    monkeypatch.setattr(subject_access, "as_pdf", lambda export: b"%PDF- the export")
    kept = letter_on_case_x(world, title="PIP decision letter")
    removed = letter_on_case_x(world, title="Old housing form")
    with django_capture_on_commit_callbacks(execute=True):
        remove_under_retention([removed], on=date(2033, 4, 1))

    response = _export(client, world, "zip")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        f"letters/pip-decision-letter-{kept.pk}.pdf",
        "subject-access.json",
        "subject-access.pdf",
    ]
    assert archive.read("subject-access.pdf") == b"%PDF- the export"
    assert archive.read(f"letters/pip-decision-letter-{kept.pk}.pdf") == PDF
    data = json.loads(archive.read("subject-access.json"))
    assert data["export"]["letters"] == LETTERS_NOTE
    letters = {r["id"]: r for r in data["records"]["documents.casedocument"]}
    assert {k: letters[kept.pk][k] for k in ("kind", "title", "size")} == {
        "kind": "benefits_letter",
        "title": "PIP decision letter",
        "size": len(PDF),
    }
    assert letters[kept.pk]["attached_at"]
    assert letters[removed.pk]["removed_on"] == "2033-04-01"
    assert "stored_name" not in letters[kept.pk]
    assert _exports().count() == 1
