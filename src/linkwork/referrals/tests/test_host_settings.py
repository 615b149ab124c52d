"""Referrals from a host setting, not a GP practice (decision 0074): who sees them, the
journey from referral to case, the API and the counts."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission, Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.casework.models import Case
from linkwork.organisations.models import HostSetting
from linkwork.organisations.services import host_link_worker
from linkwork.organisations.tests.factories import HostSettingFactory
from linkwork.referrals import services
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.tests.test_referral_pages import referral_form
from linkwork.reporting import definitions, facts
from linkwork.reporting.definitions import Area, Period


def _refer(host, by, family_name="Docherty") -> Referral:
    return services.create_referral(
        person=services.PersonDetails(
            given_name="Stevie", family_name=family_name, date_of_birth=date(1979, 3, 2), sex="male"
        ),
        details=services.ReferralDetails(
            practice=None,
            host_setting=host,
            route="linkwork_form",
            referrer_role="external_organisation",
            reasons=["housing"],
            consent_to_referral=True,
        ),
        by=by,
    )


@pytest.fixture
def hosted(world):
    """Host setting H (in Glasgow) hosts `other_link_worker`; host setting G (Glasgow too)
    hosts nobody and has its own staff; each has a waiting referral of someone with no GP."""
    host_link_worker(link_worker=world.worker_a2, host_setting=world.host_setting_h)
    setting_g = HostSettingFactory(hscp=world.hscp_a, name="Project G", kind="asylum_refugee")
    staff_g = UserFactory(username="other_host_setting_staff")
    assign_role(user=staff_g, role=Role.HOST_SETTING_STAFF, host_setting=setting_g)
    users = {**world.users, "other_host_setting_staff": staff_g}
    referral_h = _refer(world.host_setting_h, users["host_setting_staff"])
    referral_g = _refer(setting_g, staff_g, family_name="Yousef")
    return users, referral_h, referral_g


# Who reaches each referral: as a practice's, its own setting's staff and no other; the
# workers it hosts; the team leads of its HSCP (who triage a setting hosting nobody).
READERS = {
    "referral_h": {"host_setting_staff", "other_link_worker", "team_lead"},
    "referral_g": {"other_host_setting_staff", "team_lead"},
    "referral_x": {"practice_staff", "link_worker", "team_lead"},
}
EVERYONE = [*ALL_USERS, "other_host_setting_staff"]


@pytest.mark.parametrize("username", EVERYONE)
def test_a_host_settings_referrals_reach_only_its_own_staff_workers_and_team_lead(
    client, world, hosted, username
):
    users, referral_h, referral_g = hosted
    user = users[username]
    referrals = {"referral_h": referral_h, "referral_g": referral_g, "referral_x": world.referral_x}
    for name, referral in referrals.items():
        expected = username in READERS[name]
        assert has_permission(user, Permission.VIEW_REFERRAL, referral) is expected, name
        assert has_permission(user, Permission.VIEW_REFERRAL_DETAILS, referral) is expected, name
        client.force_login(user)
        page = client.get(reverse("referrals:detail", args=[referral.pk]))
        assert (page.status_code == 200) is expected, (name, page.status_code)
        assert page.status_code in (200, 403, 404)


def test_host_setting_staff_never_read_what_came_of_a_referral(world, hosted):
    users, referral_h, _ = hosted
    staff = users["host_setting_staff"]
    assert not has_permission(staff, Permission.VIEW_REFERRAL_OUTCOME, referral_h)
    assert not has_permission(staff, Permission.VERIFY_SELF_REFERRAL)
    assert not has_permission(staff, Permission.TRIAGE_REFERRAL)


def test_host_setting_staff_list_only_their_own_settings_referrals(client, world, hosted):
    users, referral_h, referral_g = hosted
    client.force_login(users["host_setting_staff"])
    page = client.get(reverse("referrals:list")).content.decode()
    assert "Shelter H" in page
    assert "Project G" not in page
    assert "Practice X" not in page
    mine = visible(users["host_setting_staff"], Permission.VIEW_REFERRAL, Referral.objects.all())
    assert list(mine) == [referral_h]


def test_host_setting_staff_see_their_setting_and_its_workers_only(world, hosted):
    users, _, _ = hosted
    staff = users["host_setting_staff"]
    settings = visible(staff, Permission.VIEW_PRACTICE, HostSetting.objects.all())
    assert [s.name for s in settings] == ["Shelter H"]
    assert not visible(staff, Permission.VIEW_PRACTICE, world.practice_x.__class__.objects.all())
    workers = visible(staff, Permission.VIEW_LINK_WORKER, world.worker_a.__class__.objects.all())
    assert list(workers) == [world.worker_a2]


def test_a_referral_is_from_a_practice_or_a_host_setting_never_both_nor_neither(world):
    referral = world.referral_x
    for practice, host in [(world.practice_x, world.host_setting_h), (None, None)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(practice=practice, host_setting=host)


def test_a_case_is_at_a_practice_or_a_host_setting_not_both(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=world.case_x.pk).update(host_setting=world.host_setting_h)


# The journey: refer from the setting, the team lead triages, the worker opens the case ----


def test_host_setting_staff_refer_someone_with_no_gp_through_to_the_workers_case(client, world):
    host_link_worker(link_worker=world.worker_a2, host_setting=world.host_setting_h)
    client.force_login(world.users["host_setting_staff"])
    form = client.get(reverse("referrals:new")).content.decode()
    assert "From Shelter H" in form
    assert 'name="practice"' not in form
    response = client.post(reverse("referrals:new"), referral_form(family_name="Gallacher"))
    assert response.status_code == 302
    referral = Referral.objects.get(person__family_name="Gallacher")
    assert (referral.practice, referral.host_setting) == (None, world.host_setting_h)
    assert referral.person.practice is None  # no GP
    assert referral.person.hscp == world.hscp_a
    assert referral.referrer_role == "external_organisation"

    client.force_login(world.users["team_lead"])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Gallacher" in queue
    assert "Shelter H" in queue
    accepted = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"version": referral.version, "link_worker": world.worker_a2.pk},
    )
    assert accepted.status_code == 302
    case = Case.objects.get(person=referral.person)
    assert (case.practice, case.host_setting, case.link_worker) == (
        None,
        world.host_setting_h,
        world.worker_a2,
    )

    client.force_login(world.users["other_link_worker"])
    page = client.get(reverse("casework:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Shelter H" in page.content.decode()
    client.force_login(world.users["host_setting_staff"])
    status = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert status.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_hosted_worker_sees_the_settings_referral_in_their_queue(client, world, hosted):
    users, referral_h, referral_g = hosted
    client.force_login(users["other_link_worker"])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Shelter H" in queue
    assert "Project G" not in queue
    client.force_login(users["link_worker"])
    assert "Shelter H" not in client.get(reverse("referrals:queue")).content.decode()


def test_a_worker_hosted_by_a_setting_records_a_referral_for_it(client, world):
    host_link_worker(link_worker=world.worker_a2, host_setting=world.host_setting_h)
    client.force_login(world.users["other_link_worker"])
    data = referral_form(
        family_name="Kerr",
        route="phone",
        referrer_role="external_organisation",
        received_on=date.today().isoformat(),
    )
    both = client.post(
        reverse("referrals:record"),
        {**data, "practice": world.practice_y.pk, "host_setting": world.host_setting_h.pk},
    )
    assert both.status_code == 200
    assert "Choose a GP practice or a host setting, not both" in both.content.decode()
    neither = client.post(reverse("referrals:record"), {**data, "practice": ""})
    assert "Select the person&#39;s GP practice, or the host setting" in neither.content.decode()
    assert not Referral.objects.filter(person__family_name="Kerr").exists()
    saved = client.post(
        reverse("referrals:record"), {**data, "host_setting": world.host_setting_h.pk}
    )
    assert saved.status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    assert (referral.practice, referral.host_setting) == (None, world.host_setting_h)


# The API --------------------------------------------------------------------------------


def test_the_api_takes_and_returns_a_host_setting(world, api):
    body = {
        "person": {
            "given_name": "Amira",
            "family_name": "Yousef",
            "date_of_birth": "1991-06-01",
            "sex": "female",
            "phone": "07700 900555",
        },
        "reasons": ["housing"],
        "consent_to_referral": True,
    }
    staff = api(world.users["host_setting_staff"])
    made = staff.post("/referrals", body)
    assert made.status_code == 201, made.content
    shown = made.json()
    assert shown["host_setting"] == world.host_setting_h.pk
    assert shown["host_setting_name"] == "Shelter H"
    assert shown["practice_code"] is None
    again = staff.get(f"/referrals/{shown['id']}").json()
    assert again["host_setting"] == world.host_setting_h.pk
    case = services.accept_referral(
        referral=Referral.objects.get(pk=shown["id"]),
        by=world.users["team_lead"],
        link_worker=world.worker_a2,
    )
    opened = api(world.users["other_link_worker"]).get(f"/cases/{case.pk}").json()
    assert (opened["host_setting_id"], opened["practice_code"]) == (world.host_setting_h.pk, None)

    both = staff.post(
        "/referrals",
        {**body, "host_setting": world.host_setting_h.pk, "practice_code": "12345"},
    )
    assert both.status_code == 422
    other = HostSettingFactory(hscp=world.hscp_a, name="Not theirs")
    refused = api(world.users["practice_staff"]).post(
        "/referrals", {**body, "host_setting": other.pk}
    )
    assert refused.status_code == 422
    assert "host_setting" in refused.json()["detail"][0]["loc"]


# Counting --------------------------------------------------------------------------------


def test_a_host_settings_referrals_count_in_its_hscps_totals(world, hosted):
    _, referral_h, referral_g = hosted
    today = referral_h.received_on
    period = Period(today, today)
    glasgow = Area(hscp=world.hscp_a)
    received = definitions.received(period, glasgow)
    assert {referral_h, referral_g} <= set(received)
    assert referral_h not in definitions.received(period, Area(hscp=world.hscp_b))
    assert referral_h not in definitions.received(period, Area(practice=world.practice_x))
    facts.rebuild()
    assert (
        facts.headline(period, glasgow).referrals == definitions.headline(period, glasgow).referrals
    )
    from linkwork.reporting.models import ReferralFacts

    row = ReferralFacts.objects.get(referral=referral_h)
    assert (row.hscp_id, row.practice_id) == (world.hscp_a.pk, None)


def test_the_hscps_dashboard_shows_host_settings_beside_its_clusters(client, world, hosted):
    from linkwork.reporting.dashboards import tables
    from linkwork.reporting.suppression import AsRecorded

    _, referral_h, _ = hosted
    today = referral_h.received_on
    clusters = [world.practice_x.cluster]
    table = tables.by_area(
        Period(today, today),
        Area(hscp=world.hscp_a),
        clusters,
        lambda cluster: Area(cluster=cluster),
        lambda cluster: "#",
        AsRecorded(),
        "cluster",
    )
    assert table.rows[-2] == [tables.HOST_SETTINGS, "2"]  # referral_h and referral_g
    assert table.rows[-1][1] == str(
        definitions.referrals(Period(today, today), Area(hscp=world.hscp_a))
    )


def test_the_team_leads_home_lists_its_hscps_host_settings_with_their_waiting(
    client, world, hosted
):
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("home:team_lead")).content.decode()
    assert "Host settings: referrals of people who may have no GP" in page
    assert "Shelter H" in page
    assert "Project G" in page
    client.force_login(world.users["other_hscp_team_lead"])
    assert "Shelter H" not in client.get(reverse("home:team_lead")).content.decode()


def test_referring_someone_once_does_not_make_their_record_the_settings(world, api):
    """A CHI number typed by a host setting's staff finds the HSCP's record of that person
    (decision 0008), but referring them does not make the record theirs: a second referral
    neither tells them of the person's open case nor writes what they typed into it."""
    person = world.case_x.person
    assert person.chi
    assert world.case_x.is_open
    staff = world.users["host_setting_staff"]
    body = {
        "person": {
            "given_name": "Anyone",
            "family_name": "Else",
            "chi": person.chi,
            "date_of_birth": person.date_of_birth.isoformat(),
            "sex": person.sex,
            "address": "1 Attacker Street, Glasgow",
            "email": "attacker@example.com",
        },
        "reasons": ["housing"],
        "consent_to_referral": True,
    }
    client = api(staff)
    for _ in range(2):
        answer = client.post("/referrals", body)
        shown = answer.content.decode()
        assert world.case_x.link_worker.user.get_full_name() not in shown
        assert "open case" not in shown
        assert not services.holds_record(staff, person)
    person.refresh_from_db()
    assert (person.address, person.email) == ("", "")

    # A record their setting's referral made is theirs to refer again (and fill in).
    made = _refer(world.host_setting_h, staff, family_name="Newperson")
    assert made.person.host_setting == world.host_setting_h
    assert services.holds_record(staff, made.person)


def test_a_host_settings_form_offers_contact_through_the_setting_not_a_practice(client, world):
    client.force_login(world.users["host_setting_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert "contact them through Shelter H" in page
    assert "Who at Shelter H to ask for" in page
    assert "through the practice" not in page
    answer = client.post(
        reverse("referrals:new"),
        referral_form(practice=None, phone="", contact_via_practice="on"),
    )
    assert "Enter who at Shelter H the link worker should ask for" in answer.content.decode()


def test_a_setting_not_taking_referrals_says_so_to_its_staff(client, world):
    HostSetting.objects.filter(pk=world.host_setting_h.pk).update(active=False)
    client.force_login(world.users["host_setting_staff"])
    answer = client.get(reverse("referrals:new"))
    assert answer.status_code == 403
    assert "Shelter H is not taking referrals at present" in answer.content.decode()
