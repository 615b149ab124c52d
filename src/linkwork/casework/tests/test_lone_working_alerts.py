"""An overdue lone visit reaches the team lead: on their home page, and by one email per
visit that names nobody."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from linkwork.casework import services
from linkwork.casework.lone_working import alert_overdue_visits


def overdue_visit(world):
    worker = world.worker_a
    worker.work_phone = "07700 900111"
    worker.save()
    person = world.case_x.person
    person.address = "12 Govan Road"
    person.postcode = "G51 3HR"
    person.save()
    session = world.session_x  # a home visit
    services.check_in(
        session=session,
        by=worker.user,
        expected_back_at=timezone.now() + timedelta(minutes=30),
    )
    session.refresh_from_db()
    session.expected_back_at = timezone.now() - timedelta(minutes=5)
    session.save()
    return session


def test_the_team_lead_sees_who_where_and_their_phone(client, world):
    overdue_visit(world)
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("home:team_lead")).content.decode()
    assert "Lone working: not checked out" in page
    assert "07700 900111" in page
    assert "12 Govan Road, G51 3HR" in page


def test_the_team_leads_home_and_its_poll_audit_each_overdue_visit_they_show(client, world):
    """Who was visited and their address is a read of their record (docs/security.md: any
    response showing an address audits it): written each time the page or its poll shows
    it, against the person's HSCP, with the role that let the team lead see it."""
    from linkwork.audit.models import AuditEvent

    session = overdue_visit(world)
    person = world.case_x.person
    client.force_login(world.users["team_lead"])
    url = reverse("home:team_lead")
    poll = {"HX-Request": "true", "X-Linkwork-Poll": "1", "HX-Target": "overdue-visits"}
    for headers in ({}, poll):
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        page = client.get(url, headers=headers).content.decode()
        assert "12 Govan Road, G51 3HR" in page
        event = AuditEvent.objects.filter(pk__gt=before, path=url, person_id=person.pk).get()
        assert (event.action, event.object_type, event.object_id) == (
            "view",
            "casework.session",
            str(session.pk),
        )
        assert event.hscp_id == person.hscp_id
        assert event.detail["role"] == "team_lead"


def test_no_overdue_visit_no_audit_event(client, world):
    from linkwork.audit.models import AuditEvent

    client.force_login(world.users["team_lead"])
    url = reverse("home:team_lead")
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(path=url).exists()


def test_team_leads_are_emailed_once_without_names(world, settings):
    settings.LINKWORK_SITE_URL = "https://linkwork.example.scot"
    lead = world.users["team_lead"]
    lead.email = "morag@provider.example"
    lead.save()
    overdue_visit(world)
    assert alert_overdue_visits() == 1
    assert alert_overdue_visits() == 0  # once per visit
    (email,) = mail.outbox
    assert email.to == ["morag@provider.example"]
    body = email.subject + email.body
    assert "https://linkwork.example.scot/home/team-lead/" in body
    person = world.case_x.person
    for private in (person.full_name, person.family_name, "Govan Road", "07700 900111"):
        assert private not in body
    assert world.users["link_worker"].get_full_name() not in body


def test_checking_in_again_rearms_the_alert(world):
    session = overdue_visit(world)
    alert_overdue_visits()
    services.check_in(
        session=session, by=world.users["link_worker"], expected_back_at=timezone.now()
    )
    session.refresh_from_db()
    assert session.overdue_alerted_at is None


def test_the_command_says_how_many(world, capsys):
    overdue_visit(world)
    call_command("lone_working", "alert")
    assert "1 overdue visit alerted." in capsys.readouterr().out
