"""The hash chain: every entry links to the one before; `linkwork audit verify` names the
first entry edited, deleted, inserted or out of order. Tampering is done as an attacker
with the database owner's rights would: the append-only triggers off, raw SQL."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from linkwork.audit import db_triggers
from linkwork.audit import services as audit
from linkwork.audit.chain import HASHED, HEAD, Break, Verified, entry_hash, verify
from linkwork.audit.models import GENESIS, Action, AuditEvent, ChainHead
from linkwork.audit.services import record


@pytest.fixture
def chain(world):
    """Five more entries on top of the world's own, oldest first."""
    return [
        record(action=Action.VIEW, actor=world.users["link_worker"], person_id=n, hscp_id=1)
        for n in range(5)
    ]


def _sql(statement: str, params=()) -> None:
    with db_triggers.suspended(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _forge(**fields) -> None:
    """Insert an entry with a hash that is right for its own fields, by raw SQL."""
    fields = {
        "at": timezone.now(),
        "actor_id": None,
        "actor_username": "intruder",
        "action": "view",
        "object_type": "",
        "object_id": "",
        "person_id": None,
        "hscp_id": None,
        "ip_address": None,
        "path": "",
        "detail": {},
        **fields,
    }
    fields["hash"] = entry_hash(fields)
    columns = [name for name in fields if name != "detail"]
    values = [fields[name] for name in columns]
    sql = (
        f"INSERT INTO audit_auditevent ({', '.join(columns)}, detail) "
        f"VALUES ({', '.join(['%s'] * len(columns))}, '{{}}')"
    )
    _sql(sql, values)


def _broken() -> Break:
    result = verify()
    assert isinstance(result, Break), "the tampering went unnoticed"
    return result


def test_each_entry_links_to_the_one_before(world, chain):
    entries = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    head = ChainHead.objects.get(pk=HEAD)
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_a_whole_chain_verifies(world, chain):
    result = verify()
    assert result == Verified(
        entries=AuditEvent.objects.count(), head_seq=chain[-1].seq, head_hash=chain[-1].hash
    )


def test_what_is_hashed_when_written_is_what_the_database_gives_back(world):
    """Times to the microsecond, unordered and nested JSON, floats, non-ASCII, and an IPv6
    address written the long way: each read back as the database stores it."""
    from django.test import RequestFactory

    request = RequestFactory().get("/cases/1/", REMOTE_ADDR="2001:0DB8:0000::0001")
    request.user = world.users["link_worker"]
    event = record(
        action=Action.CHANGE,
        request=request,
        person_id=7,
        detail={"z": 1, "a": [2.0, 0.1, 1e20, ("x", None)], "role": "link_worker", "é": "ü"},
    )
    stored = AuditEvent.objects.values(*HASHED).get(pk=event.pk)
    assert stored["at"].microsecond == event.at.microsecond
    assert entry_hash(stored) == event.hash
    assert isinstance(verify(), Verified)


@pytest.mark.parametrize("address", ["", "::ffff:192.0.2.1", "192.0.2.1"])
def test_any_client_address_hashes_as_it_is_stored(world, address):
    """A Unix socket gives no address; IPv4-mapped addresses are written several ways."""
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = world.users["link_worker"]
    event = record(action=Action.VIEW, request=request)
    assert entry_hash(AuditEvent.objects.values(*HASHED).get(pk=event.pk)) == event.hash


def test_an_edited_entry_is_named(world, chain):
    _sql("UPDATE audit_auditevent SET person_id = 99 WHERE id = %s", [chain[2].pk])
    broken = _broken()
    assert (broken.kind, broken.seq, broken.id) == ("edited", chain[2].seq, chain[2].pk)
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    message = str(refused.value)
    assert f"entry {chain[2].seq} (id {chain[2].pk}, written " in message
    assert "edited" in message


def test_a_deleted_entry_is_named_at_the_entry_after_it(world, chain):
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [chain[1].pk])
    broken = _broken()
    assert (broken.kind, broken.seq) == ("missing", chain[2].seq)
    assert f"entry {chain[1].seq} before it is missing" in broken.problem


def test_entries_deleted_from_the_end_are_caught_by_the_head(world, chain):
    _sql("DELETE FROM audit_auditevent WHERE seq >= %s", [chain[3].seq])
    broken = _broken()
    assert broken.kind == "missing"
    assert f"entries {chain[3].seq} to {chain[4].seq} are missing" in str(broken)


def test_an_entry_inserted_after_the_head_is_caught(world, chain):
    _forge(seq=chain[-1].seq + 1, prev_hash=chain[-1].hash)
    broken = _broken()
    assert (broken.kind, broken.seq) == ("inserted", chain[-1].seq + 1)
    assert "after the chain head" in broken.problem


def test_an_entry_replaced_by_a_forgery_is_caught(world, chain):
    victim = chain[2]
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    _forge(seq=victim.seq, prev_hash=victim.prev_hash, at=victim.at)
    broken = _broken()
    # Written later than the entries after it, the forgery is out of its place.
    assert (broken.kind, broken.seq) == ("out of order", chain[3].seq)


def test_a_forged_link_is_caught_even_when_the_forgery_hashes_well(world, chain):
    """The last entry replaced by one that names a made-up previous hash."""
    last = chain[-1]
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    _forge(seq=last.seq, prev_hash="f" * 64, at=last.at)
    broken = _broken()
    assert (broken.kind, broken.seq) == ("inserted", last.seq)
    assert f"does not follow entry {last.seq - 1}" in broken.problem


def test_a_missing_head_is_reported(world, chain):
    ChainHead.objects.filter(pk=HEAD).delete()
    assert "chain head is missing" in _broken().problem


def test_the_command_prints_the_count_and_the_head_when_whole(world, chain, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"whole: {AuditEvent.objects.count()} entries" in out
    assert f"Head: entry {chain[-1].seq}, hash {chain[-1].hash}" in out
    assert "anchor" in out


def test_a_chain_rebuilt_from_scratch_fails_only_against_an_anchor(world, chain):
    """Without a secret anyone who can write the database can rehash from an edit
    onwards; an anchor recorded elsewhere before is what catches that."""
    anchor = f"{chain[-1].seq}:{chain[-1].hash}"
    _rehash_from(chain[1].seq, person_id=99)
    assert isinstance(verify(), Verified)
    call_command("audit", "verify", f"--anchor={chain[0].seq}:{chain[0].hash}")
    with pytest.raises(CommandError, match=f"entry {chain[-1].seq} .*anchor"):
        call_command("audit", "verify", f"--anchor={anchor}")


def test_a_malformed_anchor_is_explained(world):
    with pytest.raises(CommandError, match="is not NUMBER:HASH"):
        call_command("audit", "verify", "--anchor=12:xyz")


def test_an_entry_numbered_out_of_its_place_is_named(world, chain):
    """Two entries swapped in place and every hash recomputed."""
    first, second = chain[1], chain[2]
    _sql("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [first.pk])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [first.seq, second.pk])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [second.seq, first.pk])
    _rehash_from(first.seq)
    broken = _broken()
    assert (broken.kind, broken.seq, broken.id) == ("out of order", second.seq, first.pk)


def _rehash_from(seq: int, **changes) -> None:
    """What an attacker without a secret can do: rewrite entries from `seq` and rehash
    the rest of the chain and its head."""
    previous = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        fields = {name: getattr(event, name) for name in HASHED}
        fields.update(changes, prev_hash=previous)
        previous = entry_hash(fields)
        assignments = ", ".join(f"{name} = %s" for name in [*changes, "prev_hash", "hash"])
        params = [*changes.values(), fields["prev_hash"], previous, event.pk]
        _sql(f"UPDATE audit_auditevent SET {assignments} WHERE id = %s", params)
    ChainHead.objects.filter(pk=HEAD).update(hash=previous)


def test_events_are_stamped_as_they_join_the_chain(world):
    before = timezone.now()
    event = record(action=Action.EXPORT, actor=world.users["team_lead"])
    assert before <= event.at <= timezone.now() + timedelta(seconds=1)


def test_a_batch_is_chained_as_entries_written_one_by_one(world):
    """An API list writes a page of entries at once: they follow on, in order, and after
    them single entries carry on the chain."""
    start = ChainHead.objects.get(pk=HEAD).seq
    batch = audit.record_many(
        [
            audit.event(
                action=Action.VIEW, actor=world.users["link_worker"], person_id=n, hscp_id=1
            )
            for n in range(3)
        ]
    )
    after = record(action=Action.VIEW, actor=world.users["link_worker"], person_id=9, hscp_id=1)
    stored = AuditEvent.objects.filter(seq__gt=start).order_by("id")
    assert list(stored.values_list("seq", "person_id")) == [
        (start + 1, 0),
        (start + 2, 1),
        (start + 3, 2),
        (start + 4, 9),
    ]
    assert after.prev_hash == batch[-1].hash
    assert isinstance(verify(), Verified)
    assert audit.record_many([]) == []


def test_the_daily_report_emails_the_head_or_the_break_to_governance(
    world, chain, settings, mailoutbox, capsys
):
    """`verify --report` (run daily by `linkwork schedule`) keeps each night's head out of
    the database owners' reach, and tells governance at once when the chain breaks."""
    settings.LINKWORK_AUDIT_REPORT_TO = ["ig-team@example.scot"]
    call_command("audit", "verify", "--report")
    (whole,) = mailoutbox
    assert whole.to == ["ig-team@example.scot"]
    assert f"whole to entry {chain[-1].seq}" in whole.subject
    assert f"--anchor {chain[-1].seq}:{chain[-1].hash}" in whole.body
    assert "Reported to ig-team@example.scot." in capsys.readouterr().out

    _sql("UPDATE audit_auditevent SET person_id = 99 WHERE id = %s", [chain[2].pk])
    with pytest.raises(CommandError, match=f"entry {chain[2].seq} "):
        call_command("audit", "verify", "--report")
    broken = mailoutbox[1]
    assert broken.subject == "linkwork BROKEN: the audit log failed its check"
    assert f"entry {chain[2].seq} (id {chain[2].pk}, written " in broken.body


def test_a_report_with_nowhere_to_go_says_so(world, settings, mailoutbox, capsys):
    settings.LINKWORK_AUDIT_REPORT_TO = []
    call_command("audit", "verify", "--report")
    assert not mailoutbox
    assert "LINKWORK_AUDIT_REPORT_TO is not set: the report went nowhere." in (
        capsys.readouterr().out
    )
