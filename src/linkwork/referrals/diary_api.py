"""The API of a practice's intake status and the open diary: the same services and checks
as the intake and slots pages."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from linkwork.accounts.api_auth import require
from linkwork.accounts.authorisation import get_visible_or_404, visible
from linkwork.accounts.roles import Permission
from linkwork.core.api import (
    REFUSED,
    WRITE,
    ErrorOut,
    In,
    Text,
    aware,
    coded,
    invalid,
    service_refusals,
)
from linkwork.core.codelists import codelist
from linkwork.organisations.models import LinkWorker, Practice
from linkwork.referrals import services
from linkwork.referrals.models import AppointmentSlot

router = Router(tags=["referrals"])


class IntakeOut(Schema):
    practice_code: str
    status: str = Field(description="open, urgent_only or paused (intake_statuses list)")
    status_label: str
    expected_wait_weeks: int | None
    message: str

    @staticmethod
    def resolve_practice_code(intake) -> str:
        return intake.practice.code

    @staticmethod
    def resolve_status_label(intake) -> str:
        return intake.get_status_display()


class IntakeIn(In):
    status: coded("intake_statuses")
    expected_wait_weeks: int | None = Field(None, ge=0, le=52)
    message: str = Field("", max_length=300)


class SlotOut(Schema):
    id: int
    starts_at: datetime
    duration_minutes: int
    mode: str
    mode_label: str
    practice_code: str
    link_worker_name: str
    booked: bool

    @staticmethod
    def resolve_mode_label(slot) -> str:
        return codelist("session_modes").label(slot.mode)

    @staticmethod
    def resolve_practice_code(slot) -> str:
        return slot.practice.code

    @staticmethod
    def resolve_link_worker_name(slot) -> str:
        return str(slot.link_worker)

    @staticmethod
    def resolve_booked(slot) -> bool:
        return slot.booked_for_id is not None


class SlotIn(In):
    practice_code: str
    starts_at: datetime = Field(description="UK local time if no time zone is given.")
    duration_minutes: int = Field(60, ge=15, le=180)
    mode: coded("session_modes") = "in_practice"


def _intake_practice(request, code: str, permission: Permission) -> Practice:
    return get_visible_or_404(request.user, permission, Practice.objects.all(), code=code)


@router.get(
    "/practices/{code}/intake",
    response={200: IntakeOut, 404: ErrorOut},
    url_name="practice_intake",
    summary="Whether a practice's link worker service is taking referrals",
)
def intake_detail(request, code: Text):
    practices = visible(request.user, Permission.REFER_PATIENT, Practice.objects.all())
    practices |= visible(request.user, Permission.SET_INTAKE, Practice.objects.all())
    practice = get_object_or_404(practices, code=code)
    return services.intake_of(practice)


@router.put(
    "/practices/{code}/intake",
    response={200: IntakeOut, **WRITE},
    url_name="practice_intake",
    summary="Set the practice's intake status and expected wait (team leads)",
)
def intake_change(request, code: Text, payload: IntakeIn):
    practice = _intake_practice(request, code, Permission.SET_INTAKE)
    with service_refusals():
        return services.set_intake(
            practice=practice, by=request.user, request=request, **payload.model_dump()
        )


@router.get(
    "/slots",
    response={200: list[SlotOut], **REFUSED},
    url_name="slot_list",
    summary="Free first-appointment slots the caller may offer while referring",
)
def slot_list(request):
    require(request, Permission.REFER_PATIENT, "Your roles do not include referring.")
    practices = visible(request.user, Permission.REFER_PATIENT, Practice.objects.all())
    slots = AppointmentSlot.objects.none()
    for practice in practices:
        slots |= services.available_slots(practice)
    return slots.select_related("practice", "link_worker__user").order_by("starts_at")


@router.post(
    "/slots",
    response={201: SlotOut, **WRITE},
    url_name="slot_list",
    summary="Publish a first-appointment slot (link workers)",
)
def slot_new(request, payload: SlotIn):
    require(request, Permission.PUBLISH_SLOTS, "Only link workers publish slots.")
    worker = get_object_or_404(LinkWorker, user=request.user)
    practice = worker.practices.filter(code=payload.practice_code).first()
    if practice is None:
        codes = ", ".join(worker.practices.order_by("code").values_list("code", flat=True))
        raise invalid("practice_code", message=f"You work at: {codes}. Give one of those.")
    with service_refusals():
        slot = services.publish_slot(
            link_worker=worker,
            practice=practice,
            starts_at=aware(payload.starts_at),
            duration_minutes=payload.duration_minutes,
            mode=payload.mode,
        )
    return Status(201, slot)


@router.delete(
    "/slots/{slot_id}",
    response={204: None, **WRITE},
    url_name="slot_detail",
    summary="Withdraw a free slot of the caller's",
)
def slot_withdraw(request, slot_id: int):
    slot = get_object_or_404(AppointmentSlot, pk=slot_id, link_worker__user=request.user)
    try:
        services.withdraw_slot(slot=slot)
    except ValueError as booked:
        raise HttpError(409, str(booked)) from booked
    return Status(204, None)
