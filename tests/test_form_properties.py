"""Every form of linkwork, fed arbitrary and near-valid data (hypothesis), and the core
validators against their documented rules (decision 0112).

Forms are found, not listed: every `django.forms.BaseForm` subclass defined in a linkwork
module. A form built with arguments needs its row in FORM_KWARGS, and a field of a class
with no strategy in `valid_value` fails, so a new form is covered or fails here. For each:
- whatever arrives, validation raises nothing (bad input is a ValidationError, kept in
  form.errors), and every error is keyed by one of the form's fields (or the form as a
  whole) with a readable message in the service's words, none of Django's defaults;
- what a form accepts, shown again in the form (its cleaned values as the page would
  render them) and sent back, is accepted again with the same values: saving an edit
  page unchanged changes nothing.
"""

import importlib
import pkgutil
import string
from datetime import date, datetime, time

import pytest
from django import forms
from django.db.models import QuerySet
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import linkwork
from linkwork.core.api import YEARS
from linkwork.core.chi import MOD11_WEIGHTS, check_chi, validate_chi
from linkwork.core.postcodes import POSTCODE_PATTERN, normalise_postcode, validate_postcode

# Forms validate the same on either database (their choices come from empty querysets here).
pytestmark = [pytest.mark.django_db, pytest.mark.one_backend]
EXAMPLES = 8  # a form; about 90 forms, two properties each
FORM_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples in every CI run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _defined_forms() -> list[type]:
    for module in pkgutil.walk_packages(linkwork.__path__, "linkwork."):
        name = module.name
        if ".tests" in name or ".migrations" in name or name.endswith(("manage", "wsgi", "asgi")):
            continue
        importlib.import_module(name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("linkwork.") and ".tests" not in sub.__module__:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _none(model_path: str):
    """An empty queryset of a model, for a form's choices (`app_label.Model`)."""
    from django.apps import apps

    return lambda: apps.get_model(model_path).objects.none()


# Arguments of the forms built with them, by dotted name. Empty choices: generated ids
# are then refused by name, which is what is tested.
PRACTICES, WORKERS, CASES = (
    _none("organisations.Practice"),
    _none("organisations.LinkWorker"),
    _none("casework.Case"),
)
FORM_KWARGS = {
    "casework.forms.cases.ReassignForm": lambda: {"workers": WORKERS()},
    "casework.forms.cases.HandoverForm": lambda: {"workers": WORKERS(), "cases": CASES()},
    "casework.forms.cases.CaseloadFilterForm": lambda: {"practices": PRACTICES()},
    "casework.forms.cases.CloseForm": lambda: {"opened_on": date(2026, 10, 1)},
    "casework.forms.outcomes.SocialOutcomeForm": lambda: {"case": _case()},
    "directory.forms.InviteForm": lambda: {"organisations": _none("directory.Organisation")()},
    "referrals.forms.ReferralForm": lambda: {"practices": PRACTICES(), "recorded": True},
    "referrals.forms.SelfReferralForm": lambda: {"practices": PRACTICES()},
    "referrals.forms.AcceptForm": lambda: {"workers": WORKERS(), "identity_differs": True},
    "referrals.forms.SlotForm": lambda: {"practices": PRACTICES()},
    "activity.forms.TimeForm": lambda: {"practices": PRACTICES()},
    "activity.forms.MeetingForm": lambda: {"practices": PRACTICES(), "cases": CASES()},
    "placements.forms.RelationshipForm": lambda: {
        "candidates": PRACTICES(),
        "worker_days": "Monday",
        "names_lead_gp": True,
    },
    "placements.forms.ConcernForm": lambda: {
        "practices": PRACTICES(),
        "cases": CASES(),
        "practice_required": True,
    },
    "team.forms.SupervisionForm": lambda: {"cases": CASES()},
    "groups.forms.GroupForm": lambda: {"workers": WORKERS(), "leads": WORKERS()},
    "groups.forms.InviteForm": lambda: {"cases": CASES()},
    # Fields made per member or goal: left with none (test_group_attendance covers them).
    "groups.forms.AttendanceForm": lambda: {"members": [], "recorded": {}},
    "outcomes.forms.GoalRatingForm": lambda: {"goals": []},
    # Signing in is checked against accounts, lockout and all, as the sign-in page does.
    "accounts.forms.SignInForm": lambda: {"request": _request()},
    "accounts.people.forms.RoleForm": lambda: {"by": _user(saved=True)},
    "accounts.people.forms.InviteForm": lambda: {"by": _user(saved=True)},
    "accounts.security_forms.NewPasswordForm": lambda: {"user": _user()},
    "accounts.security_forms.ChangePasswordForm": lambda: {"user": _user()},
    "links.forms.LinkListFilterForm": lambda: {"workers": WORKERS()},
    "interop.forms.MessageFilterForm": lambda: {"months": [date(2026, 11, 1)]},
    "interop.forms.TickedForm": lambda: {"messages": _none("interop.GpMessage")()},
    "organisations.host_settings.HostSettingForm": lambda: {
        "hscps": _none("organisations.HSCP")(),
        "workers": WORKERS(),
    },
    "organisations.leave_views.LeaveForm": lambda: {"workers": WORKERS()},
    "outcomes.forms.PracticeQuoteForm": lambda: {"practices": PRACTICES()},
    "outcomes.forms.QuestionnaireForm": lambda: {"instrument": _instrument()},
    "reporting.audit_log.forms.AuditSearchForm": lambda: {"hscps": {1: "Glasgow City"}},
    "reporting.dashboards.forms.PeriodForm": lambda: {"today": date(2026, 12, 6)},
    "reporting.mcd_views.DatasetForm": lambda: {"today": date(2026, 12, 6)},
    "surveys.forms.AnswersForm": lambda: {"asked": _asked()},
    "surveys.forms.PrintedLinksForm": lambda: {"practices": PRACTICES()},
    "surveys.forms.StaffGroupForm": lambda: {"groups": _survey_groups()},
    "surveys.forms.SurveyForm": lambda: {"hscps": _none("organisations.HSCP")()},
}


# Forms whose cleaned values are not what a field shows, so cannot be sent back, and why.
NO_ROUND_TRIP = {
    "directory.forms.DigestForm": "a GET filter: its month is cleaned into a period of dates",
}


def _request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/sign-in/")
    request.user = AnonymousUser()
    return request


def _user(saved=False):
    """Someone with no roles: who may give no role at all."""
    from linkwork.accounts.models import User

    if saved:
        return User.objects.get_or_create(username="form-properties")[0]
    return User(username="form-properties")


def _instrument():
    from linkwork.outcomes.instruments import INSTRUMENTS

    return INSTRUMENTS["swemwbs"]


def _survey_groups() -> list[str]:
    return ["gp", "receptionist"]


def _asked():
    from linkwork.surveys import questions

    return questions.asked_of("clw_staff", _survey_groups())


def _case():
    from linkwork.casework.models import Case

    return Case(opened_on=date(2026, 10, 1))


def name_of(form_class) -> str:
    return f"{form_class.__module__.removeprefix('linkwork.')}.{form_class.__qualname__}"


FORMS = _defined_forms()


def build(form_class, data=None):
    kwargs = FORM_KWARGS.get(name_of(form_class), dict)()
    return form_class(data=data, **kwargs) if data is not None else form_class(**kwargs)


# -- strategies ------------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
NASTY = st.sampled_from(
    ["", " ", "\x00", "0", "-1", "1e309", "NaN", "2026-02-30", "31/12/9999", "<script>", "'; --",
     "9" * 30, "x" * 5000, "٣", "0101011234", "G51 3HR", "true", "None", "[]", "{}"]
)  # fmt: skip


def _choices(field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # a group
            values += [str(v) for v, _ in label]
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


def valid_value(field):
    """Values the field itself accepts (or, for choices from a database, that look like
    it); a field class with no rule here fails the test, so a new kind is thought about."""
    limit = min(field.max_length or 60, 60) if hasattr(field, "max_length") else 60
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(st.integers(1, 50).map(str), max_size=3)
    if isinstance(field, forms.ModelChoiceField):
        return st.integers(1, 50).map(str)
    if isinstance(field, forms.MultipleChoiceField):
        values = _choices(field)
        return st.lists(st.sampled_from(values), unique=True, max_size=3) if values else st.just([])
    if isinstance(field, forms.ChoiceField):
        values = _choices(field)
        return st.sampled_from(values) if values else st.just("")
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else -1000
        high = field.max_value if field.max_value is not None else 1000
        return st.integers(int(low), int(high)).map(str)
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return st.decimals(0, 10_000, places=2, allow_nan=False).map(str)
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)).map(
            lambda d: d.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(field, forms.DateField):
        return st.dates(date(YEARS[0], 1, 1), date(YEARS[1], 12, 31)).map(date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if isinstance(field, forms.EmailField):
        return st.emails().filter(lambda e: len(e) <= 254)
    if isinstance(field, forms.URLField):
        return st.from_regex(r"\Ahttps://[a-z]{1,20}\.example\.org/[a-z]{0,10}\Z")
    if isinstance(field, forms.FileField):
        return st.just(None)
    if isinstance(field, forms.CharField):
        letters = string.ascii_letters + string.digits + " .,'-"
        return st.text(letters, min_size=1 if field.required else 0, max_size=limit)
    raise AssertionError(f"No strategy for {type(field).__name__}: add one to valid_value")


def near_valid(field):
    """A valid value, a nasty one, arbitrary text, or nothing at all."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    arbitrary = st.lists(TEXT | NASTY, max_size=3) if multiple else TEXT | NASTY
    return st.one_of(valid_value(field), arbitrary, st.none())


@st.composite
def form_data(draw, form, value=near_valid):
    data = MultiValueDict()
    for name, field in form.fields.items():
        drawn = draw(value(field))
        if drawn is None or field.disabled:
            continue
        data.setlist(name, drawn if isinstance(drawn, list) else [drawn])
    if value is near_valid and draw(st.booleans()):
        data.setlist(draw(TEXT), [draw(TEXT)])  # a field no form has
    return data


# -- what every error must be --------------------------------------------------------------

DJANGO_WORDS = (
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Enter a whole number",
    "Enter a number",
    "Null characters are not allowed",
    "is not one of the available choices",
)


def unreadable(form) -> list[str]:
    found = []
    for name, messages in form.errors.items():
        if name != forms.forms.NON_FIELD_ERRORS and name not in form.fields:
            found.append(f"{name}: an error for no field of the form")
        for message in messages:
            text = str(message).strip()
            if not text or not text[0].isupper() or any(w in text for w in DJANGO_WORDS):
                found.append(f"{name}: {text!r}")
    return found


def shown_again(form) -> MultiValueDict:
    """What the page would send back: each cleaned value as its widget renders it."""
    data = MultiValueDict()
    for name, field in form.fields.items():
        value = field.prepare_value(form.cleaned_data.get(name))
        if isinstance(field, forms.BooleanField):
            if value:
                data.setlist(name, ["on"])
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(v) for v in value])
            continue
        if isinstance(value, date | datetime | time):
            # In the field's own first format (a month field's "2026-11"), as its page shows it.
            formats = getattr(field, "input_formats", None) or []
            value = value.strftime(formats[0]) if formats else value.isoformat()
        if value not in (None, ""):
            data.setlist(name, [str(value)])
    return data


def comparable(cleaned: dict) -> dict:
    """Chosen records as lists: two querysets of the same rows are not equal."""
    return {k: list(v) if isinstance(v, QuerySet) else v for k, v in cleaned.items()}


# -- the properties ------------------------------------------------------------------------------


def test_every_form_is_found_and_can_be_built():
    assert len(FORMS) > 50
    unbuildable = []
    for form_class in FORMS:
        try:
            build(form_class)
        except TypeError as error:
            unbuildable.append(f"{name_of(form_class)}: {error} (add it to FORM_KWARGS)")
    assert not unbuildable, unbuildable
    found = {name_of(cls) for cls in FORMS}
    assert set(FORM_KWARGS) | set(NO_ROUND_TRIP) <= found, "a registry names a lost form"


@pytest.mark.parametrize("form_class", FORMS, ids=name_of)
def test_bad_input_is_refused_by_name_and_never_raises(form_class):
    @FORM_SETTINGS
    @given(data=st.data())
    def check(data):
        form = build(form_class, data.draw(form_data(build(form_class))))
        form.is_valid()  # any exception but a refusal fails the test here
        assert not unreadable(form), unreadable(form)

    check()


@pytest.mark.parametrize("form_class", FORMS, ids=name_of)
def test_what_a_form_accepts_round_trips(form_class):
    if name_of(form_class) in NO_ROUND_TRIP:
        pytest.skip(NO_ROUND_TRIP[name_of(form_class)])

    @FORM_SETTINGS
    @given(data=st.data())
    def check(data):
        form = build(form_class, data.draw(form_data(build(form_class), valid_value)))
        if not form.is_valid():  # a rule across fields (or choices from the database)
            assert not unreadable(form), unreadable(form)
            return
        again = build(form_class, shown_again(form))
        assert again.is_valid(), again.errors
        assert comparable(again.cleaned_data) == comparable(form.cleaned_data)

    check()


# -- the core validators against their documented rules ---------------------------------------


@st.composite
def mod11_chis(draw) -> str:
    born = draw(st.dates(date(1930, 1, 1), date(2029, 12, 31)))
    first_nine = born.strftime("%d%m%y") + draw(st.text("0123456789", min_size=3, max_size=3))
    total = sum(int(d) * w for d, w in zip(first_nine, MOD11_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    assume(check != 10)  # no Mod 11 number exists for these nine digits
    return first_nine + str(check)


@settings(max_examples=50, deadline=None)
@given(chi=mod11_chis(), spaced=st.booleans())
def test_a_chi_passing_mod_11_is_accepted_however_spaced(chi, spaced):
    typed = f"{chi[:3]} {chi[3:6]} {chi[6:]}" if spaced else chi
    assert check_chi(typed).check == "mod11"
    validate_chi(typed)  # raises nothing


@settings(max_examples=50, deadline=None)
@given(chi=mod11_chis(), position=st.integers(6, 9), shift=st.integers(1, 9))
def test_one_mistyped_digit_fails_mod_11(chi, position, shift):
    """Mod 11 with weights 10..2 catches every single-digit error (11 is prime); the digit
    is changed outside the date so the date of birth stays real."""
    digit = (int(chi[position]) + shift) % 10
    typo = chi[:position] + str(digit) + chi[position + 1 :]
    assert check_chi(typo).check != "mod11"


@settings(max_examples=50, deadline=None)
@given(typed=TEXT | NASTY)
def test_the_chi_validator_refuses_with_a_reason_or_accepts(typed):
    result = check_chi(typed)
    if result.is_valid:
        validate_chi(typed)
        return
    with pytest.raises(forms.ValidationError) as refusal:
        validate_chi(typed)
    assert refusal.value.code == result.result
    assert "CHI" in refusal.value.messages[0]


POSTCODE_AREA = st.sampled_from(["G", "EH", "AB", "KA", "PA", "DD", "IV", "ML", "FK", "KY"])


@settings(max_examples=50, deadline=None)
@given(
    area=POSTCODE_AREA,
    district=st.integers(1, 99),
    sector=st.integers(0, 9),
    unit=st.text("ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
    spacing=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_a_postcode_in_the_standard_shape_is_accepted_however_typed(
    area, district, sector, unit, spacing, lower
):
    typed = f"{area}{district}{spacing}{sector}{unit}"
    typed = typed.lower() if lower else typed
    validate_postcode(typed)
    assert normalise_postcode(typed) == f"{area}{district} {sector}{unit}"


@settings(max_examples=50, deadline=None)
@given(typed=TEXT | NASTY)
def test_the_postcode_validator_agrees_with_the_pattern(typed):
    if POSTCODE_PATTERN.match(normalise_postcode(typed)):
        validate_postcode(typed)
        return
    with pytest.raises(forms.ValidationError) as refusal:
        validate_postcode(typed)
    assert "postcode" in refusal.value.messages[0]
