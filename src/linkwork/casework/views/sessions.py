from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.casework import first_session, services
from linkwork.casework.forms import CheckInForm, OutcomeForm, SessionForm
from linkwork.casework.forms.first_session import FirstSessionForm
from linkwork.casework.models import Session
from linkwork.casework.presenters import back_by, referral_briefs, safety_of, visit_address
from linkwork.casework.rules import LONE_VISIT_MODES, is_engaged, lone_working_refusal
from linkwork.casework.views.common import (
    case_for_change,
    closed_refusal,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)


def _next_or_case(request, case) -> str:
    """Back where the worker came from (their home page), if that is on this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("casework:case_detail", args=[case.pk])


def _when(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%A %d %B %H:%M}"


def _session(request, pk: int) -> Session:
    return related_or_404(
        request, Session, pk, "case", "case__person", "case__link_worker", "joint_agency"
    )


@require_http_methods(["GET", "POST"])
def new_session(request, pk: int, planned: bool = False):
    """Record a session that happened (or, `planned`, book one) from the case."""
    case = case_for_change(request, pk)
    if refused := closed_refusal(request, case, "a session"):
        return refused
    engaged = is_engaged(case)  # asked once: the first session, and the briefs, hang on it
    start = None if planned else first_session.starting_point(case, engaged=engaged)
    if start is not None:  # the first session starts from the referral
        form = FirstSessionForm(
            request.POST or None,
            agencies=_agencies(case),
            what_matters=start.what_matters,
            reasons=start.reasons,
            complexity=case.complexity,
        )
    else:
        form = SessionForm(request.POST or None, planned=planned, agencies=_agencies(case))
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form, {"starts_at": "date"}):
            if start is not None:
                first_session.record_first_session(
                    case=case,
                    by=request.user,
                    request=request,
                    typed=True,
                    **form.session_fields(),
                    **form.plan_fields(),
                )
            else:
                services.record_session(
                    case=case,
                    by=request.user,
                    request=request,
                    typed=True,
                    **form.session_fields(),
                )
        message = "Session booked." if planned else "Session recorded."
        if done := saved(request, form, message, _next_or_case(request, case)):
            return done
    title = "Book a session" if planned else "Record a session"
    first = start is not None
    return form_page(
        request,
        form,
        case=case,
        title="Record the first session" if first else title,
        submit="Record" if first else title.split()[0],
        template="casework/first_session.jinja" if first else "casework/new_session.jinja",
        briefs=_first_contact(case, engaged),
        person=case.person,
    )


def book_session(request, pk: int):
    return new_session(request, pk, planned=True)


def _agencies(case, also=None):
    """The agencies a joint visit may name: those involved now (and one already named)."""
    involved = case.agencies.filter(ended_on__isnull=True)
    if also is not None:
        involved = case.agencies.filter(Q(ended_on__isnull=True) | Q(pk=also))
    return involved.order_by("name") if involved.exists() else None


def _first_contact(case, engaged: bool | None = None) -> list:
    """Before anyone has met the person, the page says why they were referred."""
    return [] if (is_engaged(case) if engaged is None else engaged) else referral_briefs(case)


def _outcome_form(data, session: Session) -> OutcomeForm:
    # No outcome chosen for the worker: attended, not attended or cancelled is their
    # choice, never one click (decision 0072).
    return OutcomeForm(
        data,
        agencies=_agencies(session.case, session.joint_agency_id),
        initial={
            "outcome": session.outcome,
            "duration_minutes": session.duration_minutes or 60,
            "joint_agency": session.joint_agency_id,
            "note": session.note,
            "version": session.version,
        },
    )


def _session_page(request, session: Session, form, check_in_form=None):
    case = session.case
    response = form_page(
        request,
        form,
        case=case,
        title=f"{session.get_mode_display()}, {_when(session)}",
        submit="Save session",
        template="casework/session.jinja",
        session=session,
        lone_working=session.mode in LONE_VISIT_MODES,
        safety=safety_of(case.person),
        visit_address=visit_address(case.person),
        check_in_form=check_in_form or CheckInForm(),
        back_by=back_by(session.expected_back_at) if session.expected_back_at else "",
        briefs=[] if session.outcome else _first_contact(case),
    )
    if check_in_form is not None and check_in_form.errors:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int):
    """A planned session: record its outcome on one page; visits show safety first."""
    session = _session(request, pk)
    form = _outcome_form(request.POST or None, session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.update_session(
                session=session,
                by=request.user,
                expected_version=data["version"],
                request=request,
                outcome=data["outcome"],
                duration_minutes=data["duration_minutes"],
                note=data["note"],
                **({"joint_agency": data["joint_agency"]} if "joint_agency" in data else {}),
            )
        to = _next_or_case(request, session.case)
        if done := saved(request, form, "Session recorded.", to):
            return done
    return _session_page(request, session, form)


@require_POST
def check_in(request, pk: int):
    """A wrong time is an error on the check-in field, keeping what was typed."""
    session = _session(request, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        back = form.cleaned_data["back_by"]
        with edit_conflicts(form):
            services.check_in(
                session=session, by=request.user, request=request, expected_back_at=back
            )
        message = (
            f"Checked in. Your team lead is alerted if you have not checked out by {back_by(back)}."
        )
        if done := saved(request, form, message, reverse("casework:session", args=[pk])):
            return done
    return _session_page(request, session, _outcome_form(None, session), check_in_form=form)


@require_POST
def check_out(request, pk: int):
    session = _session(request, pk)
    # Only a second press (the button shows only while checked in) meets this refusal.
    if refusal := lone_working_refusal(session, checking_in=False):
        messages.error(request, refusal)
    else:
        services.check_out(session=session, by=request.user, request=request)
        messages.success(request, "Checked out safely.")
    return redirect("casework:session", pk=pk)
