"""The programme summary, on the page and as a PDF: every headline figure equal to
`linkwork report summary` for the same HSCP and period (as suppression shows it), read
back from the PDF's laid-out text; who may open which HSCP's; the quotes it takes."""

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case
from linkwork.core import pdf
from linkwork.organisations.models import HSCP, LinkWorker
from linkwork.outcomes.models import PracticeQuote, Story
from linkwork.reporting import definitions, programme_summary
from linkwork.reporting.dashboards.forms import whole_months
from linkwork.reporting.definitions import Area
from linkwork.reporting.summary import headline_figures, summary
from linkwork.reporting.suppression import AsRecorded, Suppressed
from linkwork.reporting.tests.scenario import PERIOD
from linkwork.reporting.tests.test_dashboards import small_counts_and_names
from linkwork.reporting.tests.test_report_command import report

PAGE = reverse("reporting:programme_summary")
PDF = reverse("reporting:programme_summary_pdf")
IN_PERIOD = {"date_from": "2026-04-01", "date_to": "2026-06-30"}  # scenario.PERIOD

# Glasgow (hscp_a) in scenario.py's period, every referral but R11 (Inverclyde's): 8
# referrals of 7 people (R7 and R8 are one), engaged R2, R3 and R9; first contact 2 days
# (R2), 2 (R3) and 7 (R9); leavers R1, R2, R9, R10 and R12, of whom R2, R9 and R12 paired.
# Counts of 1-4 and whatever is worked out from them show as "<5"; a part of a whole shown
# beside it (engaged of referrals: 3 of 8; paired of leavers: 3 of 5) is hidden as "*"
# with the rest, which the whole less the part would otherwise give away, and so is what is
# worked out from a hidden count.
GLASGOW_SHOWN = {
    "GP practices involved": "2 of 2",  # X and Y both referred
    "Referrals": "8",
    "People referred": "7",
    "Referrals engaged": "*",
    "Engagement rate": "*",
    # Of 3 referrals contacted (2, 2 and 7 days): "*", as "<5" would read as under 5 days.
    "Median days to first contact": "*",
    "Leavers": "5",
    "Leavers with a baseline and an exit SWEMWBS": "*",
    "Share of leavers with both scores": "*",
    "Of those, share whose wellbeing improved": "*",
    "Mean change in SWEMWBS (metric points)": "*",
}
# The label each summary() key is shown under.
LABELS = {
    "referrals": "Referrals",
    "people_referred": "People referred",
    "engaged": "Referrals engaged",
    "engagement_rate": "Engagement rate",
    "median_days_to_first_contact": "Median days to first contact",
    "leavers": "Leavers",
    "swemwbs_paired": "Leavers with a baseline and an exit SWEMWBS",
    "swemwbs_paired_rate": "Share of leavers with both scores",
    "swemwbs_improved_rate": "Of those, share whose wellbeing improved",
    "swemwbs_mean_change": "Mean change in SWEMWBS (metric points)",
}


def as_printed(key: str, value) -> str:
    """A figure of `report summary`'s JSON as the summary prints it, worked out apart from
    programme_summary.py's own formatting."""
    if value is None:
        return "–"
    if key.endswith("_rate"):
        return f"{round(value * 100, 2):g}%"
    if key == "swemwbs_mean_change":
        return f"{value:+.2f}"
    return f"{value:g}"


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF was made from: its text is read back as WeasyPrint laid it out."""
    made = []
    real = pdf.pdf

    def keeping(html):
        made.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "pdf", keeping)
    return made


def pdf_text(client, user, printed, **params) -> str:
    client.force_login(user)
    response = client.get(PDF, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def shown_after(text: str, label: str) -> str:
    """The value printed right after a headline's label (its card: label, value, when)."""
    found = re.search(
        # after the card before (a date, or the link workers' words) and before its period
        rf"(?:Headline figures|\d{{4}}|now|recorded|them|people|cases) {re.escape(label)} "
        r"(\S+(?: of \S+)?) (?:Referrals received|Of \S+ accepted referrals|Cases closed|In post)",
        text,
    )
    assert found, f"{label} not found"
    return found[1]


def test_the_pdf_carries_every_headline_figure_as_report_summary_gives_it(
    client, programme, printed
):
    world = programme.world
    glasgow = world.hscp_a
    params = {"hscp": glasgow.code, **IN_PERIOD}
    text = pdf_text(client, world.users["commissioner"], printed, **params)
    figures = json.loads(
        report("--from", "2026-04-01", "--to", "2026-06-30", "--hscp", glasgow.code)
    )
    assert (figures["referrals"], figures["people_referred"], figures["leavers"]) == (8, 7, 5)
    assert figures["median_days_to_first_contact"] == 2
    assert {label: shown_after(text, label) for label in GLASGOW_SHOWN} == GLASGOW_SHOWN
    # 6 of the 8 were accepted: the 2 others are too few, so the 6 is hidden with them.
    assert "Engagement rate * Of * accepted referrals received 1 April 2026" in text
    assert "Reasons for referral" in text
    assert small_counts_and_names(printed[-1]) == []


def test_the_pdf_is_an_attachment_named_for_its_hscp_and_period_and_is_audited(
    client, programme, printed
):
    world = programme.world
    client.force_login(world.users["team_lead"])
    response = client.get(PDF, {"hscp": world.hscp_a.code, **IN_PERIOD})
    name = f"programme-summary-{world.hscp_a.code}-2026-04-01-to-2026-06-30.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    event = AuditEvent.objects.filter(action="export").order_by("-seq").first()
    assert event.detail["download"] == "programme_summary"
    assert (event.detail["hscp"], event.detail["from"], event.detail["to"]) == (
        world.hscp_a.code,
        "2026-04-01",
        "2026-06-30",
    )
    assert event.hscp_id == world.hscp_a.pk


def test_the_page_shows_the_same_figures_suppressed_for_a_commissioner(client, programme):
    world = programme.world
    client.force_login(world.users["commissioner"])
    html = client.get(PAGE, IN_PERIOD).content.decode()  # their own HSCP by default
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert {label: shown_after(text, label) for label in GLASGOW_SHOWN} == GLASGOW_SHOWN
    assert small_counts_and_names(html) == []
    assert "Reasons for referral" in html
    assert "<svg" in html
    assert "OUTCOMES_SWEMWBS_MEANINGFUL_CHANGE" in html  # the threshold and its source


@pytest.mark.parametrize(
    ("username", "hscp", "status"),
    [
        ("commissioner", "a", 200),
        ("commissioner", "b", 404),  # another HSCP's: not found, so nothing is revealed
        ("national_analyst", "b", 200),
        ("team_lead", "a", 200),
        ("team_lead", "b", 404),
        ("other_hscp_team_lead", "b", 200),
        ("link_worker", "a", 403),
        ("practice_staff", "a", 403),
        ("community_partner", "a", 403),
        ("administrator", "a", 403),
    ],
)
def test_who_may_open_which_hscps_summary(client, world, username, hscp, status):
    client.force_login(world.users[username])
    code = getattr(world, f"hscp_{hscp}").code
    assert client.get(PAGE, {"hscp": code, **IN_PERIOD}).status_code == status


def test_a_national_analyst_chooses_the_hscp(client, world):
    client.force_login(world.users["national_analyst"])
    html = client.get(PAGE).content.decode()
    assert '<select class="nhsuk-select" id="id_hscp" name="hscp">' in html
    assert all(str(h) in html for h in HSCP.objects.all())


def test_bad_dates_name_the_field_and_the_fix(client, world):
    client.force_login(world.users["commissioner"])
    response = client.get(PDF, {"date_from": "2026-07-01", "date_to": "2026-06-30"})
    assert response.status_code == 400
    assert "The to date must be the same as or after the from date" in response.content.decode()
    response = client.get(PAGE, {"date_from": "1 April"})
    assert "Enter the from date as a date, for example 2026-04-01" in response.content.decode()


def test_only_chosen_consented_stories_that_pass_the_scan_are_quoted(client, world):
    case = world.case_x
    person = case.person

    def story(text, **flags):
        fields = {"shareable": True, "consent_to_share": True, "for_reports": True} | flags
        return Story.objects.create(case=case, text=text, recorded_on=date(2026, 5, 1), **fields)

    story("Coming to the walking group got me out of the house again.")
    story("Not chosen by a team lead.", for_reports=False)
    story("No consent to share this one.", consent_to_share=False)
    story(f"{person.given_name} says the food bank made all the difference.")
    for n in range(7):
        story(f"Story number {n} about the lunch club.")
    client.force_login(world.users["team_lead"])
    html = client.get(PAGE, {"hscp": world.hscp_a.code, **IN_PERIOD}).content.decode()
    quoted = re.findall(r"<p>“(.*?)”</p>", html)
    assert len(quoted) == 6
    assert "Not chosen" not in html
    assert "No consent" not in html
    assert person.given_name not in html


@pytest.mark.slow
@pytest.mark.xdist_group("demo")  # with the other readers of the one seeding (conftest.py)
def test_the_demos_glasgow_pdf_carries_every_headline_figure_of_report_summary(
    client, seeded_demo, printed
):
    today = timezone.localdate()
    year = whole_months(today - timedelta(days=365), today)  # as the page counts
    glasgow = HSCP.objects.get(name__startswith="Glasgow")
    figures = json.loads(
        report(
            "--from", year.start.isoformat(), "--to", year.end.isoformat(), "--hscp", glasgow.code
        )
    )
    assert figures == summary(year, Area(hscp=glasgow))
    user = _glasgow_commissioner(glasgow)
    params = {
        "hscp": glasgow.code,
        "date_from": year.start.isoformat(),
        "date_to": today.isoformat(),
    }
    text = pdf_text(client, user, printed, **params)
    shown = {key: shown_after(text, label) for key, label in LABELS.items()}
    assert shown == {key: as_printed(key, figures[key]) for key in LABELS}
    accepted = definitions.accepted(year, Area(hscp=glasgow)).count()
    assert f"Engagement rate {shown['engagement_rate']} Of {accepted} accepted referrals" in text
    assert all(figures[key] >= 5 for key in ("engaged", "leavers", "swemwbs_paired"))


def _glasgow_commissioner(glasgow):
    user = UserFactory(username="summary_commissioner")
    assign_role(user=user, role=Role.COMMISSIONER, hscp=glasgow)
    return user


def test_a_team_lead_adds_a_practices_quote_and_the_summary_shows_it(client, world):
    lead = world.users["team_lead"]
    client.force_login(lead)
    stories = reverse("outcomes:choose_stories")
    said = {"add_quote": "1", "practice": world.practice_x.pk, "said_on": "2026-05-01"}
    named = client.post(stories, {**said, "text": "Mrs Jane Smith (CHI 0101011234) is better."})
    assert named.status_code == 400
    assert "Take out what may identify someone" in named.content.decode()
    assert not PracticeQuote.objects.exists()
    future = client.post(stories, {**said, "said_on": "2999-01-01", "text": "Good."})
    assert "The date of the quote must be today or in the past" in future.content.decode()
    other = client.post(stories, {**said, "practice": world.practice_z.pk, "text": "Good."})
    assert "Choose one of your team's practices from the list" in unescape(other.content.decode())

    text = "Our patients come back with fewer worries about money."
    assert client.post(stories, {**said, "text": text}).status_code == 302
    html = client.get(PAGE, {"hscp": world.hscp_a.code, **IN_PERIOD}).content.decode()
    assert f"<p>“{text}”</p>" in html
    assert f"{world.practice_x.name}, May 2026" in html

    quote = PracticeQuote.objects.get()
    client.post(stories, {"remove_quote": quote.pk})
    html = client.get(PAGE, {"hscp": world.hscp_a.code, **IN_PERIOD}).content.decode()
    assert text not in html
    quote.refresh_from_db()
    assert quote.for_reports is False


def test_link_workers_show_as_wte_only_where_every_post_has_one(client, world):
    glasgow = [world.worker_a, world.worker_a2]  # Glasgow's two link workers in post
    client.force_login(world.users["commissioner"])

    def card() -> str:
        html = client.get(PAGE, IN_PERIOD).content.decode()
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
        return re.search(r"(Link workers \(\w+\) \S+ In post now.*?) Open cases per", text)[1]

    assert card() == "Link workers (headcount) 2 In post now; WTE not recorded"
    LinkWorker.objects.filter(pk=glasgow[0].pk).update(wte=Decimal("1.00"))
    assert card() == "Link workers (headcount) 2 In post now; WTE recorded for 1 of them"
    LinkWorker.objects.filter(pk=glasgow[1].pk).update(wte=Decimal("0.80"))
    assert card() == "Link workers (WTE) 1.8 In post now: 2 people"


def test_the_engagement_rate_names_its_denominator_the_accepted_referrals(programme):
    """Glasgow: 8 referrals, 6 of them accepted (R7 declined, R8 waiting), 3 engaged."""
    glasgow = Area(hscp=programme.world.hscp_a)
    figures = headline_figures(PERIOD, glasgow)
    cards = programme_summary.headlines(PERIOD, glasgow, figures, AsRecorded())
    rate = next(card for card in cards if card.key == "engagement_rate")
    assert (rate.value, rate.when) == (
        "50%",
        "Of 6 accepted referrals received 1 April 2026 to 30 June 2026",
    )
    shown = programme_summary.shown_figures(figures, Suppressed())
    assert (shown.counts["accepted"], shown.hidden["engagement_rate"]) == ("*", "*")


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (8, 10, ["*", "*"]),  # 2 left over: 8 of 10 would give it away
        (3, 8, ["*", "*"]),
        (6, 12, ["6", "6"]),
        (0, 7, ["0", "7"]),
    ],
)
def test_a_part_is_hidden_where_the_rest_of_its_whole_is_small(part, whole, shown):
    assert programme_summary.parts(Suppressed(), part, whole) == shown


def _postcode(postcode: str, decile: int):
    from linkwork.places.models import Postcode

    return Postcode.objects.create(
        postcode=postcode,
        datazone="S01000001",
        datazone_vintage="dz2011",
        simd_version="simd2020v2",
        simd_rank=decile * 600,
        simd_decile=decile,
        simd_quintile=(decile + 1) // 2,
        decile_scheme="sg_datazones",
        source_name="test",
        loaded_at=timezone.now(),
    )


def test_practices_in_deprived_areas_and_open_cases_per_wte(programme):
    """Practice X's postcode in SIMD decile 2, Y's in decile 9 (not deprived), a third
    Glasgow practice in decile 4 with no referral. Glasgow's workers (worker_a, worker_a2)
    hold as open now: the world's case_x and case_y, and the scenario's R3 and R13's
    cases (closed R1, R2, R9, R10, R12 and the declined or waiting ones do not count)."""
    from linkwork.organisations.tests.factories import PracticeFactory

    world = programme.world
    glasgow = Area(hscp=world.hscp_a)

    def deprived_card() -> tuple[str, str]:
        figures = headline_figures(PERIOD, glasgow)
        cards = programme_summary.headlines(PERIOD, glasgow, figures, Suppressed())
        card = next(card for card in cards if card.key == "deprived_practices_involved")
        return card.value, card.when

    assert deprived_card() == ("Not known", "No practice's postcode is in the SIMD lookup loaded")
    third = PracticeFactory(cluster=world.practice_x.cluster, postcode="G52 1AA")
    world.practice_y.postcode = "G53 2BB"
    world.practice_y.save()
    for practice, decile in [(world.practice_x, 2), (world.practice_y, 9), (third, 4)]:
        _postcode(practice.postcode, decile)
    assert definitions.deprived_practices_involved(PERIOD, glasgow) == (1, 2)
    assert deprived_card()[0] == "1 of 2"

    workers = [world.worker_a, world.worker_a2]
    open_now = Case.objects.filter(link_worker__in=workers, status="open").count()
    assert open_now == 4
    caseload = definitions.caseload_per_wte(glasgow)
    assert (caseload.open_cases, caseload.per_wte) == (4, None)  # no WTE recorded
    LinkWorker.objects.filter(pk=world.worker_a.pk).update(wte=Decimal("1.00"))
    LinkWorker.objects.filter(pk=world.worker_a2.pk).update(wte=Decimal("0.50"))
    assert definitions.caseload_per_wte(glasgow).per_wte == Decimal("2.7")  # 4 / 1.5

    figures = headline_figures(PERIOD, glasgow)
    cards = {
        card.key: (card.value, card.when)
        for card in programme_summary.headlines(PERIOD, glasgow, figures, AsRecorded())
    }
    assert cards["deprived_practices_involved"][0] == "1 of 2"
    assert cards["caseload_per_wte"] == ("2.7", "Now: 4 open cases")
    hidden = programme_summary.headlines(PERIOD, glasgow, figures, Suppressed())
    assert {c.key: (c.value, c.when) for c in hidden}["caseload_per_wte"] == (
        "*",  # "<5" would read as under 5 cases a WTE
        "Now: <5 open cases",
    )


def test_gp_time_is_shown_to_the_place_it_is_worked_out_to(monkeypatch, world):
    """Means of whole appointments are worked out to one place (service_use.mean): the
    mean change of 6 people whose appointments fell by 13 in all is -2.2 (-2.1666...),
    not "-2.20", which would claim a second place it does not have."""
    from linkwork.outcomes.service_use import PersonServiceUse, ServiceUseSummary

    use = ServiceUseSummary(
        people=[
            PersonServiceUse(n, n, before, after)
            for n, (before, after) in enumerate([(10, 6), (8, 6), (8, 6), (8, 6), (8, 5), (9, 9)])
        ]
    )
    monkeypatch.setattr(definitions, "released_gp_time", lambda period, area: use)
    results = programme_summary._gp_time(PERIOD, Area(hscp=world.hscp_a), AsRecorded()).results
    shown = {result.label: result.value for result in results}
    assert shown["GP appointments per person, six months before"] == "8.5"
    assert shown["GP appointments per person, six months after"] == "6.3"
    assert shown["Mean change per person"] == "-2.2"


def test_gp_time_counts_are_suppressed_under_the_leavers_they_add_up_to(monkeypatch, world):
    """Compared, a month missing and closed under six months ago are every leaver once,
    and the leavers show beside them: 6 compared and 50 too recent beside 59 leavers
    gave the 3 with a month missing. The smallest larger count is hidden with them."""
    from linkwork.outcomes.service_use import PersonServiceUse, ServiceUseSummary

    compared = [PersonServiceUse(n, n, 8, 6) for n in range(6)]
    missing = [PersonServiceUse(n, n, None, 6) for n in range(6, 9)]
    use = ServiceUseSummary(people=compared + missing, not_yet_six_months=50)
    monkeypatch.setattr(definitions, "released_gp_time", lambda period, area: use)
    results = programme_summary._gp_time(PERIOD, Area(hscp=world.hscp_a), Suppressed()).results
    shown = {result.label: result.value for result in results}
    assert shown["Not compared: a month missing"] == "<5"
    assert shown["Leavers compared"] == "*"
    assert shown["Not compared: closed under six months ago"] == "50"
    assert shown["GP appointments per person, six months before"] == "*"
