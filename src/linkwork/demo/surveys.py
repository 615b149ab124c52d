"""Demo surveys: Glasgow's survey of practice staff and link workers, last year's round
(closed) and this year's (still open), each with enough answers for results to show, and
practice managers too few in either to be shown (suppression). Through the services:
printed links answered one by one."""

import random
from datetime import date, timedelta

from linkwork.accounts.models import User
from linkwork.organisations.models import HSCP, Practice
from linkwork.surveys import questions, services
from linkwork.surveys.models import Audience

# Who answers at each of five of the six practices (the sixth answers nothing), and how
# many link workers: 37 a round, three practice managers.
AT_PRACTICES = ["gp", "gp", "practice_nurse", "receptionist", "gp", "practice_nurse"]
MANAGERS_AT = 3
LINK_WORKERS = 7
LINKS_PER_PRACTICE = 8
# Weights of strongly disagree .. strongly agree: last year, then this year (a little warmer).
LEANING = {0: [2, 3, 4, 9, 5], 1: [1, 2, 3, 9, 8]}
SAID = {
    "works_well": [
        "Patients come back calmer and with a plan.",
        "Having someone in the building to hand over to on the day.",
        "The link worker knows every group in the area.",
        "Quick to pick up referrals, even on a busy week.",
        "It takes the pressure off appointments for things we cannot fix.",
        "Patients like that it is not a medical appointment.",
        "Feedback on what happened arrives in our inbox.",
    ],
    "improve": [
        "A room of their own on more days of the week.",
        "More feedback on what happened after the referral.",
        "A short talk at our practice meeting every few months.",
        "More time: the waiting list is long in winter.",
        "Easier referral from EMIS without a separate form.",
        "Cover when the link worker is on leave.",
    ],
}


def seed_surveys(*, today: date) -> None:
    rng = random.Random(2021)  # noqa: S311 (synthetic data); its own, so other draws keep theirs
    hscp = HSCP.objects.get(name="Glasgow City HSCP")
    fiona = User.objects.get(username="fiona")
    practices = list(Practice.objects.filter(cluster__hscp=hscp).order_by("name"))
    last = services.create_survey(
        hscp=hscp,
        title="Link worker service: staff survey",
        year=today.year - 1,
        audience=Audience.BOTH,
        closes_on=today + timedelta(days=1),
        by=fiona,
    )
    _answer(rng, last, practices, fiona, LEANING[0])
    services.close_survey(survey=last, by=fiona)
    now = services.next_round(
        survey=last, year=today.year, closes_on=today + timedelta(days=21), by=fiona
    )
    _answer(rng, now, practices, fiona, LEANING[1])


def _answer(rng, survey, practices, by, leaning) -> None:
    for index, practice in enumerate(practices):
        tokens = services.print_links(
            survey=survey, practice=practice, how_many=LINKS_PER_PRACTICE, by=by
        )
        groups = [] if index == len(practices) - 1 else list(AT_PRACTICES)
        if index < MANAGERS_AT:
            groups.append("practice_manager")
        for token, group in zip(tokens, groups, strict=False):
            _respond(rng, survey, token, group, leaning)
    tokens = services.print_links(
        survey=survey, how_many=LINK_WORKERS + 2, staff_group="link_worker", by=by
    )
    for token in tokens[:LINK_WORKERS]:
        _respond(rng, survey, token, "link_worker", leaning)


def _respond(rng, survey, token: str, group: str, leaning) -> None:
    points = [code for code, _ in questions.scale()]
    answers = {}
    for question in questions.for_group(survey.question_set, group):
        if question.is_agreement and rng.random() < 0.95:
            answers[question.code] = rng.choices(points, weights=leaning)[0]
        elif not question.is_agreement and rng.random() < 0.5:
            answers[question.code] = rng.choice(SAID[question.code])
    services.respond(token=token, staff_group=group, answers=answers)
