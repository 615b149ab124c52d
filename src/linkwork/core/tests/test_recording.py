"""`save_recorded`: the one way a recorded object is saved (history, version, audit, one
transaction), and nothing in the product saving history by hand beside it."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from linkwork.audit.models import Action, AuditEvent
from linkwork.audit.services import record
from linkwork.core import clock
from linkwork.core.models import EditConflict
from linkwork.core.recording import save_recorded

PACKAGE = Path(__file__).resolve().parents[2]


def audited(action=Action.CHANGE):
    return lambda saved: record(action=action, obj=saved, person_id=saved.pk)


def test_saves_with_author_reason_and_one_audit_event(world):
    person, by = world.case_x.person, world.users["link_worker"]
    person.phone = "0141 496 0000"
    before = AuditEvent.objects.count()

    save_recorded(person, by=by, reason="Phoned the practice", audit=audited())

    latest = person.history.latest()
    assert (latest.phone, latest.history_user, latest.history_change_reason) == (
        "0141 496 0000",
        by,
        "Phoned the practice",
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("seq").object_id == str(person.pk)


def test_a_stale_version_is_refused_and_nothing_changes(world):
    person = world.case_x.person
    started_at = person.version
    person.phone = "first"
    save_recorded(person, by=world.users["link_worker"], audit=audited())
    assert person.version == started_at + 1

    stale = type(person).objects.get(pk=person.pk)
    stale.phone = "second"
    with pytest.raises(EditConflict) as refused:
        save_recorded(
            stale,
            by=world.users["other_link_worker"],
            expected_version=started_at,
            label="person's details",
            audit=audited(),
        )
    assert "person's details" in str(refused.value)
    person.refresh_from_db()
    assert person.phone == "first"


def test_a_failed_audit_undoes_the_save(world):
    """Save, history and audit stand or fall together."""
    person = world.case_x.person
    history_before = person.history.count()

    def broken(saved):
        raise RuntimeError("the audit log is unavailable")

    person.phone = "never kept"
    with pytest.raises(RuntimeError):
        save_recorded(person, by=world.users["link_worker"], audit=broken)

    person.refresh_from_db()
    assert person.phone != "never kept"
    assert person.history.count() == history_before


def test_backdated_saves_carry_the_date_into_history(world):
    person = world.case_x.person
    moment = timezone.make_aware(datetime(2025, 3, 4, 10, 0))
    person.phone = "then"
    with clock.as_of(moment):
        save_recorded(person, by=None, audit=None)
    assert person.history.order_by("-history_id").first().history_date == moment


def test_nothing_else_writes_history_by_hand():
    """Setting the history's author or reason is save_recorded's job alone: a module that
    sets them has a save of its own, which drifts (issue 11: seven recipes had)."""
    by_hand = re.compile(r"\._(history_user|history_date|change_reason)\s*=")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and "demo" not in path.parts
        and path.name != "recording.py"
        and by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("label", "said"),
    [("case", "This case was changed"), ("person's details", "This person's details were changed")],
)
def test_the_api_conflict_message_agrees_with_its_record(label, said):
    assert EditConflict(label).api_message.startswith(f"{said} by someone else")


def test_a_historied_models_history_manager_is_made_once_and_still_reads_one_record(world):
    """`Model.history` is read on every save of a historied record: its manager class is
    made once a model (core/history.py), and a record's history is still its own."""
    from simple_history.models import registered_models

    historied = [m for m in registered_models.values() if "history" in m.__dict__]
    assert len(historied) > 20
    for model in historied:
        assert type(model.history) is type(model.history), model.__name__
    case_x, case_y = world.case_x, world.case_y
    assert {v.id for v in case_x.history.all()} == {case_x.pk}
    assert {v.id for v in case_y.history.all()} == {case_y.pk}
    assert type(case_x.history) is type(case_y.history)


def test_a_loaded_key_is_not_looked_up_a_bare_id_is_and_uniqueness_is_still_checked(world):
    """`checked` (full_clean on every save) skips Django's query asking whether a loaded
    foreign key's record exists, and nothing else: a bare id to no record is named on its
    field, and a constraint over a loaded key still refuses a second record."""
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from linkwork.casework.models import Case, IdentifiedNeed
    from linkwork.core.recording import checked

    case, by = world.case_x, world.users["link_worker"]
    need = IdentifiedNeed(case=case, need="housing", noted_by=by, noted_on=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        checked(need)
    looked_up = [q["sql"] for q in queries.captured_queries if '"casework_case"' in q["sql"]]
    assert not looked_up, "a loaded case was looked up again"
    save_recorded(need, by=by, audit=None)

    with pytest.raises(ValidationError) as refused:
        checked(IdentifiedNeed(case=case, need="housing", noted_by=by, noted_on=need.noted_on))
    assert "need_once_per_case" in str(refused.value) or "already" in str(refused.value)

    missing = Case.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(ValidationError) as refused:
        checked(IdentifiedNeed(case_id=missing, need="debt", noted_by=by, noted_on=need.noted_on))
    assert "case" in refused.value.message_dict
