"""Demo outcomes over the casework history: measures, goal ratings, stories, feedback and
GP appointment counts, all through the services so the rules hold.

About 60% of closed cases have a paired baseline and exit SWEMWBS (Argyll and Bute
reported 58% of leavers with both). The change is drawn so the mean is about +4 metric
points with a spread, some people worse; some have reviews, and some an ONS4 too.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.casework import services as casework
from linkwork.casework.models import Case, CaseStatus, GoalStatus
from linkwork.casework.rules import is_engaged
from linkwork.core import clock
from linkwork.outcomes import services
from linkwork.outcomes.models import Method
from linkwork.outcomes.models.responses import NotTakenReason
from linkwork.outcomes.service_use import (
    WINDOW_MONTHS,
    add_months,
    record_appointment_count,
    referred_month,
)

PAIRED_SHARE = 0.6
METHODS = [Method.WORKER] * 5 + [Method.TABLET] * 3 + [Method.PAPER] * 2 + [Method.LINK]
STORIES = [
    ("I floated up the road after the first walking group.", True),
    ("I'd not been out the house since the winter. Now it's the shed every Tuesday.", True),
    ("Somebody finally listened to me instead of handing me a leaflet.", True),
    ("The council letter's sorted and I can sleep again.", True),
    ("I've got my money sorted so I'm eating properly.", True),
    ("Margaret at the café says I look ten years younger.", False),  # names someone
    ("I was dreading it but it was just a cup of tea and a chat.", True),
]
# What people agreed their practice may read, in their own words, by how their support
# ended (None: still being supported; "other": any other ending).
PRACTICE_SUMMARIES = {
    "goals_met": [
        "My benefits are sorted and I go to the walking group on Tuesdays.",
        "The money worries are behind me and I'm sleeping better.",
        "I wanted to get out the house more, and now I do most days.",
        "I've got the house warm again and I'm back at the choir.",
    ],
    "linked_self_managing": [
        "I go to the lunch club on my own now and I know who to phone.",
        "Citizens Advice are helping with the debt and I'm keeping on top of it.",
        "I've joined the men's shed and I'll keep going myself.",
    ],
    None: [
        "We're sorting the housing letter together and I feel less on my own with it.",
        "I've started at a group and it's helping so far.",
    ],
    "other": [
        "It helped having someone listen and go through it with me.",
        "I didn't need it in the end but I know where to go now.",
    ],
}
SHARES_WHEN_CLOSED = 0.45  # of people who took part, at the end of their support
SHARES_WHILE_OPEN = 0.2
WHAT_CHANGED = [
    "I go out more.",
    "The debt is under control.",
    "I've made a couple of friends at the group.",
    "",
    "I feel less on my own.",
]


def answers_summing_to(rng: random.Random, raw: int, items: int = 7) -> list[int]:
    """`items` answers from 1 to 5, in a random spread, that add up to `raw`."""
    answers = [1] * items
    for _ in range(raw - items):
        answers[rng.choice([i for i, a in enumerate(answers) if a < 5])] += 1
    return answers


def _clip(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class OutcomeHistory:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today

    def day_within(self, case, offset_days: int) -> date:
        end = case.closed_on or self.today
        return _clip_date(case.opened_on + timedelta(days=offset_days), case.opened_on, end)

    def respond(self, case, instrument, timepoint, answers, on) -> None:
        with clock.as_of(_at(on)):
            self._respond(case, instrument, timepoint, answers, on)

    def _respond(self, case, instrument, timepoint, answers, on) -> None:
        services.record_response(
            case=case,
            instrument=instrument,
            timepoint=timepoint,
            answers=answers,
            method=self.rng.choice(METHODS),
            completed_on=on,
            by=None if case.link_worker is None else case.link_worker.user,
        )

    def swemwbs(self, case, *, exit_too: bool) -> None:
        rng = self.rng
        baseline = _clip(round(rng.gauss(19, 4)), 7, 33)
        self.respond(
            case,
            "swemwbs",
            "baseline",
            answers_summing_to(rng, baseline),
            self.day_within(case, rng.randrange(0, 10)),
        )
        if rng.random() < 0.3:
            review = _clip(baseline + round(rng.gauss(3, 3)), 7, 35)
            self.respond(
                case,
                "swemwbs",
                "review",
                answers_summing_to(rng, review),
                self.day_within(case, rng.randrange(30, 60)),
            )
        if exit_too:
            # About +5.5 raw points is about +4 metric points in the middle of the scale.
            final = _clip(baseline + round(rng.gauss(5.5, 5)), 7, 35)
            self.respond(
                case,
                "swemwbs",
                "exit",
                answers_summing_to(rng, final),
                case.closed_on or self.today,
            )

    def ons4(self, case) -> None:
        rng = self.rng
        start = [_clip(round(rng.gauss(m, 2)), 0, 10) for m in (4, 5, 4, 7)]
        self.respond(case, "ons4", "baseline", start, self.day_within(case, rng.randrange(0, 10)))
        if case.closed_on:
            moves = [round(rng.gauss(2, 2)) for _ in range(3)] + [-round(rng.gauss(2, 2))]
            end = [_clip(s + m, 0, 10) for s, m in zip(start, moves, strict=True)]
            self.respond(case, "ons4", "exit", end, case.closed_on)

    def goals(self, case) -> None:
        rng = self.rng
        user = case.link_worker.user if case.link_worker else None
        goals = list(case.goals.exclude(status=GoalStatus.STOPPED))
        if not goals:
            return
        start = {goal: rng.randrange(0, 5) for goal in goals}
        with clock.as_of(_at(case.opened_on)):
            services.rate_goals(
                case=case, ratings=start, timepoint="baseline", rated_on=case.opened_on, by=user
            )
        if case.closed_on:
            end = {goal: _clip(s + rng.randrange(-1, 7), 0, 10) for goal, s in start.items()}
            with clock.as_of(_at(case.closed_on)):
                services.rate_goals(
                    case=case, ratings=end, timepoint="exit", rated_on=case.closed_on, by=user
                )

    def feedback(self, case) -> None:
        with clock.as_of(_at(case.closed_on)):
            self._feedback(case)

    def _feedback(self, case) -> None:
        rng = self.rng
        services.record_feedback(
            case=case,
            how_helpful=rng.choice(["very"] * 6 + ["quite"] * 3 + ["not_very"]),
            what_changed=rng.choice(WHAT_CHANGED),
            would_recommend=rng.choice(["yes"] * 8 + ["not_sure", "no"]),
            method=rng.choice([Method.PAPER, Method.LINK, Method.TABLET]),
            completed_on=case.closed_on,
        )


def _at(day: date) -> datetime:
    """Written up at the end of that day's session, as the rest of the demo history is."""
    return timezone.make_aware(datetime.combine(day, time(16, 45)))


def _clip_date(day: date, low: date, high: date) -> date:
    return max(low, min(high, day))


def seed_outcomes(*, rng: random.Random, today: date) -> None:
    history = OutcomeHistory(rng, today)
    cases = list(
        Case.objects.select_related("link_worker__user", "person__practice").order_by("pk")
    )
    closed = [c for c in cases if c.status == CaseStatus.CLOSED and c.closed_on]
    for case in closed:
        roll = rng.random()
        if roll < PAIRED_SHARE:
            history.swemwbs(case, exit_too=True)
        elif roll < PAIRED_SHARE + 0.25:
            history.swemwbs(case, exit_too=False)  # lost to follow-up
            services.record_exit_not_taken(
                case=case, reason=NotTakenReason.PERSON_NOT_AVAILABLE, by=None
            )
        if rng.random() < 0.2:
            history.ons4(case)
        history.goals(case)
        if rng.random() < 0.3:
            history.feedback(case)
    for case in (c for c in cases if c.status == CaseStatus.OPEN):
        if case.sessions.exclude(outcome="").exists() and rng.random() < 0.7:
            history.swemwbs(case, exit_too=False)
            history.goals(case)
    _stories(rng, closed)
    _appointments(rng, today, closed)


def seed_sharing(*, rng: random.Random, today: date) -> None:
    """Some people who took part agree that their practice may see what came of their
    support, with a line in their own words: most often at the end, some while it goes on.
    Drawn practice by practice, so every practice's staff see a plausible share (without
    it a practice sees only each referral's status)."""
    engaged = [
        case
        for case in Case.objects.filter(link_worker__isnull=False)
        .select_related("link_worker__user")
        .order_by("pk")
        if is_engaged(case)
    ]
    groups: dict[tuple, list[Case]] = {}
    for case in engaged:
        groups.setdefault((case.practice_id, case.status), []).append(case)
    for (_, status), cases in groups.items():
        share = SHARES_WHEN_CLOSED if status == CaseStatus.CLOSED else SHARES_WHILE_OPEN
        for case in rng.sample(cases, round(len(cases) * share)):
            _agree_to_share(rng, case, today)


def _agree_to_share(rng: random.Random, case: Case, today: date) -> None:
    closed = case.status == CaseStatus.CLOSED
    ending = case.closure_reason if closed else None
    words = PRACTICE_SUMMARIES.get(ending, PRACTICE_SUMMARIES["other"])
    with clock.as_of(_at(case.closed_on if closed and case.closed_on else today)):
        casework.set_practice_sharing(
            case=case,
            by=case.link_worker.user,
            shares_with_practice=True,
            practice_summary=rng.choice(words),
        )


def _stories(rng: random.Random, closed: list) -> None:
    leads = {a.provider_id: a.user for a in RoleAssignment.objects.filter(role=Role.TEAM_LEAD)}
    with_worker = [case for case in closed if case.link_worker]
    for (text, shareable), case in zip(
        STORIES, rng.sample(with_worker, min(len(STORIES), len(with_worker))), strict=False
    ):
        with clock.as_of(_at(case.closed_on)):
            story = services.add_story(
                case=case,
                text=text,
                consent=shareable,
                shareable=shareable,
                by=case.link_worker.user,
                on=case.closed_on,
            )
        lead = leads.get(case.link_worker.provider_id)
        if shareable and lead and rng.random() < 0.6:
            services.choose_for_reports(story=story, chosen=True, by=lead)


def _appointments(rng: random.Random, today: date, closed: list) -> None:
    """GP appointment counts for people whose support ended over six months ago: a few
    more before referral than after, as evaluations report, with plenty of exceptions."""
    last_month = add_months(today.replace(day=1), -1)
    counted = [
        case
        for case in closed
        if add_months(case.closed_on.replace(day=1), WINDOW_MONTHS) <= last_month
    ]
    for case in counted[: max(1, len(counted) * 2 // 3)]:
        before = add_months(referred_month(case), -WINDOW_MONTHS)
        after = add_months(case.closed_on.replace(day=1), 1)
        rate_before = rng.uniform(0.5, 2.5)
        rate_after = max(0.1, rate_before * rng.uniform(0.4, 1.2))
        for first, rate in ((before, rate_before), (after, rate_after)):
            for n in range(WINDOW_MONTHS):
                month = add_months(first, n)
                record_appointment_count(
                    person=case.person, month=month, appointments=_poisson(rng, rate)
                )


def _poisson(rng: random.Random, rate: float) -> int:
    """A small count with the given mean (Knuth's method; the rates here are small)."""
    limit, count, product = pow(2.718281828, -rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


# What changed in people's lives, as link workers record it (decision 0070): kind, amount,
# how often, which service, evidence.
SOCIAL_OUTCOMES = [
    ("income_gained", "72.65", "weekly", "", "Adult Disability Payment: award letter seen"),
    ("income_gained", "3950.00", "yearly", "", "Pension Credit awarded after a benefits check"),
    ("income_gained", "1200.00", "one_off", "", "Community care grant (Scottish Welfare Fund)"),
    ("debt_managed", None, "", "", "Debt Arrangement Scheme agreed with Citizens Advice"),
    ("housing_secured", None, "", "", "Rent arrears plan agreed; tenancy kept"),
    ("sanction_overturned", None, "", "", "Mandatory reconsideration upheld"),
    ("food_fuel_secured", None, "", "", "Fuel vouchers from the warm homes fund"),
    ("joined_group", None, "", "", "Goes to the Tuesday walking group most weeks"),
    ("started_volunteering", None, "", "", "Saturdays at the community garden"),
    ("reconnected", None, "", "", "Back in touch with her sister"),
    ("registered_with_service", None, "", "NHS dentist, Govan Health Centre", ""),
    ("started_training", None, "", "", "Enrolled on an IT skills course at the college"),
]
SOCIAL_OUTCOME_SHARE = 0.45  # of people who took part: the evaluations' order of magnitude


def seed_social_outcomes(*, today: date, seed_value: int = 70) -> None:
    """Social outcomes on some engaged cases, each on a day within the support (its own
    random numbers, so the rest of the demo draws as before); a group joined is put down
    to a link the person attended, where there is one."""
    rng = random.Random(seed_value)  # noqa: S311 (synthetic data, not secrets)
    cases = Case.objects.filter(link_worker__isnull=False).select_related("link_worker__user")
    for case in (c for c in cases.order_by("pk") if is_engaged(c)):
        if rng.random() >= SOCIAL_OUTCOME_SHARE:
            continue
        for kind, amount, period, service_name, evidence in rng.sample(
            SOCIAL_OUTCOMES, rng.choice([1, 1, 2])
        ):
            end = case.closed_on or today
            day = _clip_date(
                case.opened_on + timedelta(days=rng.randrange(14, 90)), case.opened_on, end
            )
            attended = case.links.filter(status__in=["first_attended", "finished"]).first()
            with clock.as_of(_at(day)):
                casework.record_social_outcome(
                    case=case,
                    by=case.link_worker.user,
                    kind=kind,
                    achieved_on=day,
                    amount=Decimal(amount) if amount else None,
                    period=period,
                    service_name=service_name,
                    evidence=evidence,
                    link=attended if kind == "joined_group" else None,
                )
