"""The referrals API: the same loads, checks and services as the referral pages.

Practice staff follow their referrals' progress; the person's details and the case are
shown only to those whose roles reach them (see schemas.ReferralOut)."""

from django.db.models import QuerySet
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from linkwork.accounts.api_auth import require
from linkwork.accounts.authorisation import get_visible_or_404, visible
from linkwork.accounts.roles import Permission
from linkwork.core.api import REFUSED, WRITE, ErrorOut, Paged, invalid, service_refusals
from linkwork.organisations.models import HostSetting, Practice
from linkwork.referrals import services
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import audit_shown
from linkwork.referrals.schemas import (
    AcceptIn,
    DeclineIn,
    ReferralIn,
    ReferralOut,
    ReferralSummaryOut,
    VersionIn,
)

# The pages' own rules for who may be allocated and the default referrer role, shared so
# the two cannot drift apart.
from linkwork.referrals.views import _allocatable_workers, _job_title

router = Router(tags=["referrals"])

API_NO_WAY_TO_REACH = (
    "Give a way to reach the person: person.phone, person.email or person.address; or send "
    "contact_via_practice: true with practice_contact_name, who at the practice to ask for"
)

REFERRAL_RELATED = ("person", "practice__cluster", "host_setting", "case__link_worker__user")


def _referrals(user) -> QuerySet:
    queryset = Referral.objects.select_related(*REFERRAL_RELATED)
    return visible(user, Permission.VIEW_REFERRAL, queryset)


def _load(request, referral_id: int, permission=Permission.VIEW_REFERRAL) -> Referral:
    queryset = Referral.objects.select_related(*REFERRAL_RELATED)
    return get_visible_or_404(request.user, permission, queryset, pk=referral_id)


def _waiting(referral: Referral, status=ReferralStatus.NEW) -> None:
    """Triage and verification apply only while the referral waits for them, as the
    referral page offers them."""
    if referral.status != status:
        raise HttpError(
            409,
            f"This referral is no longer waiting for that: it is {referral.get_status_display()}.",
        )


def _practice(request, code: str | None) -> Practice:
    """The practice referred to: one the caller may refer for, as on the referral form."""
    practices = visible(request.user, Permission.REFER_PATIENT, Practice.objects.all())
    codes = ", ".join(practices.order_by("code").values_list("code", flat=True))
    if not codes:
        raise HttpError(403, "Your account is not linked to a practice that has a link worker.")
    if code is None:
        if practices.count() == 1:
            return practices.get()
        raise invalid(
            "practice_code", message=f"You refer for several practices: give one of {codes}"
        )
    practice = practices.filter(code=code).first()
    if practice is None:
        raise invalid("practice_code", message=f"You do not refer for {code}: give one of {codes}")
    return practice


def _host_setting(request, host_setting_id: int | None) -> HostSetting | None:
    """The host setting referred from: named, or the caller's only one when they refer for
    no practice (decision 0074); None for a practice's referral."""
    hosts = visible(
        request.user, Permission.REFER_PATIENT, HostSetting.objects.filter(active=True)
    ).order_by("pk")
    if host_setting_id is None:
        if hosts.count() == 1 and not _refers_for_practices(request):
            return hosts.get()
        return None
    host = hosts.filter(pk=host_setting_id).first()
    if host is None:
        ids = ", ".join(str(pk) for pk in hosts.values_list("pk", flat=True))
        raise invalid(
            "host_setting",
            message=f"You do not refer from host setting {host_setting_id}"
            + (f": give one of {ids}" if ids else ": give practice_code instead"),
        )
    return host


def _refers_for_practices(request) -> bool:
    return visible(request.user, Permission.REFER_PATIENT, Practice.objects.all()).exists()


def _slot(practice: Practice | None, slot_id: int | None):
    if slot_id is None:
        return None
    slot = services.available_slots(practice).filter(pk=slot_id).first()
    if slot is None:
        raise invalid(
            "slot_id", message="That slot is not free at this practice: GET /slots lists those"
        )
    return slot


@router.get(
    "",
    response={200: list[ReferralSummaryOut], **REFUSED},
    url_name="referral_list",
    summary="Referrals the caller may follow, newest first, with their progress",
)
@paginate(Paged, audit=audit_shown)
def referral_list(request, status: ReferralStatus | None = None):
    require(request, Permission.VIEW_REFERRAL, "Your roles do not include following referrals.")
    referrals = _referrals(request.user).order_by("-received_on", "-pk")
    return referrals.filter(status=status) if status else referrals


@router.post(
    "",
    response={201: ReferralOut, **WRITE},
    url_name="referral_list",
    summary="Refer someone, or record a referral received by phone, email, letter ...",
)
def referral_new(request, payload: ReferralIn):
    require(request, Permission.REFER_PATIENT, "Your roles do not include referring.")
    if payload.host_setting is not None and payload.practice_code is not None:
        raise invalid(
            "host_setting", message="Give practice_code or host_setting, not both: leave one out"
        )
    # A practice named is the practice's referral; otherwise a host setting's, where the
    # caller names one or refers from one and for no practice.
    host = None if payload.practice_code else _host_setting(request, payload.host_setting)
    practice = None if host else _practice(request, payload.practice_code)
    person = payload.person
    for name, message in services.reach_problems(
        phone=person.phone,
        email=person.email,
        address=person.address,
        via_practice=payload.contact_via_practice,
        contact_name=payload.practice_contact_name,
    ).items():
        if name == "phone":
            raise invalid("person", "phone", message=API_NO_WAY_TO_REACH)
        raise invalid(name, message=message)
    details = services.ReferralDetails(
        practice=practice,
        host_setting=host,
        referrer_role=payload.referrer_role
        or _job_title(request.user)
        or ("external_organisation" if host else "other_practice_staff"),
        **payload.model_dump(
            exclude={
                "practice_code",
                "host_setting",
                "person",
                "referrer_role",
                "confirm_open_case",
                "confirm_intake",
                "slot_id",
            }
        ),
    )
    with service_refusals():
        try:
            referral = services.create_referral(
                person=payload.person.details(),
                details=details,
                by=request.user,
                confirm_open_case=payload.confirm_open_case,
                confirm_intake=payload.confirm_intake,
                slot=_slot(practice, payload.slot_id),
                request=request,
            )
        except services.ReferrerMustConfirm as already:
            raise HttpError(409, already.api_message) from already
        except services.SlotRefused as refused:
            raise invalid("slot_id", message=str(refused)) from refused
    return Status(201, _load(request, referral.pk))


@router.get(
    "/{referral_id}",
    response={200: ReferralOut, 404: ErrorOut},
    url_name="referral_detail",
    summary="One referral: its progress, and the person's details for those who triage",
)
def referral_detail(request, referral_id: int):
    referral = _load(request, referral_id)
    services.audit_referral_view(referral=referral, request=request)
    return referral


@router.post(
    "/{referral_id}/accept",
    response={200: ReferralOut, **WRITE},
    url_name="referral_accept",
    summary="Accept: allocate to a link worker, opening (or reopening) the person's case",
)
def referral_accept(request, referral_id: int, payload: AcceptIn):
    referral = _load(request, referral_id, Permission.TRIAGE_REFERRAL)
    _waiting(referral)
    workers = _allocatable_workers(request.user, referral)
    worker = workers.filter(pk=payload.link_worker_id).first()
    if worker is None:
        ids = ", ".join(str(pk) for pk in workers.values_list("pk", flat=True))
        raise invalid("link_worker_id", message=f"Choose a link worker you may allocate to: {ids}")
    with service_refusals():
        try:
            services.accept_referral(
                referral=referral,
                by=request.user,
                link_worker=worker,
                expected_version=payload.version,
                confirm_identity=payload.confirm_identity,
                request=request,
            )
        except services.IdentityToConfirm as unchecked:
            raise invalid("confirm_identity", message=str(unchecked)) from unchecked
        except services.OpenCaseElsewhere as elsewhere:
            raise HttpError(409, str(elsewhere)) from elsewhere
    return referral


@router.post(
    "/{referral_id}/decline",
    response={200: ReferralOut, **WRITE},
    url_name="referral_decline",
    summary="Decline with a coded reason and feedback the referrer sees",
)
def referral_decline(request, referral_id: int, payload: DeclineIn):
    referral = _load(request, referral_id, Permission.TRIAGE_REFERRAL)
    _waiting(referral)
    with service_refusals():
        services.decline_referral(
            referral=referral,
            by=request.user,
            reason=payload.reason,
            feedback=payload.feedback,
            expected_version=payload.version,
            request=request,
        )
    return referral


@router.post(
    "/{referral_id}/duplicate",
    response={200: ReferralOut, **WRITE},
    url_name="referral_duplicate",
    summary="Join the referral to the person's open case",
)
def referral_duplicate(request, referral_id: int, payload: VersionIn):
    referral = _load(request, referral_id, Permission.TRIAGE_REFERRAL)
    _waiting(referral)
    with service_refusals():
        try:
            services.mark_duplicate(
                referral=referral,
                by=request.user,
                expected_version=payload.version,
                request=request,
            )
        except ValueError as error:
            raise HttpError(409, str(error)) from error
    return referral


@router.post(
    "/{referral_id}/verify",
    response={200: ReferralOut, **WRITE},
    url_name="referral_verify",
    summary="Practice staff confirm a self-referral is their patient; it joins the queue",
)
def referral_verify(request, referral_id: int, payload: VersionIn):
    return _self_referral_checked(request, referral_id, payload, services.verify_self_referral)


@router.post(
    "/{referral_id}/not-our-patient",
    response={200: ReferralOut, **WRITE},
    url_name="referral_not_our_patient",
    summary="Practice staff close a self-referral that is not their patient (registered "
    "elsewhere, or not a real request): declined, it never reaches a link worker",
)
def referral_not_our_patient(request, referral_id: int, payload: VersionIn):
    return _self_referral_checked(request, referral_id, payload, services.not_our_patient)


def _self_referral_checked(request, referral_id: int, payload: VersionIn, decide) -> Referral:
    """A practice's answer to a self-referral awaiting its check: `decide` is the service."""
    referral = _load(request, referral_id, Permission.VERIFY_SELF_REFERRAL)
    _waiting(referral, ReferralStatus.AWAITING_VERIFICATION)
    with service_refusals():
        decide(
            referral=referral, by=request.user, expected_version=payload.version, request=request
        )
    return referral
