"""Demo data for referrals and casework: 18 months of a real-looking service.

Every referral goes through the same services as a user's would, so the demo exercises
the rules: most are accepted into cases that have sessions, goals, actions and needs;
some are declined with feedback, some join an open case, some still wait, a few are
self-referrals for the practice to check. Aileen's day has sessions booked for today,
one of them a home visit with safety flags.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from linkwork.casework import agencies
from linkwork.casework import services as casework
from linkwork.casework.models import ActionStatus, Case, GoalStatus, Sex
from linkwork.casework.rules import is_engaged
from linkwork.core import clock
from linkwork.core.chi import generate_chi
from linkwork.demo.places import synthetic_postcodes
from linkwork.organisations.models import HostSetting, LinkWorker, Practice
from linkwork.referrals import services
from linkwork.referrals.models import ReferralStatus

HISTORY_DAYS = 540  # 18 months
GIVEN = {
    Sex.FEMALE: [
        "Margaret",
        "Elizabeth",
        "Agnes",
        "Catherine",
        "Karen",
        "Shona",
        "Kirsty",
        "Amy",
        "Chloe",
        "Aisha",
        "Zainab",
        "Ewa",
        "Irene",
        "Jean",
        "Moira",
        "Sandra",
    ],
    Sex.MALE: [
        "James",
        "John",
        "Robert",
        "William",
        "Thomas",
        "Alexander",
        "Craig",
        "Gary",
        "Stephen",
        "Scott",
        "Liam",
        "Mohammed",
        "Tomasz",
        "Hamza",
        "Derek",
        "Hugh",
    ],
}
FAMILY = [
    "McLean",
    "Campbell",
    "Stewart",
    "MacDonald",
    "Wilson",
    "Thomson",
    "Robertson",
    "Anderson",
    "Reid",
    "Murray",
    "Taylor",
    "Clark",
    "Ross",
    "Paterson",
    "Young",
    "Fraser",
    "Khan",
    "Ahmed",
    "Kowalski",
    "Docherty",
    "Gallagher",
    "McGregor",
    "Boyle",
    "Quinn",
]
REASON_SETS = [
    ["mental_wellbeing", "social_isolation"],
    ["money_benefits", "debt"],
    ["housing", "fuel"],
    ["bereavement", "social_isolation"],
    ["physical_activity", "long_term_condition"],
    ["food", "money_benefits"],
    ["employment", "learning_skills"],
    ["carers", "mental_wellbeing"],
    ["alcohol_drugs"],
    ["digital", "social_isolation"],
]
GOALS = [
    "To sort out the letter from the council about the rent arrears",
    "To get back out to my garden",
    "To leave the house more than once a week",
    "To stop worrying about the gas bill",
    "To meet people who have been through the same thing",
    "To get fit enough to walk to the shops",
    "To find some work, even a few hours",
    "To get my benefits sorted so I can eat properly",
    "To feel less on my own in the evenings",
    "To get a break from caring for my mum",
]
ACTIONS = [
    ("Phone the council's rent arrears team together", "Link worker"),
    ("Try the Tuesday walking group", "The person"),
    ("Book a benefits check with the money advice service", "Link worker"),
    ("Apply for the warm home discount", "The person"),
    ("Visit the men's shed with the link worker", "The person"),
    ("Ask the housing officer about the damp", "Housing officer"),
]
# The help the worker gives on each action above (support_types.csv).
ACTION_SUPPORT = {
    "Phone the council's rent arrears team together": "practical_help",
    "Try the Tuesday walking group": "signposted",
    "Book a benefits check with the money advice service": "supported_referral",
    "Apply for the warm home discount": "practical_help",
    "Visit the men's shed with the link worker": "accompanied",
    "Ask the housing officer about the damp": "advocacy",
}
NOTES = [
    "Prefers a call in the morning; his daughter sometimes answers.",
    "Talked about his late wife; the garden matters a lot.",
    "Worried about a letter from DWP, will bring it next time.",
    "Has not been out since the winter; keen to try a group with someone she knows.",
]
CLOSURE_MIX = (
    ["goals_met"] * 5
    + ["linked_self_managing"] * 4
    + ["did_not_engage"] * 2
    + [
        "declined",
        "moved_away",
        "referred_elsewhere",
    ]
)
NOT_ENGAGED = [
    "not_reachable",
    "not_reachable",
    "declined_at_first_contact",
    "not_the_right_time",
    "needs_met_elsewhere",
    "moved_away",
]
DECLINE_FEEDBACK = {
    "needs_clinical_service": "This sounds like it needs the community mental health team first; "
    "happy to take a referral once that is in place.",
    "outside_area": "The person lives outside our area: the Renfrewshire service can help.",
    "no_consent": "The person told us they did not want to be referred.",
}


class ServiceHistory:
    """Builds the referral and casework history for one worker at a time."""

    def __init__(self, rng: random.Random, today: date, staff_by_practice: dict):
        self.rng = rng
        self.today = today
        self.staff_by_practice = staff_by_practice
        self.used_chis: set[str] = set()

    def person(self, practice: Practice | HostSetting) -> services.PersonDetails:
        rng = self.rng
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        born = date(1942, 1, 1) + timedelta(days=rng.randrange(0, 365 * 64))
        chi = generate_chi(born, sex, rng)
        while chi in self.used_chis:
            chi = generate_chi(born, sex, rng)
        self.used_chis.add(chi)
        outward = practice.postcode.split()[0]
        return services.PersonDetails(
            given_name=rng.choice(GIVEN[sex]),
            family_name=rng.choice(FAMILY),
            date_of_birth=born,
            sex=sex,
            chi=chi,
            postcode=rng.choice(synthetic_postcodes(outward) or synthetic_postcodes()),
            phone=f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
            preferred_contact=rng.choice(["phone", "text", "phone", ""]),
            safe_to_leave_message=rng.random() < 0.6,
            safe_times_to_call=rng.choice(["", "Mornings", "Not after 5pm", "Weekdays"]),
            interpreter_needed=rng.random() < 0.05,
        )

    def details(self, practice: Practice | HostSetting, received_on: date, **overrides):
        """`practice` may be a host setting: its referral has no practice (decision 0074)."""
        rng = self.rng
        hosted = isinstance(practice, HostSetting)
        # The day chooses who of the practice's staff refers: no draw from the generator,
        # so the rest of the demo is as it was.
        pool = self.staff_by_practice.get(("host", practice.pk) if hosted else practice.pk)
        staff = (pool or [None])[received_on.toordinal() % len(pool or [None])]
        return services.ReferralDetails(
            practice=None if hosted else practice,
            host_setting=practice if hosted else None,
            route=overrides.get(
                "route",
                rng.choice(["linkwork_form"] * 6 + ["gp_system_task", "phone", "email", "docman"]),
            ),
            referrer_role=overrides.get(
                "referrer_role",
                rng.choice(
                    ["gp"] * 5
                    + ["practice_nurse", "receptionist", "pharmacist", "mental_health_practitioner"]
                ),
            ),
            reasons=rng.choice(REASON_SETS),
            what_matters=rng.choice(GOALS).replace("To ", "Wants to ", 1),
            urgency="urgent" if rng.random() < 0.12 else "routine",
            consent_to_referral=True,
            safety_flags=overrides.get("safety_flags", []),
            safety_detail=overrides.get("safety_detail", ""),
            received_on=received_on,
        ), staff

    def refer(self, practice, received_on, *, status=ReferralStatus.NEW, **overrides):
        details, staff = self.details(practice, received_on, **overrides)
        with clock.as_of(self.at(received_on, self.rng.randrange(9, 17))):
            return services.create_referral(
                person=overrides.get("person") or self.person(practice),
                details=details,
                by=staff,
                status=status,
                confirm_open_case=True,
            )

    def worker_history(self, worker: LinkWorker, lead, count: int) -> None:
        # A thematic worker's referrals come from the host settings hosting them (people
        # who may have no GP), else from other organisations for people registered anywhere
        # in the HSCP.
        practices = list(worker.practices.all())
        thematic = not practices
        hosts = list(worker.host_settings.order_by("pk"))
        if thematic:
            practices = list(Practice.objects.filter(cluster__hscp=worker.provider.hscp_id))
        extra = {"route": "external_organisation", "referrer_role": "external_organisation"}
        for index in range(count):
            practice = self.rng.choice(practices)  # drawn all the same: the demo stays as it was
            if hosts:
                practice = hosts[index % len(hosts)]
            received = self.today - timedelta(days=self.rng.randrange(35, HISTORY_DAYS))
            roll = self.rng.random()
            referral = self.refer(practice, received, **(extra if thematic else {}))
            decided = min(received + timedelta(days=self.rng.randrange(3, 25)), self.today)
            with clock.as_of(self.at(decided, 9)):
                if roll < 0.08:
                    reason = self.rng.choice(list(DECLINE_FEEDBACK))
                    services.decline_referral(
                        referral=referral,
                        by=lead,
                        reason=reason,
                        feedback=DECLINE_FEEDBACK[reason],
                    )
                    continue
                case = services.accept_referral(referral=referral, by=lead, link_worker=worker)
            self.casework(case, worker.user, closed=roll < 0.55)

    def casework(self, case: Case, user, *, closed: bool) -> None:
        rng = self.rng
        day = case.opened_on
        horizon = self.today - timedelta(days=1)
        for number in range(rng.randrange(1, 8)):
            day = day + timedelta(days=rng.randrange(5, 21))
            if day > horizon:
                break
            outcome = (
                "attended"
                if rng.random() < 0.8
                else rng.choice(["did_not_attend", "cancelled_by_person", "cancelled_by_service"])
            )
            starts_at = self.at(day, rng.choice([10, 11, 14, 15]))
            with clock.as_of(starts_at + timedelta(hours=1, minutes=10)):  # written up after
                casework.record_session(
                    case=case,
                    by=user,
                    starts_at=starts_at,
                    mode=rng.choice(
                        ["in_practice"] * 4
                        + ["phone", "phone", "home_visit", "community_venue", "video"]
                    ),
                    duration_minutes=rng.choice([30, 45, 60, 60, 60, 75]),
                    outcome=outcome,
                    note=rng.choice(NOTES) if number == 0 else "",
                )
                if number == 0:
                    self.first_conversation(case, user)
        self.plan(case, user, closed=closed)
        if rng.random() < 0.3:
            with clock.as_of(self.at(day, 16, 30)):
                casework.add_note(case=case, by=user, text=rng.choice(NOTES))
        if closed:
            closed_on = max(
                min(day + timedelta(days=rng.randrange(3, 30)), horizon), case.opened_on
            )
            reason = self.closure_reason(case)
            # Why, for a "did not engage": chosen by the case, not the generator, so the
            # rest of the demo is as it was.
            why = NOT_ENGAGED[case.pk % len(NOT_ENGAGED)] if reason == "did_not_engage" else ""
            with clock.as_of(self.at(closed_on, 16)):
                casework.close_case(
                    case=case,
                    by=user,
                    reason=reason,
                    closed_on=closed_on,
                    not_engaged_reason=why,
                )
        elif rng.random() < 0.35:
            future = self.today + timedelta(days=rng.randrange(1, 21))
            casework.record_session(
                case=case,
                by=user,
                starts_at=self.at(future, rng.choice([10, 11, 14])),
                mode="in_practice",
                duration_minutes=60,
            )

    def closure_reason(self, case: Case) -> str:
        """Someone who never came did not engage; someone who did closed for another reason."""
        if not is_engaged(case):
            return self.rng.choice(["did_not_engage"] * 4 + ["declined", "moved_away"])
        return self.rng.choice([r for r in CLOSURE_MIX if r != "did_not_engage"])

    def first_conversation(self, case: Case, user) -> None:
        """What a worker notes after the first conversation: complexity and real needs."""
        rng = self.rng
        if rng.random() < 0.85:
            casework.set_complexity(
                case=case, by=user, complexity=rng.choice(["low", "mid", "mid", "high", "high"])
            )
        for need in rng.sample(
            ["money_benefits", "housing", "social_isolation", "mental_wellbeing", "fuel", "debt"],
            rng.randrange(0, 3),
        ):
            casework.add_identified_need(case=case, by=user, need=need)

    def plan(self, case: Case, user, *, closed: bool) -> None:
        rng = self.rng
        for wording in rng.sample(GOALS, rng.randrange(0, 3)):
            with clock.as_of(self.at(case.opened_on, 12)):
                goal = casework.add_goal(case=case, by=user, wording=wording)
                description, owner = rng.choice(ACTIONS)
                due = case.opened_on + timedelta(days=rng.randrange(7, 60))
                action = casework.add_action(
                    goal=goal,
                    by=user,
                    description=description,
                    owner=owner,
                    due_on=due,
                    support_type=ACTION_SUPPORT[description],
                )
            done_on = min(due - timedelta(days=rng.randrange(0, 5)), self.today)
            if closed or due < self.today - timedelta(days=10):
                with clock.as_of(self.at(max(done_on, case.opened_on), 13)):
                    casework.update_action(action=action, by=user, status=ActionStatus.DONE)
            if closed:
                with clock.as_of(self.at(max(done_on, case.opened_on), 13, 30)):
                    casework.update_goal(
                        goal=goal,
                        by=user,
                        status=rng.choice(
                            [GoalStatus.ACHIEVED, GoalStatus.ACHIEVED, GoalStatus.STOPPED]
                        ),
                    )

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def waiting(self, practice: Practice, count: int) -> None:
        for _ in range(count):
            self.refer(practice, self.today - timedelta(days=self.rng.randrange(0, 30)))

    def self_referrals(self, practice: Practice, count: int) -> None:
        for _ in range(count):
            self.refer(
                practice,
                self.today - timedelta(days=self.rng.randrange(0, 5)),
                status=ReferralStatus.AWAITING_VERIFICATION,
                route="self_referral_form",
                referrer_role="self",
            )

    def fixed_chi(self, born: date, sex: str) -> str:
        """A CHI number from a generator of its own (the demo's is left as it was)."""
        own = random.Random(born.toordinal())  # noqa: S311 (synthetic data, not secrets)
        chi = generate_chi(born, sex, own)
        while chi in self.used_chis:
            chi = generate_chi(born, sex, own)
        self.used_chis.add(chi)
        return chi

    def asked_twice(self, practice: Practice) -> None:
        """Nothing typed twice (decision 0076): a woman asks on the public form, then again
        three days later with more to say (joined to the first, awaiting the practice's
        check); and a man with no phone of his own, reached through the practice. Fixed
        details: no draw from the generator, so the rest of the demo is as it was."""
        born = date(1958, 11, 3)
        person = services.PersonDetails(
            given_name="Margaret",
            family_name="Docherty",
            date_of_birth=born,
            sex=Sex.FEMALE,
            chi=self.fixed_chi(born, Sex.FEMALE),
            postcode=(synthetic_postcodes(practice.postcode.split()[0]) or ["G51 3HR"])[0],
            phone="07700 900781",
            preferred_contact="phone",
        )
        for days_ago, words in [
            (5, "I have been on my own since my husband died and I do not go out much."),
            (2, "Also my pension credit letter says they will stop it. I am worried."),
        ]:
            details = services.ReferralDetails(
                practice=practice,
                route="self_referral_form",
                referrer_role="self",
                reasons=[],
                what_matters=words,
                consent_to_referral=True,
            )
            with clock.as_of(self.at(self.today - timedelta(days=days_ago), 20, 15)):
                services.self_refer(person=person, details=details)
        staff = (self.staff_by_practice.get(practice.pk) or [None])[0]
        with clock.as_of(self.at(self.today - timedelta(days=1), 11)):
            services.create_referral(
                person=services.PersonDetails(
                    given_name="Tam",
                    family_name="Rennie",
                    date_of_birth=date(1971, 4, 22),
                    sex=Sex.MALE,
                    chi=self.fixed_chi(date(1971, 4, 22), Sex.MALE),
                    postcode=practice.postcode,  # the hostel's is not known: the practice's
                ),
                details=services.ReferralDetails(
                    practice=practice,
                    route="linkwork_form",
                    referrer_role="gp",
                    reasons=["housing", "money_benefits"],
                    what_matters="Somewhere to stay that is not the hostel",
                    consent_to_referral=True,
                    contact_via_practice=True,
                    practice_contact_name="Lorraine on reception: he calls in on Tuesdays",
                ),
                by=staff,
                confirm_open_case=True,
            )

    def duplicates(self, worker: LinkWorker, lead, count: int) -> None:
        """Someone already supported is referred again by another clinician."""
        for case in worker.cases.filter(status="open").select_related("person")[:count]:
            person = case.person
            again = services.PersonDetails(
                given_name=person.given_name,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
                sex=person.sex,
                chi=person.chi,
            )
            referral = self.refer(case.practice, self.today - timedelta(days=4), person=again)
            services.mark_duplicate(referral=referral, by=lead or worker.user)

    def other_agencies(self, worker: LinkWorker) -> None:
        """Two of the worker's open cases with other agencies, a joint visit with the
        community mental health team, and one case holding for its assessment."""
        cases = list(worker.cases.filter(status="open").order_by("pk")[:2])
        if len(cases) < 2:
            return
        user, today = worker.user, self.today
        waiting, housed = cases
        cmht = agencies.add_agency(
            case=waiting,
            by=user,
            agency_type="community_mental_health",
            name="Govan Community Mental Health Team",
            contact_name="Sam Reid",
            contact_role="Community psychiatric nurse",
            phone="0141 276 0000",
            note="Assessment letter sent; waiting list about six weeks.",
        )
        visit = max(today - timedelta(days=3), waiting.opened_on + timedelta(days=1))
        casework.record_session(
            case=waiting,
            by=user,
            starts_at=self.at(visit, 11),
            mode="home_visit",
            duration_minutes=60,
            outcome="attended",
            note="Joint visit with the CPN to talk through the assessment.",
            joint_agency=cmht,
        )
        agencies.hold_case(
            case=waiting,
            by=user,
            reason="Waiting for a mental health assessment",
            waiting_for="Govan Community Mental Health Team",
            review_on=today + timedelta(days=14),
        )
        for kind, name, contact, role in [
            ("housing_officer", "Glasgow Housing Association", "Jo Baird", "Housing officer"),
            ("social_work", "Govan social work", "Priya Nair", "Social worker"),
        ]:
            agencies.add_agency(
                case=housed,
                by=user,
                agency_type=kind,
                name=name,
                contact_name=contact,
                contact_role=role,
            )

    def aileens_day(self, worker: LinkWorker, lead) -> None:
        """The persona's day: two first conversations, a review and a risky home visit."""
        practice = worker.practices.order_by("name").first()
        visit = self.refer(
            practice,
            self.today - timedelta(days=20),
            safety_flags=["dog", "violence_history"],
            safety_detail="Brother at the address has a history of violence; dog in the house.",
        )
        for hour, minute, referral in [
            (10, 0, self.refer(practice, self.today - timedelta(days=12))),
            (11, 30, self.refer(practice, self.today - timedelta(days=9))),
            (14, 0, visit),
        ]:
            case = services.accept_referral(referral=referral, by=lead, link_worker=worker)
            mode = "home_visit" if referral is visit else "in_practice"
            casework.record_session(
                case=case,
                by=worker.user,
                starts_at=self.at(self.today, hour, minute),
                mode=mode,
                duration_minutes=60,
            )


def seed_host_settings(history: ServiceHistory, hosts: list[HostSetting]) -> None:
    """Today's referrals from host settings, waiting: people with no GP and no CHI number
    known (decision 0074). No draw from the generator: the rest of the demo is as it was."""
    for index, host in enumerate(hosts):
        staff = history.staff_by_practice.get(("host", host.pk), [None])[0]
        for days in (1, 6, 13)[: 3 - index]:
            details = services.ReferralDetails(
                practice=None,
                host_setting=host,
                route="linkwork_form",
                referrer_role="external_organisation",
                reasons=[
                    ["housing", "money_benefits"],
                    ["social_isolation"],
                    ["legal_immigration", "mental_wellbeing"],
                ][days % 3],
                what_matters="Somewhere settled to live, and someone to talk to",
                urgency="urgent" if days == 1 else "routine",
                consent_to_referral=True,
                received_on=history.today - timedelta(days=days),
            )
            given = ["Stevie", "Amira", "Paul"][days % 3]
            with clock.as_of(history.at(history.today - timedelta(days=days), 11)):
                services.create_referral(
                    person=services.PersonDetails(
                        given_name=given,
                        family_name=["Docherty", "Yousef", "Gallacher"][(days + index) % 3],
                        date_of_birth=date(1970 + days + index, 1 + index, 1 + days),
                        sex=Sex.FEMALE if given == "Amira" else Sex.MALE,
                        postcode=host.postcode,
                        phone="07700 900555",
                        preferred_contact="phone",
                    ),
                    details=details,
                    by=staff,
                    confirm_open_case=True,
                )


def seed_service_history(*, rng, today, workers, lead_by_provider, staff_by_practice, scale):
    history = ServiceHistory(rng, today, staff_by_practice)
    for worker in workers:
        lead = lead_by_provider.get(worker.provider_id) or worker.user
        history.worker_history(worker, lead, count=rng.randrange(38, 52))
    for practice in {p for worker in workers for p in worker.practices.all()}:
        history.waiting(practice, rng.randrange(2, 7))
    history.duplicates(workers[0], lead_by_provider.get(workers[0].provider_id), 3)
    first = workers[0]
    history.aileens_day(first, lead_by_provider.get(first.provider_id) or first.user)
    history.other_agencies(first)
    history.self_referrals(first.practices.order_by("name").first(), 2)
    history.asked_twice(first.practices.order_by("name").first())
    seed_host_settings(history, list(HostSetting.objects.order_by("pk")))
    return history
