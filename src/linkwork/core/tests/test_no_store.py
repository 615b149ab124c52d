"""Pages and API responses with personal data say `Cache-Control: no-store`
(core/middleware.py: no_store_middleware); public ones are left to cache."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from linkwork.accounts.tokens import issue_token
from linkwork.core.middleware import no_store_middleware


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_to_a_signed_in_user_says_no_store(client, world):
    client.force_login(world.users["link_worker"])
    case = reverse("casework:case_detail", kwargs={"pk": world.case_x.pk})
    for path in (case, reverse("home:link_worker"), reverse("directory:search")):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", path
    refused = client.get(reverse("casework:case_detail", kwargs={"pk": world.case_z.pk}))
    assert refused.status_code == 404
    assert no_store(refused)


def test_every_api_response_says_no_store(client, world):
    _, token = issue_token(user=world.users["link_worker"], name="script")
    case = reverse("api:case_detail", kwargs={"case_id": world.case_x.pk})
    answered = client.get(case, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answered.status_code == 200
    assert no_store(answered)
    assert no_store(client.get(case))  # 401, anonymous


def test_a_header_that_already_forbids_storing_is_kept(client, world):
    client.force_login(world.users["link_worker"])
    response = client.get(reverse("accounts:api_tokens"))  # never_cache: the new token
    assert "no-store" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]


def _cache_control(client, path) -> str | None:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get("Cache-Control")


def test_public_pages_the_oruk_api_and_healthz_are_left_alone(client, world):
    assert not no_store(client.get(reverse("core:accessibility")))  # anonymous: nothing personal
    assert not no_store(client.get(reverse("oruk:services")))
    paths = (reverse("oruk:services"), reverse("core:healthz"))
    anonymous = {path: _cache_control(client, path) for path in paths}
    client.force_login(world.users["link_worker"])
    for path in paths:  # signing in changes nothing about them
        assert _cache_control(client, path) == anonymous[path], path


def test_static_files_are_left_alone_even_for_a_signed_in_user(rf, world):
    """WhiteNoise answers them before this middleware, and the middleware passes them by."""
    request = rf.get(settings.STATIC_URL + "linkwork/app.css")
    request.user = world.users["link_worker"]
    response = no_store_middleware(lambda request: HttpResponse("css"))(request)
    assert "Cache-Control" not in response
