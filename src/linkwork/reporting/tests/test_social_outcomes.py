"""Social outcomes counted (definitions.social_outcomes, decision 0070) on the small
programme of scenario.py: people once per kind, income annualised, small counts hidden on
the dashboards and summary, and a practice told only what changed, never the amounts."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from linkwork.casework import services as casework
from linkwork.referrals.models import Referral
from linkwork.reporting import definitions
from linkwork.reporting.dashboards import tables
from linkwork.reporting.definitions import Area
from linkwork.reporting.suppression import AsRecorded, Suppressed
from linkwork.reporting.tests.scenario import PERIOD


def _case(number: str):
    return Referral.objects.get(person__family_name=f"Scenario{number}", status="accepted").case


def _record(case, kind: str, on: date, **fields):
    return casework.record_social_outcome(
        case=case, by=case.link_worker.user, kind=kind, achieved_on=on, **fields
    )


def _outcomes():
    """R2 (practice X): £85.50 a week and £3,950 a year, a group joined, and the same
    income again (one person still); R9 (practice Y): a one-off £1,200 grant; R2 again
    after the period (not counted)."""
    r2, r9 = _case("2"), _case("9")
    _record(r2, "income_gained", date(2026, 4, 20), amount=Decimal("85.50"), period="weekly")
    _record(r2, "income_gained", date(2026, 5, 2), amount=Decimal("3950"), period="yearly")
    _record(r2, "joined_group", date(2026, 5, 20))
    _record(r9, "income_gained", date(2026, 6, 30), amount=Decimal("1200"), period="one_off")
    _record(r2, "started_volunteering", date(2026, 7, 1))  # after the period
    return r2, r9


def test_people_are_counted_once_per_kind_and_income_is_annualised(programme):
    _outcomes()
    figures = definitions.social_outcomes(PERIOD, Area(hscp=programme.world.hscp_a))
    assert figures.people == {"income_gained": 2, "joined_group": 1}
    assert (figures.anyone, figures.income_people) == (2, 2)
    # 85.50 × 52 + 3,950 × 1 + 1,200 (one-off, as it is)
    assert figures.annual_income == Decimal("4446.00") + Decimal("3950") + Decimal("1200")
    own = definitions.social_outcomes(PERIOD, Area(practice=programme.world.practice_x))
    assert (own.people, own.annual_income) == (
        {"income_gained": 1, "joined_group": 1},
        Decimal("8396.00"),
    )
    assert "weekly amount times 52" in definitions.HOW_COUNTED["social_outcomes"]


def test_small_counts_and_the_income_they_give_are_hidden_for_commissioners(programme):
    _outcomes()
    area = Area(hscp=programme.world.hscp_a)
    shown = tables.social_outcomes(PERIOD, area, Suppressed()).rows
    assert shown == [
        ["Income gained", "<5"],
        ["Joined a group or activity", "<5"],
        ["People with any social outcome", "<5"],
        ["Income gained a year (annualised, pounds)", "*"],  # not "under £5"
    ]
    as_recorded = tables.social_outcomes(PERIOD, area, AsRecorded()).rows
    assert as_recorded[-1] == ["Income gained a year (annualised, pounds)", "£9,596.00"]
    assert as_recorded[0] == ["Income gained", "2"]


def test_the_commissioners_dashboard_exports_the_table_suppressed(programme, client):
    _outcomes()
    client.force_login(programme.world.users["commissioner"])
    params = {"date_from": "2026-04-01", "date_to": "2026-06-30"}
    page = client.get(reverse("reporting:programme"), params).content.decode()
    assert "Social outcomes" in page
    export = client.get(
        reverse("reporting:programme"), {**params, "export": "csv", "table": "social-outcomes"}
    )
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Income gained,<5" in text
    assert "9,596" not in text


def test_a_practice_sees_what_changed_only_with_agreement_and_never_the_amount(programme, client):
    r2, _ = _outcomes()
    referral = Referral.objects.get(person__family_name="Scenario2", status="accepted")
    client.force_login(programme.world.users["practice_staff"])
    url = reverse("reporting:referral_outcome", args=[referral.pk])
    assert "Income gained" not in client.get(url).content.decode()
    casework.set_practice_sharing(case=r2, by=r2.link_worker.user, shares_with_practice=True)
    page = client.get(url).content.decode()
    assert "Income gained (20 April 2026); Income gained (2 May 2026)" in page
    assert "Joined a group or activity (20 May 2026)" in page
    assert "85.50" not in page
    assert "3,950" not in page


def test_links_made_are_counted_by_the_support_given(programme):
    from linkwork.links.models import Link

    made = list(definitions.links_made(PERIOD).values_list("pk", flat=True))
    assert len(made) >= 2
    Link.objects.filter(pk=made[0]).update(support_type="advocacy")
    Link.objects.exclude(pk__in=made).update(support_type="practical_help")  # not in period
    # the others made in the period have none recorded (from before it was asked): left out
    assert definitions.support_given(PERIOD) == {"advocacy": 1}


def test_the_dashboards_show_links_by_the_support_given(programme, client):
    from linkwork.links.models import Link

    made = list(definitions.links_made(PERIOD).values_list("pk", flat=True))
    Link.objects.filter(pk__in=made).update(support_type="supported_referral")
    Link.objects.filter(pk=made[0]).update(support_type="advocacy")
    area = Area(hscp=programme.world.hscp_a)
    recorded = definitions.support_given(PERIOD, area)
    as_recorded = tables.support_given(PERIOD, area, AsRecorded()).rows
    assert as_recorded[-1] == ["All links with the support recorded", str(sum(recorded.values()))]
    assert ["Advocacy", "1"] in as_recorded
    # A commissioner sees no count under five, nor a total that would give one away.
    suppressed = tables.support_given(PERIOD, area, Suppressed()).rows
    assert ["Advocacy", "<5"] in suppressed
    client.force_login(programme.world.users["commissioner"])
    params = {"date_from": "2026-04-01", "date_to": "2026-06-30"}
    page = client.get(reverse("reporting:programme"), params).content.decode()
    assert "Support given with onward links" in page
    export = client.get(
        reverse("reporting:programme"), {**params, "export": "csv", "table": "support-given"}
    )
    assert "Advocacy,<5" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_programme_summary_shows_them_suppressed(programme, client):
    _outcomes()
    client.force_login(programme.world.users["commissioner"])
    html = client.get(
        reverse("reporting:programme_summary"), {"date_from": "2026-04-01", "date_to": "2026-06-30"}
    ).content.decode()
    assert "Social outcomes: what changed in people's lives" in html
    assert "weekly amount times 52" in html  # how it is counted
    assert "9,596" not in html  # two people's income: hidden with them
