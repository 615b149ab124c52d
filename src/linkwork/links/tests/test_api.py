"""Links over HTTP with bearer tokens: the same journey as the browser's (search, refer,
the organisation answers, then an unmet need), and the community partner's limits."""

from linkwork.casework.tests.test_api import errors_by_field
from linkwork.directory.models import UnmetNeed


def test_search_refer_attend_and_unmet_need_over_http(api, world):
    worker, partner = api(world.users["link_worker"]), api(world.users["community_partner"])
    found = worker.get("/directory/services", need="physical_activity", postcode="G51 1GB")
    assert found.status_code == 200
    results = found.json()["results"]
    walk = next(r for r in results if r["name"] == "Govan walking group")
    assert walk["capacity_label"] == "Open to new referrals"
    assert walk["distance_km"] < 2
    detail = worker.get(f"/directory/services/{walk['id']}").json()
    assert detail["opening_times"] == ["Tuesday 10:00–12:00"]

    made = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {
            "service_id": walk["id"],
            "need": "physical_activity",
            "consent_to_share": True,
            "share": ["contact_details"],
        },
    )
    assert made.status_code == 201, made.content
    link_id = made.json()["id"]

    mine = partner.get("/links").json()
    assert link_id in [link["id"] for link in mine]
    assert all(link["service"] == "Govan walking group" for link in mine)
    assert all("case_id" not in link or link["case_id"] is None for link in mine)
    seen = partner.get(f"/links/{link_id}").json()
    assert seen["shared_name"] == world.case_x.person.full_name
    assert seen["reason"] == ""
    for status in ("acknowledged", "accepted", "first_attended"):
        step = partner.post(f"/links/{link_id}/steps", {"status": status})
        assert step.status_code == 200, step.content
    assert worker.get(f"/links/{link_id}").json()["status"] == "first_attended"
    assert partner.post(f"/links/{link_id}/steps", {"status": "sent"}).status_code == 409

    nothing = worker.get("/directory/services", q="immigration solicitor", postcode="G51 1GB")
    assert nothing.json()["total"] == 0
    unmet = worker.post(
        "/directory/unmet-needs",
        {
            "need": "legal_immigration",
            "reason": "none_exists",
            "area": "G51 1GB",
            "case_id": world.case_x.pk,
        },
    )
    assert unmet.status_code == 201
    assert unmet.json()["area"] == "G51"
    assert UnmetNeed.objects.get().case == world.case_x


def test_sharing_without_consent_is_a_422_naming_the_field(api, world):
    worker = api(world.users["link_worker"])
    response = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {"service_id": world.service_x.pk, "share": ["reason"], "reason": "x"},
    )
    assert "consent_to_share" in errors_by_field(response)


def test_sending_without_the_persons_agreement_is_a_422_and_nothing_is_made(api, world):
    worker = api(world.users["link_worker"])
    before = world.case_x.links.count()
    response = worker.post(f"/cases/{world.case_x.pk}/links", {"service_id": world.service_x.pk})
    assert "signpost" in errors_by_field(response)["consent_to_share"]
    assert world.case_x.links.count() == before


def test_the_partner_cannot_reach_another_organisations_link_or_a_case(api, world):
    partner = api(world.users["community_partner"])
    assert partner.get(f"/links/{world.link_other.pk}").status_code == 404
    step = partner.post(f"/links/{world.link_other.pk}/steps", {"status": "accepted"})
    assert step.status_code == 404
    assert partner.get(f"/cases/{world.case_x.pk}").status_code in (403, 404)
    made = partner.post(f"/cases/{world.case_x.pk}/links", {"service_id": world.service_x.pk})
    assert made.status_code == 404
    assert partner.get("/directory/services").status_code == 403


def test_the_links_list_pages_in_its_plain_shape_saying_how_many_and_where_next(api, world):
    """A data warehouse paging through links is never left short unawares: the body stays
    a list; X-Total-Count and a Link rel="next" header say how many and where the rest is."""
    from linkwork.links.services import create_link

    for _ in range(2):  # with the world's own link, three on the worker's cases
        create_link(
            case=world.case_x,
            service=world.service_x,
            by=world.users["link_worker"],
            need="debt",
            consent_to_share=True,
            shares_contact_details=True,
            shares_reason=False,
            reason="",
        )
    worker = api(world.users["link_worker"])
    first = worker.get("/links", limit=2)
    assert first.status_code == 200
    total = int(first["X-Total-Count"])
    assert total >= 3
    assert len(first.json()) == 2
    next_page = first["Link"].split(">")[0].lstrip("<")
    assert next_page.startswith("/api/v1/links?")
    assert "offset=2" in next_page
    assert "limit=2" in next_page
    seen = [link["id"] for link in first.json()]
    offset = 2
    while True:
        page = worker.get("/links", limit=2, offset=offset)
        seen += [link["id"] for link in page.json()]
        if "Link" not in page:
            break
        offset += 2
    assert len(seen) == len(set(seen)) == total  # each once, none left out
    assert worker.get("/links", limit=501).status_code == 422
