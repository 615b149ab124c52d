"""Social outcomes (decision 0070): recorded when they happen, checked as they can be
counted, corrected with history, shown on the case page and its timeline, and reached
only by who may reach the case."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services
from linkwork.casework.models import SocialOutcome
from linkwork.casework.tests.helpers import TODAY, case_url, page_of

NEW = "casework:new_social_outcome"


def income(world, **overrides):
    fields = {
        "kind": "income_gained",
        "achieved_on": date(2026, 11, 20),
        "amount": Decimal("85.50"),
        "period": "weekly",
        "evidence": "Award letter seen",
    }
    return services.record_social_outcome(
        case=world.case_x, by=world.users["link_worker"], **(fields | overrides)
    )


# --- The service ----------------------------------------------------------------------


def test_an_income_gained_is_recorded_with_its_amount_period_author_and_audit(
    wednesday_morning, world
):
    outcome = income(world)
    assert (outcome.kind, outcome.amount, outcome.period) == (
        "income_gained",
        Decimal("85.50"),
        "weekly",
    )
    assert outcome.created_by == world.users["link_worker"]
    assert outcome.history.get().history_user == world.users["link_worker"]
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(outcome.pk))
    assert event.filter(person_id=world.case_x.person_id).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": None}, "amount", "Enter the amount gained, in pounds"),
        ({"amount": Decimal("0")}, "amount", "Enter an amount gained of more than £0"),
        ({"amount": Decimal("-5")}, "amount", "Enter an amount gained of more than £0"),
        ({"period": ""}, "period", "Choose whether the income is paid weekly, yearly or once"),
        ({"period": "monthly"}, "period", "Choose whether the income is paid weekly"),
        (
            {"achieved_on": date(2027, 1, 1)},
            "achieved_on",
            "in the future: enter the day it happened",
        ),
        ({"achieved_on": date(2026, 9, 1)}, "achieved_on", "before the case opened"),
        ({"kind": "won_the_lottery"}, "kind", "Choose what the outcome was"),
    ],
)
def test_an_outcome_that_cannot_be_counted_is_refused_naming_the_field(
    wednesday_morning, world, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        income(world, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not SocialOutcome.objects.exists()


def test_a_registration_says_which_service_and_other_kinds_keep_no_amount(wednesday_morning, world):
    by = world.users["link_worker"]
    with pytest.raises(ValidationError) as refused:
        services.record_social_outcome(
            case=world.case_x, by=by, kind="registered_with_service", service_name="  "
        )
    assert "service_name" in refused.value.message_dict
    group = services.record_social_outcome(
        case=world.case_x,
        by=by,
        kind="joined_group",
        amount=Decimal("10"),
        period="weekly",
        service_name="A dentist",
        link=world.link_x,
    )
    assert (group.amount, group.period, group.service_name) == (None, "", "")
    assert group.achieved_on == TODAY  # today unless given
    assert group.link == world.link_x


def test_a_link_of_another_case_is_refused(wednesday_morning, world):
    from linkwork.links.services import signpost

    elsewhere = signpost(
        case=world.case_y, service=world.service_x, by=world.users["other_link_worker"]
    )
    with pytest.raises(ValidationError) as refused:
        income(world, link=elsewhere)
    assert refused.value.message_dict["link"] == ["Choose a link made on this case"]


def test_a_correction_keeps_the_earlier_amount_in_history(wednesday_morning, world):
    outcome = income(world)
    services.correct_social_outcome(
        outcome=outcome,
        by=world.users["team_lead"],
        expected_version=outcome.version,
        amount=Decimal("95.10"),
    )
    amounts = list(outcome.history.order_by("history_id").values_list("amount", flat=True))
    assert amounts == [Decimal("85.50"), Decimal("95.10")]
    with pytest.raises(TypeError):
        services.correct_social_outcome(outcome=outcome, by=None, case=world.case_y)


# --- The pages ------------------------------------------------------------------------


def test_the_case_page_offers_recording_an_outcome_and_shows_those_recorded(
    wednesday_morning, world, worker
):
    income(world)
    page = page_of(worker.get(case_url(world.case_x)))
    assert reverse(NEW, args=[world.case_x.pk]) in page
    assert "Income gained: £85.50 weekly · 20 Nov 2026" in page  # the outcomes list
    assert "Outcome: Income gained: £85.50 weekly" in page  # the timeline
    assert "Award letter seen" in page


def test_recording_an_income_from_the_page(wednesday_morning, world, worker):
    url = reverse(NEW, args=[world.case_x.pk])
    form = page_of(worker.get(url))
    assert 'id="conditional-id_kind"' in form  # the amount, revealed under income
    assert "data-aria-controls" not in form  # by CSS, not the script (decision 0072)
    assert "A benefit or grant awarded" in form  # the kind's hint
    assert 'value="2026-11-25"' in form  # the date achieved defaults to today
    response = worker.post(
        url,
        {
            "kind": "income_gained",
            "amount": "twelve hundred",
            "period": "one_off",
            "achieved_on": "2026-11-24",
            "link": str(world.link_x.pk),
        },
    )
    assert response.status_code == 400
    assert "Enter the amount gained as a number of pounds" in page_of(response)
    response = worker.post(
        url,
        {
            "kind": "income_gained",
            "amount": "£1,200",  # as people write it
            "period": "one_off",
            "achieved_on": "2026-11-24",
            "link": str(world.link_x.pk),
        },
    )
    assert response.status_code == 302
    outcome = SocialOutcome.objects.get()
    assert (outcome.amount, outcome.period, outcome.link) == (
        Decimal("1200"),
        "one_off",
        world.link_x,
    )


def test_form_errors_name_the_field_and_keep_what_was_typed(wednesday_morning, world, worker):
    response = worker.post(
        reverse(NEW, args=[world.case_x.pk]),
        {"kind": "income_gained", "achieved_on": "2026-11-24", "evidence": "Letter from DWP"},
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Enter the amount gained, in pounds" in page
    assert 'href="#id_amount"' in page  # the error summary leads to the field
    assert "Choose whether the income is paid weekly, yearly or once" in page
    assert "Letter from DWP" in page
    assert not SocialOutcome.objects.exists()


def test_correcting_an_outcome_from_the_case_page(wednesday_morning, world, worker):
    outcome = income(world)
    url = reverse("casework:social_outcome", args=[outcome.pk])
    assert 'value="85.50"' in page_of(worker.get(url))
    response = worker.post(
        url,
        {
            "kind": "income_gained",
            "amount": "90",
            "period": "weekly",
            "achieved_on": "2026-11-20",
            "version": outcome.version,
        },
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.amount == Decimal("90")
    stale = worker.post(
        url,
        {
            "kind": "income_gained",
            "amount": "91",
            "period": "weekly",
            "achieved_on": "2026-11-20",
            "version": outcome.version - 1,
        },
    )
    assert stale.status_code == 400
    outcome.refresh_from_db()
    assert outcome.amount == Decimal("90")


@pytest.mark.parametrize("who", ["other_hscp_link_worker", "practice_staff", "commissioner"])
def test_only_who_may_change_the_case_records_or_corrects(wednesday_morning, world, client, who):
    outcome = income(world)
    client.force_login(world.users[who])
    assert client.get(reverse(NEW, args=[world.case_x.pk])).status_code == 404
    url = reverse("casework:social_outcome", args=[outcome.pk])
    assert client.post(url, {"kind": "debt_managed", "version": 1}).status_code == 404
    outcome.refresh_from_db()
    assert outcome.kind == "income_gained"


# --- The code lists -------------------------------------------------------------------


def test_the_code_lists_give_every_support_type_its_plain_words_and_every_period_a_rate():
    from linkwork.core.codelists import codelist

    assert all(code.extra["hint"] for code in codelist("support_types").codes)
    rates = {code.code: int(code.extra["per_year"]) for code in codelist("income_periods").codes}
    assert rates == {"weekly": 52, "yearly": 1, "one_off": 1}
    kinds = {code.code for code in codelist("social_outcomes").codes}
    assert {"income_gained", "registered_with_service"} <= kinds  # the rules name them
