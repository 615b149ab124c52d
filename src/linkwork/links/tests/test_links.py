"""Linking from a case, the organisation answering in its portal, and what each may see."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.tokens import issue_token
from linkwork.directory.models import Organisation
from linkwork.links.models import Link
from linkwork.links.services import LinkRefused, add_working_days, advance, create_link, overdue


@pytest.fixture
def worker_client(client, world):
    client.force_login(world.users["link_worker"])
    return client


def refer_afresh(world) -> None:
    """The world's case_x is already referred to service_x (link_x, sent): ended, so a
    test may refer it there again (a second open referral to one service is refused)."""
    Link.objects.filter(pk=world.link_x.pk).update(status="stopped")


def test_search_from_a_case_uses_the_persons_home_and_offers_refer(worker_client, world):
    response = worker_client.get(
        reverse("directory:search"), {"case": world.case_x.pk, "need": "physical_activity"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Govan walking group" in page
    assert reverse("links:refer", args=[world.case_x.pk, world.service_x.pk]) in page


def test_refer_with_consent_sends_and_emails_without_personal_data(
    worker_client, world, django_capture_on_commit_callbacks
):
    refer_afresh(world)
    mail.outbox.clear()
    Organisation.objects.filter(pk=world.partner_org.pk).update(email="in@govan.example.org")
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(
            url,
            {
                "need": "social_isolation",
                "consent_to_share": "on",
                "shares": ["contact_details", "reason"],
                "reason": "I'd like to meet folk",
                "support_type": "supported_referral",
                "action": "send",
            },
        )
    assert response.status_code == 302
    link = Link.objects.filter(need="social_isolation").get()
    assert link.status == "sent"
    assert link.shared_name == world.case_x.person.full_name
    assert link.events.filter(status="sent", route="linkwork").exists()
    email = mail.outbox[-1]
    assert email.to == ["in@govan.example.org"]
    assert world.case_x.person.family_name not in email.body + email.subject
    assert "Sign in" in email.body


def test_refer_and_signpost_from_a_word_search_carry_the_need_its_words_point_to(
    worker_client, world
):
    response = worker_client.get(
        reverse("directory:search"), {"case": world.case_x.pk, "q": "walking group"}
    )
    page = response.content.decode()
    refer = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    assert f"{refer}?need=physical_activity" in page
    assert '<input type="hidden" name="need" value="physical_activity">' in page


def test_a_referral_without_a_need_names_the_field(worker_client, world):
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    response = worker_client.post(url, {"action": "send"})
    assert response.status_code == 400
    assert "Choose which need this referral is for" in response.content.decode()
    assert (
        not Link.objects.filter(case=world.case_x, service=world.service_x)
        .exclude(pk=world.link_x.pk)
        .exists()
    )


def test_a_reason_written_but_not_ticked_to_share_is_not_silently_dropped(worker_client, world):
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    before = Link.objects.count()
    response = worker_client.post(
        url,
        {
            "need": "social_isolation",
            "consent_to_share": "on",
            "shares": ["contact_details"],
            "reason": "I'd like to meet folk",
            "action": "send",
        },
    )
    assert response.status_code == 400
    assert "to share this reason, or clear it" in response.content.decode()
    assert "I&#39;d like to meet folk" in response.content.decode()  # what was typed is kept
    assert Link.objects.count() == before


def test_sharing_without_consent_is_refused_and_the_form_kept(worker_client, world):
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    response = worker_client.post(
        url,
        {
            "need": "food",
            "shares": ["reason"],
            "reason": "Hungry",
            "support_type": "practical_help",
            "action": "send",
        },
    )
    assert response.status_code == 400
    assert "agreement before sharing" in response.content.decode()
    assert "Hungry" in response.content.decode()


def test_the_same_referral_sent_again_is_not_sent_twice(worker_client, world):
    """Back after Send referral, then Send again: the organisation would get the person
    twice. The second is refused, saying so, and the form keeps what was typed."""
    assert world.case_x.links.filter(service=world.service_x, status="sent").exists()
    before = Link.objects.count()
    response = worker_client.post(
        reverse("links:refer", args=[world.case_x.pk, world.service_x.pk]),
        {
            "need": "social_isolation",
            "consent_to_share": "on",
            "shares": ["contact_details", "reason"],
            "reason": "To meet folk",
            "support_type": "supported_referral",
            "action": "send",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "is already referred to Govan walking group (sent)" in page
    assert "To meet folk" in page
    assert Link.objects.count() == before


def test_a_referral_is_sent_only_with_the_persons_agreement(worker_client, world):
    refer_afresh(world)
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    before = Link.objects.count()
    refused = worker_client.post(
        url, {"need": "food", "support_type": "supported_referral", "action": "send"}
    )
    assert refused.status_code == 400
    assert "agrees to be referred" in refused.content.decode()
    assert Link.objects.count() == before
    # A draft may wait for the agreement, but is not sent without it.
    worker_client.post(url, {"need": "food", "support_type": "advocacy", "action": "draft"})
    draft = Link.objects.get(need="food")
    step = reverse("links:link_step", args=[draft.pk])
    worker_client.post(step, {"status": "sent", "route": "phone"})
    draft.refresh_from_db()
    assert (draft.status, draft.sent_at) == ("draft", None)
    # Nor is it left hanging on the case: it may be withdrawn, never having been sent.
    page = worker_client.get(reverse("links:link", args=[draft.pk])).content.decode()
    assert "Withdraw the draft" in page
    worker_client.post(step, {"status": "stopped", "route": "linkwork"})
    draft.refresh_from_db()
    assert (draft.status, draft.sent_at, draft.shared_name) == ("stopped", None, "")
    # The organisation never hears of a referral that was never sent.
    from linkwork.accounts.authorisation import visible
    from linkwork.accounts.roles import Permission

    partner = world.users["community_partner"]
    assert draft.organisation == world.partner_org
    assert not visible(partner, Permission.RESPOND_TO_LINK, Link.objects.filter(pk=draft.pk))


def test_a_signpost_is_one_click_and_shares_nothing(worker_client, world):
    url = reverse("links:signpost", args=[world.case_x.pk, world.service_x.pk])
    worker_client.post(url, {"need": "food"})
    link = Link.objects.get(status="signposted")
    assert link.shared_name == ""
    assert not link.consent_to_share


def test_the_partner_sees_only_their_links_and_only_what_was_shared(client, world):
    client.force_login(world.users["community_partner"])
    page = client.get(reverse("links:partner_links")).content.decode()
    assert "I want to get out more" in page
    assert "Another lunch club" not in page
    assert world.case_x.person.chi not in page
    other = client.get(reverse("links:partner_link", args=[world.link_other.pk]))
    assert other.status_code == 404


def test_the_partner_answers_in_one_click_and_the_case_shows_it(client, world):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "accepted"})
    client.post(step, {"status": "first_attended", "confirmed": "yes"})  # asked, then saved
    link = Link.objects.get(pk=world.link_x.pk)
    assert link.status == "first_attended"
    assert link.events.filter(by_organisation=True).count() == 2
    client.force_login(world.users["link_worker"])
    case_page = client.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert "Link to Govan walking group: First attended" in case_page.content.decode()


def test_the_case_timeline_says_who_took_the_links_latest_step(client, world):
    from linkwork.links.timeline import link_entries

    partner = world.users["community_partner"]
    advance(link=world.link_x, status="accepted", by=partner, by_organisation=True)
    entry = next(e for e in link_entries(world.case_x) if e.title.endswith("Accepted"))
    assert entry.by == f"{partner.get_full_name()}, {world.partner_org.name}"
    worker = world.users["link_worker"]
    advance(link=world.link_x, status="first_attended", by=worker, route="phone")
    entry = next(e for e in link_entries(world.case_x) if e.title.endswith("First attended"))
    assert entry.by == worker.get_full_name()


def test_a_decline_needs_a_reason(client, world):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "declined"})
    assert Link.objects.get(pk=world.link_x.pk).status == "sent"
    client.post(step, {"status": "declined", "reason": "no_capacity"})
    assert Link.objects.get(pk=world.link_x.pk).decline_reason == "no_capacity"


def test_the_partner_declines_with_a_line_for_the_link_worker(client, world):
    """'Other' alone told the link worker nothing: the card has a note box by the reason."""
    client.force_login(world.users["community_partner"])
    listing = client.get(reverse("links:partner_links")).content.decode()
    card = listing[listing.index(f'id="link-{world.link_x.pk}"') :]
    assert f'id="note-{world.link_x.pk}" name="note"' in card[: card.index("</form>")]
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "declined", "reason": "other", "note": "Group is women only"})
    event = Link.objects.get(pk=world.link_x.pk).events.get(status="declined")
    assert (event.reason, event.note) == ("other", "Group is women only")
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("links:link", args=[world.link_x.pk])).content.decode()
    assert "Group is women only" in page


@pytest.mark.parametrize(
    ("reason", "note", "named"),
    [("other", "x" * 501, "Shorten the note to 500 characters"), ("", "Group is women only", "")],
)
def test_a_refused_decline_keeps_the_reason_chosen_and_the_note_typed(
    client, world, reason, note, named
):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    response = client.post(step, {"status": "declined", "reason": reason, "note": note})
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert f'value="{note}"' in page
    if reason:
        assert f'<option value="{reason}" selected>' in page
    else:
        assert "Choose why the referral is declined" in page
    assert named in page
    assert Link.objects.get(pk=world.link_x.pk).status != "declined"


def test_a_partners_step_message_says_which_referral_and_returns_to_its_card(client, world):
    client.force_login(world.users["community_partner"])
    Link.objects.filter(pk=world.link_x.pk).update(shared_name="Jim Brown")
    step = reverse("links:link_step", args=[world.link_x.pk])
    listing = reverse("links:partner_links")
    response = client.post(step, {"status": "declined", "next": listing}, follow=True)
    assert response.redirect_chain[0][0] == f"{listing}#link-{world.link_x.pk}"
    page = response.content.decode()
    assert "Jim Brown · Govan walking group: Choose why the referral is declined" in page
    assert f'id="link-{world.link_x.pk}"' in page


def test_a_partners_refused_step_is_said_in_its_card_too(client, world):
    """The page comes back scrolled to the card: on a long list the banner at the top is
    off screen, and the Decline seemed to do nothing."""
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    listing = reverse("links:partner_links")
    page = client.post(step, {"status": "declined", "next": listing}, follow=True)
    page = page.content.decode()
    card = page[page.index(f'id="link-{world.link_x.pk}"') :]
    card = card[: card.index("</form>")]
    error = f'id="link-{world.link_x.pk}-error"'
    assert error in card
    assert "Choose why the referral is declined" in card[card.index(error) :]
    assert f'aria-describedby="link-{world.link_x.pk}-error"' in card
    # Only the card whose step was refused, and only once: the next page has neither.
    assert page.count("nhsuk-error-message") == 1
    assert error not in client.get(listing).content.decode()


def test_the_partner_sees_which_answers_are_overdue(client, world):
    client.force_login(world.users["community_partner"])
    listing = reverse("links:partner_links")
    assert "overdue" not in client.get(listing).content.decode()
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=timezone.now() - timedelta(days=30))
    page = client.get(listing).content.decode()
    assert "<strong>overdue:</strong> an answer was due by" in page


def test_referrals_waiting_for_the_partners_answer_come_first(client, world):
    """A referral sent later, already accepted, used to sit above one waiting for weeks."""
    later = create_link(
        case=world.case_x,
        service=world.service_x,
        by=world.users["link_worker"],
        need="physical_activity",
        consent_to_share=True,
        shares_contact_details=True,
    )
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=timezone.now() - timedelta(days=20))
    advance(link=later, status="accepted", by=world.users["community_partner"])
    client.force_login(world.users["community_partner"])
    page = client.get(reverse("links:partner_links")).content.decode()
    assert page.index(f'id="link-{world.link_x.pk}"') < page.index(f'id="link-{later.pk}"')


def test_the_partner_cannot_answer_another_organisations_link(client, world):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_other.pk])
    assert client.post(step, {"status": "accepted"}).status_code == 404
    assert Link.objects.get(pk=world.link_other.pk).status == "sent"


def test_steps_out_of_order_are_refused(world):
    with pytest.raises(LinkRefused, match="cannot be marked finished"):
        advance(link=world.link_x, status="finished", by=world.users["link_worker"])


def test_a_worker_records_the_organisations_answer_by_phone(worker_client, world):
    step = reverse("links:link_step", args=[world.link_x.pk])
    worker_client.post(step, {"status": "accepted", "route": "phone"})
    event = Link.objects.get(pk=world.link_x.pk).events.get(status="accepted")
    assert event.route == "phone"
    assert not event.by_organisation


def test_links_not_answered_in_ten_working_days_are_overdue(world):
    sent = timezone.now() - timedelta(days=20)
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=sent)
    assert world.link_x in overdue(Link.objects.all())
    assert add_working_days(timezone.localdate().replace(day=1), 0).day == 1


def test_the_worker_home_lists_links_to_chase(worker_client, world):
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=timezone.now() - timedelta(days=30))
    page = worker_client.get(reverse("home:link_worker")).content.decode()
    assert "Links to chase" in page
    assert "Govan walking group" in page


def test_a_link_to_chase_says_how_to_reach_the_organisation(worker_client, world):
    """Chasing an answer, the worker has the service's referral email and phone on the
    link's page, and its directory entry one click away."""
    from linkwork.directory.models import Service

    Service.objects.filter(pk=world.service_x.pk).update(
        referral_email="referrals@govan.example.org", referral_phone="0141 496 0500"
    )
    Link.objects.filter(pk=world.link_x.pk).update(sent_at=timezone.now() - timedelta(days=30))
    page = worker_client.get(reverse("links:link", args=[world.link_x.pk])).content.decode()
    assert "referrals@govan.example.org" in page
    assert "0141 496 0500" in page
    assert reverse("directory:service", args=[world.service_x.pk]) in page


def test_each_referral_the_partner_is_shown_is_audited(client, world):
    from linkwork.audit.models import AuditEvent

    client.force_login(world.users["community_partner"])
    client.get(reverse("links:partner_links"))
    partner = world.users["community_partner"]
    event = AuditEvent.objects.filter(object_type="links.link", actor=partner).get()
    assert (event.object_id, event.person_id) == (str(world.link_x.pk), world.case_x.person_id)
    assert event.action == "view"


def test_a_draft_sent_from_its_page_is_sent_like_any_other(
    worker_client, world, django_capture_on_commit_callbacks
):
    refer_afresh(world)
    from linkwork.audit.models import Action, AuditEvent

    Organisation.objects.filter(pk=world.partner_org.pk).update(email="in@govan.example.org")
    refer = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    worker_client.post(
        refer,
        {"need": "money_benefits", "consent_to_share": "on", "shares": ["contact_details"],
         "support_type": "supported_referral", "action": "draft"},
    )  # fmt: skip
    draft = Link.objects.get(need="money_benefits")
    assert (draft.status, draft.shared_name) == ("draft", "")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(
            reverse("links:link_step", args=[draft.pk]), {"status": "sent", "route": "phone"}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "sent"
    assert draft.sent_at is not None
    assert draft.shared_name == world.case_x.person.full_name  # what is shared was copied
    assert draft.events.filter(status="sent").exists()
    assert [m.to for m in mail.outbox] == [["in@govan.example.org"]]
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(draft.pk)).exists()


def test_advancing_a_draft_to_sent_goes_through_send_link(world):
    draft = create_link(
        case=world.case_x, service=world.service_x, by=world.users["link_worker"],
        consent_to_share=True, shares_contact_details=True, send=False,
    )  # fmt: skip
    sent = advance(link=draft, status="sent", by=world.users["link_worker"])
    assert sent.sent_at is not None
    assert sent.shared_name == world.case_x.person.full_name


def test_the_partner_list_never_shows_what_was_not_shared(client, world):
    Link.objects.filter(pk=world.link_x.pk).update(
        shares_reason=False, shares_contact_details=False, shared_name="", shared_phone=""
    )
    client.force_login(world.users["community_partner"])
    page = client.get(reverse("links:partner_links")).content.decode()
    assert "Name not shared" in page
    assert "I want to get out more" not in page
    assert world.case_x.person.full_name not in page


def test_a_partner_cannot_step_another_organisations_link_by_page_or_api(client, world):
    partner = world.users["community_partner"]
    client.force_login(partner)
    response = client.post(
        reverse("links:link_step", args=[world.link_other.pk]), {"status": "accepted"}
    )
    assert response.status_code == 404
    _, token = issue_token(user=partner, name="test")
    response = client.post(
        f"/api/v1/links/{world.link_other.pk}/steps",
        {"status": "accepted"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
    world.link_other.refresh_from_db()
    assert world.link_other.status == "sent"
    listed = client.get("/api/v1/links", headers={"Authorization": f"Bearer {token}"}).json()
    assert {row["id"] for row in listed} == {world.link_x.pk}


def test_an_audit_event_written_before_links_left_the_directory_still_reads_and_verifies(world):
    """Events keep the label they were written with (the chain hashes it): an old
    "directory.link" event is read as a link, and the chain is whole."""
    from linkwork.audit.chain import Verified, verify
    from linkwork.audit.models import Action, AuditEvent
    from linkwork.reporting.audit_log.presenters import record_words

    old = AuditEvent(
        action=Action.VIEW, object_type="directory.link", object_id=str(world.link_x.pk)
    )
    old.save()
    new = AuditEvent.objects.filter(object_type="links.link").first()
    assert record_words(old) == f"Link {world.link_x.pk}"
    assert new is None or record_words(new) == f"Link {new.object_id}"
    assert isinstance(verify(), Verified)


@pytest.mark.parametrize(
    ("status", "answer"),
    [("first_attended", "Yes, they attended"), ("stopped", "Yes, support stopped")],
)
def test_a_partners_attended_or_stopped_asks_to_confirm_before_saving(
    client, world, status, answer
):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "accepted"})
    listing = reverse("links:partner_links")
    asked = client.post(step, {"status": status, "next": listing})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Check before you save" in page
    assert answer in page
    assert 'name="confirmed" value="yes"' in page
    assert f'href="{listing}"' in page  # "No, go back" returns to the list
    assert Link.objects.get(pk=world.link_x.pk).status == "accepted"  # nothing saved yet
    done = client.post(step, {"status": status, "confirmed": "yes", "next": listing})
    assert done.status_code == 302
    assert Link.objects.get(pk=world.link_x.pk).status == status


def test_the_partner_says_the_person_did_not_come_and_the_worker_reads_why(client, world):
    client.force_login(world.users["community_partner"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "accepted"})
    asked = client.post(step, {"status": "stopped"}).content.decode()
    assert 'name="note"' in asked
    too_long = client.post(step, {"status": "stopped", "confirmed": "yes", "note": "x" * 501})
    assert too_long.status_code == 400
    kept = too_long.content.decode()
    assert "Shorten the note for the link worker to 500 characters or fewer" in kept
    assert "x" * 501 in kept  # what was typed is kept
    assert Link.objects.get(pk=world.link_x.pk).status == "accepted"
    client.post(
        step, {"status": "stopped", "confirmed": "yes", "note": "Did not come to the first walk"}
    )
    link = Link.objects.get(pk=world.link_x.pk)
    assert link.status == "stopped"
    assert link.events.get(status="stopped").note == "Did not come to the first walk"
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("links:link", args=[link.pk])).content.decode()
    assert "Did not come to the first walk" in page


def test_the_worker_recording_a_step_for_the_partner_is_not_asked_again(client, world):
    client.force_login(world.users["link_worker"])
    step = reverse("links:link_step", args=[world.link_x.pk])
    client.post(step, {"status": "accepted", "route": "phone"})
    response = client.post(step, {"status": "first_attended", "route": "phone"})
    assert response.status_code == 302
    assert Link.objects.get(pk=world.link_x.pk).status == "first_attended"
