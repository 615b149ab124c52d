"""Every error a casework, directory, referral, placements, activity, team or group form
can give names the field and the fix in the service's own words: none of Django's defaults
("This field is required.", "Select a valid choice...", "Ensure this value is less than or
equal to 480.") leaks through."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse

from linkwork.activity import forms as activity_forms
from linkwork.casework import forms as casework_forms
from linkwork.casework.models import Case
from linkwork.casework.tests.helpers import page_of
from linkwork.directory import forms as directory_forms
from linkwork.directory import service_forms
from linkwork.directory.models import Organisation
from linkwork.groups import forms as groups_forms
from linkwork.organisations.models import LinkWorker, Practice
from linkwork.placements import forms as placements_forms
from linkwork.referrals import forms as referrals_forms
from linkwork.team import forms as team_forms

KWARGS = {
    "ReassignForm": lambda: {"workers": LinkWorker.objects.none()},
    "HandoverForm": lambda: {"workers": LinkWorker.objects.none(), "cases": Case.objects.none()},
    "CaseloadFilterForm": lambda: {"practices": []},
    "CloseForm": lambda: {"opened_on": date(2026, 10, 1)},
    "SocialOutcomeForm": lambda: {"case": Case(opened_on=date(2026, 10, 1))},
    "InviteForm": lambda: {"organisations": Organisation.objects.none()},
    # The referral forms as a worker records one (with its date and route) and with the
    # identity check shown.
    "ReferralForm": lambda: {"practices": Practice.objects.none(), "recorded": True},
    "SelfReferralForm": lambda: {"practices": Practice.objects.none()},
    "AcceptForm": lambda: {"workers": LinkWorker.objects.none(), "identity_differs": True},
    "SlotForm": lambda: {"practices": Practice.objects.none()},
    "TimeForm": lambda: {"practices": Practice.objects.none()},
    "MeetingForm": lambda: {"practices": Practice.objects.none(), "cases": Case.objects.none()},
    "RelationshipForm": lambda: {
        "candidates": Practice.objects.none(),
        "worker_days": "Monday",
        "names_lead_gp": True,
    },
    "ConcernForm": lambda: {
        "practices": Practice.objects.none(),
        "cases": Case.objects.none(),
        "practice_required": True,
    },
    "SupervisionForm": lambda: {"cases": Case.objects.none()},
    "GroupForm": lambda: {"workers": LinkWorker.objects.none(), "leads": LinkWorker.objects.none()},
}
DIRECTORY_FORMS = [
    form
    for module in (directory_forms, service_forms)
    for form in vars(module).values()
    if isinstance(form, type)
    and issubclass(form, forms.Form)
    and form.__module__ == module.__name__
]
FORMS = [
    form
    for form in (getattr(casework_forms, name) for name in casework_forms.__all__)
    if isinstance(form, type) and issubclass(form, forms.Form)
] + DIRECTORY_FORMS
FORMS += [
    referrals_forms.ReferralForm,
    referrals_forms.SelfReferralForm,
    referrals_forms.AcceptForm,
    referrals_forms.DeclineForm,
    referrals_forms.IntakeForm,
    referrals_forms.SlotForm,
    activity_forms.TimeForm,
    activity_forms.MeetingForm,
    placements_forms.RelationshipForm,
    placements_forms.ConcernForm,
    placements_forms.AnswerForm,
    team_forms.SupervisionForm,
    team_forms.DebriefForm,
    team_forms.HeldForm,
    team_forms.TrainingForm,
    team_forms.DevelopmentForm,
    groups_forms.GroupForm,
    groups_forms.MeetingsForm,
]


def _django_default(field, code: str) -> str | None:
    for cls in type(field).__mro__:
        if code in getattr(cls, "default_error_messages", {}):
            return str(cls.default_error_messages[code])
    return None


def _codes(field) -> set[str]:
    """Every error code this field can raise on bad input."""
    codes = {validator.code for validator in field.validators if hasattr(validator, "code")}
    if field.required:
        codes.add("required")
    for code in ("invalid", "invalid_choice", "invalid_list", "invalid_pk_value"):
        if _django_default(field, code) is not None:
            codes.add(code)
    return codes


def leaks(form) -> list[str]:
    """The fields and error codes for which `form` would give Django's own message."""
    found = []
    for name, field in form.fields.items():
        for code in _codes(field):
            message = str(field.error_messages.get(code, ""))
            validator_default = next(
                (str(v.message) for v in field.validators if getattr(v, "code", "") == code), None
            )
            if not message or message in (_django_default(field, code), validator_default):
                found.append(f"{name}: {code}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_no_django_default_message_leaks_through(form_class):
    form = form_class(**KWARGS.get(form_class.__name__, dict)())
    leaked = leaks(form)
    assert not leaked, f"{form_class.__name__} gives Django's own message for {leaked}"


def test_the_session_length_says_how_long_a_session_may_be(world, worker):
    url = reverse("casework:new_session", args=[world.case_x.pk])
    data = {"date": "2026-01-01", "time": "10:00", "mode": "phone", "outcome": "attended"}
    too_long = page_of(worker.post(url, {**data, "duration_minutes": "481"}))
    assert "Enter a length of 480 minutes (8 hours) or less" in too_long
    assert "Ensure this value" not in too_long
    assert 'value="481"' in too_long
    too_short = page_of(worker.post(url, {**data, "duration_minutes": "0"}))
    assert "Enter a length of at least 1 minute" in too_short


def test_a_made_up_choice_names_the_field(world, worker):
    url = reverse("casework:new_session", args=[world.case_x.pk])
    page = page_of(worker.post(url, {"mode": "carrier_pigeon", "outcome": "maybe"}))
    assert "Select how the session was held, from the list" in page
    assert "Select what happened, from the list" in page
    assert "Select a valid choice" not in page


def test_the_api_says_the_same_about_session_length(world, client):
    client.force_login(world.users["link_worker"])
    url = reverse("api:case_sessions", kwargs={"case_id": world.case_x.pk})
    body = {"starts_at": "2026-01-01T10:00", "mode": "phone", "duration_minutes": 481}
    response = client.post(url, body, content_type="application/json")
    assert response.json()["detail"][0]["msg"] == "Enter a length of 480 minutes (8 hours) or less"


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_text_field_is_measured_after_stripping_spaces(form_class):
    """Length limits and 'required' apply to what is left once the spaces around it go
    (only a password keeps its spaces)."""
    form = form_class(**KWARGS.get(form_class.__name__, dict)())
    kept = [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not field.strip
        and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert not kept, f"{form_class.__name__} keeps the spaces around {kept}"


def test_spaces_around_a_note_do_not_count_and_spaces_alone_are_empty(world, worker):
    url = reverse("casework:add_note", args=[world.case_x.pk])
    padded = worker.post(url, {"text": " " * 6000 + "Rang the GP"})
    assert padded.status_code == 302
    assert world.case_x.notes.filter(text="Rang the GP").exists()
    blank = page_of(worker.post(url, {"text": " " * 300}))
    assert "Write the note" in blank


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_a_message_naming_a_question_reads_as_a_sentence(form_class):
    """'Select the why is the case closing? from the options listed' is no sentence: a
    question is quoted whole ('the answer to ‘Why is the case closing?’')."""
    import re

    form = form_class(**KWARGS.get(form_class.__name__, dict)())
    garbled = [
        f"{name}: {message}"
        for name, field in form.fields.items()
        for message in map(str, field.error_messages.values())
        if "?" in re.sub(r"‘[^’]*’", "", message)
    ]
    assert not garbled, garbled


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_a_message_naming_a_prompt_reads_as_a_sentence(form_class):
    """'Shorten the about the opening times to 200 characters' is no sentence: a label
    that is a prompt rather than a thing's name is quoted whole, as a question is."""
    import re

    prompt = re.compile(r"\bthe (?:about|anything|how|tell|what|when|where|which|who|why)\b")
    form = form_class(**KWARGS.get(form_class.__name__, dict)())
    garbled = [
        f"{name}: {message}"
        for name, field in form.fields.items()
        for message in map(str, field.error_messages.values())
        if prompt.search(re.sub(r"‘[^’]*’", "", message))
    ]
    assert not garbled, garbled


def test_an_over_long_note_on_opening_times_is_named_in_a_sentence(client, world):
    client.force_login(world.users["community_partner"])
    url = reverse("directory:edit_service", args=[world.service_x.pk])
    page = page_of(client.post(url, {"description": "Walks", "hours_note": "y" * 201}))
    assert "Shorten the answer to ‘About the opening times’ to 200 characters or fewer" in page


def test_a_made_up_answer_to_a_question_names_the_question(world, worker):
    url = reverse("casework:close", args=[world.case_x.pk])
    page = page_of(worker.post(url, {"reason": "bored", "closed_on": "2026-10-02"}))
    assert "Select the answer to ‘Why is the case closing?’ from the options listed" in page


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_a_message_names_the_field_without_its_label_asides(form_class):
    """'Shorten the a short note for your team lead (optional) to…' is no sentence: the
    label's '(optional)' and leading article stay out of messages built from it."""
    form = form_class(**KWARGS.get(form_class.__name__, dict)())
    garbled = [
        f"{name}: {message}"
        for name, field in form.fields.items()
        for message in map(str, field.error_messages.values())
        if "(optional)" in message or " the a " in message or " the the " in message
    ]
    assert not garbled, garbled
