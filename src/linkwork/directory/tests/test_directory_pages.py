from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.directory.models import Service
from linkwork.directory.services.unmet import record_unmet_need


@pytest.fixture
def worker(client, world):
    client.force_login(world.users["link_worker"])
    return client


def test_a_worker_adds_a_service_and_it_is_geocoded_and_searchable(worker, world):
    response = worker.post(
        reverse("directory:new_service"),
        {
            "organisation_name": "Elderpark Library",
            "name": "Digital drop-in",
            "description": "Help with phones and tablets",
            "needs": ["digital"],
            "eligible_gender": "any",
            "address_1": "228a Langlands Road",
            "city": "Glasgow",
            "postcode": "g51 1en",
            "days": ["WE"],
            "opens_at": "10:00",
            "closes_at": "12:00",
            "is_public": "on",
        },
    )
    service = Service.objects.get(name="Digital drop-in")
    assert response.url == reverse("directory:service", args=[service.pk])
    location = service.service_at_locations.get().location
    assert location.geocoded_from == "postcode"
    assert service.last_verified_on == timezone.localdate()
    found = worker.get(reverse("directory:search"), {"q": "tablet help", "postcode": "G51"})
    assert "Digital drop-in" in found.content.decode()


def test_a_bad_service_form_names_each_field_and_keeps_what_was_typed(worker, world):
    response = worker.post(
        reverse("directory:new_service"),
        {"name": "Walks", "postcode": "nowhere", "opens_at": "12:00", "closes_at": "10:00",
         "eligible_gender": "any"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a full UK postcode" in page
    assert "Closing time must be after opening time" in page
    assert "nowhere" in page


def test_a_distance_chosen_without_a_postcode_is_named_at_both(worker, world):
    from linkwork.directory.search.query import DISTANCE_WITHOUT_PLACE

    response = worker.get(reverse("directory:search"), {"q": "walk", "radius": "2"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(DISTANCE_WITHOUT_PLACE) >= 2  # at each field (and the summary)
    assert 'value="walk"' in page


def test_a_distance_is_measured_from_the_persons_home_without_a_postcode(worker, world):
    params = {"q": "walk", "radius": "2", "case": world.case_x.pk}
    assert worker.get(reverse("directory:search"), params).status_code == 200


def test_words_alone_need_no_postcode_for_the_default_distance(worker, world):
    response = worker.get(reverse("directory:search"), {"q": "walk", "radius": "5"})
    assert response.status_code == 200


def test_a_bad_search_postcode_is_named(worker, world):
    response = worker.get(reverse("directory:search"), {"postcode": "not a place"})
    assert response.status_code == 400
    assert "Enter a full postcode or a postcode district" in response.content.decode()


def test_a_district_search_says_distances_are_from_its_middle_not_that_it_is_unknown(worker, world):
    page = worker.get(reverse("directory:search"), {"q": "walk", "postcode": "G51"})
    text = page.content.decode()
    assert "Distances are approximate: they are from the centre of G51." in text
    assert "could not find" not in text
    unknown = worker.get(reverse("directory:search"), {"q": "walk", "postcode": "G51 9ZZ"})
    assert (
        "We could not find G51 9ZZ exactly, so distances are from the centre of G51."
        in unknown.content.decode()
    )


def test_stale_and_organisation_changed_services_are_to_check(worker, world):
    Service.objects.filter(pk=world.service_x.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=200)
    )
    page = worker.get(reverse("directory:to_check")).content.decode()
    assert "Govan walking group" in page
    assert "Not verified in 6 months" in page
    assert "Another lunch club" not in page


def test_the_to_check_list_is_the_services_the_team_keeps(client, world):
    from linkwork.directory.services import create_organisation
    from linkwork.directory.tests.factories import service

    worker = world.users["link_worker"]
    inverclyde = create_organisation(name="Greenock Wellbeing Hub", hscp=world.hscp_b)
    unclaimed = create_organisation(name="Imported Food Larder")
    service(inverclyde, "Greenock men's shed", by=worker)
    pantry = service(unclaimed, "Pantry on Tuesdays", by=worker)
    Service.objects.update(last_verified_on=timezone.localdate() - timedelta(days=200))
    client.force_login(worker)
    page = client.get(reverse("directory:to_check")).content.decode()
    assert "Govan walking group" in page
    assert "Pantry on Tuesdays" not in page  # nobody's claimed it: national administrators'
    assert "Greenock men&#39;s shed" not in page
    # A role that does not keep the directory (here, volunteering for a partner) does not
    # widen the list to every HSCP's services.
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role

    assign_role(user=worker, role=Role.COMMUNITY_PARTNER, community_organisation=unclaimed)
    page = client.get(reverse("directory:to_check")).content.decode()
    assert "Greenock men&#39;s shed" not in page
    client.force_login(world.users["other_hscp_team_lead"])
    theirs = client.get(reverse("directory:to_check")).content.decode()
    assert "Greenock men&#39;s shed" in theirs
    assert "Govan walking group" not in theirs
    pantry.listed_by.add(world.hscp_b)  # Inverclyde lists the pantry: its team keeps it
    assert "Pantry on Tuesdays" in client.get(reverse("directory:to_check")).content.decode()
    client.force_login(world.users["national_administrator"])
    everything = client.get(reverse("directory:to_check")).content.decode()
    assert "Pantry on Tuesdays" in everything
    assert "Greenock men&#39;s shed" in everything


def test_unmet_needs_are_counted_by_need_and_area_within_scope(client, world):
    record_unmet_need(need="trauma", reason="wait_too_long", area="G51 3HR",
                      by=world.users["link_worker"])  # fmt: skip
    record_unmet_need(need="trauma", reason="wait_too_long", area="PA15",
                      by=world.users["other_hscp_link_worker"])  # fmt: skip
    client.force_login(world.users["commissioner"])
    page = client.get(reverse("reporting:unmet_needs")).content.decode()
    assert "G51" in page
    assert "PA15" not in page  # another HSCP's
    client.force_login(world.users["team_lead"])
    assert "G51" in client.get(reverse("reporting:unmet_needs")).content.decode()


def _three_sessions(world):
    from datetime import time

    from linkwork.directory.models import Schedule
    from linkwork.directory.services import WeeklyHours
    from linkwork.directory.services.records import _replace_hours

    service = world.service_x
    _replace_hours(
        service,
        [
            WeeklyHours(days=["TU"], opens_at=time(10), closes_at=time(12)),
            WeeklyHours(days=["TH"], opens_at=time(14), closes_at=time(16)),
            WeeklyHours(days=["SA"], opens_at=time(9), closes_at=time(11), description="Family"),
        ],
    )
    Schedule.objects.filter(service=service, byday="SA").update(notes="Not in August")
    return service


def _as_post(initial: dict) -> dict:
    data = {}
    for name, value in initial.items():
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif hasattr(value, "strftime"):
            data[name] = value.strftime("%H:%M")
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("editor", ["link_worker", "community_partner"])
def test_editing_a_service_keeps_every_opening_time(client, world, editor):
    from linkwork.directory.service_forms import initial_for

    service = _three_sessions(world)
    before = set(service.schedules.values_list("pk", flat=True))
    client.force_login(world.users[editor])
    url = reverse("directory:edit_service", args=[service.pk])
    page = client.get(url).content.decode()
    assert 'name="days_3"' in page
    data = _as_post(initial_for(service)) | {"description": "Now with a family walk"}
    data["closes_at_2"] = "17:00"
    response = client.post(url, data)
    assert response.status_code == 302
    rows = list(service.schedules.values_list("byday", "closes_at", "description", "notes"))
    assert len(rows) == 3
    assert {r[0] for r in rows} == {"TU", "TH", "SA"}
    assert [r[1].hour for r in rows if r[0] == "TH"] == [17]
    saturday = service.schedules.get(byday="SA")
    assert saturday.notes == "Not in August"  # unchanged rows are kept as they were
    assert saturday.pk in before


def test_emptying_an_opening_time_row_removes_only_that_row(worker, world):
    from linkwork.directory.service_forms import initial_for

    service = _three_sessions(world)
    data = _as_post(initial_for(service)) | {"description": "Walks and a family session"}
    for name in ("days_2", "opens_at_2", "closes_at_2", "hours_note_2"):
        data.pop(name, None)
    response = worker.post(reverse("directory:edit_service", args=[service.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert sorted(service.schedules.values_list("byday", flat=True)) == ["SA", "TU"]


def _selected(page: str, name: str) -> str:
    import re

    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else ""


def test_the_radius_the_page_shows_is_the_one_the_search_uses(worker, world):
    from linkwork.directory.forms import DEFAULT_RADIUS, SearchForm
    from linkwork.directory.search.query import DEFAULT_RADIUS_KM, Query

    assert float(DEFAULT_RADIUS) == DEFAULT_RADIUS_KM == Query().radius_km == 5
    for params in ({}, {"q": "walk", "postcode": "G51 3HR"}):
        page = worker.get(reverse("directory:search"), params).content.decode()
        assert _selected(page, "radius") == DEFAULT_RADIUS, params
    form = SearchForm({"q": "walk", "postcode": "G51"})
    assert form.is_valid()
    assert form.query().radius_km == DEFAULT_RADIUS_KM


def test_the_directory_api_searches_the_same_default_radius(world):
    from linkwork.directory.api import SearchParams
    from linkwork.directory.search.query import DEFAULT_RADIUS_KM

    assert SearchParams().radius_km == DEFAULT_RADIUS_KM


def _unmet_form(page: str) -> str:
    start = page.index('action="/directory/unmet-needs/new/"')
    return page[start : page.index("</form>", start)]


def test_the_unmet_need_form_carries_the_need_and_area_searched(worker, world):
    page = worker.get(
        reverse("directory:search"), {"need": "housing", "postcode": "G51 3HR"}
    ).content.decode()
    form = _unmet_form(page)
    assert form.count('name="need"') == 1
    assert 'name="need" value="housing"' in form
    assert 'name="area" value="G51"' in form
    worded = _unmet_form(
        worker.get(reverse("directory:search"), {"q": "walking group"}).content.decode()
    )
    assert _selected(worded, "need") == "physical_activity"
    blank = _unmet_form(worker.get(reverse("directory:search"), {"day": "SU"}).content.decode())
    assert _selected(blank, "need") == ""


def test_an_unmet_need_from_a_case_search_keeps_the_homes_district(worker, world):
    from linkwork.directory.models import UnmetNeed

    world.case_x.person.__class__.objects.filter(pk=world.case_x.person.pk).update(
        postcode="G51 3HR"
    )
    page = worker.get(
        reverse("directory:search"), {"case": world.case_x.pk, "need": "housing"}
    ).content.decode()
    form = _unmet_form(page)
    assert 'name="area" value="G51"' in form
    worker.post(
        reverse("directory:record_unmet_need"),
        {"case": world.case_x.pk, "need": "housing", "area": "G51", "reason": "none_exists"},
    )
    unmet = UnmetNeed.objects.get()
    assert (unmet.need, unmet.area, unmet.search["postcode"]) == ("housing", "G51", "G51")


def test_phone_or_online_is_said_only_in_a_search_from_a_place(worker, world):
    from linkwork.directory.tests.factories import service

    service(world.other_org, "Phone befriending", postcode=None, by_phone=True, in_person=False)
    without = worker.get(reverse("directory:search"), {"q": "befriending walking"})
    assert "Phone befriending" in without.content.decode()
    assert "Phone or online" not in without.content.decode()
    near = worker.get(reverse("directory:search"), {"q": "befriending", "postcode": "G51 3HR"})
    assert "Phone or online" in near.content.decode()
    detail = worker.get(reverse("directory:service", args=[world.service_x.pk]))
    assert "Phone or online" not in detail.content.decode()


def test_a_worker_sets_a_waiting_list_with_its_wait_or_pauses_a_service(worker, world):
    service = world.service_x
    for url in (
        reverse("directory:service", args=[service.pk]),
        reverse("directory:edit_service", args=[service.pk]),
    ):
        page = worker.get(url).content.decode()
        assert 'name="wait_weeks"' in page, url
        assert 'value="paused"' in page, url
    capacity = reverse("directory:set_capacity", args=[service.pk])
    worker.post(capacity, {"status": "waiting_list", "wait_weeks": "6"})
    service.refresh_from_db()
    assert (service.capacity_status, service.capacity_wait_weeks) == ("waiting_list", 6)
    assert service.capacity_set_by == world.users["link_worker"]
    assert service.capacity_set_at is not None
    assert not service.capacity_set_by_organisation
    page = worker.get(reverse("directory:service", args=[service.pk])).content.decode()
    assert "Waiting list: about 6 weeks" in page
    assert world.users["link_worker"].get_full_name() in page
    worker.post(capacity, {"status": "paused", "wait_weeks": "6"})
    service.refresh_from_db()
    assert (service.capacity_status, service.capacity_wait_weeks) == ("paused", None)


def test_a_bad_typical_wait_is_named_and_changes_nothing(worker, world):
    capacity = reverse("directory:set_capacity", args=[world.service_x.pk])
    response = worker.post(capacity, {"status": "waiting_list", "wait_weeks": "lots"}, follow=True)
    assert "Typical wait: enter a whole number of weeks" in response.content.decode()
    world.service_x.refresh_from_db()
    assert world.service_x.capacity_status == "open"


def test_the_partner_pauses_or_sets_a_waiting_list_in_one_click(client, world):
    client.force_login(world.users["community_partner"])
    page = client.get(reverse("directory:partner_services")).content.decode()
    assert 'value="paused"' in page
    assert 'name="wait_weeks"' in page
    capacity = reverse("directory:set_capacity", args=[world.service_x.pk])
    response = client.post(
        capacity,
        {
            "status": "waiting_list",
            "wait_weeks": "3",
            "next": reverse("directory:partner_services"),
        },
    )
    assert response.url == reverse("directory:partner_services")
    world.service_x.refresh_from_db()
    assert world.service_x.capacity_wait_weeks == 3
    assert world.service_x.capacity_set_by == world.users["community_partner"]
    assert world.service_x.capacity_set_by_organisation
    client.post(capacity, {"status": "paused"})
    world.service_x.refresh_from_db()
    assert world.service_x.capacity_status == "paused"
    assert (
        "Paused or closed for now"
        in client.get(reverse("directory:partner_services")).content.decode()
    )


def test_the_partner_says_full_until_march_and_link_workers_read_it(client, world):
    client.force_login(world.users["community_partner"])
    services_page = reverse("directory:partner_services")
    assert 'name="note"' in client.get(services_page).content.decode()
    capacity = reverse("directory:set_capacity", args=[world.service_x.pk])
    client.post(capacity, {"status": "full", "note": "Full until March", "next": services_page})
    world.service_x.refresh_from_db()
    assert (world.service_x.capacity_status, world.service_x.capacity_note) == (
        "full",
        "Full until March",
    )
    assert "Full until March" in client.get(services_page).content.decode()
    client.force_login(world.users["link_worker"])
    search = client.get(reverse("directory:search"), {"include_full": "on"}).content.decode()
    assert "Full until March" in search


@pytest.mark.parametrize(
    ("typed", "named", "box"),
    [
        ({"wait_weeks": "three", "note": "Full until March"}, "enter a whole number", "wait-weeks"),
        ({"wait_weeks": "3", "note": "x" * 301}, "Shorten the note", "capacity-note"),
    ],
)
def test_a_refused_capacity_names_the_service_and_keeps_what_was_typed(
    client, world, typed, named, box
):
    """A partner's page has a card for each service: the refusal says which, and the wait
    and note typed are kept, the error at its box."""
    client.force_login(world.users["community_partner"])
    capacity = reverse("directory:set_capacity", args=[world.service_x.pk])
    back = reverse("directory:partner_services")
    response = client.post(capacity, {"status": "waiting_list", "next": back, **typed})
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert world.service_x.name in page
    assert named in page
    pk = world.service_x.pk
    assert f'href="#{box}-{pk}"' in page  # the summary's link reaches the box
    assert f'id="{box}-{pk}-error"' in page
    for value in typed.values():
        assert f'value="{value}"' in page
    assert f'href="{back}"' in page
    world.service_x.refresh_from_db()
    assert world.service_x.capacity_status != "waiting_list"


def test_an_unmet_need_without_a_need_comes_back_with_the_error_at_the_field(worker, world):
    from linkwork.directory.models import UnmetNeed

    searched = reverse("directory:search") + "?q=underwater+basket+weaving&postcode=G51"
    response = worker.post(
        reverse("directory:record_unmet_need"),
        {"next": searched, "q": "underwater basket weaving", "reason": "none_exists"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#unmet_need">' in page
    assert "Choose the need that could not be met" in page
    assert 'class="nhsuk-select nhsuk-select--error" id="unmet_need"' in page
    assert 'value="underwater basket weaving"' in page  # the search is still there
    assert "0 services found" in page
    assert f'name="next" value="{searched}"'.replace("&", "&amp;") in page
    assert not UnmetNeed.objects.exists()
    search = reverse("directory:search")
    assert f'<form method="get" action="{search}"' in page  # searching again works from here


def test_the_search_and_unmet_need_forms_do_not_share_ids(worker, world):
    page = worker.get(reverse("directory:search"), {"q": "walking"}).content.decode()
    assert page.count('id="id_need"') == 1
    assert page.count('id="unmet_need"') == 1
    assert 'for="unmet_need"' in page


def test_the_services_history_says_who_changed_what(worker, world):
    from linkwork.directory.services import records

    partner = world.users["community_partner"]
    records.update_service(
        service=world.service_x,
        by=partner,
        fields={"description": "Now with a longer route", "wait_time": "none"},
        by_organisation=True,
    )
    records.set_capacity(service=world.service_x, status="full", by=world.users["link_worker"])
    page = worker.get(reverse("directory:service", args=[world.service_x.pk])).content.decode()
    history = page.split("History</h2>")[1]
    name = partner.get_full_name()
    assert f"Changed by {name}: description, wait time" in history
    worker_name = world.users["link_worker"].get_full_name()
    assert f"Changed by {worker_name}: capacity status" in history
    assert "capacity set at" not in history


def test_the_typical_wait_is_folded_away_unless_there_is_a_waiting_list(client, world):
    from linkwork.directory.services import set_capacity

    client.force_login(world.users["community_partner"])
    url = reverse("directory:partner_services")

    def wait_box_open() -> bool:
        page = client.get(url).content.decode()
        details = page.split('<details class="nhsuk-details', 1)[1].split(">", 1)[0]
        return " open" in details

    assert not wait_box_open()
    set_capacity(
        service=world.service_x, status="waiting_list", wait_weeks=4, by=world.users["link_worker"]
    )
    assert wait_box_open()


def test_a_page_number_beyond_any_search_shows_a_page_not_a_server_error(worker, world):
    """A page of 10^20 would be an offset no database can take."""
    for params in ({"day": "MO"}, {"q": "walk"}):
        response = worker.get(reverse("directory:search"), {**params, "page": "1" + "0" * 20})
        assert response.status_code == 200, params


def test_an_age_no_database_column_holds_is_named(worker, world):
    response = worker.post(
        reverse("directory:new_service"),
        {"name": "Walks", "eligible_gender": "any", "minimum_age": "99999999999",
         "maximum_age": "121"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a minimum age from 0 to 120" in page
    assert "Enter a maximum age from 0 to 120" in page
