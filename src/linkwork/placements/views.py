"""The practice relationship (one practice's page and form, and the team lead's gaps and
time across their practices) and concerns (list, raise, read, answer, close)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import (
    get_visible_or_404,
    has_permission,
    may_close_concern,
    may_name_lead_gp,
    require,
    visible,
)
from linkwork.accounts.roles import Permission
from linkwork.activity.time_split import logged_in_practices
from linkwork.casework.models import Case
from linkwork.core.forms import show_edit_conflict
from linkwork.core.models import EditConflict
from linkwork.organisations.models import (
    WEEKDAY_LABELS,
    LinkWorker,
    Practice,
    PracticeAttachment,
)
from linkwork.placements import concerns as services
from linkwork.placements.forms import AnswerForm, ConcernForm, RelationshipForm
from linkwork.placements.models import STATUS_TAGS, Concern
from linkwork.placements.relationships import (
    gaps_across,
    lead_gp_candidates,
    practice_gaps,
    relationship_of,
    save_relationship,
    working_days,
)
from linkwork.placements.time_in_practice import PERIOD_WEEKS, time_in_practices


def _practice(request, code: str, permission: Permission) -> Practice:
    return get_visible_or_404(
        request.user, permission, Practice.objects.select_related("cluster"), code=code
    )


@require_GET
def relationship(request, code: str):
    practice = _practice(request, code, Permission.VIEW_PRACTICE_RELATIONSHIP)
    context = {
        "page_title": f"{practice.name}: working with the link worker",
        "practice": practice,
        "row": practice_gaps(practice),
        "may_change": has_permission(
            request.user, Permission.CHANGE_PRACTICE_RELATIONSHIP, practice
        ),
    }
    return render(request, "placements/relationship.jinja", context)


@require_http_methods(["GET", "POST"])
def edit_relationship(request, code: str):
    practice = _practice(request, code, Permission.CHANGE_PRACTICE_RELATIONSHIP)
    current = relationship_of(practice)
    days = working_days(PracticeAttachment.objects.filter(practice=practice))
    names_lead_gp = may_name_lead_gp(request.user, practice)
    form = RelationshipForm(
        request.POST or None,
        initial=_initial(current),
        candidates=lead_gp_candidates(practice),
        worker_days=", ".join(WEEKDAY_LABELS[day] for day in days) or "no set days",
        names_lead_gp=names_lead_gp,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            save_relationship(
                practice=practice,
                by=request.user,
                request=request,
                expected_version=version,
                **data,
            )
        except EditConflict as conflict:
            show_edit_conflict(form, conflict)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"{practice.name}: the practice relationship is saved.")
            return redirect("placements:relationship", code=practice.code)
    return render(
        request,
        "placements/relationship_form.jinja",
        {
            "page_title": f"{practice.name}: what the link worker needs",
            "form": form,
            "lead_gp_shown": None if names_lead_gp else (current.lead_gp_label or "Not named yet"),
            "submit_text": "Save",
            "cancel_href": reverse("placements:relationship", args=[practice.code]),
        },
        status=400 if form.errors else 200,
    )


def _initial(current) -> dict:
    yes_no = {True: "yes", False: "no"}
    return {
        "lead_gp": current.lead_gp_id,
        "lead_gp_name": current.lead_gp_name,
        "lead_gp_email": current.lead_gp_email,
        "room_days": current.room_days,
        "gp_system_access": yes_no[current.gp_system_access] if current.pk else None,
        "induction_on": current.induction_on,
        "agreement_signed_on": current.agreement_signed_on,
        "mdt_invited": yes_no[current.mdt_invited] if current.pk else None,
        "version": current.version,
    }


@require_GET
def practices_overview(request):
    """The team lead's gaps across their practices, and their workers' time in each."""
    require(request.user, Permission.VIEW_TEAM_REPORTS)
    practices = visible(request.user, Permission.VIEW_PRACTICE_RELATIONSHIP, Practice.objects.all())
    workers = visible(request.user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
    summary, rows = gaps_across(practices)
    context = {
        "page_title": "Your practices: what the link workers need",
        "summary": summary,
        "rows": rows,
        "time": time_in_practices(workers, practices, sources=[logged_in_practices]),
        "weeks": PERIOD_WEEKS,
    }
    return render(request, "placements/overview.jinja", context)


@require_GET
def concern_list(request):
    require(request.user, Permission.VIEW_CONCERN)
    concerns = services.concerns_for(request.user).select_related("practice", "raised_by")
    context = {
        "page_title": "Concerns",
        "concerns": concerns,
        "may_raise": has_permission(request.user, Permission.RAISE_CONCERN),
        "tags": STATUS_TAGS,
    }
    return render(request, "placements/concerns.jinja", context)


@require_http_methods(["GET", "POST"])
def new_concern(request):
    require(request.user, Permission.RAISE_CONCERN)
    user = request.user
    practices = visible(user, Permission.RAISE_CONCERN, Practice.objects.order_by("name"))
    cases = visible(user, Permission.RAISE_CONCERN, Case.objects.filter(status="open"))
    form = ConcernForm(
        request.POST or None,
        practices=practices,
        cases=cases.select_related("person").order_by("pk"),
        # Only a worker's concern may be about no one practice (it then goes to their team).
        practice_required=not LinkWorker.objects.filter(user=user).exists(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.raise_concern(by=user, request=request, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "Your concern is sent. You will see the answer here.")
            return redirect("placements:concern", pk=concern.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "page_title": "Raise a concern",
            "form": form,
            "submit_text": "Send the concern",
            "cancel_href": reverse("placements:concerns"),
        },
        status=400 if form.errors else 200,
    )


def _concern(request, pk: int) -> Concern:
    concerns = Concern.objects.select_related("practice", "raised_by", "case")
    return get_visible_or_404(request.user, Permission.VIEW_CONCERN, concerns, pk=pk)


@require_http_methods(["GET", "POST"])
def concern(request, pk: int):
    found = _concern(request, pk)
    may_answer = found.status != "closed" and has_permission(
        request.user, Permission.ANSWER_CONCERN, found
    )
    form = AnswerForm(request.POST or None)  # empty: each answer adds to the thread
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            services.answer_concern(
                concern=found, by=request.user, request=request, **form.cleaned_data
            )
            messages.success(request, "Your answer is sent to the person who raised the concern.")
            return redirect("placements:concern", pk=found.pk)
    else:
        services.audit_read(concern=found, request=request)
    context = {
        "page_title": found.subject,
        "concern": found,
        "answers": found.answers.select_related("by"),
        "tags": STATUS_TAGS,
        "form": form if may_answer else None,
        "may_close": may_close_concern(request.user, found),
        "case_shown": found.case_id
        and has_permission(request.user, Permission.VIEW_CASE, found.case),
    }
    return render(request, "placements/concern.jinja", context, status=400 if form.errors else 200)


@require_POST
def close_concern(request, pk: int):
    found = _concern(request, pk)
    if not may_close_concern(request.user, found):
        raise Http404
    services.close_concern(concern=found, by=request.user, request=request)
    messages.success(request, "The concern is closed.")
    return redirect("placements:concern", pk=found.pk)
