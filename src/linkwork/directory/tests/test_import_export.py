import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.directory.models import Organisation, Service, ServiceNeed
from linkwork.directory.tests import factories

DATA = Path(__file__).parent / "data"


@pytest.fixture
def centroids(db):
    factories.centroids()


def run(*args) -> str:
    out = StringIO()
    call_command("directory", *args, stdout=out)
    return out.getvalue()


def _strip(value):
    """Drop what the export adds that the sample does not hold (ids we add, empty lists)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _subset(sample, exported, path="service"):
    """Every field of the sample comes back with the same value."""
    if isinstance(sample, dict):
        for key, value in sample.items():
            if key in ("organization_identifiers",) or value in (None, "", [], {}):
                continue
            assert key in exported, f"{path}.{key} missing from the export"
            _subset(value, exported[key], f"{path}.{key}")
    elif isinstance(sample, list):
        assert len(sample) == len(exported), f"{path}: {len(sample)} != {len(exported)}"
        for index, (a, b) in enumerate(zip(sample, exported, strict=True)):
            _subset(a, b, f"{path}[{index}]")
    else:
        assert sample == exported, f"{path}: {sample!r} != {exported!r}"


def test_an_oruk_sample_round_trips_every_field(centroids, tmp_path):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    out = run("import", str(DATA / "oruk_sample.json"))
    assert "created:   1" in out
    run("export", str(tmp_path / "out.json"))
    exported = json.loads((tmp_path / "out.json").read_text())
    assert len(exported) == 1
    _subset(_strip(sample[0]), exported[0])
    assert exported[0]["organization"]["organization_identifiers"][0]["identifier"] == "SC012345"


def test_the_export_imports_back_unchanged(centroids, tmp_path):
    run("import", str(DATA / "oruk_sample.json"))
    run("export", str(tmp_path / "first.json"))
    again = run("import", str(DATA / "oruk_sample.json"))
    assert "unchanged: 1" in again
    assert Service.objects.count() == 1
    assert Organisation.objects.count() == 1


def test_imported_categories_are_kept_and_mapped_onto_needs(centroids):
    run("import", str(DATA / "oruk_sample.json"))
    service = Service.objects.get()
    assert service.attributes.get().taxonomy_term.name == "Health walks"
    assert set(ServiceNeed.objects.values_list("need", flat=True)) == {"physical_activity"}


def test_an_aliss_export_imports_with_a_report_per_record(centroids):
    out = run("import", str(DATA / "aliss_sample.json"), "--all")
    assert "created:   1" in out
    assert "rejected:  1" in out
    assert "A service needs an id and a name" in out
    service = Service.objects.get()
    assert service.organisation.name == "Govan Shed Trust"
    assert service.source.licence == "CC BY 4.0"
    assert service.minimum_age == 18
    assert {n.need for n in service.needs.all()} == {"social_isolation"}
    location = service.service_at_locations.get().location
    assert location.geocoded_from == "postcode"
    assert location.latitude
    assert location.accessibilities.get().description == "Wheelchair accessible"
    second = run("import", str(DATA / "aliss_sample.json"))
    assert "unchanged: 1" in second, second


def test_a_file_that_is_not_a_directory_says_so(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(CommandError, match="neither a list of ORUK services"):
        run("import", str(path))
    with pytest.raises(CommandError, match="does not exist"):
        run("import", str(tmp_path / "missing.json"))


def test_a_bad_field_rejects_only_that_record(centroids, tmp_path):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    bad = {**sample[0], "id": "another", "minimum_age": "old", "name": "Bad ages"}
    path = tmp_path / "two.json"
    path.write_text(json.dumps([sample[0], bad]))
    out = run("import", str(path))
    assert "created:   1" in out
    assert "rejected:  1" in out
    assert "minimum_age: 'old' is not a whole number" in out


def test_the_same_records_from_a_renamed_file_update_not_duplicate(centroids, tmp_path):
    content = (DATA / "oruk_sample.json").read_text()
    (tmp_path / "directory-2025-01.json").write_text(content)
    (tmp_path / "directory-2025-02.json").write_text(content)
    run("import", str(tmp_path / "directory-2025-01.json"))
    again = run("import", str(tmp_path / "directory-2025-02.json"))
    assert "unchanged: 1" in again
    assert "created:   0" in again
    assert Service.objects.count() == 1
    assert Organisation.objects.count() == 1
    changed = json.loads(content)
    changed[0]["description"] = "Now on Thursdays too."
    (tmp_path / "directory-2025-03.json").write_text(json.dumps(changed))
    third = run("import", str(tmp_path / "directory-2025-03.json"))
    assert "updated:   1" in third
    assert Service.objects.get().description == "Now on Thursdays too."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opens_at", "25:00", "opens_at: '25:00' is not a valid time, like 09:30"),
        ("closes_at", "half five", "closes_at: 'half five' is not a valid time, like 09:30"),
        ("dtstart", "2025-13-45", "dtstart: '2025-13-45' is not a valid date, like 2025-03-31"),
    ],
)
def test_a_bad_schedule_time_rejects_that_record_and_the_import_goes_on(
    centroids, tmp_path, field, value, message
):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    bad = {**sample[0], "id": "bad-hours", "name": "Bad hours"}
    bad["schedules"] = [{"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00", field: value}]
    path = tmp_path / "hours.json"
    path.write_text(json.dumps([bad, sample[0]]))
    out = run("import", str(path))
    assert "created:   1" in out
    assert "rejected:  1" in out
    assert message in out
    assert not Service.objects.filter(name="Bad hours").exists()


def test_a_record_of_an_unreadable_shape_is_rejected_not_a_crash(centroids, tmp_path):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    bad = {**sample[0], "id": "odd", "name": "Odd shape", "schedules": "Mondays 10-12"}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([bad, sample[0]]))
    out = run("import", str(path))
    assert "created:   1" in out
    assert "rejected:  1" in out
    assert "could not be read" in out


def test_import_with_hscp_puts_the_organisations_in_that_hscp(world, tmp_path):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    path = tmp_path / "inverclyde.json"
    path.write_text(json.dumps(sample))
    out = run("import", str(path), "--hscp", world.hscp_b.code)
    assert "created:   1" in out
    imported = Service.objects.get(source_ref=sample[0]["id"]).organisation
    assert imported.hscp == world.hscp_b
    assert has_permission(world.users["other_hscp_team_lead"], Permission.INVITE_PARTNER, imported)
    assert not has_permission(world.users["team_lead"], Permission.INVITE_PARTNER, imported)


def test_import_with_hscp_claims_updated_organisations_without_one_only(world, tmp_path):
    sample = json.loads((DATA / "oruk_sample.json").read_text())
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(sample))
    run("import", str(path))
    organisation = Service.objects.get(source_ref=sample[0]["id"]).organisation
    assert organisation.hscp is None
    again = run("import", str(path), "--hscp", world.hscp_b.code)
    assert "updated:   1" in again
    organisation.refresh_from_db()
    assert organisation.hscp == world.hscp_b
    run("import", str(path), "--hscp", world.hscp_a.code)
    organisation.refresh_from_db()
    assert organisation.hscp == world.hscp_b  # one it already has is kept


def test_import_with_an_aliss_file_and_hscp(world):
    run("import", str(DATA / "aliss_sample.json"), "--hscp", world.hscp_b.code)
    imported = Organisation.objects.filter(source__key="aliss")
    assert imported.exists()
    assert not imported.exclude(hscp=world.hscp_b).exists()


def test_import_with_an_unknown_hscp_says_so_and_imports_nothing(world, tmp_path):
    before = Service.objects.count()
    with pytest.raises(CommandError, match=r"--hscp S37999999: no HSCP has that code"):
        run("import", str(DATA / "oruk_sample.json"), "--hscp", "S37999999")
    assert Service.objects.count() == before


# Export, import: the same records (decision 0078)

DIRECTORY_TABLES = [
    "Service",
    "Organisation",
    "Location",
    "ServiceAtLocation",
    "Schedule",
    "Address",
    "Attribute",
    "Phone",
    "Contact",
    "Language",
    "ServiceNeed",
    "SearchTerm",
    "SearchPlace",
]


def _counts() -> dict[str, int]:
    from linkwork.directory import models

    return {name: getattr(models, name).objects.count() for name in DIRECTORY_TABLES}


def test_export_then_import_into_the_same_database_changes_nothing(world, tmp_path):
    factories.service(world.partner_org, "Govan money advice", needs=("debt",), days=("MO",))
    before, histories = _counts(), Service.history.count()
    run("export", str(tmp_path / "first.json"))
    first = json.loads((tmp_path / "first.json").read_text())
    assert len(first) == before["Service"] >= 3
    out = run("import", str(tmp_path / "first.json"))
    assert "created:   0" in out
    assert "updated:   0" in out
    assert f"unchanged: {len(first)}" in out
    assert _counts() == before
    assert Service.history.count() == histories  # not even a new version
    run("export", str(tmp_path / "second.json"))
    assert json.loads((tmp_path / "second.json").read_text()) == first
    # Through another feed's name, the same: the ids decide, not the source.
    again = run("import", str(tmp_path / "first.json"), "--source", "council-feed")
    assert f"unchanged: {len(first)}" in again
    assert _counts() == before


def _as_another_installation(exported: list, keep: set[str]) -> list:
    """The same services as another installation would hold them: every id of theirs new
    (the needs taxonomy's ids are the same everywhere)."""
    import re
    import uuid

    text = json.dumps(exported)
    found = set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text))
    for old in found - keep:
        text = text.replace(old, str(uuid.uuid4()))
    return json.loads(text)


def test_another_installations_export_matches_services_by_their_oruk_ids(world, tmp_path):
    from linkwork.directory.models import Taxonomy, TaxonomyTerm

    run("export", str(tmp_path / "ours.json"))
    shared = {str(u) for u in TaxonomyTerm.objects.values_list("uuid", flat=True)}
    shared |= {str(u) for u in Taxonomy.objects.values_list("uuid", flat=True)}
    theirs = _as_another_installation(json.loads((tmp_path / "ours.json").read_text()), shared)
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(theirs))
    services_before = Service.objects.count()

    out = run("import", str(path), "--source", "inverclyde-linkwork")
    assert f"created:   {len(theirs)}" in out
    assert Service.objects.count() == services_before + len(theirs)
    ids = {str(u) for u in Service.objects.values_list("uuid", flat=True)}
    assert {item["id"] for item in theirs} <= ids  # their ids are the services' ids here

    # Their next export, one service renamed, read through another feed key: updated in
    # place, matched by id, nothing duplicated.
    theirs[0]["name"] = "Govan walking group (Tuesdays)"
    path.write_text(json.dumps(theirs))
    counts = _counts()
    again = run("import", str(path), "--source", "renamed-feed")
    assert "created:   0" in again
    assert "updated:   1" in again
    assert f"unchanged: {len(theirs) - 1}" in again
    after = _counts()
    assert after.pop("SearchTerm") == counts.pop("SearchTerm") + 1  # the new word, "tuesday"
    assert after == counts
    renamed = Service.objects.get(uuid=theirs[0]["id"])
    assert renamed.name == "Govan walking group (Tuesdays)"
    assert renamed.source.key == "inverclyde-linkwork"  # the source it came from first
