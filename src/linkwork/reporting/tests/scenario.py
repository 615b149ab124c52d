"""A small programme whose every reported figure is worked out by hand in the tests.

The reporting period is April to June 2026 (PERIOD). Glasgow's practice X is worked by
`worker_a`, practice Y by `worker_a2`, Inverclyde's practice Z by `worker_b` (the shared
world). Referrals, dates and what came of them:

  R1  X  31 Mar  accepted 1 Apr; attended 2 Apr (in practice, no length); closed
                 5 Apr "declined"                                    (before the period)
  R2  X   1 Apr  accepted; did not attend 3 Apr; attended 10 Apr (60 min, in practice)
                 and 20 May (phone, no length); SWEMWBS 21 -> 26 (19.25 -> 23.21,
                 +3.96); linked for housing 12 Apr (accepted, attended) and 30 Mar
                 (before the period); closed 1 Jun "goals_met"
  R3  X  30 Jun  accepted; attended 2 Jul (after the period)          (last day)
  R4  X   1 Jul  waiting                                               (after the period)
  R5  X  10 Apr  R2's person again: a duplicate of the open case
  R6  X  15 Apr  declined "not_eligible" (inappropriate)
  R7  X  15 Apr  declined "could_not_contact" (appropriate; stays in referrals)
  R8  Y  20 Apr  R7's person again, waiting
  R9  Y   1 May  accepted; cancelled by the person 5 May; attended 8 May (45 min,
                 phone); SWEMWBS 20 -> 21 (18.59 -> 19.25, +0.66); linked for social
                 isolation 10 May (declined: no capacity); closed 15 Jun
                 "linked_self_managing"
  R10 Y   1 May  accepted; no sessions; SWEMWBS baseline 18 only; a draft link never
                 sent; closed 25 Jun "did_not_engage"
  R11 Z   1 May  accepted; attended 4 May (30 min, home visit); SWEMWBS 23 -> 22
                 (20.73 -> 19.98, -0.75); linked for housing 6 May (declined: not
                 eligible); closed 20 Jun "moved_away"                 (Inverclyde)
  R12 Y   1 Mar  accepted; attended 5 Mar; SWEMWBS 14 -> 17 (15.32 -> 16.88, +1.56);
                 linked for housing 10 Mar (before the period);
                 closed 20 Mar; R12b 5 Apr reopens the case, no session after it;
                 closed again 10 Jun "did_not_engage"
  R13 Y   2 Mar  accepted; attended 3 Mar; SWEMWBS baseline and exit; closed 20 Apr;
                 R13b 10 May reopens it and it stays open (so no leaver);
                 signposted for mental wellbeing 30 Jun

Needs identified in conversation: food on R1's case, debt on R2's, debt and fuel on
R9's, fuel on R11's, bereavement on R12's (in March, before R12b reopened it).

Unmet needs: food at 10:00 on 1 Apr and at 23:30 on 30 Jun, food at 00:30 on 1 Jul
(the day after, in Scotland, though still 30 Jun in UTC), all Glasgow's, and fuel on
1 May in Inverclyde.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from linkwork.casework import services as casework
from linkwork.casework.services import PersonDetails
from linkwork.core import clock
from linkwork.core.chi import generate_chi
from linkwork.directory.models import UnmetNeed
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.links.services import advance, create_link, signpost
from linkwork.outcomes.services import record_response
from linkwork.referrals import services as referrals
from linkwork.reporting import facts
from linkwork.reporting.definitions import Period

LONDON = ZoneInfo("Europe/London")
PERIOD = Period(date(2026, 4, 1), date(2026, 6, 30))
EMPTY = Period(date(2025, 1, 1), date(2025, 1, 31))
# A raw SWEMWBS score as seven answers from 1 to 5.
_ANSWERS = {raw: [raw // 7 + (i < raw % 7) for i in range(7)] for raw in range(7, 36)}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@dataclass
class Programme:
    world: object
    people: dict = field(default_factory=dict)

    def person(self, key: str) -> PersonDetails:
        """The same details (and so the same record) each time a key is referred again."""
        if key not in self.people:
            born = date(1950 + len(self.people), 3, 1 + len(self.people))
            self.people[key] = PersonDetails(
                given_name="Ann",
                family_name=f"Scenario{key}",
                date_of_birth=born,
                sex="female",
                chi=generate_chi(born, "female", random.Random(len(self.people))),
            )
        return self.people[key]

    def refer(self, who: str, practice, received: date, reasons: list[str]):
        with clock.as_of(at(received, 9)):
            return referrals.create_referral(
                person=self.person(who),
                details=referrals.ReferralDetails(
                    practice=practice,
                    route="linkwork_form",
                    referrer_role="gp",
                    reasons=reasons,
                    consent_to_referral=True,
                    received_on=received,
                ),
                by=self.world.users["practice_staff"],
                confirm_open_case=True,
                confirm_intake=True,
            )

    def lead_of(self, worker):
        lead = "team_lead" if worker.provider == self.world.provider_a else "other_hscp_team_lead"
        return self.world.users[lead]

    def accept(self, referral, worker, on: date):
        with clock.as_of(at(on, 9, 30)):
            return referrals.accept_referral(
                referral=referral, by=self.lead_of(worker), link_worker=worker
            )

    def session(self, case, day: date, outcome: str, mode="in_practice", minutes=None):
        return casework.record_session(
            case=case,
            by=case.link_worker.user,
            starts_at=at(day, 11),
            mode=mode,
            duration_minutes=minutes,
            outcome=outcome,
        )

    def swemwbs(self, case, timepoint: str, day: date, raw: int):
        return record_response(
            case=case,
            instrument="swemwbs",
            timepoint=timepoint,
            answers=_ANSWERS[raw],
            method="worker",
            completed_on=day,
            by=case.link_worker.user,
        )

    def need(self, case, need: str, day: date):
        casework.add_identified_need(case=case, by=case.link_worker.user, need=need, on=day)

    def close(self, case, day: date, reason: str):
        case.refresh_from_db()
        with clock.as_of(at(day, 16)):
            return casework.close_case(
                case=case, by=case.link_worker.user, reason=reason, closed_on=day
            )

    def link(self, case, day: date, need: str, **kwargs):
        with clock.as_of(at(day, 12)):
            return create_link(
                case=case,
                service=self.world.service_x,
                by=case.link_worker.user,
                need=need,
                consent_to_share=True,
                **kwargs,
            )

    def respond(self, link, day: date, *steps, reason=""):
        for status in steps:
            with clock.as_of(at(day, 14)):
                link = advance(
                    link=link, status=status, by=link.case.link_worker.user, reason=reason
                )
        return link

    def unmet(self, need: str, worker, moment: datetime):
        unmet = record_unmet_need(need=need, reason="none_exists", by=worker.user, area="G51 2AB")
        UnmetNeed.objects.filter(pk=unmet.pk).update(recorded_at=moment)


def build(world) -> Programme:
    p = Programme(world, {})
    x, y, z = world.practice_x, world.practice_y, world.practice_z
    a, a2, b = world.worker_a, world.worker_a2, world.worker_b
    lead_a = world.users["team_lead"]

    r1 = p.refer("1", x, date(2026, 3, 31), ["food"])
    case1 = p.accept(r1, a, date(2026, 4, 1))
    p.session(case1, date(2026, 4, 2), "attended")
    p.need(case1, "food", date(2026, 4, 2))
    p.close(case1, date(2026, 4, 5), "declined")

    r2 = p.refer("2", x, date(2026, 4, 1), ["housing", "money_benefits"])
    case2 = p.accept(r2, a, date(2026, 4, 2))
    p.session(case2, date(2026, 4, 3), "did_not_attend")
    p.session(case2, date(2026, 4, 10), "attended", "in_practice", 60)
    p.session(case2, date(2026, 5, 20), "attended", "phone")
    p.swemwbs(case2, "baseline", date(2026, 4, 10), 21)
    p.need(case2, "debt", date(2026, 4, 10))
    p.swemwbs(case2, "exit", date(2026, 6, 1), 26)
    housing = p.link(case2, date(2026, 4, 12), "housing")
    p.respond(housing, date(2026, 4, 14), "accepted", "first_attended")

    r5 = p.refer("2", x, date(2026, 4, 10), ["food"])
    referrals.mark_duplicate(referral=r5, by=lead_a)
    p.close(case2, date(2026, 6, 1), "goals_met")

    r3 = p.refer("3", x, date(2026, 6, 30), ["housing"])
    case3 = p.accept(r3, a, date(2026, 7, 1))
    p.session(case3, date(2026, 7, 2), "attended")
    p.refer("4", x, date(2026, 7, 1), ["housing"])

    r6 = p.refer("6", x, date(2026, 4, 15), ["food"])
    referrals.decline_referral(referral=r6, by=lead_a, reason="not_eligible", feedback="")
    r7 = p.refer("7", x, date(2026, 4, 15), ["debt"])
    referrals.decline_referral(referral=r7, by=lead_a, reason="could_not_contact", feedback="")
    p.refer("7", y, date(2026, 4, 20), ["debt", "social_isolation"])

    r9 = p.refer("9", y, date(2026, 5, 1), ["mental_wellbeing"])
    case9 = p.accept(r9, a2, date(2026, 5, 1))
    p.session(case9, date(2026, 5, 5), "cancelled_by_person")
    p.session(case9, date(2026, 5, 8), "attended", "phone", 45)
    p.swemwbs(case9, "baseline", date(2026, 5, 8), 20)
    p.need(case9, "debt", date(2026, 5, 8))
    p.need(case9, "fuel", date(2026, 5, 8))
    p.swemwbs(case9, "exit", date(2026, 6, 15), 21)
    isolation = p.link(case9, date(2026, 5, 10), "social_isolation")
    p.respond(isolation, date(2026, 5, 11), "declined", reason="no_capacity")
    p.close(case9, date(2026, 6, 15), "linked_self_managing")

    r10 = p.refer("10", y, date(2026, 5, 1), ["social_isolation"])
    case10 = p.accept(r10, a2, date(2026, 5, 1))
    p.swemwbs(case10, "baseline", date(2026, 5, 2), 18)
    p.link(case10, date(2026, 5, 5), "food", send=False)
    p.close(case10, date(2026, 6, 25), "did_not_engage")

    r11 = p.refer("11", z, date(2026, 5, 1), ["housing"])
    case11 = p.accept(r11, b, date(2026, 5, 1))
    p.session(case11, date(2026, 5, 4), "attended", "home_visit", 30)
    p.swemwbs(case11, "baseline", date(2026, 5, 4), 23)
    p.need(case11, "fuel", date(2026, 5, 4))
    p.swemwbs(case11, "exit", date(2026, 6, 20), 22)
    refused = p.link(case11, date(2026, 5, 6), "housing")
    p.respond(refused, date(2026, 5, 7), "declined", reason="not_eligible")
    p.close(case11, date(2026, 6, 20), "moved_away")

    r12 = p.refer("12", y, date(2026, 3, 1), ["mental_wellbeing"])
    case12 = p.accept(r12, a2, date(2026, 3, 2))
    p.session(case12, date(2026, 3, 5), "attended")
    p.swemwbs(case12, "baseline", date(2026, 3, 5), 14)
    p.need(case12, "bereavement", date(2026, 3, 5))
    p.swemwbs(case12, "exit", date(2026, 3, 20), 17)
    p.link(case12, date(2026, 3, 10), "housing")  # before the period
    p.close(case12, date(2026, 3, 20), "goals_met")
    r12b = p.refer("12", y, date(2026, 4, 5), ["mental_wellbeing"])
    assert p.accept(r12b, a2, date(2026, 4, 6)) == case12  # reopened
    p.close(case12, date(2026, 6, 10), "did_not_engage")

    r13 = p.refer("13", y, date(2026, 3, 2), ["physical_activity"])
    case13 = p.accept(r13, a2, date(2026, 3, 2))
    p.session(case13, date(2026, 3, 3), "attended")
    p.swemwbs(case13, "baseline", date(2026, 3, 3), 10)
    p.swemwbs(case13, "exit", date(2026, 4, 20), 30)
    p.close(case13, date(2026, 4, 20), "goals_met")
    r13b = p.refer("13", y, date(2026, 5, 10), ["physical_activity"])
    assert p.accept(r13b, a2, date(2026, 5, 11)) == case13  # reopened, and open still
    case13.refresh_from_db()  # open again: the link below is added to an open case
    with clock.as_of(at(date(2026, 6, 30), 15)):
        signpost(case=case13, service=world.service_x, by=a2.user, need="mental_wellbeing")

    p.unmet("food", a, at(date(2026, 4, 1), 10))
    p.unmet("food", a, at(date(2026, 6, 30), 23, 30))
    p.unmet("food", a, at(date(2026, 7, 1), 0, 30))
    p.unmet("fuel", b, at(date(2026, 5, 1), 10))
    # The reporting facts, kept with the rows replayed (which, loaded again, send no change).
    facts.rebuild()
    return p
