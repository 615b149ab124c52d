"""Onward links read as FHIR Tasks by the receiving organisation's system."""

import pytest

from linkwork.interop.fhir.tasks import STATUS
from linkwork.interop.tests.fhirclient import client_for, parsed, problems
from linkwork.links.services import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_system(world):
    return client_for(organisation=world.partner_org, name="Govan CMS")


def test_an_organisation_reads_its_own_links_as_tasks(world, partner_system):
    found = parsed(
        partner_system.get("/fhir/Task", {"owner": f"Organization/{world.partner_org.uuid}"})
    )
    assert [e.resource.id for e in found.entry] == [str(world.link_x.pk)]
    [task] = [e.resource for e in found.entry]
    assert task.status == STATUS["sent"] == "requested"
    assert task.businessStatus.coding[0].code == "sent"
    assert task.owner.identifier.value == str(world.partner_org.uuid)
    assert task.note[0].text == "I want to get out more"  # the person agreed to share it
    assert parsed(partner_system.get(f"/fhir/Task/{world.link_x.pk}")).id == task.id


def test_each_task_read_is_audited_as_the_portal_audits_a_link(world, partner_system):
    from linkwork.audit.models import AuditEvent

    partner_system.get("/fhir/Task", {"owner": f"Organization/{world.partner_org.uuid}"})
    read = AuditEvent.objects.filter(action="view", object_type=world.link_x._meta.label_lower)
    assert list(read.values_list("object_id", "person_id")) == [
        (str(world.link_x.pk), world.link_x.case.person_id)
    ]


def test_not_another_organisations_links(world, partner_system):
    other = parsed(
        partner_system.get("/fhir/Task", {"owner": f"Organization/{world.other_org.uuid}"})
    )
    assert other.total == 0
    assert partner_system.get(f"/fhir/Task/{world.link_other.pk}").status_code == 404


def test_a_practice_client_sees_no_links(world):
    gp = client_for(practice=world.practice_x)
    assert gp.get(f"/fhir/Task/{world.link_x.pk}").status_code == 404


def test_a_declined_link_is_rejected_with_its_reason(world, partner_system):
    advance(
        link=world.link_x,
        status="declined",
        by=world.users["community_partner"],
        reason="no_capacity",
        by_organisation=True,
    )
    task = parsed(partner_system.get(f"/fhir/Task/{world.link_x.pk}"))
    assert task.status == "rejected"
    assert task.statusReason.coding[0].code == "no_capacity"


def test_a_bad_owner_is_a_400(world, partner_system):
    response = partner_system.get("/fhir/Task", {"owner": "Organization/not-a-uuid"})
    assert response.status_code == 400
    assert problems(response)[0]["expression"] == ["owner"]
