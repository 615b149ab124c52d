"""What a worker needs before a visit and on the case page: every safety flag and what
the referrers wrote, the address, and the person's details as the panel shows them."""

from django.urls import reverse

from linkwork.casework import services
from linkwork.casework.tests.helpers import at, case_url, page_of, refer_again
from linkwork.places.services import load_simd_file
from linkwork.places.tests.files import PHS_HEADER, phs_row, write_csv

DOG = "Big dog, keep it shut in the kitchen before you go in"
BROTHER = "Brother at the address has been aggressive to staff: visit in pairs"


def _flagged(world):
    refer_again(world, flags=["dog"], safety_detail=DOG)
    refer_again(world, flags=["violence_history", "dog"], safety_detail=BROTHER)


def _with_address(world, address="Flat 2/1\n14 Langlands Road\nGovan"):
    person = world.case_x.person
    services.update_person(
        person=person, case=world.case_x, by=world.users["link_worker"], address=address
    )


def test_a_home_visit_shows_every_flag_the_details_and_the_address_first(
    wednesday_morning, world, worker
):
    _flagged(world)
    _with_address(world)
    page = page_of(worker.get(reverse("casework:session", args=[world.session_x.pk])))
    callout = page[page.index("Safety before you go") : page.index("<h1")]
    for shown in ("Dog at the address", "History of violence or aggression", DOG, BROTHER):
        assert shown in callout
    assert callout.count("Dog at the address") == 1  # once, though flagged twice
    assert "Flat 2/1<br>14 Langlands Road<br>Govan<br>G51 2AB" in callout


def test_a_visit_with_no_address_says_so_before_the_worker_goes(wednesday_morning, world, worker):
    page = page_of(worker.get(reverse("casework:session", args=[world.session_x.pk])))
    callout = page[page.index("Safety before you go") : page.index("<h1")]
    assert "G51 2AB" in callout
    assert "No safety concerns were flagged on referral" in callout


def test_a_community_venue_visit_shows_them_too_and_a_phone_call_does_not(
    wednesday_morning, world, worker
):
    _flagged(world)
    by = world.users["link_worker"]
    venue = services.record_session(
        case=world.case_x, by=by, starts_at=at(15), mode="community_venue"
    )
    phone = services.record_session(case=world.case_x, by=by, starts_at=at(16), mode="phone")
    assert BROTHER in page_of(worker.get(reverse("casework:session", args=[venue.pk])))
    assert BROTHER not in page_of(worker.get(reverse("casework:session", args=[phone.pk])))


def test_the_case_page_shows_the_safety_details_and_the_address(wednesday_morning, world, worker):
    _flagged(world)
    _with_address(world)
    page = page_of(worker.get(case_url(world.case_x)))
    callout = page[page.index("Safety") : page.index("What matters to")]
    assert DOG in callout
    assert BROTHER in callout
    assert "History of violence or aggression" in callout
    assert "Flat 2/1<br>14 Langlands Road<br>Govan" in page


def test_the_person_panel_has_what_the_worker_asks_about(world, worker):
    person = world.case_x.person
    services.update_person(
        person=person,
        case=world.case_x,
        by=world.users["link_worker"],
        sex="female",
        interpreter_needed=True,
        preferred_language="Polish",
        safe_times_to_call="Weekday mornings, not after 5pm",
    )
    page = page_of(worker.get(case_url(world.case_x)))
    panel = page[page.index(">Person</h2>") : page.index(">Case</h2>")]
    assert f"Person record {person.pk}" in panel
    for key, value in [
        ("Sex", "Female"),
        ("Interpreter", "Needed"),
        ("Language", "Polish"),
        ("Safe times to call", "Weekday mornings, not after 5pm"),
        ("SIMD decile", "Not known"),
    ]:
        assert key in panel, key
        assert value in panel, key


def test_the_simd_decile_comes_from_the_postcode_lookup(world, worker, tmp_path):
    rows = [phs_row("G51 2AB", "S01010001", 312, 1, 1)]
    load_simd_file(path=write_csv(tmp_path / "phs.csv", PHS_HEADER, rows))
    page = page_of(worker.get(case_url(world.case_x)))
    assert "1 (1 is most deprived)" in page


def test_else_from_the_latest_referrals_snapshot(world, worker):
    referral = refer_again(world)
    type(referral).objects.filter(pk=referral.pk).update(simd_decile=3)
    assert "3 (1 is most deprived)" in page_of(worker.get(case_url(world.case_x)))


def test_the_api_gives_the_address_and_the_safety_details(world, client):
    _flagged(world)
    _with_address(world, "14 Langlands Road")
    client.force_login(world.users["link_worker"])
    body = client.get(reverse("api:case_detail", kwargs={"case_id": world.case_x.pk})).json()
    assert body["person"]["address"] == "14 Langlands Road"
    assert body["safety_details"] == [BROTHER, DOG]
