"""Nothing typed twice (issue 13): a CHI number gives the date of birth, a referral needs a
way to reach the person, the short referral form reveals the rest, what the referral says
carries into the person, the case and the first session, and a second self-referral joins
the one waiting without telling the sender."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import Goal, IdentifiedNeed, Person
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.core.chi import chi_birth_dates, generate_chi, mod11_check_digit
from linkwork.referrals import services
from linkwork.referrals.forms import ReferralForm
from linkwork.referrals.models import Referral, ReferralStatus, SelfReferralSubmission
from linkwork.referrals.tests.test_api import referral_body
from linkwork.referrals.tests.test_referral_pages import (
    field_error,
    referral_form,
    self_referral_form,
)

CHI_1982 = "1507824130"  # valid, born 15/07/1982, male


def chi_for(ddmmyy: str, sex_digit: str = "2") -> str:
    """A valid (Mod 11) CHI number starting with these six digits."""
    for serial in range(100):
        first_nine = f"{ddmmyy}{serial:02d}{sex_digit}"
        check = mod11_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
    raise AssertionError(ddmmyy)


# A CHI number gives the date of birth ------------------------------------------------------


def test_a_chi_numbers_date_is_in_the_one_century_that_fits():
    today = date(2026, 12, 6)
    assert chi_birth_dates(CHI_1982, today) == [date(1982, 7, 15)]
    # 1930 or 2030: 2030 is to come.
    assert chi_birth_dates("0101300000", today) == [date(1930, 1, 1)]
    # 1920 (aged 106) or 2020 (aged 6): both could be, so the century is asked.
    assert chi_birth_dates("0101200000", today) == [date(1920, 1, 1), date(2020, 1, 1)]
    # 29 February: 2000 was a leap year, 1900 was not.
    assert chi_birth_dates("2902000000", today) == [date(2000, 2, 29)]
    # 1905 would be 121 years ago: only 2005.
    assert chi_birth_dates("0101050000", today) == [date(2005, 1, 1)]


def test_a_valid_chi_fills_the_date_of_birth_and_sex(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(
        reverse("referrals:new"), referral_form(chi=CHI_1982, date_of_birth=None, sex=None)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Referral.objects.get(person__family_name="Kerr").person
    assert (person.date_of_birth, person.sex) == (date(1982, 7, 15), "male")


def test_the_century_is_asked_only_when_either_fits(client, world):
    client.force_login(world.users["practice_staff"])
    chi = chi_for("040310")  # 4 March 1910 or 2010
    response = client.post(reverse("referrals:new"), referral_form(chi=chi, date_of_birth=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(page, "born_century", "Select the year they were born")
    assert "1910" in page
    assert "2010" in page
    assert not Referral.objects.filter(person__family_name="Kerr").exists()

    answered = referral_form(chi=chi, date_of_birth=None, born_century="20")
    assert client.post(reverse("referrals:new"), answered).status_code == 302
    assert Referral.objects.get(person__family_name="Kerr").person.date_of_birth == date(2010, 3, 4)


def test_no_century_question_when_the_chi_is_unambiguous(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.get(reverse("referrals:new"))
    assert 'name="born_century"' not in response.content.decode()


def test_without_chi_or_date_of_birth_the_error_names_both(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(date_of_birth=None))
    assert field_error(
        response.content.decode(), "date_of_birth", "Enter their date of birth, or their CHI"
    )


def test_a_date_of_birth_that_disagrees_with_the_chi_is_named(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(
        reverse("referrals:new"), referral_form(chi=CHI_1982, date_of_birth="1982-07-16")
    )
    assert field_error(
        response.content.decode(), "date_of_birth", "The date of birth does not match the CHI"
    )


def test_the_chi_check_says_the_date_of_birth_it_gives(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.get(reverse("referrals:check_chi"), {"chi": CHI_1982})
    assert "15 July 1982" in response.content.decode()


def test_the_api_takes_the_date_of_birth_from_the_chi(api, world):
    body = referral_body(person={"date_of_birth": None})
    created = api(world.users["practice_staff"]).post("/referrals", body)
    assert created.status_code == 201, created.content
    assert Person.objects.get(chi=CHI_1982).date_of_birth == date(1982, 7, 15)


def test_the_api_asks_for_the_century_when_either_fits(api, world):
    body = referral_body(person={"chi": chi_for("040310"), "date_of_birth": None})
    refused = api(world.users["practice_staff"]).post("/referrals", body)
    assert "1910 or 2010" in errors_by_field(refused)["date_of_birth"]
    body["person"]["born_century"] = "19"
    assert api(world.users["practice_staff"]).post("/referrals", body).status_code == 201


# A way to reach the person ----------------------------------------------------------------


def test_a_referral_with_no_way_to_reach_the_person_is_refused(client, world):
    client.force_login(world.users["practice_staff"])
    response = client.post(reverse("referrals:new"), referral_form(phone=None))
    page = response.content.decode()
    assert field_error(page, "phone", "Enter a way to reach the person")
    # The choice of contacting them through the practice is behind "More details": open.
    assert re.search(r'id="more-details"\s+open', page)
    assert not Referral.objects.filter(person__family_name="Kerr").exists()


@pytest.mark.parametrize(
    "contact", [{"email": "morag@example.org"}, {"address": "Flat 2/1, 14 Langlands Road"}]
)
def test_an_email_or_an_address_is_a_way_to_reach_them(client, world, contact):
    client.force_login(world.users["practice_staff"])
    assert client.post(reverse("referrals:new"), referral_form(phone=None, **contact)).status_code
    person = Referral.objects.get(person__family_name="Kerr").person
    assert getattr(person, next(iter(contact))) == next(iter(contact.values()))


def test_through_the_practice_needs_who_to_ask_for(client, world):
    client.force_login(world.users["practice_staff"])
    unnamed = referral_form(phone=None, contact_via_practice="on")
    page = client.post(reverse("referrals:new"), unnamed).content.decode()
    assert field_error(page, "practice_contact_name", "Enter who at the practice")

    named = unnamed | {"practice_contact_name": "Lorraine on reception"}
    assert client.post(reverse("referrals:new"), named).status_code == 302
    referral = Referral.objects.get(person__family_name="Kerr")
    assert referral.contact_via_practice
    assert referral.practice_contact_name == "Lorraine on reception"


def test_the_api_refuses_a_referral_with_no_way_to_reach_the_person(api, world):
    body = referral_body(person={"phone": ""})
    errors = errors_by_field(api(world.users["practice_staff"]).post("/referrals", body))
    assert errors["phone"].startswith("Give a way to reach the person: person.phone")

    body["contact_via_practice"] = True
    errors = errors_by_field(api(world.users["practice_staff"]).post("/referrals", body))
    assert errors["practice_contact_name"] == services.NO_PRACTICE_CONTACT.format(
        where="the practice"
    )

    body["practice_contact_name"] = "Dr Shah's secretary"
    created = api(world.users["practice_staff"]).post("/referrals", body)
    assert created.status_code == 201, created.content
    assert created.json()["contact_via_practice"] is True
    assert created.json()["practice_contact_name"] == "Dr Shah's secretary"


# The short form ----------------------------------------------------------------------------


def _first_fields(page: str) -> set[str]:
    """The fields shown before "More details" (a date's three boxes are one field)."""
    form = page.split('<form method="post"', 1)[1].split('id="more-details"', 1)[0]
    names = set(re.findall(r'name="([^"]+)"', form)) - {"csrfmiddlewaretoken"}
    return {re.sub(r"\[.*\]$", "", name) for name in names}


def test_the_recorded_referral_form_shows_at_most_thirteen_fields_first(client, world):
    """Twelve, and the date received, filled in as today: a referral that came by letter
    last week must not be recorded as today's by a field out of sight."""
    client.force_login(world.users["link_worker"])
    page = client.get(reverse("referrals:record")).content.decode()
    shown = _first_fields(page)
    assert len(shown) <= 13, shown
    assert {"route", "received_on", "chi", "given_name", "phone", "reasons"} <= shown
    assert "consent_to_referral" in shown
    assert not re.search(r'id="more-details"\s+open', page)
    everything = set(re.findall(r'name="([^"\[]+)', page)) - {"csrfmiddlewaretoken"}
    assert len(everything) > 20  # the rest is there, behind "More details"


def test_the_practice_form_needs_at_most_nine_fields_typed(client, world):
    """CHI, names, phone, postcode, a reason, what matters, consent: nothing more."""
    client.force_login(world.users["practice_staff"])
    typed = {
        "chi": CHI_1982,
        "given_name": "Hugh",
        "family_name": "Kerr",
        "phone": "07700 900123",
        "postcode": "G51 3HR",
        "reasons": ["housing"],
        "what_matters": "The damp",
        "consent_to_referral": "on",
    }
    assert len(typed) <= 9
    page = client.get(reverse("referrals:new")).content.decode()
    assert set(typed) <= _first_fields(page)
    assert client.post(reverse("referrals:new"), typed | {"urgency": "routine"}).status_code == 302


@pytest.mark.parametrize("hidden", [{"email": "not-an-email"}, {"safety_detail": "Two large dogs"}])
def test_more_details_open_when_one_has_an_error_or_a_value(client, world, hidden):
    client.force_login(world.users["practice_staff"])
    # Another field's error brings the form back: what was typed behind it shows, open.
    response = client.post(reverse("referrals:new"), referral_form(given_name="", **hidden))
    page = response.content.decode()
    assert re.search(r'id="more-details"\s+open', page)
    assert next(iter(hidden.values())) in page


def test_a_bound_form_with_only_defaults_keeps_more_details_shut(world):
    form = ReferralForm(
        referral_form(chi=CHI_1982, date_of_birth=None, sex=None),
        practices=type(world.practice_x).objects.filter(pk=world.practice_x.pk),
    )
    assert form.is_valid(), form.errors
    assert not form.more_details_open


def test_a_language_nobody_gave_is_not_recorded_rather_than_english(client, world):
    """Asked, never assumed: the form offers no language and the record keeps none."""
    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:new")).content.decode()
    assert 'value="English"' not in page
    client.post(reverse("referrals:new"), referral_form())
    person = Referral.objects.get(person__family_name="Kerr").person
    assert person.preferred_language == ""


# Carried over ------------------------------------------------------------------------------


def test_the_referrals_contact_details_reach_the_person(client, world):
    client.force_login(world.users["practice_staff"])
    typed = referral_form(email="morag@example.org", postcode="g51 3hr", preferred_contact="text")
    client.post(reverse("referrals:new"), typed)
    person = Referral.objects.get(person__family_name="Kerr").person
    assert (person.phone, person.email, person.postcode, person.preferred_contact) == (
        "07700 900123",
        "morag@example.org",
        "G51 3HR",
        "text",
    )


def test_a_self_referrals_postcode_lands_on_the_person_when_the_practice_verifies(client, world):
    known = Person.objects.create(
        hscp=world.practice_x.cluster.hscp,
        practice=world.practice_x,
        given_name="Ailsa",
        family_name="Boyd",
        date_of_birth=date(1990, 3, 2),
        sex="female",
    )
    client.post(reverse("referrals:self_referral"), self_referral_form(world, postcode="G51 4TP"))
    referral = Referral.objects.get(person=known)
    assert referral.submitted_details["postcode"] == "G51 4TP"
    known.refresh_from_db()
    assert known.postcode == ""  # the public's words are not written in unchecked

    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:verify", args=[referral.pk]))
    known.refresh_from_db()
    assert (known.postcode, known.phone) == ("G51 4TP", "07700 900456")


def _accepted_case(client, world):
    """A referral from the practice, accepted: its case, with the worker signed in."""
    client.force_login(world.users["practice_staff"])
    client.post(reverse("referrals:new"), referral_form())
    referral = Referral.objects.get(person__family_name="Kerr")
    client.force_login(world.users["link_worker"])
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get(pk=referral.pk).case


def _first_session(client, case, **fields):
    now = timezone.localtime()
    return client.post(
        reverse("casework:new_session", args=[case.pk]),
        {
            "date": now.date().isoformat(),
            "time": now.strftime("%H:%M"),
            "mode": "phone",
            "duration_minutes": "30",
            "outcome": "attended",
            "note": "First call",
            "goal": "Getting back to the bowling club",
            "needs": ["social_isolation", "money_benefits"],
            **fields,
        },
    )


def test_the_first_session_starts_from_the_referral(client, world):
    case = _accepted_case(client, world)

    page = client.get(reverse("casework:new_session", args=[case.pk])).content.decode()
    assert "Getting back to the bowling club" in page  # what matters, as the goal to agree
    assert re.search(r'value="housing"[^>]*checked', page)  # a reason, as a need to confirm
    assert re.search(r'value="social_isolation"[^>]*checked', page)

    _first_session(client, case)
    assert list(Goal.objects.filter(case=case).values_list("wording", flat=True)) == [
        "Getting back to the bowling club"
    ]
    assert set(IdentifiedNeed.objects.filter(case=case).values_list("need", flat=True)) == {
        "social_isolation",
        "money_benefits",
    }
    # The next session is an ordinary one.
    page = client.get(reverse("casework:new_session", args=[case.pk])).content.decode()
    assert 'name="goal"' not in page


def test_the_complexity_judged_at_the_first_session_is_recorded_with_it(client, world):
    """One page for the first conversation: the complexity is not a second page after."""
    case = _accepted_case(client, world)
    page = client.get(reverse("casework:new_session", args=[case.pk])).content.decode()
    assert 'name="complexity"' in page
    response = _first_session(client, case, complexity="high")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.complexity == "high"


# A second self-referral joins the first ------------------------------------------------------


def _without_reference(page: str) -> str:
    page = re.sub(r"LW-[A-Z0-9]{7}", "LW-XXXXXXX", page)
    page = re.sub(r'nonce="[^"]+"', "", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_second_self_referral_joins_the_waiting_one_and_says_nothing(client, world):
    first = client.post(reverse("referrals:self_referral"), self_referral_form(world))
    again = client.post(
        reverse("referrals:self_referral"),
        self_referral_form(
            world, what_matters="And my benefits were stopped", phone="07700 900457"
        ),
    )
    assert first.status_code == again.status_code == 200
    # The same page, but for a fresh reference: nothing says a referral was there already.
    assert _without_reference(first.content.decode()) == _without_reference(again.content.decode())
    references = re.findall(r"LW-[A-Z0-9]{7}", first.content.decode() + again.content.decode())
    assert len(set(references)) == 2

    referral = Referral.objects.get(person__family_name="Boyd")
    assert referral.status == ReferralStatus.AWAITING_VERIFICATION
    sent = list(SelfReferralSubmission.objects.filter(referral=referral))
    assert [s.joined for s in sent] == [False, True]
    assert {s.reference for s in sent} == set(references)

    client.force_login(world.users["practice_staff"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "And my benefits were stopped" in page
    # Anyone with their CHI number can send it: a new number is offered as unchecked.
    assert "a different phone number given, not checked: 07700 900457" in page
    assert "check a new phone number with the person" in page


def test_the_same_chi_joins_even_with_another_name(client, world):
    chi = generate_chi(date(1990, 3, 2), "female", __import__("random").Random(4))
    client.post(reverse("referrals:self_referral"), self_referral_form(world, chi=chi))
    client.post(
        reverse("referrals:self_referral"),
        self_referral_form(world, chi=chi, given_name="Alice", family_name="Boyd-Smith"),
    )
    assert Referral.objects.filter(person__chi=chi).count() == 1
    assert SelfReferralSubmission.objects.filter(referral__person__chi=chi).count() == 2


def test_someone_else_with_the_same_surname_and_birthday_is_not_joined(client, world):
    client.post(reverse("referrals:self_referral"), self_referral_form(world))
    client.post(reverse("referrals:self_referral"), self_referral_form(world, given_name="Iona"))
    assert SelfReferralSubmission.objects.filter(joined=True).count() == 0


def test_a_self_referral_after_the_first_was_decided_makes_a_new_one(client, world):
    client.post(reverse("referrals:self_referral"), self_referral_form(world))
    Referral.objects.filter(person__family_name="Boyd").update(status=ReferralStatus.DECLINED)
    client.post(reverse("referrals:self_referral"), self_referral_form(world))
    assert Referral.objects.filter(person__family_name="Boyd").count() == 2


def test_the_self_referral_page_puts_the_crisis_lines_first(client, world):
    page = client.get(reverse("referrals:self_referral")).content.decode()
    crisis = page.index("If you need help now")
    assert crisis < page.index("<form method")
    for line in ("999", "111", "116 123", "0800 83 85 87"):
        assert line in page[crisis : page.index("<form method")]
    for number in ("999", "111", "116123", "08008385587"):  # one tap calls it on a phone
        assert f'<a href="tel:{number}">' in page[crisis : page.index("<form method")]


def test_what_the_person_wants_help_with_is_optional(client, world):
    response = client.post(
        reverse("referrals:self_referral"), self_referral_form(world, what_matters="")
    )
    assert response.status_code == 200
    assert Referral.objects.filter(person__family_name="Boyd").exists()


def test_the_confirmation_says_when_from_the_practices_published_wait(client, world):
    services.set_intake(
        practice=world.practice_x, by=world.users["team_lead"], status="open", expected_wait_weeks=3
    )
    page = client.post(
        reverse("referrals:self_referral"), self_referral_form(world)
    ).content.decode()
    assert "about 3 weeks" in page
    assert re.search(r"LW-[A-Z0-9]{7}", page)


@time_machine.travel(date(2026, 12, 6))
def test_the_self_referral_form_asks_the_century_too(client, world):
    chi = chi_for("040310", sex_digit="2")
    response = client.post(
        reverse("referrals:self_referral"),
        self_referral_form(world, chi=chi, date_of_birth=""),
    )
    assert field_error(response.content.decode(), "born_century", "Select the year you were born")
