"""A team lead hands several of one worker's cases to another (leave, vacancy,
cross-cover) from their caseload table: one transaction, a coded reason, audited per case,
and the reason on each case's timeline."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services
from linkwork.casework.models import Case
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.casework.tests.helpers import case_url, page_of
from linkwork.core.tests.listings import both


@pytest.fixture
def lead(client, world):
    client.force_login(world.users["team_lead"])
    return client


@pytest.fixture
def second_case(world):
    """Another open case of worker_a's, and a closed one that is not to be handed over."""
    CaseFactory(
        person=PersonFactory(practice=world.practice_x, family_name="Closed"),
        link_worker=world.worker_a,
        status="closed",
    )
    return CaseFactory(
        person=PersonFactory(practice=world.practice_x, family_name="Second"),
        link_worker=world.worker_a,
    )


def _url(world) -> str:
    return reverse("casework:worker_cases", args=[world.worker_a.pk])


def test_the_caseload_table_leads_to_each_workers_cases(world, lead):
    home = page_of(lead.get(reverse("home:team_lead")))
    assert f'href="{_url(world)}"' in home


def test_the_page_lists_the_open_cases_and_each_candidates_caseload(world, lead, second_case):
    world.worker_a2.capacity, world.worker_a2.wte = 4, Decimal("0.5")  # 2 places, pro rata
    world.worker_a2.save()
    page = page_of(lead.get(_url(world)))
    assert world.case_x.person.full_name in page
    assert second_case.person.full_name in page
    assert "Closed" not in page.split("Cases to hand over")[1].split("Hand them over to")[0]
    candidates = page.split("Hand them over to")[1].split("Why are they")[0]
    assert f"{world.worker_a2} · open cases 1 of 2" in candidates
    assert str(world.worker_a) not in candidates  # not to themself
    assert str(world.worker_b) not in candidates  # another provider's worker


def test_several_cases_are_handed_over_with_a_reason_each_audited(world, lead, second_case):
    chosen = [world.case_x.pk, second_case.pk]
    response = lead.post(
        _url(world),
        {"cases": chosen, "link_worker": world.worker_a2.pk, "reason": "annual_leave"},
    )
    assert response.status_code == 302
    assert f"2 cases handed over to {world.worker_a2}" in page_of(lead.get(response.url))
    for case in Case.objects.filter(pk__in=chosen):
        assert case.link_worker == world.worker_a2
        assert case.history.latest().history_change_reason == "annual_leave"
        assert AuditEvent.objects.filter(
            action=AuditAction.CHANGE,
            object_type="casework.case",
            object_id=str(case.pk),
            actor=world.users["team_lead"],
        ).exists()
        timeline = page_of(lead.get(case_url(case)))
        assert f"Handed over to {world.worker_a2} (annual leave)" in timeline


def test_a_later_change_does_not_repeat_the_reason(world, lead):
    lead.post(
        _url(world),
        {"cases": [world.case_x.pk], "link_worker": world.worker_a2.pk, "reason": "vacancy"},
    )
    case = Case.objects.get(pk=world.case_x.pk)
    services.set_complexity(case=case, by=world.users["team_lead"], complexity="low")
    assert case.history.latest().history_change_reason is None


def test_the_handover_is_all_or_nothing(world, lead, second_case, monkeypatch):
    original, calls = services.reassign_case, []

    def failing_second(**kwargs):
        calls.append(kwargs["case"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original(**kwargs)

    monkeypatch.setattr(services, "reassign_case", failing_second)
    with pytest.raises(RuntimeError):
        services.hand_over(
            cases=Case.objects.filter(pk__in=[world.case_x.pk, second_case.pk]),
            by=world.users["team_lead"],
            link_worker=world.worker_a2,
            reason="cross_cover",
        )
    assert set(Case.objects.filter(link_worker=world.worker_a).values_list("pk", flat=True)) >= {
        world.case_x.pk,
        second_case.pk,
    }


def test_nothing_chosen_names_each_field(world, lead):
    page = page_of(lead.post(_url(world), {"reason": ""}))
    for message in (
        "Select the cases to hand over",
        "Select the new link worker",
        "Select why it is being handed over",
    ):
        assert message in page


def test_a_case_not_listed_is_refused_and_nothing_moves(world, lead):
    response = lead.post(
        _url(world),
        {
            "cases": [world.case_x.pk, world.case_y.pk],
            "link_worker": world.worker_a2.pk,
            "reason": "vacancy",
        },
    )
    assert "Select only cases listed here" in page_of(response)
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a


@pytest.mark.parametrize("username", ["link_worker", "other_hscp_team_lead"])
def test_only_the_providers_team_lead_reaches_it(world, client, username):
    client.force_login(world.users[username])
    assert client.get(_url(world)).status_code == 404
    body = {"cases": [world.case_x.pk], "link_worker": world.worker_a2.pk, "reason": "vacancy"}
    assert client.post(_url(world), body).status_code == 404
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a


# One case at a time, from the case page ----------------------------------------


def test_a_team_lead_hands_a_case_over_and_only_the_new_worker_reaches_it(
    wednesday_morning, client, world
):
    case = world.case_x
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("casework:reassign", args=[case.pk]),
        {"link_worker": world.worker_a2.pk, "reason": "vacancy"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.link_worker == world.worker_a2

    client.force_login(world.users["other_link_worker"])
    page = page_of(client.get(case_url(case)))
    assert "Get out to the garden" in page
    assert "Session: Home visit · Planned" in page
    assert f"Handed over to {world.worker_a2} (vacancy)" in page
    assert client.get(reverse("casework:session", args=[world.session_x.pk])).status_code == 200

    client.force_login(world.users["link_worker"])
    assert client.get(case_url(case)).status_code == 404
    assert client.get(reverse("casework:goal", args=[world.goal_x.pk])).status_code == 404
    assert (
        client.post(
            reverse("casework:add_note", args=[case.pk]), {"text": "Still mine?"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("username", ["link_worker", "other_hscp_team_lead"])
def test_only_the_providers_team_lead_hands_over(wednesday_morning, client, world, username):
    client.force_login(world.users[username])
    response = client.post(
        reverse("casework:reassign", args=[world.case_x.pk]),
        {"link_worker": world.worker_a2.pk, "reason": "vacancy"},
    )
    assert response.status_code in (403, 404)
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a


def test_a_team_lead_cannot_hand_over_to_another_providers_worker(wednesday_morning, client, world):
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("casework:reassign", args=[world.case_x.pk]),
        {"link_worker": world.worker_b.pk, "reason": "vacancy"},
    )
    assert response.status_code == 400
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a


def test_a_workers_open_cases_download_as_the_page_lists_them(world, lead, second_case):
    page = page_of(lead.get(_url(world)))
    labels = re.findall(
        r'class="nhsuk-label nhsuk-checkboxes__label"[^>]*>\s*([^<]*?)\s*</label>', page
    )
    assert len(labels) == 2
    for file in both(lead, _url(world), {}):
        assert file[0] == [
            "Person",
            "Practice",
            "Opened",
            "Complexity",
            "Case number",
            "CHI number",
        ]
        shown = [
            f"{name} · {where} · opened {opened} · "
            + (complexity if complexity != "Not set" else "complexity not set")
            for name, where, opened, complexity, *_ in file[1:]
        ]
        assert shown == [html.unescape(label) for label in labels]
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, path=_url(world))
    assert sorted(e.person_id for e in exported) == sorted(
        2 * [world.case_x.person_id, second_case.person_id]
    )


def test_another_providers_team_lead_gets_no_file(client, world):
    client.force_login(world.users["other_hscp_team_lead"])
    assert client.get(_url(world), {"download": "csv"}).status_code == 404
