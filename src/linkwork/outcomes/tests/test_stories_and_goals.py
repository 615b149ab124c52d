"""Stories (scanned before sharing, chosen by team leads) and goal ratings."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.casework import services as casework
from linkwork.outcomes import services
from linkwork.outcomes.models import GoalRating, Story
from linkwork.outcomes.presenters import goal_progress
from linkwork.outcomes.tests.factories import story_on

pytestmark = pytest.mark.usefixtures("november")


def shown_code(page: str) -> str:
    """The acknowledgement code the page carries for the warnings it shows."""
    return re.search(r'name="acknowledged"(?: value="(\w*)")?', page).group(1) or ""


def new_story(worker, world, **data):
    return worker.post(reverse("outcomes:new_story", args=[world.case_x.pk]), data)


def test_a_story_naming_the_person_warns_before_it_can_be_shared(worker, world):
    name = world.case_x.person.family_name
    text = f"Mr {name} said he floated up the road. Call him on 07700 900123."
    response = new_story(worker, world, text=text, consent="on", shareable="on")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Check before sharing" in page
    assert f"a name: “{name}”" in page
    assert "a phone number: “07700 900123”" in page
    assert text in page  # what was typed is kept
    assert not Story.objects.exists()
    code = shown_code(page)
    new_story(
        worker, world, text=text, consent="on", shareable="on", checked="on", acknowledged=code
    )
    story = Story.objects.get()
    assert story.shareable
    assert story.flagged_kinds == ["name", "phone"]


def test_a_story_kept_private_is_not_scanned(worker, world):
    text = f"{world.case_x.person.family_name} is doing well"
    assert new_story(worker, world, text=text, consent="on").status_code == 302
    assert not Story.objects.get().shareable


def test_sharing_needs_consent(worker, world):
    response = new_story(worker, world, text="I go out now", shareable="on")
    assert "Only a story the person agreed to share" in response.content.decode()
    with pytest.raises(ValidationError):
        services.add_story(
            case=world.case_x,
            text="x",
            consent=False,
            shareable=True,
            by=world.users["link_worker"],
        )


def test_team_leads_choose_stories_for_reports_without_seeing_names(client, world):
    story = story_on(world.case_x)
    services.add_story(
        case=world.case_x, text="Private", consent=True, by=world.users["link_worker"]
    )
    client.force_login(world.users["team_lead"])
    page = client.get(reverse("outcomes:choose_stories")).content.decode()
    assert story.text in page
    assert "Private" not in page
    assert world.case_x.person.family_name not in page
    client.post(reverse("outcomes:choose_stories"), {"chosen": [story.pk]})
    story.refresh_from_db()
    assert story.for_reports
    assert story.chosen_by == world.users["team_lead"]
    client.post(reverse("outcomes:choose_stories"), {})
    story.refresh_from_db()
    assert not story.for_reports


def test_each_story_the_team_lead_is_shown_is_audited_as_a_read_of_its_case(client, world):
    from linkwork.audit.models import AuditEvent

    stories = [story_on(world.case_x), story_on(world.case_x)]
    client.force_login(world.users["team_lead"])
    client.get(reverse("outcomes:choose_stories"))
    read = AuditEvent.objects.filter(
        action="view", actor=world.users["team_lead"], object_type=stories[0]._meta.label_lower
    )
    assert sorted(read.values_list("object_id", flat=True)) == sorted(
        str(story.pk) for story in stories
    )
    assert set(read.values_list("person_id", flat=True)) == {world.case_x.person_id}


def test_another_providers_team_lead_sees_none_of_them(client, world):
    story_on(world.case_x)
    client.force_login(world.users["other_hscp_team_lead"])
    page = client.get(reverse("outcomes:choose_stories")).content.decode()
    assert "No shareable stories yet" in page


def test_link_workers_cannot_choose_stories(client, world):
    client.force_login(world.users["link_worker"])
    assert client.get(reverse("outcomes:choose_stories")).status_code == 403


def test_editing_a_chosen_story_takes_it_out_of_reports(worker, world):
    story = story_on(world.case_x)
    services.choose_for_reports(story=story, chosen=True, by=world.users["team_lead"])
    story.refresh_from_db()
    url = reverse("outcomes:story", args=[story.pk])
    data = {"text": "I floated home.", "consent": "on", "shareable": "on"}
    worker.post(url, {**data, "version": story.version})
    story.refresh_from_db()
    assert (story.text, story.for_reports) == ("I floated home.", False)
    stale = worker.post(url, {**data, "version": 1})
    assert "Someone else changed this story" in stale.content.decode()


def test_only_a_shareable_story_can_go_into_reports(world):
    story = services.add_story(
        case=world.case_x, text="Private", consent=True, by=world.users["link_worker"]
    )
    with pytest.raises(ValidationError):
        services.choose_for_reports(story=story, chosen=True, by=world.users["team_lead"])


def test_goals_are_rated_0_to_10_and_the_change_per_goal_shown(worker, world):
    second = casework.add_goal(
        case=world.case_x, by=world.users["link_worker"], wording="To stop worrying about the gas"
    )
    url = reverse("outcomes:rate_goals", args=[world.case_x.pk])
    page = worker.get(url).content.decode()
    assert "“Get out to the garden”" in page
    goal = world.goal_x
    data = {"timepoint": "baseline", "rated_on": "2026-10-02", f"goal_{goal.pk}": "2"}
    worker.post(url, {**data, f"goal_{second.pk}": "5"})
    worker.post(url, {"timepoint": "exit", "rated_on": "2026-11-20", f"goal_{goal.pk}": "8"})
    assert GoalRating.objects.count() == 3
    progress = {p.goal.pk: p.change for p in goal_progress(world.case_x)}
    assert progress == {goal.pk: 6, second.pk: None}
    case_page = worker.get(reverse("casework:case_detail", args=[world.case_x.pk]))
    assert "2 → 8 (+6)" in case_page.content.decode()


def test_rating_nothing_is_refused(worker, world):
    url = reverse("outcomes:rate_goals", args=[world.case_x.pk])
    response = worker.post(url, {"timepoint": "baseline", "rated_on": "2026-10-02"})
    assert "Rate at least one goal" in response.content.decode()


def test_a_rating_date_before_the_case_is_refused(worker, world):
    url = reverse("outcomes:rate_goals", args=[world.case_x.pk])
    response = worker.post(
        url, {"timepoint": "baseline", "rated_on": "2026-01-02", f"goal_{world.goal_x.pk}": "3"}
    )
    assert "before the case opened" in response.content.decode()
    assert not GoalRating.objects.exists()


def test_a_goal_of_another_case_cannot_be_rated_on_this_one(world):
    other = casework.add_goal(case=world.case_y, by=world.users["other_link_worker"], wording="x")
    with pytest.raises(ValidationError):
        services.rate_goals(
            case=world.case_x,
            ratings={other: 4},
            timepoint="baseline",
            rated_on=date(2026, 10, 2),
            by=world.users["link_worker"],
        )


def test_the_scanner_s_warning_is_markup_not_escaped_tags(worker, world):
    name = world.case_x.person.family_name
    text = f"<b>Mr {name}</b> rang from 07700 900123."
    page = new_story(worker, world, text=text, consent="on", shareable="on").content.decode()
    callout = page[page.index("Check before sharing") :]
    callout = callout[: callout.index("confirm nothing identifies anyone")]
    for escaped_tag in ("&lt;li&gt;", "&lt;ul", "&lt;p&gt;"):
        assert escaped_tag not in page
    assert "<li>a phone number: “07700 900123”</li>" in callout
    assert f"<li>a name: “{name}”</li>" in callout
    assert "<b>" not in callout  # what the worker typed is still escaped


def test_ticking_the_box_without_seeing_the_warning_is_refused(worker, world):
    text = "Ring me on 07700 900123."
    blind = new_story(worker, world, text=text, consent="on", shareable="on", checked="on")
    assert blind.status_code == 400
    page = blind.content.decode()
    assert "a phone number: “07700 900123”" in page
    box = re.search(r'<input[^>]*name="checked"[^>]*>', page).group()
    assert not box.rstrip(">").endswith(" checked")  # the box is cleared
    assert not Story.objects.exists()
    forged = new_story(
        worker, world, text=text, consent="on", shareable="on", checked="on", acknowledged="x"
    )
    assert forged.status_code == 400
    assert not Story.objects.exists()


def test_editing_in_something_identifying_needs_a_new_look(worker, world):
    story = story_on(world.case_x, text="I floated up the road.")
    url = reverse("outcomes:story", args=[story.pk])
    opened = worker.get(url).content.decode()
    assert shown_code(opened) == ""
    changed = {
        "text": "I floated up the road. Email me at jo@example.org",
        "consent": "on",
        "shareable": "on",
        "checked": "on",
        "acknowledged": shown_code(opened),
        "version": story.version,
    }
    refused = worker.post(url, changed)
    assert refused.status_code == 400
    assert "an email address: “jo@example.org”" in refused.content.decode()
    story.refresh_from_db()
    assert story.text == "I floated up the road."
    worker.post(url, {**changed, "acknowledged": shown_code(refused.content.decode())})
    story.refresh_from_db()
    assert (story.shareable, story.flagged_kinds) == (True, ["email"])


def test_a_shareable_story_opened_for_editing_shows_its_warnings(worker, world):
    text = "Born 12 March 1956, she is out every day now."
    first = services.add_story(
        case=world.case_x, text=text, consent=True, by=world.users["link_worker"]
    )
    with pytest.raises(services.StoryNeedsCheck) as needs:
        services.update_story(
            story=first, text=text, consent=True, shareable=True, by=world.users["link_worker"]
        )
    services.update_story(
        story=first,
        text=text,
        consent=True,
        shareable=True,
        acknowledged=needs.value.code,
        by=world.users["link_worker"],
    )
    page = worker.get(reverse("outcomes:story", args=[first.pk])).content.decode()
    assert "Check before sharing" in page
    assert shown_code(page) == needs.value.code


def test_the_service_refuses_a_code_for_other_words(world):
    by = world.users["link_worker"]
    with pytest.raises(services.StoryNeedsCheck) as needs:
        services.add_story(
            case=world.case_x, text="Call 07700 900123", consent=True, shareable=True, by=by
        )
    with pytest.raises(services.StoryNeedsCheck):
        services.add_story(
            case=world.case_x,
            text="Call 07700 900124",
            consent=True,
            shareable=True,
            acknowledged=needs.value.code,
            by=by,
        )
    assert not Story.objects.exists()
