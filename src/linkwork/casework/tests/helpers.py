"""Shared by the casework tests: Glasgow's clock, the pages as text, a referral with
safety flags for case_x's person."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from linkwork.referrals import services as referrals
from linkwork.referrals.tests.test_api import person_details

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 25)  # a Wednesday; the `wednesday_morning` fixture's day


def at(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


def page_of(response) -> str:
    return response.content.decode()


def refer_again(world, *, flags=(), safety_detail: str = "", **details):
    """A further referral for case_x's person, joined to their open case."""
    return referrals.create_referral(
        person=person_details(world.case_x.person),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["housing"],
            consent_to_referral=True,
            safety_flags=list(flags),
            safety_detail=safety_detail,
            **details,
        ),
        by=world.users["practice_staff"],
        confirm_open_case=True,
    )


def answered(case, action: str = "done", link: str = "leave") -> dict[str, str]:
    """What the close page asks of each open action and link, all answered (decision 0072)."""
    from linkwork.casefile.closing import questions  # the case page's layer, above casework

    asked = questions(case)
    return {
        **{f"action_{key}": action for key, _ in asked["open_actions"]},
        **{f"link_{key}": link for key, _ in asked["open_links"]},
    }


def close_answers(world) -> dict:
    """What closing case_x over the API answers for each of its actions (done) and links
    (left with the organisation) as they are now; answers for settled ones are ignored."""
    from linkwork.casework.models import Action
    from linkwork.links.models import Link

    case = world.case_x
    return {
        "actions": {
            str(pk): "done"
            for pk in Action.objects.filter(goal__case=case).values_list("pk", flat=True)
        },
        "links": {
            str(pk): "leave" for pk in Link.objects.filter(case=case).values_list("pk", flat=True)
        },
    }
