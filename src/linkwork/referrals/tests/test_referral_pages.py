"""Referral pages through the test client: referring, recording, self-referral, triage,
intake status and the open diary, as each role sees them."""

import html
import random
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.core.chi import check_chi, generate_chi
from linkwork.demo.places import load_synthetic, synthetic_postcodes
from linkwork.places.services import deprivation_for
from linkwork.referrals import services
from linkwork.referrals.models import AppointmentSlot, PracticeIntake, Referral, ReferralStatus
from linkwork.referrals.tests.test_api import refer

LONDON = ZoneInfo("Europe/London")
BORN = date(1982, 7, 15)
CONFLICT = "Someone else changed this referral while you were editing it"


@pytest.fixture
def wednesday_morning():
    """Wednesday 25 November 2026, 10:00 in Glasgow (GMT)."""
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        yield


def a_chi(born=BORN, sex="female", seed=1) -> str:
    return generate_chi(born, sex, random.Random(seed))


def referral_form(**overrides) -> dict:
    data = {
        "given_name": "Morag",
        "family_name": "Kerr",
        "date_of_birth": BORN.isoformat(),
        "sex": "female",
        "phone": "07700 900123",
        "reasons": ["housing", "social_isolation"],
        "what_matters": "Getting back to the bowling club",
        "urgency": "routine",
        "consent_to_referral": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def self_referral_form(world, **overrides) -> dict:
    data = {
        "practice": world.practice_x.pk,
        "given_name": "Ailsa",
        "family_name": "Boyd",
        "date_of_birth": "1990-03-02",
        "sex": "female",
        "phone": "07700 900456",
        "what_matters": "I have not been out of the house for months",
        "consent_to_referral": "on",
    }
    data.update(overrides)
    return data


def field_error(page: str, field: str, message: str) -> bool:
    """The message is shown on the field itself (not only in the error summary)."""
    on_field = rf'id="id_{field}-error">\s*<span[^>]*>Error: </span>[^<]*{re.escape(message)}'
    return re.search(on_field, page) is not None


def new_referral(practice, family_name, urgency="routine", days_ago=0) -> Referral:
    return services.create_referral(
        person=services.PersonDetails(
            given_name="Nan",
            family_name=family_name,
            date_of_birth=date(1950, 1, 1) + timedelta(days=len(family_name) * 37 + days_ago),
            sex="female",
        ),
        details=services.ReferralDetails(
            practice=practice,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["housing"],
            urgency=urgency,
            consent_to_referral=True,
            received_on=timezone.localdate() - timedelta(days=days_ago),
        ),
    )


# Referring from the practice -------------------------------------------------------------


def test_a_confirmation_naming_the_person_is_in_a_cookie_no_script_reads(client, world):
    """It is HttpOnly and Secure as the session is, and gone once the page has shown it."""
    client.force_login(world.users["practice_staff"])
    sent = client.post(reverse("referrals:new"), referral_form())
    assert sent.status_code == 302
    cookie = sent.cookies["messages"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    shown = client.get(sent.url)
    assert "Morag Kerr" in shown.content.decode()
    assert shown.cookies["messages"].value == ""  # deleted once shown


def test_practice_staff_referral_creates_the_person_and_the_referral(client, world):
    client.force_login(world.users["practice_staff"])
    chi = a_chi()
    response = client.post(
        reverse("referrals:new"),
        referral_form(
            chi=chi,
            safety_flags=["dog", "lone_visit_risk"],
            safety_detail="Large dog, kept in the kitchen",
            urgency="urgent",
            reason_detail="Eviction hearing on Friday",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("referrals:list")
    person = Person.objects.get(chi=chi)
    assert (person.given_name, person.family_name, person.date_of_birth) == ("Morag", "Kerr", BORN)
    assert person.practice == world.practice_x
    referral = person.referrals.get()
    assert referral.route == "linkwork_form"
    assert referral.referrer_role == "gp"  # the staff member's job title
    assert referral.referred_by == world.users["practice_staff"]
    assert referral.practice == world.practice_x
    assert referral.status == ReferralStatus.NEW
    assert referral.urgency == "urgent"
    assert referral.consent_to_referral is True
    assert referral.received_on == timezone.localdate()
    assert sorted(r.need for r in referral.reasons.all()) == ["housing", "social_isolation"]
    assert sorted(f.flag for f in referral.safety_flags.all()) == ["dog", "lone_visit_risk"]
    assert referral.safety_detail == "Large dog, kept in the kitchen"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="referrals.referral",
        object_id=str(referral.pk),
        actor=world.users["practice_staff"],
        person_id=person.pk,
        hscp_id=world.hscp_a.pk,
    ).exists()


def test_the_referrer_role_follows_the_staff_members_job_title(client, world):
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.accounts.tests.factories import UserFactory

    nurse = UserFactory(username="nurse")
    assign_role(
        user=nurse, role=Role.PRACTICE_STAFF, practice=world.practice_x, job_title="practice_nurse"
    )
    client.force_login(nurse)
    client.post(reverse("referrals:new"), referral_form())
    assert Referral.objects.get(person__family_name="Kerr").referrer_role == "practice_nurse"


def test_a_postcode_in_the_places_table_fills_the_simd_snapshot(client, world):
    load_synthetic()
    postcode = synthetic_postcodes()[0]
    expected = deprivation_for(postcode)
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(postcode=postcode.lower()))
    assert response.status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    assert referral.person.postcode == postcode
    assert referral.simd_decile == expected.decile
    assert referral.simd_quintile == expected.quintile
    assert referral.simd_datazone == expected.datazone
    assert referral.simd_version == expected.simd_version


def test_a_postcode_not_in_the_places_table_leaves_the_snapshot_empty(client, world):
    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:new"), referral_form(postcode="G51 3HR"))
    referral = Referral.objects.get(person__family_name="Kerr")
    assert referral.simd_decile is None
    assert referral.simd_datazone == ""


def test_consent_is_required_and_the_message_names_it(client, world):
    """Someone who does not agree is not referred: the form says so before and after."""
    client.force_login(world.users["practice_staff"])
    before = client.get(reverse("referrals:new")).content.decode()
    assert "If they do not agree, do not send the referral" in before
    response = client.post(reverse("referrals:new"), referral_form(consent_to_referral=None))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(
        page,
        "consent_to_referral",
        "Tick to confirm the person agrees to the referral. If they do not agree, do not send it",
    )
    assert not Referral.objects.filter(person__family_name="Kerr").exists()
    assert not Person.objects.filter(family_name="Kerr").exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("chi", "12345", "This CHI number is too short: enter all 10 digits"),
        ("chi", "150782413X", "Use digits only in the CHI number"),
        ("chi", "3102821234", "The first 6 digits of this CHI number are not a real date"),
        ("postcode", "G51 XYZ", "Enter a full UK postcode, like G51 3HR"),
        ("date_of_birth", "1982-13-45", "Enter the date of birth as a real date"),
        ("date_of_birth", "2090-01-01", "The date of birth must be in the past"),
    ],
)
def test_bad_input_is_named_on_its_field_and_what_was_typed_is_kept(
    client, world, field, typed, message
):
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(**{field: typed}))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, field, message)
    kept = typed.split("-") if field == "date_of_birth" else [typed]  # day, month, year boxes
    assert all(f'value="{part}"' in page for part in kept)
    assert 'value="Morag"' in page
    assert 'value="Kerr"' in page
    assert not Person.objects.filter(family_name="Kerr").exists()


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("what_matters", 1000, "Shorten the words on what matters to them to 1,000 characters"),
        (
            "reason_detail",
            2000,
            "Shorten the answer to ‘Anything else the link worker should know’ to 2,000 characters",
        ),
        ("safety_detail", 1000, "Shorten the safety details to 1,000 characters or fewer"),
    ],
)
def test_free_text_over_its_limit_is_refused_by_name_and_kept(client, world, field, limit, message):
    client.force_login(world.users["practice_staff"])
    typed = "Pasted from the GP record. " * (limit // 20)
    response = client.post(reverse("referrals:new"), referral_form(**{field: typed}))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, field, message)
    assert typed.strip() in page
    assert not Person.objects.filter(family_name="Kerr").exists()


def test_another_safety_concern_needs_its_details(client, world):
    """'Other safety concern' alone tells a worker visiting alone nothing."""
    client.force_login(world.users["practice_staff"])
    data = referral_form(safety_flags=["other"], safety_detail="")
    page = client.post(reverse("referrals:new"), data).content.decode()
    assert field_error(page, "safety_detail", "Say what the other safety concern is")
    ticked = re.search(r'<input[^>]*name="safety_flags"[^>]*value="other"[^>]*>', page)
    assert ticked
    assert "checked" in ticked.group(0)  # what was ticked is kept
    assert not Person.objects.filter(family_name="Kerr").exists()

    data["safety_detail"] = "Ex-partner sometimes at the address; phone before visiting"
    assert client.post(reverse("referrals:new"), data).status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    assert [f.flag for f in referral.safety_flags.all()] == ["other"]


def test_a_chi_that_disagrees_with_the_date_of_birth_is_a_warning_to_confirm(client, world):
    client.force_login(world.users["practice_staff"])
    chi = a_chi(born=date(1982, 7, 16))
    data = referral_form(chi=chi)
    first = client.post(reverse("referrals:new"), data)
    assert first.status_code == 200
    page = first.content.decode()
    assert field_error(page, "date_of_birth", "The date of birth does not match the CHI number")
    assert "16/07/82" in page
    assert 'name="confirm_date_of_birth"' in page
    assert not Person.objects.filter(chi=chi).exists()

    second = client.post(reverse("referrals:new"), {**data, "confirm_date_of_birth": "on"})
    assert second.status_code == 302
    person = Person.objects.get(chi=chi)
    assert person.date_of_birth == BORN
    assert person.referrals.count() == 1


def test_a_date_of_birth_in_the_future_is_not_offered_the_tick_for_a_mismatch(client, world):
    # Ticking "the date of birth is right" does not put a future date right: only the
    # message naming the fix is shown, with what was typed.
    client.force_login(world.users["practice_staff"])
    data = referral_form(chi=a_chi(), date_of_birth=None)
    data.update(
        {"date_of_birth[day]": "1", "date_of_birth[month]": "1", "date_of_birth[year]": "2099"}
    )
    page = client.post(reverse("referrals:new"), data).content.decode()
    assert field_error(page, "date_of_birth", "The date of birth must be in the past")
    assert 'name="confirm_date_of_birth"' not in page
    assert 'value="2099"' in page


@pytest.mark.parametrize("sex", ["male", "female"])
def test_sex_left_blank_is_taken_from_the_chi(client, world, sex):
    client.force_login(world.users["practice_staff"])
    chi = a_chi(sex=sex, seed=5)
    response = client.post(reverse("referrals:new"), referral_form(chi=chi, sex=None))
    assert response.status_code == 302
    assert Person.objects.get(chi=chi).sex == sex


def test_sex_left_blank_without_a_chi_is_asked_for(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(sex=None))
    assert response.status_code == 200
    assert field_error(response.content.decode(), "sex", "Select their sex")
    assert not Person.objects.filter(family_name="Kerr").exists()


def test_a_mistyped_chi_is_the_only_error_not_the_sex_it_would_give(client, world):
    """Sex is behind "More details" on the practice's form: the CHI number's check digit is
    what to put right, and once it is, the number gives the sex."""
    client.force_login(world.users["practice_staff"])
    chi = a_chi(seed=3)
    mistyped = next(
        typed
        for digit in "0123456789"
        if check_chi(typed := chi[:9] + digit).result == "invalid_checksum"
    )
    response = client.post(reverse("referrals:new"), referral_form(chi=mistyped, sex=None))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, "chi", "check digit is wrong")
    assert "Select their sex" not in page
    corrected = client.post(reverse("referrals:new"), referral_form(chi=chi, sex=None))
    assert corrected.status_code == 302
    assert Person.objects.get(chi=chi).sex == "female"


def test_a_person_with_an_open_case_is_flagged_before_anything_is_saved(client, world):
    person = world.case_x.person
    data = referral_form(
        chi=person.chi,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth.isoformat(),
        sex=person.sex,
    )
    client.force_login(world.users["practice_staff"])
    first = client.post(reverse("referrals:new"), data)
    assert first.status_code == 200
    assert "already has an open case" in first.content.decode()
    assert 'name="confirm_open_case"' in first.content.decode()
    assert not person.referrals.exists()

    second = client.post(reverse("referrals:new"), {**data, "confirm_open_case": "on"})
    assert second.status_code == 302
    referral = person.referrals.get()
    assert referral.status == ReferralStatus.NEW
    assert Person.objects.filter(chi=person.chi).count() == 1


def test_a_link_worker_records_a_referral_received_by_phone(client, world):
    client.force_login(world.users["link_worker"])
    received = timezone.localdate() - timedelta(days=2)
    response = client.post(
        reverse("referrals:record"),
        referral_form(
            practice=world.practice_x.pk,
            route="phone",
            referrer_role="pharmacist",
            referrer_name="Ravi Shah",
            referrer_organisation="Govan Pharmacy",
            received_on=received.isoformat(),
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    assert referral.route == "phone"
    assert referral.referrer_role == "pharmacist"
    assert referral.referrer_name == "Ravi Shah"
    assert referral.referrer_organisation == "Govan Pharmacy"
    assert referral.received_on == received
    assert referral.referred_by == world.users["link_worker"]
    assert referral.status == ReferralStatus.NEW


def test_the_workers_form_asks_the_practice_and_shows_the_date_received(client, world):
    """Where the worker covers several practices none is chosen for them; the date received
    is in sight, not behind "More details"."""
    from linkwork.referrals.forms import ReferralForm

    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:record")).content.decode()
    assert page.index('name="received_on"') < page.index('id="more-details"')
    practices = type(world.practice_x).objects.filter(
        pk__in=[world.practice_x.pk, world.practice_y.pk]
    )
    form = ReferralForm(practices=practices, recorded=True)
    assert form.fields["practice"].empty_label == "Select the practice"
    assert "received_on" not in form.behind_more_details
    unchosen = ReferralForm(referral_form(route="phone"), practices=practices, recorded=True)
    assert unchosen.errors["practice"] == ["Select the person's GP practice"]
    only = ReferralForm(practices=practices.filter(pk=world.practice_x.pk), recorded=True)
    assert only.fields["practice"].empty_label is None


def test_a_recorded_referral_needs_its_route_and_referrer(client, world):
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:record"),
        referral_form(practice=world.practice_x.pk, received_on=timezone.localdate()),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, "route", "Select how the referral arrived")
    assert field_error(page, "referrer_role", "Select who referred")
    assert not Referral.objects.filter(person__family_name="Kerr").exists()


# Self-referral -----------------------------------------------------------------------------


def test_self_referral_needs_no_sign_in_and_awaits_verification(client, world):
    assert client.get(reverse("referrals:self_referral")).status_code == 200
    response = client.post(reverse("referrals:self_referral"), self_referral_form(world))
    assert response.status_code == 200
    assert "It has gone to Practice X" in response.content.decode()
    referral = Referral.objects.get(person__family_name="Boyd")
    assert referral.status == ReferralStatus.AWAITING_VERIFICATION
    assert referral.route == "self_referral_form"
    assert referral.referrer_role == "self"
    assert referral.referred_by is None
    assert referral.practice == world.practice_x


def test_a_self_referral_is_not_in_the_queue_until_the_practice_verifies_it(client, world):
    client.post(reverse("referrals:self_referral"), self_referral_form(world))
    referral = Referral.objects.get(person__family_name="Boyd")
    client.force_login(world.users["link_worker"])
    assert "Ailsa Boyd" not in client.get(reverse("referrals:queue")).content.decode()

    client.force_login(world.users["practice_staff"])
    assert (
        "Confirm this is our patient"
        in client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    )
    response = client.post(reverse("referrals:verify", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW

    client.force_login(world.users["link_worker"])
    assert "Ailsa Boyd" in client.get(reverse("referrals:queue")).content.decode()


def test_only_the_persons_practice_verifies_a_self_referral(client, world):
    client.post(
        reverse("referrals:self_referral"),
        self_referral_form(world, practice=world.practice_y.pk),
    )
    referral = Referral.objects.get(person__family_name="Boyd")
    client.force_login(world.users["practice_staff"])  # staff at practice X
    assert client.post(reverse("referrals:verify", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_VERIFICATION


def test_the_practice_closes_a_self_referral_that_is_not_its_patient(client, world):
    """Spam, or someone registered elsewhere: without this it waited to be checked for ever,
    in the practice's count of self-referrals to check."""
    client.post(reverse("referrals:self_referral"), self_referral_form(world))
    referral = Referral.objects.get(person__family_name="Boyd")
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Not our patient" in page
    response = client.post(reverse("referrals:not_our_patient", args=[referral.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("?status=awaiting_verification")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "outside_area"
    assert referral.decided_by == world.users["practice_staff"]
    to_check = client.get(response["Location"]).content.decode()
    assert "Ailsa Boyd: not your patient. The self-referral is closed" in to_check
    assert reverse("referrals:detail", args=[referral.pk]) not in to_check
    again = client.post(reverse("referrals:not_our_patient", args=[referral.pk]), follow=True)
    assert "This referral has already been checked." in again.content.decode()
    client.force_login(world.users["link_worker"])
    assert "Ailsa Boyd" not in client.get(reverse("referrals:queue")).content.decode()


def test_only_the_persons_practice_closes_a_self_referral(client, world):
    client.post(
        reverse("referrals:self_referral"),
        self_referral_form(world, practice=world.practice_y.pk),
    )
    referral = Referral.objects.get(person__family_name="Boyd")
    client.force_login(world.users["practice_staff"])  # staff at practice X
    url = reverse("referrals:not_our_patient", args=[referral.pk])
    assert client.post(url).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_VERIFICATION


SELF_REFERRALS_PER_HOUR = 20


def test_self_referral_is_rate_limited_per_address(wednesday_morning, client, world):
    url = reverse("referrals:self_referral")
    for _ in range(SELF_REFERRALS_PER_HOUR):
        assert client.post(url, {}).status_code == 200
    refused = client.post(url, self_referral_form(world))
    assert refused.status_code == 429
    assert "too many times" in refused.content.decode()
    assert not Referral.objects.filter(person__family_name="Boyd").exists()
    elsewhere = client.post(url, self_referral_form(world), REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 200
    assert Referral.objects.filter(person__family_name="Boyd").exists()


def test_self_referral_limit_resets_the_next_hour(wednesday_morning, client, world):
    url = reverse("referrals:self_referral")
    for _ in range(SELF_REFERRALS_PER_HOUR + 1):
        client.post(url, {})
    assert client.post(url, {}).status_code == 429
    with time_machine.travel(datetime(2026, 11, 25, 11, 5, tzinfo=LONDON)):
        assert client.post(url, self_referral_form(world)).status_code == 200


def test_self_referral_without_sex_asks_for_it_rather_than_failing(client, world):
    response = client.post(reverse("referrals:self_referral"), self_referral_form(world, sex=""))
    assert response.status_code == 200
    assert field_error(response.content.decode(), "sex", "Select")
    assert not Person.objects.filter(family_name="Boyd").exists()


def test_a_self_referral_flooded_with_text_is_refused_by_name_and_kept(client, world):
    """The public form's words reach staff pages: a pasted document (or megabytes sent by a
    script) is refused, as on the practice's form, and what was typed is shown again."""
    typed = "I need help with my flat. " * 100  # 2,600 characters
    response = client.post(
        reverse("referrals:self_referral"), self_referral_form(world, what_matters=typed)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(
        page,
        "what_matters",
        "Shorten the answer to ‘What would you like help with?’ to 1,000 characters or fewer",
    )
    assert typed.strip() in page
    assert not Referral.objects.filter(person__family_name="Boyd").exists()


def test_a_self_referrals_mistyped_chi_says_what_to_check_it_against_or_to_leave_it(client, world):
    """The public have no record to check a CHI number against: they have letters, and the
    number is optional."""
    chi = a_chi(seed=4)
    mistyped = next(
        typed
        for digit in "0123456789"
        if check_chi(typed := chi[:9] + digit).result == "invalid_checksum"
    )
    response = client.post(
        reverse("referrals:self_referral"), self_referral_form(world, chi=mistyped)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, "chi", "Check it against a letter from your GP practice or hospital")
    assert "the person&#x27;s record" not in page
    assert not Referral.objects.filter(person__family_name="Boyd").exists()


def test_a_self_referral_cannot_change_an_existing_persons_record(client, world):
    """The public form is unverified: naming someone's CHI must not rewrite their details."""
    person = world.case_x.person
    client.post(
        reverse("referrals:self_referral"),
        self_referral_form(
            world,
            chi=person.chi,
            given_name="Someone",
            family_name="Else",
            date_of_birth=person.date_of_birth.isoformat(),
            sex=person.sex,
            phone="07700 900999",
        ),
    )
    person.refresh_from_db()
    assert (person.given_name, person.phone) == ("Jim", "")
    assert person.family_name != "Else"


# The referrals list -------------------------------------------------------------------------


def test_the_practice_finds_last_months_referrals_by_date_and_status(client, world):
    new_referral(world.practice_x, "Earlier", days_ago=60)
    last_month = new_referral(world.practice_x, "Lastmonth", days_ago=30)
    services.decline_referral(
        referral=last_month, by=world.users["link_worker"], reason="other", feedback="Sorry"
    )
    new_referral(world.practice_x, "Recent", days_ago=1)
    client.force_login(world.users["practice_staff"])
    today = timezone.localdate()
    month = {
        "received_from": (today - timedelta(days=45)).isoformat(),
        "received_to": (today - timedelta(days=15)).isoformat(),
    }
    url = reverse("referrals:list")
    page = client.get(url, month).content.decode()
    assert 'name="received_from"' in page
    assert "Nan Lastmonth" in page
    assert "Nan Earlier" not in page
    assert "Nan Recent" not in page
    assert "Nan Lastmonth" in client.get(url, {**month, "status": "declined"}).content.decode()
    waiting = client.get(url, {**month, "status": "new"}).content.decode()
    assert "No referrals match these filters" in waiting


def test_the_referrals_list_counts_the_practices_own_referrals_by_status(client, world):
    # At a glance: how many wait and how many were declined, each a link to them, of the
    # practice's own referrals only (another practice's are not counted).
    declined = new_referral(world.practice_x, "Declined")
    services.decline_referral(
        referral=declined, by=world.users["link_worker"], reason="other", feedback="Sorry"
    )
    new_referral(world.practice_x, "Waitingone")
    new_referral(world.practice_x, "Waitingtwo")
    new_referral(world.practice_y, "Elsewhere")
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:list"), {"status": "declined"}).content.decode()
    counts = page[page.index("All your referrals by status") : page.index('name="status"')]
    waiting = Referral.objects.filter(practice=world.practice_x, status="new").count()
    assert waiting == 3  # the world's own, and the two above: not Practice Y's
    assert re.search(rf'href="/referrals/\?status=new"[^>]*>Waiting</a>: {waiting}<', counts)
    assert re.search(r'href="/referrals/\?status=declined"[^>]*>Declined</a>: 1<', counts)
    assert "1 referral<" in page  # the filtered list's caption, counted in words


def test_a_filter_typed_wrong_is_named_and_the_others_still_apply(client, world):
    new_referral(world.practice_x, "Earlier", days_ago=60)
    new_referral(world.practice_x, "Recent", days_ago=1)
    client.force_login(world.users["practice_staff"])
    today = timezone.localdate()
    url = reverse("referrals:list")
    typo = {"received_from": "2026-13-01", "received_to": (today - timedelta(days=30)).isoformat()}
    page = client.get(url, typo).content.decode()
    assert field_error(page, "received_from", "Enter the first day received as a real date")
    assert 'value="2026-13-01"' in page
    assert "Nan Earlier" in page
    assert "Nan Recent" not in page
    backwards = {"received_from": today.isoformat(), "received_to": "2026-01-01"}
    page = client.get(url, backwards).content.decode()
    assert field_error(page, "received_to", "Enter a last day on or after the first day")


# Triage ------------------------------------------------------------------------------------


def test_the_queue_lists_urgent_first_then_longest_wait(client, world):
    x = world.practice_x
    new_referral(x, "Routineten", days_ago=10)
    new_referral(x, "Routinethree", days_ago=3)
    new_referral(x, "Urgentone", urgency="urgent", days_ago=1)
    new_referral(x, "Urgentfive", urgency="urgent", days_ago=5)
    declined = new_referral(x, "Declinedold", days_ago=30)
    services.decline_referral(
        referral=declined, by=world.users["link_worker"], reason="other", feedback="No"
    )
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:queue")).content.decode()
    names = ["Urgentfive", "Urgentone", "Routineten", "Routinethree", "Jim Referred"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Declinedold" not in page
    assert "5 waiting" in page


def test_the_queue_shows_only_the_workers_practices(client, world):
    new_referral(world.practice_y, "Atpracticey")
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:queue")).content.decode()
    assert "Jim Referred" in page
    assert "Atpracticey" not in page


def test_a_link_worker_accepts_a_referral_for_themself(client, world):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    referral.refresh_from_db()
    case = referral.case
    assert response.status_code == 302
    assert response.url == reverse("casework:case_detail", args=[case.pk])
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.decided_by == world.users["link_worker"]
    assert referral.decided_at is not None
    assert case.link_worker == world.worker_a
    assert case.person == referral.person
    assert case.practice == world.practice_x
    assert case.status == CaseStatus.OPEN
    assert case.opened_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="casework.case", object_id=str(case.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_type="referrals.referral", object_id=str(referral.pk)
    ).exists()


def test_a_link_worker_cannot_accept_for_another_worker(client, world):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a2.pk, "version": referral.version},
    )
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert not referral.person.cases.exists()


def test_a_team_lead_may_allocate_to_any_worker_of_their_provider(client, world):
    referral = world.referral_x
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a2.pk, "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.case.link_worker == world.worker_a2


def test_a_team_lead_allocates_to_the_practices_worker(client, world):
    referral = world.referral_x
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.case.link_worker == world.worker_a
    assert referral.decided_by == world.users["team_lead"]


def test_a_team_lead_cannot_allocate_to_another_providers_worker(client, world):
    referral = world.referral_x
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_b.pk, "version": referral.version},
    )
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert not referral.person.cases.exists()


def test_a_declined_referral_shows_reason_and_feedback_to_the_practice(client, world):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]),
        {
            "reason": "needs_clinical_service",
            "feedback": "Please refer to the community mental health team.",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "needs_clinical_service"
    assert referral.feedback_to_referrer == "Please refer to the community mental health team."
    assert not referral.person.cases.exists()

    client.force_login(world.users["practice_staff"])
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "Declined" in listing
    assert "Needs a clinical or statutory service instead" in listing
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Please refer to the community mental health team." in detail


def test_declining_needs_a_reason_and_feedback(client, world):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]), {"version": referral.version}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select why the referral is declined" in page
    assert "Write feedback for the referrer" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW


def test_a_duplicate_joins_the_open_case(client, world):
    person = world.case_x.person
    referral = services.create_referral(
        person=services.PersonDetails(
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            chi=person.chi,
        ),
        details=services.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["debt"],
            consent_to_referral=True,
        ),
        by=world.users["practice_staff"],
        confirm_open_case=True,
    )
    client.force_login(world.users["link_worker"])
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "This person already has an open case" in detail
    response = client.post(reverse("referrals:duplicate", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DUPLICATE
    assert referral.case == world.case_x
    assert person.cases.count() == 1

    client.force_login(world.users["practice_staff"])
    assert "Already supported" in client.get(reverse("referrals:list")).content.decode()


def test_duplicate_without_an_open_case_says_so(client, world):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    response = client.post(reverse("referrals:duplicate", args=[referral.pk]), follow=True)
    assert "There is no open case for this person" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW


def test_two_people_triaging_the_same_referral_the_second_is_told(client, world):
    referral = world.referral_x
    opened_at = referral.version
    client.force_login(world.users["link_worker"])
    client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": opened_at},
    )
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]),
        {"reason": "other", "feedback": "Too late", "version": opened_at},
        follow=True,
    )
    worker = world.users["link_worker"].get_full_name()
    assert f"{worker} already accepted this referral on " in html.unescape(
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.decline_reason == ""
    assert referral.feedback_to_referrer == ""
    assert referral.decided_by == world.users["link_worker"]


def test_two_people_accepting_the_same_referral_open_one_case(client, world):
    referral = world.referral_x
    opened_at = referral.version
    client.force_login(world.users["link_worker"])
    client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": opened_at},
    )
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": opened_at},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    worker = world.users["link_worker"].get_full_name()
    assert f"{worker} already accepted this referral on " in page
    assert f": allocated to {world.worker_a}. Nothing else was saved." in page
    assert Case.objects.filter(person=referral.person).count() == 1
    referral.refresh_from_db()
    assert referral.decided_by == world.users["link_worker"]


def test_a_second_click_on_accept_or_decline_says_it_was_already_done(client, world):
    """A double click used to say someone else had changed the referral and that the
    user's changes were below: there were none, and nobody else had."""
    referral = world.referral_x
    opened_at = referral.version
    client.force_login(world.users["team_lead"])
    accept = reverse("referrals:accept", args=[referral.pk])
    form = {"link_worker": world.worker_a.pk, "version": opened_at}
    client.post(accept, form)
    again = html.unescape(client.post(accept, form, follow=True).content.decode())
    assert "You already accepted this referral on " in again
    assert CONFLICT not in again
    declined = client.post(
        reverse("referrals:decline", args=[referral.pk]),
        {"reason": "not_eligible", "version": opened_at},
        follow=True,
    )
    assert "You already accepted this referral" in html.unescape(declined.content.decode())
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert Case.objects.filter(person=referral.person).count() == 1


# Intake status -----------------------------------------------------------------------------


def test_a_team_lead_pauses_intake_and_the_referral_form_says_so_first(client, world):
    client.force_login(world.users["team_lead"])
    response = client.post(
        reverse("referrals:intake", args=[world.practice_x.pk]),
        {"status": "paused", "expected_wait_weeks": "6", "message": "Back in March."},
    )
    assert response.status_code == 302
    intake = PracticeIntake.objects.get(practice=world.practice_x)
    assert (intake.status, intake.expected_wait_weeks) == ("paused", 6)
    assert intake.updated_by == world.users["team_lead"]

    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    banner = page.index("Practice X: Paused: not taking referrals")
    assert "Expected wait: 6 weeks." in page
    assert "Back in March." in page
    assert banner < page.index("<h1")
    assert banner < page.index('<form method="post" novalidate>')
    assert banner < page.index('name="chi"')


def test_an_open_practice_with_a_wait_shows_the_wait(client, world):
    services.set_intake(
        practice=world.practice_x, by=world.users["team_lead"], status="open", expected_wait_weeks=3
    )
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert "Open to referrals. Expected wait: 3 weeks." in page


@pytest.mark.parametrize(
    "username", ["link_worker", "practice_staff", "other_hscp_team_lead", "commissioner"]
)
def test_only_the_team_lead_sets_intake(client, world, username):
    client.force_login(world.users[username])
    response = client.post(
        reverse("referrals:intake", args=[world.practice_x.pk]),
        {"status": "paused", "expected_wait_weeks": "6"},
    )
    assert response.status_code in (403, 404)
    assert not PracticeIntake.objects.filter(practice=world.practice_x).exists()


# The open diary ----------------------------------------------------------------------------


@pytest.fixture
def summer_monday():
    """Monday 14 June 2027, 09:00 in Glasgow (BST, an hour ahead of UTC)."""
    with time_machine.travel(datetime(2027, 6, 14, 9, 0, tzinfo=LONDON)):
        yield


def _publish(client, world, when="2027-06-15", at="10:00", mode="in_practice"):
    client.force_login(world.users["link_worker"])
    return client.post(
        reverse("referrals:slots"),
        {
            "practice": world.practice_x.pk,
            "date": when,
            "time": at,
            "duration_minutes": "45",
            "mode": mode,
        },
    )


def test_a_worker_publishes_a_slot(summer_monday, client, world):
    response = _publish(client, world)
    assert response.status_code == 302
    slot = AppointmentSlot.objects.get()
    assert slot.link_worker == world.worker_a
    assert slot.practice == world.practice_x
    assert slot.starts_at == datetime(2027, 6, 15, 10, 0, tzinfo=LONDON)
    assert slot.duration_minutes == 45
    assert slot.booked_for is None


def test_a_slot_in_the_past_is_refused(summer_monday, client, world):
    response = _publish(client, world, when="2027-06-13")
    assert response.status_code == 200
    assert field_error(response.content.decode(), "date", "A slot must be in the future")
    assert not AppointmentSlot.objects.exists()


@pytest.mark.parametrize("when", ["9999-12-31", "0001-01-01"])
def test_a_slot_at_the_ends_of_the_calendar_is_refused_by_its_year(
    summer_monday, client, world, when
):
    """Its length and the 12 hours before it (for clashes) would overflow the calendar."""
    response = _publish(client, world, when=when, at="23:30")
    assert response.status_code == 200
    assert field_error(
        response.content.decode(), "date", "Check the year of the date: enter a date from 1900"
    )
    assert not AppointmentSlot.objects.exists()


def test_practice_staff_see_the_slot_in_local_time_on_the_referral_form(
    summer_monday, client, world
):
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert f'value="{slot.pk}"' in page
    assert "Tue 15 Jun 10:00" in page


def test_booking_a_slot_holds_it_and_accepting_plans_the_session(summer_monday, client, world):
    _publish(client, world, mode="phone")
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(slot=str(slot.pk)))
    assert response.status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    slot.refresh_from_db()
    assert slot.booked_for == referral
    assert referral.status == ReferralStatus.NEW
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "First appointment booked by the referrer" in page
    client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    referral.refresh_from_db()
    assert referral.case.link_worker == world.worker_a
    session = referral.case.sessions.get()
    assert session.starts_at == slot.starts_at
    assert (session.mode, session.duration_minutes, session.outcome) == ("phone", 45, "")


def test_the_booking_confirmation_gives_the_local_time(summer_monday, client, world):
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(slot=str(slot.pk)), follow=True)
    assert "Morag Kerr is booked in with" in response.content.decode()
    assert "on Tuesday 15 June at 10:00" in response.content.decode()


def test_a_booked_slot_is_no_longer_offered(summer_monday, client, world):
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:new"), referral_form(slot=str(slot.pk)))
    page = client.get(reverse("referrals:new")).content.decode()
    assert f'value="{slot.pk}"' not in page
    assert "Offer a first appointment" not in page


def test_a_second_booking_of_the_same_slot_is_refused(summer_monday, client, world):
    """Two members of staff opened the form while the slot was free; the second to send
    must be told, not have the referral go through silently without the appointment."""
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:new"), referral_form(slot=str(slot.pk)))

    again = client.post(
        reverse("referrals:new"), referral_form(slot=str(slot.pk), family_name="Second")
    )
    assert again.status_code == 200
    assert not Referral.objects.filter(person__family_name="Second").exists()
    slot.refresh_from_db()
    assert slot.booked_for.person.family_name == "Kerr"


def start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def test_referrals_list_shows_progress_to_practice_staff_without_case_notes(client, world):
    case = services.accept_referral(
        referral=world.referral_x, by=world.users["link_worker"], link_worker=world.worker_a
    )
    from linkwork.casework import services as casework

    casework.record_session(
        case=case,
        by=world.users["link_worker"],
        # An hour ago, but not before today, when the referral was received.
        starts_at=max(timezone.now() - timedelta(hours=1), start_of_today()),
        mode="phone",
        outcome="attended",
        note="Talked about his debts in detail",
    )
    client.force_login(world.users["practice_staff"])
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "First contact made" in listing
    detail = client.get(reverse("referrals:detail", args=[world.referral_x.pk])).content.decode()
    assert "Talked about his debts" not in listing + detail


def test_the_referrals_list_names_each_cases_worker_in_the_same_queries_however_many(
    client, world, django_assert_num_queries
):
    """The cases and their workers are read apart from the list's page (decision 0153), in
    one statement for the page: more accepted referrals, no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def accepted(given_name, born):
        person = services.PersonDetails(given_name, "Listed", born, "female")
        referral = refer(world, person, by=world.users["practice_staff"])
        return services.accept_referral(
            referral=referral, by=world.users["link_worker"], link_worker=world.worker_a
        )

    accepted("Ann", date(1970, 1, 2))
    client.force_login(world.users["practice_staff"])
    client.get(reverse("referrals:list"))  # the statements built once a process
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("referrals:list"))
    accepted("Bea", date(1971, 2, 3))
    accepted("Cal", date(1972, 3, 4))
    with django_assert_num_queries(len(one.captured_queries)):
        listing = client.get(reverse("referrals:list")).content.decode()
    assert listing.count(str(world.worker_a)) >= 3
    assert "Cal Listed" in listing


def test_the_practice_checks_a_self_referral_by_what_the_person_typed(client, world):
    person = world.case_x.person
    client.post(
        reverse("referrals:self_referral"),
        self_referral_form(
            world,
            chi=person.chi,
            given_name=person.given_name,
            family_name="Else",
            date_of_birth=person.date_of_birth.isoformat(),
            sex=person.sex,
            phone="07700 900999",
        ),
    )
    referral = Referral.objects.get(person=person, status=ReferralStatus.AWAITING_VERIFICATION)
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert f"{person.given_name} Else" in page
    assert "07700 900999" in page
    assert person.family_name not in page  # the record the CHI number matched stays unseen


def test_sending_the_same_referral_twice_asks_before_saving_a_second(client, world):
    client.force_login(world.users["practice_staff"])
    assert client.post(reverse("referrals:new"), referral_form()).status_code == 302
    again = client.post(reverse("referrals:new"), referral_form())
    page = again.content.decode()
    assert again.status_code == 200
    assert "Already referred" in page
    assert "is already waiting" in page
    assert Referral.objects.filter(person__family_name="Kerr").count() == 1
    confirmed = client.post(reverse("referrals:new"), referral_form(confirm_open_case="on"))
    assert confirmed.status_code == 302
    assert Referral.objects.filter(person__family_name="Kerr").count() == 2


@pytest.mark.parametrize(("status", "urgency"), [("paused", "urgent"), ("urgent_only", "routine")])
def test_restricted_intake_is_confirmed_before_the_referral_waits(client, world, status, urgency):
    services.set_intake(
        practice=world.practice_x, by=world.users["team_lead"], status=status, expected_wait_weeks=6
    )
    client.force_login(world.users["practice_staff"])
    why = "Eviction hearing on Friday" if urgency == "urgent" else None
    refused = client.post(
        reverse("referrals:new"), referral_form(urgency=urgency, reason_detail=why)
    )
    assert refused.status_code == 200
    assert field_error(refused.content.decode(), "confirm_intake", "The expected wait is 6 weeks")
    assert not Referral.objects.filter(person__family_name="Kerr").exists()
    sent = client.post(
        reverse("referrals:new"),
        referral_form(urgency=urgency, reason_detail=why, confirm_intake="on"),
    )
    assert sent.status_code == 302
    assert Referral.objects.filter(person__family_name="Kerr").exists()


def test_urgent_referrals_go_straight_through_urgent_only_intake(client, world):
    services.set_intake(
        practice=world.practice_x, by=world.users["team_lead"], status="urgent_only"
    )
    client.force_login(world.users["practice_staff"])
    urgent = referral_form(urgency="urgent", reason_detail="Eviction hearing on Friday")
    assert client.post(reverse("referrals:new"), urgent).status_code == 302


def test_an_urgent_referral_says_why_it_is_urgent(client, world):
    # 'Urgent' alone tells the worker reading the queue nothing to act on (decision 0150).
    client.force_login(world.users["practice_staff"])
    data = referral_form(urgency="urgent", safety_flags=["dog"], what_matters="A home")
    refused = client.post(reverse("referrals:new"), data)
    assert refused.status_code == 200
    page = html.unescape(refused.content.decode())
    assert field_error(page, "reason_detail", "Say why the referral is urgent in ‘Anything else")
    assert re.search(r'<details[^>]*id="more-details"[^>]*open', page)  # the field in sight
    assert re.search(r'value="urgent"[^>]*checked', page)  # what was chosen is kept
    assert "A home" in page
    assert not Referral.objects.filter(person__family_name="Kerr").exists()

    data["reason_detail"] = "Eviction hearing on Friday"
    assert client.post(reverse("referrals:new"), data).status_code == 302
    assert Referral.objects.get(person__family_name="Kerr").urgency == "urgent"


def test_no_open_diary_slots_are_offered_while_intake_is_restricted(summer_monday, client, world):
    _publish(client, world)
    services.set_intake(practice=world.practice_x, by=world.users["team_lead"], status="paused")
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert "Offer a first appointment" not in page


def test_the_public_form_speaks_to_the_person(client, world):
    response = client.post(reverse("referrals:self_referral"), {"given_name": ""})
    page = response.content.decode()
    assert field_error(page, "given_name", "Enter your first name")
    assert field_error(page, "date_of_birth", "Enter your date of birth")
    assert "their" not in re.sub(r"<[^>]+>", "", page.split("<main", 1)[1]).lower().replace(
        "there", ""
    )
    assert "Select your GP practice" in page
    assert "I need an interpreter" in page  # not "Needs an interpreter"
    assert "When is it safe to phone you?" in page
    # Where to find a CHI number, for someone who has never heard of one.
    assert "letters from your GP practice or hospital" in page


def test_the_sign_in_page_points_the_public_to_their_form(client):
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert reverse("referrals:self_referral") in page


def test_a_slot_clashing_with_another_is_refused(summer_monday, client, world):
    _publish(client, world)
    again = _publish(client, world, at="10:30")
    assert again.status_code == 200
    assert field_error(again.content.decode(), "date", "This clashes with your slot")
    assert AppointmentSlot.objects.count() == 1


def test_a_slot_on_a_day_away_from_the_practice_is_refused(summer_monday, client, world):
    attachment = world.worker_a.attachments.get()
    attachment.working_days = ["mon", "wed"]
    attachment.save()
    refused = _publish(client, world)  # a Tuesday
    assert field_error(refused.content.decode(), "date", "You are at Practice X on Monday")
    assert not AppointmentSlot.objects.exists()


def test_a_free_slot_can_be_withdrawn_but_not_a_booked_one(summer_monday, client, world):
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.post(reverse("referrals:withdraw_slot", args=[slot.pk]))
    assert not AppointmentSlot.objects.exists()
    _publish(client, world)
    slot = AppointmentSlot.objects.get()
    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:new"), referral_form(slot=str(slot.pk)))
    client.force_login(world.users["link_worker"])
    response = client.post(reverse("referrals:withdraw_slot", args=[slot.pk]), follow=True)
    assert "This slot is held for a referral waiting for triage" in response.content.decode()
    assert AppointmentSlot.objects.filter(pk=slot.pk).exists()


def test_a_recorded_referral_without_its_date_names_the_field(client, world):
    client.force_login(world.users["link_worker"])
    form = referral_form(practice=world.practice_x.pk, route="phone", referrer_role="gp")
    page = client.post(reverse("referrals:record"), form).content.decode()
    assert field_error(page, "received_on", "Enter the date the referral was received")
    assert "This field is required" not in page


@pytest.mark.parametrize(
    ("received", "message"),
    [
        ("1900-01-01", "Enter a date received on or after 1 January 2010"),
        (
            "2030-01-01",
            "The date received cannot be in the future: enter the day it reached you, today or "
            "earlier",
        ),
    ],
)
def test_a_recorded_referral_with_an_impossible_date_names_the_fix(
    client, world, received, message
):
    client.force_login(world.users["link_worker"])
    form = referral_form(
        practice=world.practice_x.pk, route="phone", referrer_role="gp", received_on=received
    )
    page = client.post(reverse("referrals:record"), form).content.decode()
    assert field_error(page, "received_on", message)


def test_a_referral_received_before_the_person_was_born_is_refused_through_the_api(world):
    from linkwork.casework.tests.test_api import ApiClient

    api = ApiClient(world.users["link_worker"], set())
    body = {
        "person": {
            "given_name": "Ann",
            "family_name": "New",
            "date_of_birth": "2015-03-01",
            "sex": "female",
        },
        "reasons": ["housing"],
        "route": "phone",
        "referrer_role": "gp",
        "consent_to_referral": True,
        "practice_code": world.practice_x.code,
        "received_on": "2014-01-01",
    }
    refused = api.post("/referrals", body)
    assert refused.status_code == 422
    assert "before the person's date of birth" in refused.content.decode()


def test_practice_staff_cannot_use_the_workers_record_form(client, world):
    client.force_login(world.users["practice_staff"])
    assert client.get(reverse("referrals:record")).status_code == 403


def test_the_date_of_birth_is_typed_in_day_month_and_year_boxes(client, world):
    """The NHS date input, not a browser date picker: what was typed comes back."""
    client.force_login(world.users["practice_staff"])
    form = referral_form()
    del form["date_of_birth"]
    form |= {"date_of_birth[day]": "15", "date_of_birth[month]": "7", "date_of_birth[year]": ""}
    page = client.post(reverse("referrals:new"), form).content.decode()
    assert field_error(page, "date_of_birth", "Enter the date of birth as a real date")
    assert 'name="date_of_birth[day]"' in page
    assert 'href="#id_date_of_birth-day"' in page  # the error summary leads to the first box
    form["date_of_birth[year]"] = "1982"
    assert client.post(reverse("referrals:new"), form).status_code == 302
    assert Person.objects.get(family_name="Kerr").date_of_birth.isoformat() == "1982-07-15"


def test_the_referrals_list_pages_keep_the_status_it_is_filtered_by(client, world):
    from linkwork.casework.tests.helpers import refer_again
    from linkwork.core.paging import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        refer_again(world)
    client.force_login(world.users["link_worker"])

    first = client.get(reverse("referrals:list"), {"status": "new"}).content.decode()
    assert 'href="?status=new&amp;page=2"' in first
    second = client.get(reverse("referrals:list"), {"status": "new", "page": 2}).content.decode()
    assert 'href="?status=new&amp;page=1"' in second
    unfiltered = client.get(reverse("referrals:list")).content.decode()
    assert 'href="?page=2"' in unfiltered
