"""Referral rules, called through the services: intake, triage, reopening, the open
diary and how progress reads to the referrer."""

import contextlib
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services as casework
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.casework.tests.factories import PersonFactory
from linkwork.core.chi import generate_chi
from linkwork.core.models import EditConflict
from linkwork.demo.places import load_synthetic, synthetic_postcodes
from linkwork.places.services import deprivation_for
from linkwork.referrals import services
from linkwork.referrals.models import AppointmentSlot, Referral, ReferralStatus
from linkwork.referrals.presenters import progress

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow."""
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        yield


def details_of(person: Person) -> services.PersonDetails:
    return services.PersonDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        chi=person.chi,
    )


def practice_referral(world, **overrides) -> services.ReferralDetails:
    fields = {
        "practice": world.practice_x,
        "route": "linkwork_form",
        "referrer_role": "gp",
        "reasons": ["housing"],
        "consent_to_referral": True,
    }
    fields.update(overrides)
    return services.ReferralDetails(**fields)


def refer(world, person_details, confirm_open_case=False, **overrides) -> Referral:
    return services.create_referral(
        person=person_details,
        details=practice_referral(world, **overrides),
        by=world.users["practice_staff"],
        confirm_open_case=confirm_open_case,
    )


def newcomer(family_name="Kerr", given_name="Morag", **extra) -> services.PersonDetails:
    return services.PersonDetails(
        given_name=given_name,
        family_name=family_name,
        **{"date_of_birth": date(1982, 7, 15), "sex": "female", **extra},
    )


def closed_case(world, closed_days_ago: int) -> Case:
    """A person at practice X whose case with worker A closed some days ago."""
    person = PersonFactory(practice=world.practice_x)
    today = timezone.localdate()
    case = casework.open_case(
        person=person,
        link_worker=world.worker_a,
        practice=world.practice_x,
        opened_on=today - timedelta(days=400),
        by=world.users["link_worker"],
    )
    return casework.close_case(
        case=case,
        by=world.users["link_worker"],
        reason="goals_met",
        closed_on=today - timedelta(days=closed_days_ago),
    )


# Referral in -------------------------------------------------------------------------------


def test_a_referral_stores_reasons_and_flags_once_each(world):
    referral = refer(
        world,
        newcomer(),
        reasons=["housing", "debt", "housing"],
        safety_flags=["dog", "dog", "infection_risk"],
    )
    assert sorted(r.need for r in referral.reasons.all()) == ["debt", "housing"]
    assert sorted(f.flag for f in referral.safety_flags.all()) == ["dog", "infection_risk"]
    assert referral.received_on == timezone.localdate()
    assert referral.status == ReferralStatus.NEW


def test_the_simd_snapshot_is_taken_when_the_postcode_is_known(world):
    load_synthetic()
    postcode = synthetic_postcodes()[-1]
    expected = deprivation_for(postcode)
    referral = refer(world, newcomer(postcode=postcode))
    assert (referral.simd_decile, referral.simd_quintile) == (expected.decile, expected.quintile)
    assert referral.simd_datazone == expected.datazone
    assert referral.simd_version == expected.simd_version


def test_a_person_with_an_open_case_is_refused_until_the_referrer_confirms(world):
    person = world.case_x.person
    with pytest.raises(services.OpenCaseExists) as refused:
        refer(world, details_of(person))
    assert f"{person.full_name} already has an open case" in str(refused.value)
    assert refused.value.case == world.case_x
    assert not person.referrals.exists()

    referral = refer(world, details_of(person), confirm_open_case=True)
    assert referral.person == person
    assert Person.objects.filter(chi=person.chi).count() == 1


def test_the_open_case_is_found_by_surname_and_birth_date_when_there_is_no_chi(world):
    person = world.case_x.person
    typed = services.PersonDetails(
        given_name=person.given_name,
        family_name=person.family_name.upper(),
        date_of_birth=person.date_of_birth,
        sex=person.sex,
    )
    with pytest.raises(services.OpenCaseExists):
        refer(world, typed)


def test_referring_a_known_person_again_fills_in_what_the_record_lacks_and_no_more(world):
    first = refer(world, newcomer(chi=None, phone="0141 000 0000"))
    second = refer(
        world,
        newcomer(given_name="Renamed", phone="07700 900123", postcode="G51 2AB"),
        confirm_open_case=True,
    )
    assert first.person == second.person
    second.person.refresh_from_db()
    assert second.person.postcode == "G51 2AB"  # the blank is filled in
    assert second.person.phone == "0141 000 0000"  # what the record holds is kept
    assert second.person.given_name != "Renamed"
    assert second.submitted_details["phone"] == "07700 900123"  # the referral keeps its own
    assert Person.objects.filter(family_name="Kerr").count() == 1


def test_a_referral_sent_twice_is_stopped_before_it_is_saved(world):
    first = refer(world, newcomer())
    with pytest.raises(services.ReferralWaiting) as refused:
        refer(world, newcomer())
    assert refused.value.referral == first
    assert "already waiting" in str(refused.value)
    assert Referral.objects.filter(person=first.person).count() == 1
    refer(world, newcomer(), confirm_open_case=True)
    assert Referral.objects.filter(person=first.person).count() == 2


def test_a_referral_waiting_at_another_practice_is_not_revealed(world):
    staff_x = world.users["practice_staff"]  # refers for practice X only
    chi = generate_chi(date(1982, 7, 15), "female", random.Random(7))
    other = services.create_referral(
        person=newcomer(chi=chi),
        details=practice_referral(world, practice=world.practice_y),
        by=None,
        confirm_open_case=True,
    )
    again = services.create_referral(
        person=newcomer(chi=chi), details=practice_referral(world), by=staff_x
    )
    assert again.person == other.person


def test_a_referral_is_audited_and_kept_in_history(world):
    referral = refer(world, newcomer())
    assert referral.history.count() == 1
    assert referral.history.get().history_user == world.users["practice_staff"]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="referrals.referral", object_id=str(referral.pk)
    ).exists()


# Triage ------------------------------------------------------------------------------------


def test_the_waiting_list_is_urgent_first_then_longest_wait(world):
    today = timezone.localdate()
    made = {
        name: refer(
            world,
            newcomer(family_name=name),
            urgency=urgency,
            received_on=today - timedelta(days=days),
        )
        for name, urgency, days in [
            ("Routinetwo", "routine", 2),
            ("Urgentone", "urgent", 1),
            ("Routinenine", "routine", 9),
            ("Urgentsix", "urgent", 6),
        ]
    }
    services.decline_referral(
        referral=made["Routinenine"], by=world.users["link_worker"], reason="other", feedback="."
    )
    order = [r.person.family_name for r in services.waiting_list(Referral.objects.all())]
    assert order == ["Urgentsix", "Urgentone", "Routinetwo", "Referred"]


def test_days_waited_counts_from_the_day_received(wednesday_morning, world):
    referral = refer(world, newcomer(), received_on=date(2026, 11, 11))
    assert services.days_waited(referral) == 14
    assert progress(referral).detail == "14 days"


def test_a_referral_received_today_has_waited_since_today_not_0_days(wednesday_morning, world):
    referral = refer(world, newcomer(), received_on=date(2026, 11, 25))
    assert services.days_waited(referral) == 0
    assert progress(referral).detail == "Received today"


def test_accepting_opens_a_case_for_the_chosen_worker(world):
    referral = world.referral_x
    case = services.accept_referral(
        referral=referral, by=world.users["team_lead"], link_worker=world.worker_a
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.case == case
    assert referral.decided_by == world.users["team_lead"]
    assert (case.person, case.link_worker, case.practice) == (
        referral.person,
        world.worker_a,
        world.practice_x,
    )
    assert case.status == CaseStatus.OPEN
    assert case.history.get().history_user == world.users["team_lead"]


def test_accepting_for_a_person_with_an_unallocated_open_case_allocates_it(world):
    person = PersonFactory(practice=world.practice_x)
    unallocated = casework.open_case(
        person=person, link_worker=None, practice=world.practice_x, opened_on=date(2026, 9, 1)
    )
    referral = refer(world, details_of(person), confirm_open_case=True)
    case = services.accept_referral(
        referral=referral, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    assert case == unallocated
    unallocated.refresh_from_db()
    assert unallocated.link_worker == world.worker_a2
    assert person.cases.count() == 1


@pytest.mark.parametrize("closed_days_ago", [1, 30, 90])
def test_a_person_whose_case_closed_within_90_days_gets_it_reopened(
    wednesday_morning, world, closed_days_ago
):
    old = closed_case(world, closed_days_ago)
    referral = refer(world, details_of(old.person))
    case = services.accept_referral(
        referral=referral, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    assert case.pk == old.pk
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.closed_on is None
    assert case.link_worker == world.worker_a2
    assert old.person.cases.count() == 1
    closed = case.history.filter(status=CaseStatus.CLOSED).get()
    assert closed.closure_reason == "goals_met"
    assert closed.closed_on == timezone.localdate() - timedelta(days=closed_days_ago)
    assert [h.status for h in case.history.order_by("history_date", "history_id")] == [
        "open",
        "closed",
        "open",
    ]


@pytest.mark.parametrize("closed_days_ago", [91, 365])
def test_a_person_whose_case_closed_longer_ago_gets_a_new_case(
    wednesday_morning, world, closed_days_ago
):
    old = closed_case(world, closed_days_ago)
    referral = refer(world, details_of(old.person))
    case = services.accept_referral(
        referral=referral, by=world.users["team_lead"], link_worker=world.worker_a
    )
    assert case.pk != old.pk
    assert case.opened_on == timezone.localdate()
    old.refresh_from_db()
    assert old.status == CaseStatus.CLOSED
    assert old.person.cases.count() == 2


def test_declining_stores_the_coded_reason_and_the_feedback(world):
    referral = services.decline_referral(
        referral=world.referral_x,
        by=world.users["link_worker"],
        reason="outside_area",
        feedback="Registered with a practice in Paisley now.",
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "outside_area"
    assert referral.feedback_to_referrer == "Registered with a practice in Paisley now."
    assert referral.case is None
    state = progress(referral)
    assert (state.label, state.detail) == ("Declined", "Outside the practice or service area")


def test_a_duplicate_joins_the_persons_open_case(world):
    referral = refer(world, details_of(world.case_x.person), confirm_open_case=True)
    services.mark_duplicate(referral=referral, by=world.users["link_worker"])
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DUPLICATE
    assert referral.case == world.case_x
    assert world.case_x.person.cases.count() == 1
    assert progress(referral).label == "Already supported"


def test_a_duplicate_needs_an_open_case(world):
    with pytest.raises(ValueError, match="no open case"):
        services.mark_duplicate(referral=world.referral_x, by=world.users["link_worker"])
    world.referral_x.refresh_from_db()
    assert world.referral_x.status == ReferralStatus.NEW


def test_a_stale_accept_is_refused_and_opens_no_case(world):
    referral = world.referral_x
    opened_at = referral.version
    services.decline_referral(
        referral=Referral.objects.get(pk=referral.pk),
        by=world.users["link_worker"],
        reason="other",
        feedback="Not for us",
        expected_version=opened_at,
    )
    with pytest.raises(EditConflict, match="Someone else changed this referral"):
        services.accept_referral(
            referral=Referral.objects.get(pk=referral.pk),
            by=world.users["team_lead"],
            link_worker=world.worker_a,
            expected_version=opened_at,
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.case is None
    assert not referral.person.cases.exists()
    assert not AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="casework.case", person_id=referral.person_id
    ).exists()


def test_a_stale_decline_is_refused_and_changes_nothing(world):
    referral = world.referral_x
    opened_at = referral.version
    services.accept_referral(
        referral=Referral.objects.get(pk=referral.pk),
        by=world.users["link_worker"],
        link_worker=world.worker_a,
        expected_version=opened_at,
    )
    with pytest.raises(EditConflict):
        services.decline_referral(
            referral=Referral.objects.get(pk=referral.pk),
            by=world.users["team_lead"],
            reason="other",
            feedback="Too late",
            expected_version=opened_at,
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert (referral.decline_reason, referral.feedback_to_referrer) == ("", "")


def test_verifying_a_self_referral_puts_it_in_the_queue(world):
    referral = services.create_referral(
        person=newcomer(),
        details=practice_referral(world, route="self_referral_form", referrer_role="self"),
        status=ReferralStatus.AWAITING_VERIFICATION,
        confirm_open_case=True,
    )
    assert referral not in services.waiting_list(Referral.objects.all())
    assert referral.referred_by is None
    services.verify_self_referral(referral=referral, by=world.users["practice_staff"])
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert referral in services.waiting_list(Referral.objects.all())


def test_verifying_again_does_not_undo_a_decision(world):
    """The practice's 'Confirm' from a page opened before the referral was accepted."""
    services.accept_referral(
        referral=world.referral_x, by=world.users["link_worker"], link_worker=world.worker_a
    )
    referral = Referral.objects.get(pk=world.referral_x.pk)
    with contextlib.suppress(ValueError, EditConflict):  # refusing is as good as ignoring
        services.verify_self_referral(referral=referral, by=world.users["practice_staff"])
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


# Intake status -----------------------------------------------------------------------------


def test_a_practice_nobody_has_set_is_open(world):
    intake = services.intake_of(world.practice_y)
    assert intake.status == "open"
    assert intake.pk is None


def test_setting_intake_keeps_its_history(world):
    lead = world.users["team_lead"]
    services.set_intake(practice=world.practice_x, by=lead, status="paused", expected_wait_weeks=8)
    services.set_intake(practice=world.practice_x, by=lead, status="urgent_only")
    intake = services.intake_of(world.practice_x)
    assert (intake.status, intake.expected_wait_weeks) == ("urgent_only", None)
    assert [h.status for h in intake.history.order_by("history_date", "history_id")] == [
        "paused",
        "urgent_only",
    ]
    assert intake.history.first().history_user == lead


# The open diary ----------------------------------------------------------------------------


def slot_tomorrow(world, hour=10) -> AppointmentSlot:
    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), datetime.min.time())
    ) + timedelta(hours=hour)
    return services.publish_slot(
        link_worker=world.worker_a2, practice=world.practice_x, starts_at=starts, mode="phone"
    )


def test_booking_a_slot_holds_it_and_accepting_for_its_worker_plans_the_session(
    wednesday_morning, world
):
    slot = slot_tomorrow(world)
    referral = services.create_referral(
        person=newcomer(),
        details=practice_referral(world),
        by=world.users["practice_staff"],
        slot=slot,
    )
    referral.refresh_from_db()
    slot.refresh_from_db()
    assert slot.booked_for == referral
    assert referral.status == ReferralStatus.NEW  # triaged like any referral
    assert slot not in services.available_slots(world.practice_x)
    services.accept_referral(
        referral=referral, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    referral.refresh_from_db()
    assert referral.case.link_worker == world.worker_a2
    session = referral.case.sessions.get()
    assert session.starts_at == slot.starts_at
    assert (session.mode, session.duration_minutes, session.is_planned) == ("phone", 60, True)


def test_a_held_slot_is_freed_when_the_referral_goes_elsewhere_or_is_declined(
    wednesday_morning, world
):
    slot = slot_tomorrow(world)  # the other worker's
    first = services.create_referral(
        person=newcomer(),
        details=practice_referral(world),
        by=world.users["practice_staff"],
        slot=slot,
    )
    services.accept_referral(
        referral=first, by=world.users["team_lead"], link_worker=world.worker_a
    )
    slot.refresh_from_db()
    assert slot.booked_for is None
    assert not first.case.sessions.exists()

    second = services.create_referral(
        person=newcomer(family_name="Second"),
        details=practice_referral(world),
        by=world.users["practice_staff"],
        slot=slot,
    )
    services.decline_referral(
        referral=second, by=world.users["team_lead"], reason="other", feedback="CAB instead"
    )
    slot.refresh_from_db()
    assert slot.booked_for is None
    assert slot in services.available_slots(world.practice_x)


def test_booking_a_slot_tells_the_referrer_nothing_about_a_record(wednesday_morning, world):
    """The open diary is not a CHI look-up: a known record with an open case elsewhere, or
    under another surname, books the same way as someone new."""
    known = details_of(world.case_y.person)  # another practice's patient, open case
    known.family_name = "Guessed"
    slot = slot_tomorrow(world)
    referral = services.create_referral(
        person=known,
        details=practice_referral(world),
        by=world.users["practice_staff"],
        slot=slot,
        confirm_open_case=True,
    )
    assert referral.status == ReferralStatus.NEW
    assert referral.case is None


def test_a_slot_cannot_be_booked_twice(wednesday_morning, world):
    slot = slot_tomorrow(world)
    services.create_referral(
        person=newcomer(),
        details=practice_referral(world),
        slot=slot,
        by=world.users["practice_staff"],
    )
    with pytest.raises(services.SlotTaken, match="just been booked by someone else"):
        services.create_referral(
            person=newcomer(family_name="Second"),
            details=practice_referral(world),
            by=world.users["practice_staff"],
            slot=AppointmentSlot.objects.get(pk=slot.pk),
        )
    assert not Person.objects.filter(family_name="Second").exists()
    assert not Referral.objects.filter(person__family_name="Second").exists()
    slot.refresh_from_db()
    assert slot.booked_for.person.family_name == "Kerr"


def test_only_future_free_slots_of_the_practice_are_offered(wednesday_morning, world):
    free = slot_tomorrow(world)
    past = AppointmentSlot.objects.create(  # published earlier, gone by now
        link_worker=world.worker_a,
        practice=world.practice_x,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    elsewhere = services.publish_slot(
        link_worker=world.worker_a2,
        practice=world.practice_y,
        starts_at=timezone.now() + timedelta(days=2),
    )
    offered = list(services.available_slots(world.practice_x))
    assert offered == [free]
    assert past not in offered
    assert elsewhere not in offered


# Progress as the referrer sees it -----------------------------------------------------------


def test_progress_follows_the_case_through_contact_and_closure(wednesday_morning, world):
    referral = world.referral_x
    assert progress(referral).label == "Waiting"
    case = services.accept_referral(
        referral=referral, by=world.users["link_worker"], link_worker=world.worker_a
    )
    referral.refresh_from_db()
    assert (progress(referral).label, progress(referral).detail) == (
        "Accepted",
        str(world.worker_a),
    )
    casework.record_session(
        case=case,
        by=world.users["link_worker"],
        starts_at=timezone.now(),
        mode="phone",
        outcome="did_not_attend",
    )
    assert progress(referral).label == "Accepted"
    casework.record_session(
        case=case,
        by=world.users["link_worker"],
        starts_at=timezone.now(),
        mode="phone",
        outcome="attended",
    )
    assert progress(referral).label == "First contact made"
    casework.close_case(
        case=case, by=world.users["link_worker"], reason="goals_met", closed_on=date(2026, 11, 25)
    )
    referral.refresh_from_db()
    assert (progress(referral).label, progress(referral).detail) == ("Closed", "Goals met")


def test_a_referral_is_never_deleted(world):
    from linkwork.core.models import NotDeletable

    with pytest.raises(NotDeletable):
        world.referral_x.delete()
    assert Referral.objects.filter(pk=world.referral_x.pk).exists()
