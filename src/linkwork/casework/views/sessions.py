from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.casework import services
from linkwork.casework.forms import CheckInForm, OutcomeForm, SessionForm
from linkwork.casework.models import Session
from linkwork.casework.presenters import safety_of, visit_address
from linkwork.casework.views.common import (
    case_for_change,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)

VISITS_ALONE = {"home_visit", "community_venue"}


def _next_or_case(request, case) -> str:
    """Back where the worker came from (their home page), if that is on this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("casework:case_detail", args=[case.pk])


def _when(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%A %d %B %H:%M}"


def _session(request, pk: int) -> Session:
    return related_or_404(request, Session, pk, "case", "case__person", "case__link_worker")


@require_http_methods(["GET", "POST"])
def new_session(request, pk: int, planned: bool = False):
    """Record a session that happened (or, `planned`, book one) from the case."""
    case = case_for_change(request, pk)
    form = SessionForm(request.POST or None, planned=planned)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form, {"starts_at": "date"}):
            services.record_session(
                case=case, by=request.user, request=request, **form.session_fields()
            )
        message = "Session booked." if planned else "Session recorded."
        if done := saved(request, form, message, _next_or_case(request, case)):
            return done
    title = "Book a session" if planned else "Record a session"
    return form_page(request, form, case=case, title=title, submit=title.split()[0])


def book_session(request, pk: int):
    return new_session(request, pk, planned=True)


@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int):
    """A planned session: record its outcome on one page; visits show safety first."""
    session = _session(request, pk)
    case = session.case
    services.audit_case(request=request, case=case, obj=session)
    form = OutcomeForm(
        request.POST or None,
        initial={
            # Attendance is the usual answer, but only once the session has started.
            "outcome": session.outcome or ("attended" if session.has_started else ""),
            "duration_minutes": session.duration_minutes or 60,
            "note": session.note,
            "version": session.version,
        },
    )
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
            )
        to = _next_or_case(request, case)
        if done := saved(request, form, "Session recorded.", to):
            return done
    return form_page(
        request,
        form,
        case=case,
        title=f"{session.get_mode_display()}, {_when(session)}",
        submit="Save session",
        template="casework/session.jinja",
        session=session,
        lone_working=session.mode in VISITS_ALONE,
        safety=safety_of(case.person),
        visit_address=visit_address(case.person),
        check_in_form=CheckInForm(),
    )


@require_POST
def check_in(request, pk: int):
    session = _session(request, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["back_by"][0])
        return redirect("casework:session", pk=pk)
    services.check_in(
        session=session,
        by=request.user,
        request=request,
        expected_back_at=form.cleaned_data["back_by"],
    )
    messages.success(
        request,
        f"Checked in. Your team lead is alerted if you have not "
        f"checked out by {form.cleaned_data['back_by']:%H:%M}.",
    )
    return redirect("casework:session", pk=pk)


@require_POST
def check_out(request, pk: int):
    session = _session(request, pk)
    services.check_out(session=session, by=request.user, request=request)
    messages.success(request, "Checked out safely.")
    return redirect("casework:session", pk=pk)
