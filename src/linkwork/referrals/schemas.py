"""The referrals API's JSON. Input is checked by the same rules as the referral forms:
CHI numbers by core/chi.py, postcodes by core/postcodes.py, codes by their coded list."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Sex
from linkwork.casework.rules import TEXT_LIMITS
from linkwork.casework.schemas import PersonOut
from linkwork.core.api import (
    CodeOut,
    In,
    Version,
    coded,
    label_of,
    required_text,
    text_up_to,
)
from linkwork.core.chi import birth_date_mismatch, check_chi, chi_birth_dates, normalise_chi
from linkwork.core.postcodes import POSTCODE_HELP, is_valid_postcode, normalise_postcode
from linkwork.referrals.forms import ROUTES_RECORDED_BY_WORKERS
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import person_as_seen, progress, shown_name
from linkwork.referrals.services import (
    PersonDetails,
    identity_differs,
    open_case_of,
    received_on_problem,
    safety_problem,
)

# The routes a signed-in referrer may record: the pages' two referral forms offer these.
# Self-referrals come only through the public form, FHIR referrals only through interop.
API_ROUTES = ["linkwork_form", *ROUTES_RECORDED_BY_WORKERS]


def _codes(list_name: str, codes) -> list[dict]:
    return [{"code": code, "label": label_of(list_name, code)} for code in codes]


def _user(context):
    return context["request"].user


def _route(value: str) -> str:
    if value not in API_ROUTES:
        raise PydanticCustomError(
            "route_not_here",
            f"'{value}' cannot be recorded through the API: use one of {', '.join(API_ROUTES)}",
        )
    return value


def _born_from_chi(chi: str | None, century: str | None) -> date:
    """The date of birth a valid CHI number gives, as on the referral form."""
    if not chi:
        raise PydanticCustomError(
            "missing", "Give their date of birth, or their CHI number (it starts with it)"
        )
    dates = chi_birth_dates(chi, timezone.localdate())
    chosen = [d for d in dates if len(dates) == 1 or f"{d.year}".startswith(century or "-")]
    if chosen:
        return chosen[0]
    if len(dates) == 2:
        raise PydanticCustomError(
            "century",
            f"The CHI number's date of birth could be in {dates[0].year} or {dates[1].year}: "
            "give date_of_birth, or born_century (19 or 20)",
        )
    raise PydanticCustomError(
        "missing", "Give their date of birth: the CHI number's is not a date in the past"
    )


class PersonIn(In):
    """Who is being referred. Later fields' checks read earlier ones, so order matters."""

    given_name: required_text("Enter their first name", 100)
    family_name: required_text("Enter their last name", 100)
    chi: str | None = Field(None, description="10 digits. Leave out if not known.")
    confirm_date_of_birth: bool = Field(
        False, description="The date of birth is right, although it does not match the CHI."
    )
    born_century: Literal["19", "20"] | None = Field(
        None,
        description="Only when date_of_birth is left out and the CHI number's date could "
        "be in either century: 19 or 20.",
    )
    date_of_birth: date | None = Field(
        None, validate_default=True, description="Left out: taken from the CHI number."
    )
    sex: Sex | None = Field(
        None, validate_default=True, description="Taken from the CHI number if left out."
    )
    postcode: str = Field("", description="For example, G51 3HR.")
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    preferred_contact: coded("contact_methods") | None = None
    safe_to_leave_message: bool = False
    safe_times_to_call: str = Field("", max_length=200)
    preferred_language: str = Field("", max_length=60)
    interpreter_needed: bool = False
    ethnicity: coded("ethnicity") | None = None

    @field_validator("chi")
    @classmethod
    def _chi(cls, value: str | None) -> str | None:
        value = normalise_chi(value)
        if not value:
            return None
        check = check_chi(value)
        if not check.is_valid:
            raise PydanticCustomError("chi", check.message)
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _date_of_birth(cls, value: date | None, info: ValidationInfo) -> date:
        if value is None:
            return _born_from_chi(info.data.get("chi"), info.data.get("born_century"))
        if value > timezone.localdate():
            raise PydanticCustomError("future", "The date of birth must be in the past")
        chi = info.data.get("chi")
        if chi and birth_date_mismatch(chi, value) and not info.data.get("confirm_date_of_birth"):
            raise PydanticCustomError(
                "chi_mismatch",
                f"The date of birth does not match the CHI number, which starts "
                f"{chi[:2]}/{chi[2:4]}/{chi[4:6]}. Check both, or send "
                "confirm_date_of_birth: true if the date of birth is right",
            )
        return value

    @field_validator("sex", mode="after")
    @classmethod
    def _sex(cls, value: Sex | None, info: ValidationInfo) -> Sex | None:
        if value or "chi" not in info.data:  # a refused CHI has its own message
            return value
        if info.data["chi"]:
            return Sex(check_chi(info.data["chi"]).sex)
        raise PydanticCustomError("missing_sex", "Give their sex: female, male or not_known")

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        if value and not is_valid_postcode(value):
            raise PydanticCustomError("postcode", POSTCODE_HELP)
        return normalise_postcode(value) if value else ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            if value:
                validate_email(value)
        except DjangoValidationError:
            raise PydanticCustomError(
                "email", "Enter an email address like name@example.com"
            ) from None
        return value

    def details(self) -> PersonDetails:
        data = self.model_dump(exclude={"confirm_date_of_birth", "born_century"})
        data["preferred_contact"] = data["preferred_contact"] or ""
        data["ethnicity"] = data["ethnicity"] or ""
        return PersonDetails(**data)


class ReferralIn(In):
    practice_code: str | None = Field(
        None, description="The practice referred to; needed only if you refer for several."
    )
    host_setting: int | None = Field(
        None,
        description="The id of the host setting (not a GP practice) referred from, instead of "
        "practice_code: the person may have no GP. Needed only if you refer from several.",
    )
    person: PersonIn
    reasons: list[coded("needs")] = Field(description="Codes from the needs list.")
    reason_detail: text_up_to(
        "answer to ‘Anything else the link worker should know’", TEXT_LIMITS["reason_detail"]
    ) = ""
    what_matters: text_up_to("words on what matters to them", TEXT_LIMITS["what_matters"]) = Field(
        "", description="What matters to the person, in their words."
    )
    urgency: coded("urgency") = "routine"
    route: Annotated[coded("referral_routes"), AfterValidator(_route)] = "linkwork_form"
    referrer_role: coded("referrer_roles") | None = Field(
        None, description="Left out: your job title, as on the referral form."
    )
    referrer_name: str = Field("", max_length=150)
    referrer_organisation: str = Field("", max_length=150)
    received_on: date | None = Field(None, description="Left out: today.")
    consent_to_referral: bool
    safety_flags: list[coded("safety_flags")] = []
    safety_detail: text_up_to("safety details", TEXT_LIMITS["safety_detail"]) = ""
    contact_via_practice: bool = Field(
        False,
        description="The person has no phone, email or address to use: the link worker "
        "contacts them through the practice (give practice_contact_name).",
    )
    practice_contact_name: str = Field(
        "", max_length=150, description="Who at the practice to ask for."
    )
    confirm_open_case: bool = Field(
        False,
        description="Refer anyway, knowing the person already has an open case or a "
        "referral waiting.",
    )
    slot_id: int | None = Field(
        None, description="Book the person into this free slot (GET /slots) while referring."
    )
    confirm_intake: bool = Field(
        False,
        description="Refer anyway, knowing the practice's intake is paused or urgent-only "
        "and the referral will wait.",
    )

    @field_validator("reasons")
    @classmethod
    def _reasons(cls, value: list[str]) -> list[str]:
        if not value:
            raise PydanticCustomError(
                "no_reasons", "Give at least one reason for referral, from the needs list"
            )
        return value

    @field_validator("received_on")
    @classmethod
    def _received_on(cls, value: date | None, info: ValidationInfo) -> date | None:
        person = info.data.get("person")
        problem = received_on_problem(value, person.date_of_birth if person else None)
        if problem:
            raise PydanticCustomError("received_on", problem)
        return value

    @field_validator("safety_detail")
    @classmethod
    def _safety_detail(cls, value: str, info: ValidationInfo) -> str:
        if safety_problem(info.data.get("safety_flags"), value):
            raise PydanticCustomError(
                "other_safety_concern",
                "Say what the other safety concern is: send safety_detail with the flag 'other'",
            )
        return value

    @field_validator("consent_to_referral")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError(
                "no_consent",
                "The person must agree to the referral: send consent_to_referral: true "
                "once they have",
            )
        return value


class AcceptIn(In):
    link_worker_id: int = Field(description="You, or (team leads) a worker you allocate to.")
    version: Version = Field(description="The referral's version when you read it.")
    confirm_identity: bool = Field(
        False,
        description="The CHI number matched a record under a different surname or date of "
        "birth (identity_differs) and you have checked with the referrer that it is the same "
        "person.",
    )


class DeclineIn(In):
    reason: coded("referral_decline_reasons")
    feedback: required_text("Write feedback for the referrer: they see it")
    version: Version


class VersionIn(In):
    version: Version = Field(description="The referral's version when you read it.")


class ProgressOut(Schema):
    key: str = Field(description="waiting, awaiting_verification, accepted, first_contact, ...")
    label: str
    detail: str


class ReferralSummaryOut(Schema):
    id: int
    version: int
    status: str
    status_label: str
    progress: ProgressOut = Field(description="How the referral is going: status, never notes.")
    practice_code: str | None = Field(description="null for a host setting's referral.")
    practice_name: str | None
    host_setting: int | None = Field(
        description="The host setting's id, for a referral from one rather than a practice."
    )
    host_setting_name: str | None
    received_on: date
    urgency: str
    urgency_label: str
    person_name: str = Field(
        description="As the referrer typed it, or the record's for those whose caseload holds "
        "the person; 'Referral <id>' for those who may follow its status only."
    )

    @staticmethod
    def resolve_status_label(referral) -> str:
        return referral.get_status_display()

    @staticmethod
    def resolve_progress(referral) -> dict:
        shown = progress(referral)
        return {"key": shown.key, "label": shown.label, "detail": shown.detail}

    @staticmethod
    def resolve_practice_code(referral) -> str | None:
        return referral.practice.code if referral.practice_id else None

    @staticmethod
    def resolve_practice_name(referral) -> str | None:
        return referral.practice.name if referral.practice_id else None

    @staticmethod
    def resolve_host_setting(referral) -> int | None:
        return referral.host_setting_id

    @staticmethod
    def resolve_host_setting_name(referral) -> str | None:
        return referral.host_setting.name if referral.host_setting_id else None

    @staticmethod
    def resolve_urgency_label(referral) -> str:
        return label_of("urgency", referral.urgency)

    @staticmethod
    def resolve_person_name(referral, context) -> str:
        return shown_name(person_as_seen(referral, _user(context)), referral)


STATUS_ONLY_HIDES = (
    "referrer_name",
    "referrer_organisation",
    "reasons",
    "reason_detail",
    "what_matters",
    "consent_to_referral",
    "safety_flags",
    "safety_detail",
    "feedback_to_referrer",
    "identity_differs",
    "contact_via_practice",
    "practice_contact_name",
)


class ReferralOut(ReferralSummaryOut):
    """What the referrer wrote and how it was decided; the person's details and the case
    only for those whose roles reach them."""

    route: str
    route_label: str
    referrer_role: str
    referrer_role_label: str
    # null for those who may follow the referral's status only (STATUS_ONLY_HIDES).
    referrer_name: str | None
    referrer_organisation: str | None
    reasons: list[CodeOut] | None
    reason_detail: str | None
    what_matters: str | None
    consent_to_referral: bool | None
    safety_flags: list[CodeOut] | None
    safety_detail: str | None
    contact_via_practice: bool | None = Field(
        description="The person is reached through the practice, asking for practice_contact_name."
    )
    practice_contact_name: str | None
    decided_at: datetime | None
    decline_reason: str
    decline_reason_label: str
    feedback_to_referrer: str | None
    may_triage: bool = Field(description="The caller may accept, decline or join it now.")
    may_verify: bool = Field(description="The caller may confirm the self-referral now.")
    case_id: int | None = Field(description="Only for those who may see the case.")
    person: PersonOut | None = Field(
        description="For those who may triage it, and practice staff checking a self-referral."
    )
    identity_differs: bool | None = Field(
        description="For those who may triage it: the CHI number matched a record held under a "
        "different surname or date of birth; accepting needs confirm_identity."
    )
    open_case_id: int | None = Field(
        description="The person's open case, if any; only for those who may triage it."
    )

    @model_validator(mode="after")
    def _status_only(self, info: ValidationInfo):
        """A link worker follows a colleague's allocated referral by its status alone."""
        request = (info.context or {}).get("request")
        if (
            request is None
            or visible(
                request.user, Permission.VIEW_REFERRAL_DETAILS, Referral.objects.filter(pk=self.id)
            ).exists()
        ):
            return self
        for name in STATUS_ONLY_HIDES:
            setattr(self, name, None)
        return self

    @staticmethod
    def resolve_route_label(referral) -> str:
        return label_of("referral_routes", referral.route)

    @staticmethod
    def resolve_referrer_role_label(referral) -> str:
        return label_of("referrer_roles", referral.referrer_role)

    @staticmethod
    def resolve_reasons(referral) -> list[dict]:
        return _codes("needs", (r.need for r in referral.reasons.order_by("pk")))

    @staticmethod
    def resolve_safety_flags(referral) -> list[dict]:
        return _codes("safety_flags", (f.flag for f in referral.safety_flags.order_by("pk")))

    @staticmethod
    def resolve_decline_reason_label(referral) -> str:
        return label_of("referral_decline_reasons", referral.decline_reason)

    @staticmethod
    def resolve_may_triage(referral, context) -> bool:
        return referral.status == ReferralStatus.NEW and _may_triage(referral, context)

    @staticmethod
    def resolve_may_verify(referral, context) -> bool:
        return referral.status == ReferralStatus.AWAITING_VERIFICATION and has_permission(
            _user(context), Permission.VERIFY_SELF_REFERRAL, referral
        )

    @staticmethod
    def resolve_case_id(referral, context) -> int | None:
        case = referral.case
        if case is None or not has_permission(_user(context), Permission.VIEW_CASE, case):
            return None
        return case.pk

    @staticmethod
    def resolve_person(referral, context):
        """For those who triage it, and practice staff checking a self-referral: what was
        typed (or the record, for those whose caseload holds it)."""
        verifying = referral.status == ReferralStatus.AWAITING_VERIFICATION and has_permission(
            _user(context), Permission.VERIFY_SELF_REFERRAL, referral
        )
        if not (verifying or _may_triage(referral, context)):
            return None
        return person_as_seen(referral, _user(context))

    @staticmethod
    def resolve_identity_differs(referral, context) -> bool | None:
        return identity_differs(referral) if _may_triage(referral, context) else None

    @staticmethod
    def resolve_open_case_id(referral, context) -> int | None:
        if not _may_triage(referral, context):
            return None
        case = open_case_of(referral.person)
        return (
            case.pk if case and has_permission(_user(context), Permission.VIEW_CASE, case) else None
        )


def _may_triage(referral: Referral, context) -> bool:
    return has_permission(_user(context), Permission.TRIAGE_REFERRAL, referral)
