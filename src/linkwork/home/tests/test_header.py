"""The page header: rendered once per account and navigation, yet right for each request."""

import re

from django.test import Client
from django.urls import reverse

from linkwork.casework.tests.factories import CaseFactory


def header_of(client, user, path: str) -> str:
    client.force_login(user)
    page = client.get(path, follow=True).content.decode()
    return page[page.index("<header") : page.index("</header>")]


def test_a_name_with_markup_is_shown_as_text_not_run(client, link_worker):
    link_worker.first_name = '<script>alert("x")</script>'
    link_worker.save()
    header = header_of(client, link_worker, reverse("home:home"))
    assert "<script>alert" not in header
    assert "&lt;script&gt;alert" in header


def test_the_header_names_the_user_and_their_organisation(client, world, link_worker):
    header = header_of(client, link_worker, reverse("home:home"))
    assert f"{link_worker.get_full_name()} · {world.provider_a}" in header


def test_the_current_page_is_marked_and_moves_with_the_address(client, link_worker):
    queue, listing = reverse("referrals:queue"), reverse("referrals:list")
    on_queue = header_of(client, link_worker, queue)
    on_list = header_of(client, link_worker, listing)
    assert on_queue != on_list
    for header, here in ((on_queue, queue), (on_list, listing)):
        current = header[: header.index('aria-current="page"')]
        assert current.rindex(f'href="{here}"') > max(
            current.rfind('href="' + other + '"') for other in (queue, listing) if other != here
        )


def test_each_page_carries_its_own_sign_out_token(client, link_worker):
    client.force_login(link_worker)
    first = client.get(reverse("home:home"), follow=True)
    second = client.get(reverse("home:home"), follow=True)
    token = 'name="csrfmiddlewaretoken" value="'
    for response in (first, second):
        page = response.content.decode()
        header = page[page.index("<header") : page.index("</header>")]
        assert token in header
        assert "<!--sign-out-->" not in header
    assert client.post(reverse("accounts:sign_out")).status_code == 302


def test_signed_out_pages_have_a_header_without_account_or_navigation(client, db):
    page = client.get(reverse("accounts:sign_in")).content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert "nhsuk-header__account" not in header
    assert "Sign out" not in header
    assert "Accessibility statement" in page


def test_a_pages_forms_share_one_masked_token_that_each_accepts(db, link_worker):
    """Masked once a page (home/context_processors.py: _csrf), as `{% csrf_token %}` is."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(link_worker)
    case = CaseFactory(link_worker__user=link_worker)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) > 1  # the header's form and the page's
    assert len(set(tokens)) == 1
    refused = client.post(reverse("accounts:sign_out"))
    assert refused.status_code == 403  # no token: the check is on
    signed_out = client.post(reverse("accounts:sign_out"), {"csrfmiddlewaretoken": tokens[-1]})
    assert signed_out.status_code == 302


def signed_in(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home:home"), follow=True).content.decode()


def test_every_page_starts_with_the_skip_link_as_the_nhs_macro_renders_it(client, link_worker):
    """Rendered once a process (home/context_processors.py: _skip_link), first in <body>."""
    from django.template import engines

    macro = engines["jinja2"].env.get_template("nhsuk/components/skip-link/macro.jinja")
    link = str(macro.module.skipLink({"href": "#maincontent", "text": "Skip to main content"}))
    for page in (
        client.get(reverse("accounts:sign_in")).content.decode(),
        signed_in(client, link_worker),
    ):
        body = page[page.index("<body") : page.index("<header")]
        assert link.strip() in body
        assert 'id="maincontent"' in page
