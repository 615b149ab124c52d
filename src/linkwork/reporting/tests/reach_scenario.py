"""A small programme for the reach and who-refers figures, worked out by hand in
test_reach.py. The period is April to June 2026 (PERIOD).

Practice X (cluster A, Glasgow) has population profiles as at 1 Apr 2025 (1,000 patients),
1 Apr 2026 (1,500) and 1 Sep 2026 (9,000). The 1 Apr 2026 profile:

    female 25-44 SIMD 1: 600    male 25-44 SIMD 1: 400
    female 65-74 SIMD 2: 300    male 65-74 SIMD not known: 200

Practice Y (cluster A) has no profile and no list size; practice Z (Inverclyde) has neither
a profile nor referrals.

Referrals to X (all by users holding a practice staff role at X):

    P1  female, born 10 May 1990,  1 Apr: age 35 (25-44), SIMD 1; GP (practice_staff), form
    P2  male,   born 15 Jun 2001, 15 Jun: 25 on the day (25-44), SIMD 1; nurse, phone
    P3  female, born 16 Jun 2001, 15 Jun: 24, a day short of 25 (15-24), SIMD 2;
        receptionist, phone
    P4  male,   born 20 Apr 1960, 19 Apr: 65 (65-74), SIMD not known; GP, form; and again
        1 May (66 by then: counted once, as on the first); GP, DOCMAN
    P5  sex not known, born 1 Jan 1941, 5 May: 85 (85+), SIMD 2; self-referral form, role
        self (entered by the GP)
    P6  female, born 1 Jan 1980, 10 Apr: declined "not_eligible" (not appropriate: in no
        figure but the declines); GP, form

Referrals to Y: Q1 to Q5, five people, 2 to 6 May, external organisation by email.

Clinical staff of X now: practice_staff (GP: referred), nurse (practice nurse: referred),
pharmacist (referred nobody), and a GP whose account is switched off (referred, but not
counted); the receptionist referred but is not clinical. 2 of 3 referred.

Link workers: worker_a (1.00 WTE) placed at X Monday to Wednesday and Y Thursday and
Friday (0.60 WTE at X, 0.40 at Y); worker_a2 (no WTE recorded) at Y.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.casework.services import PersonDetails
from linkwork.core import clock
from linkwork.organisations.models import (
    LinkWorker,
    Practice,
    PracticeAttachment,
    PracticePopulation,
)
from linkwork.referrals import services as referrals
from linkwork.referrals.models import Referral
from linkwork.reporting.definitions import Period
from linkwork.reporting.tests.scenario import at

PERIOD = Period(date(2026, 4, 1), date(2026, 6, 30))
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))
PROFILE = [
    ("female", "25-44", 1, 600),
    ("male", "25-44", 1, 400),
    ("female", "65-74", 2, 300),
    ("male", "65-74", None, 200),
]


@dataclass
class Reach:
    world: object
    staff: dict


def _staff(world, username: str, job: str, active: bool = True):
    user = UserFactory(username=username, is_active=active)
    assign_role(user=user, role=Role.PRACTICE_STAFF, practice=world.practice_x, job_title=job)
    return user


def _refer(practice, by, name, born, sex, received, role, route, simd=None):
    with clock.as_of(at(received, 9)):
        referral = referrals.create_referral(
            person=PersonDetails(given_name="Reach", family_name=name, date_of_birth=born, sex=sex),
            details=referrals.ReferralDetails(
                practice=practice,
                route=route,
                referrer_role=role,
                reasons=["housing"],
                consent_to_referral=True,
                received_on=received,
            ),
            by=by,
            confirm_open_case=True,
            confirm_intake=True,
        )
    # Deprivation as recorded with the referral (from the postcode, where the lookup has it).
    Referral.objects.filter(pk=referral.pk).update(simd_decile=simd)
    return referral


def _profile(practice, as_at: date, rows) -> None:
    PracticePopulation.objects.bulk_create(
        PracticePopulation(
            practice=practice, as_at=as_at, sex=sex, age_band=band, simd_decile=d, patients=n
        )
        for sex, band, d, n in rows
    )


def build(world) -> Reach:
    x, y = world.practice_x, world.practice_y
    Practice.objects.filter(pk=y.pk).update(list_size=None)
    Practice.objects.filter(pk=world.practice_z.pk).update(list_size=None)
    _profile(x, date(2025, 4, 1), [("female", "25-44", 1, 1000)])
    _profile(x, date(2026, 4, 1), PROFILE)
    _profile(x, date(2026, 9, 1), [("male", "45-64", 3, 9000)])

    gp = world.users["practice_staff"]
    # The world's referral (received the day the tests run) moved into the GP's six months.
    Referral.objects.filter(pk=world.referral_x.pk).update(received_on=date(2026, 1, 1))
    staff = {
        "gp": gp,
        "nurse": _staff(world, "reach_nurse", "practice_nurse"),
        "receptionist": _staff(world, "reach_receptionist", "receptionist"),
        "pharmacist": _staff(world, "reach_pharmacist", "pharmacist"),
        "gone": _staff(world, "reach_gone", "gp"),
    }
    _refer(x, gp, "P1", date(1990, 5, 10), "female", date(2026, 4, 1), "gp", "linkwork_form", 1)
    _refer(
        x, staff["nurse"], "P2", date(2001, 6, 15), "male", date(2026, 6, 15),
        "practice_nurse", "phone", 1,
    )  # fmt: skip
    _refer(
        x, staff["receptionist"], "P3", date(2001, 6, 16), "female", date(2026, 6, 15),
        "receptionist", "phone", 2,
    )  # fmt: skip
    _refer(x, gp, "P4", date(1960, 4, 20), "male", date(2026, 4, 19), "gp", "linkwork_form")
    _refer(x, gp, "P4", date(1960, 4, 20), "male", date(2026, 5, 1), "gp", "docman", 3)
    _refer(
        x, gp, "P5", date(1941, 1, 1), "not_known", date(2026, 5, 5), "self",
        "self_referral_form", 2,
    )  # fmt: skip
    declined = _refer(
        x, staff["gone"], "P6", date(1980, 1, 1), "female", date(2026, 4, 10), "gp",
        "linkwork_form", 4,
    )  # fmt: skip
    referrals.decline_referral(
        referral=declined, by=world.users["team_lead"], reason="not_eligible", feedback=""
    )
    staff["gone"].is_active = False
    staff["gone"].save(update_fields=["is_active"])
    for n in range(1, 6):
        _refer(
            y, gp, f"Q{n}", date(1970, 1, n), "female", date(2026, 5, n + 1),
            "external_organisation", "email", 1,
        )  # fmt: skip

    LinkWorker.objects.filter(pk=world.worker_a.pk).update(wte=Decimal("1.00"))
    PracticeAttachment.objects.filter(link_worker=world.worker_a).update(
        working_days=["mon", "tue", "wed"]
    )
    PracticeAttachment.objects.create(
        link_worker=world.worker_a, practice=y, working_days=["thu", "fri"]
    )
    return Reach(world, staff)
