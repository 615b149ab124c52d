"""Corrections are recorded with who and when: a note corrected on its page or over the
API, and a reworded goal or session note, show on the timeline with what they said."""

import time_machine
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casefile.timeline import timeline
from linkwork.casework import services
from linkwork.casework.models import CaseNote
from linkwork.casework.tests.helpers import at, case_url, page_of
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.core.history import Histories

CONFLICT = "Someone else changed this note while you were editing it"


def _entry(case, kind):
    return next(entry for entry in timeline(case) if entry.kind == kind)


def test_each_note_has_a_correct_link_to_its_page(wednesday_morning, world, worker):
    page = page_of(worker.get(case_url(world.case_x)))
    assert reverse("casework:correct_note", args=[world.note_x.pk]) in page
    form = page_of(worker.get(reverse("casework:correct_note", args=[world.note_x.pk])))
    assert "Prefers mornings" in form
    assert f'name="version" value="{world.note_x.version}"' in form


def test_a_corrected_note_shows_who_corrected_it_when_and_the_earlier_wording(
    wednesday_morning, world, worker, client
):
    url = reverse("casework:correct_note", args=[world.note_x.pk])
    with time_machine.travel(at(11, 30)):
        client.force_login(world.users["team_lead"])
        world.users["team_lead"].first_name = "Morag"
        world.users["team_lead"].save()
        response = client.post(url, {"text": "Prefers afternoons", "version": 1})
    assert response.status_code == 302
    note = CaseNote.objects.get(pk=world.note_x.pk)
    assert (note.text, note.version) == ("Prefers afternoons", 2)
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type="casework.casenote", object_id=str(note.pk)
    ).exists()
    page = page_of(worker.get(case_url(world.case_x)))
    assert "Prefers afternoons" in page
    assert "Corrected by Morag" in page
    assert "on 25 Nov 2026, 11:30" in page
    # The earlier versions open under "Corrected by" (other panels of the page have details).
    details = page[page.index("nhsuk-details", page.index("Corrected by Morag")) :]
    assert "Prefers mornings" in details[: details.index("</details>")]


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(wednesday_morning, world, worker):
    url = reverse("casework:correct_note", args=[world.note_x.pk])
    assert worker.post(url, {"text": "Prefers afternoons", "version": 1}).status_code == 302
    response = worker.post(url, {"text": "Prefers evenings", "version": 1})
    assert response.status_code == 400
    assert CONFLICT in page_of(response)
    assert "Prefers evenings" in page_of(response)
    assert CaseNote.objects.get(pk=world.note_x.pk).text == "Prefers afternoons"


def test_a_correction_cannot_blank_the_note(wednesday_morning, world, worker):
    url = reverse("casework:correct_note", args=[world.note_x.pk])
    response = worker.post(url, {"text": "  ", "version": 1})
    assert "Write the note" in page_of(response)


def test_another_workers_note_is_not_found(wednesday_morning, world, client):
    client.force_login(world.users["other_link_worker"])
    url = reverse("casework:correct_note", args=[world.note_x.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Changed", "version": 1}).status_code == 404
    assert CaseNote.objects.get(pk=world.note_x.pk).text == "Prefers mornings"


def test_a_reworded_goal_and_a_corrected_session_note_show_as_corrected(wednesday_morning, world):
    lead = world.users["team_lead"]
    services.update_goal(goal=world.goal_x, by=lead, wording="Get out to the garden daily")
    services.update_session(session=world.session_x, by=lead, note="Visited at home")
    session = _entry(world.case_x, "session")
    assert session.corrected is None  # writing a note into a blank is not a correction
    services.update_session(session=world.session_x, by=lead, note="Visited at her daughter's")
    goal, session = _entry(world.case_x, "goal"), _entry(world.case_x, "session")
    assert [v.value for v in goal.corrected.earlier] == ["Get out to the garden"]
    assert goal.corrected.by == lead.get_full_name()
    assert [v.value for v in session.corrected.earlier] == ["Visited at home"]


def test_earlier_versions_are_newest_first_and_a_repeat_save_is_not_one(world):
    worker, note = world.users["link_worker"], world.note_x
    for text in ["Prefers afternoons", "Prefers afternoons", "Prefers evenings"]:
        note = services.correct_note(note=note, by=worker, text=text)
    correction = Histories([note], "text").correction(note, "text")
    assert [v.value for v in correction.earlier] == ["Prefers afternoons", "Prefers mornings"]
    assert Histories([note], "text").correction(world.case_x.notes.create(text="x"), "text") is None


def test_a_note_is_corrected_over_the_api(api, world):
    worker, name = api(world.users["link_worker"]), world.users["link_worker"].get_full_name()
    path = f"/notes/{world.note_x.pk}"
    read = worker.get(path).json()
    assert (read["text"], read["corrected_by"], read["corrected_at"]) == (
        "Prefers mornings",
        "",
        None,
    )
    blank = worker.patch(path, {"version": read["version"], "text": ""})
    assert errors_by_field(blank)["text"] == "Write the note"
    corrected = worker.patch(path, {"version": read["version"], "text": "Prefers afternoons"})
    assert corrected.status_code == 200
    assert corrected.json()["corrected_by"] == name
    assert corrected.json()["corrected_at"] is not None
    stale = worker.patch(path, {"version": read["version"], "text": "Prefers evenings"})
    assert stale.status_code == 409
    assert CaseNote.objects.get(pk=world.note_x.pk).text == "Prefers afternoons"
    entries = worker.get(f"/cases/{world.case_x.pk}").json()["timeline"]
    note = next(entry for entry in entries if entry["kind"] == "note")
    assert note["corrected_by"] == name
    assert api(world.users["other_link_worker"]).get(path).status_code == 404
