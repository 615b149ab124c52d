"""The error pages, as the public and as staff meet them."""

from django.urls import reverse


def test_a_member_of_the_public_is_not_sent_to_a_home_page_they_do_not_have(client, db):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Go to your home page" not in html
    assert reverse("referrals:self_referral") in html
    assert reverse("accounts:sign_in") in html


def test_staff_are_sent_to_their_home_page(client, world):
    client.force_login(world.users["link_worker"])
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "Go to your home page" in page.content.decode()
