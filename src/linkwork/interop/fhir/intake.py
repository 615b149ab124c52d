"""A referral received from another system (FHIR, or the PRSB shape), recorded through
the same checks and service as the API's and the form's.

Each input is read into the API's own request body (referrals/schemas.py: ReferralIn),
so CHI numbers, dates, reasons, consent and ways to reach the person are checked by the
rules the referral form and POST /api/v1/referrals follow; each problem is named where
it sits in the input. The practice must be one the client may refer for (403 if not, 422
if there is no such practice). Then referrals/services.py: create_referral records it,
matching the person by CHI within the practice's HSCP (find_person), in one transaction;
a referral already waiting (or a case already open) there for that person is returned,
never made twice."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from pydantic import ValidationError

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.interop.fhir.responses import FhirError, Problem
from linkwork.organisations.models import Practice
from linkwork.referrals import services
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.schemas import ReferralIn
from linkwork.referrals.views import _job_title


def received_day(authored) -> str | None:
    """The day a referral was made, in Scotland, as every report dates a referral: a
    date-time with a zone (23:30 UTC on 30 June) is the local day (1 July, BST); a date, or
    a date-time without a zone, its own day. From FHIR (a date or datetime) or PRSB (text)."""
    if isinstance(authored, str):
        authored = parse_datetime(authored) or authored[:10]
    if isinstance(authored, datetime):
        if timezone.is_aware(authored):
            authored = timezone.localtime(authored)
        return authored.date().isoformat()
    if isinstance(authored, date):
        return authored.isoformat()
    return authored or None


ROUTE = "fhir_api"  # codelists/referral_routes.csv


@dataclass
class Intake:
    """A referral as read from the input: the API body's fields, where in the input each
    came from (`paths`, by the body's dotted field name), the practice code (and where it
    sits), and what was already found wrong while reading."""

    payload: dict
    paths: dict[str, str]
    practice_code: str | None = None
    practice_path: str = ""
    problems: list[Problem] = field(default_factory=list)


def _practice(request, intake: Intake) -> Practice:
    practices = visible(request.user, Permission.REFER_PATIENT, Practice.objects.all())
    codes = ", ".join(practices.order_by("code").values_list("code", flat=True))
    if not codes:
        raise FhirError(
            403,
            Problem(
                "This client does not refer for any practice: it may not send referrals.",
                code="forbidden",
            ),
        )
    if intake.practice_code is None:
        if practices.count() == 1:
            return practices.get()
        raise FhirError(
            422,
            Problem(
                f"Name the practice referring: one of {codes}.",
                expression=intake.practice_path,
                code="required",
            ),
        )
    practice = practices.filter(code=intake.practice_code).first()
    if practice is not None:
        return practice
    if Practice.objects.filter(code=intake.practice_code).exists():
        raise FhirError(
            403,
            Problem(
                f"This client does not refer for practice {intake.practice_code}: "
                f"it refers for {codes}.",
                expression=intake.practice_path,
                code="forbidden",
            ),
        )
    raise FhirError(
        422,
        Problem(
            f"There is no practice with code {intake.practice_code!r}. Give the practice's "
            f"5-digit code (this client refers for {codes}).",
            expression=intake.practice_path,
            code="value",
        ),
    )


def _where(loc: tuple, paths: dict[str, str]) -> str:
    dotted = ".".join(str(part) for part in loc)
    while dotted and dotted not in paths:
        dotted = dotted.rpartition(".")[0]
    return paths.get(dotted, "")


def _checked(intake: Intake) -> ReferralIn:
    """The API body, or FhirError 422 naming every problem (those found reading the input
    and those the API's checks find)."""
    problems = list(intake.problems)
    try:
        body = ReferralIn.model_validate(intake.payload)
    except ValidationError as invalid:
        body = None
        for error in invalid.errors():
            where = _where(error["loc"], intake.paths)
            problems.append(
                Problem(
                    f"{where or '.'.join(map(str, error['loc']))}: {error['msg']}",
                    expression=where or None,
                    code="required" if error["type"] == "missing" else "value",
                )
            )
    if problems:
        raise FhirError(422, problems)
    person = body.person
    unreachable = services.reach_problems(
        phone=person.phone,
        email=person.email,
        address=person.address,
        via_practice=False,
        contact_name="",
    )
    if unreachable:
        raise FhirError(
            422,
            Problem(
                "Give a way to reach the person: a phone number or email address, or "
                "their address.",
                expression=intake.paths.get("person.phone") or None,
                code="required",
            ),
        )
    return body


def _existing(request, error: services.AlreadyReferred, practice: Practice) -> Referral:
    """The referral already there for this person: the one waiting, or the one that
    opened their open case at this practice; FhirError 409 if the client cannot see it."""
    if isinstance(error, services.ReferralWaiting):
        return error.referral
    found = (
        visible(
            request.user,
            Permission.VIEW_REFERRAL,
            Referral.objects.filter(
                case=error.case, practice=practice, status=ReferralStatus.ACCEPTED
            ),
        )
        .order_by("-received_on", "-pk")
        .first()
    )
    if found is None:
        raise FhirError(
            409,
            Problem(
                "This person already has an open case with the link worker service. "
                "Contact the link worker rather than referring again.",
                code="duplicate",
            ),
        )
    return found


def receive(request, intake: Intake) -> tuple[Referral, bool]:
    """The referral recorded (True), or the one already there for this person (False)."""
    practice = _practice(request, intake)
    body = _checked(intake)
    details = services.ReferralDetails(
        practice=practice,
        route=ROUTE,
        referrer_role=body.referrer_role or _job_title(request.user) or "other_practice_staff",
        **body.model_dump(
            include={
                "reasons",
                "reason_detail",
                "what_matters",
                "urgency",
                "consent_to_referral",
                "safety_flags",
                "safety_detail",
                "referrer_name",
                "referrer_organisation",
                "received_on",
            }
        ),
    )
    try:
        referral = services.create_referral(
            person=body.person.details(), details=details, by=request.user, request=request
        )
    except services.AlreadyReferred as already:
        return _existing(request, already, practice), False
    except services.IntakeRestricted as restricted:
        raise FhirError(
            409,
            Problem(
                f"{restricted.heading}. The referral was not recorded: ask the link worker "
                "service, or refer through linkwork's referral form, which lets you refer "
                "anyway.",
                code="business-rule",
            ),
        ) from None
    return referral, True
