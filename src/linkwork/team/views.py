"""The team's pages under /team/, and a debrief asked for from the case page. Each loads
what the user may reach through accounts/authorisation.py and calls a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, require, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.services import load_case
from linkwork.casework.views.common import edit_conflicts, saved
from linkwork.organisations.models import LinkWorker
from linkwork.team import supervision as services
from linkwork.team import training as training_services
from linkwork.team.forms import (
    DebriefForm,
    DevelopmentForm,
    HeldForm,
    SupervisionForm,
    TrainingForm,
)
from linkwork.team.models import DebriefRequest, DevelopmentRequest, Supervision, TrainingRecord
from linkwork.team.summary import team_overview


def _page(request, template: str, title: str, status: int = 200, **context):
    context = {"page_title": title, **context}
    return render(request, f"team/{template}.jinja", context, status=status)


def _worker(request, pk: int, permission: Permission) -> LinkWorker:
    workers = LinkWorker.objects.select_related("user", "provider")
    return get_visible_or_404(request.user, permission, workers, pk=pk)


@require_GET
def team(request):
    require(request.user, Permission.VIEW_TRAINING)
    return _page(request, "team", "Supervision and training", **team_overview(request.user))


@require_GET
def supervision_list(request, pk: int):
    worker = _worker(request, pk, Permission.VIEW_SUPERVISION)
    records = visible(
        request.user, Permission.VIEW_SUPERVISION, Supervision.objects.filter(worker=worker)
    ).prefetch_related("cases", "actions")
    debriefs = visible(
        request.user, Permission.VIEW_SUPERVISION, DebriefRequest.objects.filter(worker=worker)
    ).select_related("case", "held_by")
    return _page(
        request,
        "supervision_list",
        f"Supervision: {worker}",
        worker=worker,
        records=records,
        debriefs=debriefs.order_by("-asked_at", "-pk"),
        can_record=has_permission(request.user, Permission.RECORD_SUPERVISION, worker),
        held_form=HeldForm(),
    )


@require_http_methods(["GET", "POST"])
def record_supervision(request, pk: int):
    worker = _worker(request, pk, Permission.RECORD_SUPERVISION)
    form = SupervisionForm(request.POST or None, cases=services.discussable_cases(worker))
    if request.method == "POST" and form.is_valid():
        data, record = form.cleaned_data, None
        with edit_conflicts(form):
            record = services.record_supervision(
                worker=worker,
                by=request.user,
                held_on=data["held_on"],
                notes=data["notes"],
                cases=data["cases"],
                actions=form.actions(),
                request=request,
            )
        if record and (done := saved(request, form, "Supervision recorded.", _url(record))):
            return done
    return render(
        request,
        "form_page.jinja",
        {
            "page_title": "Record supervision",
            "caption": str(worker),
            "form": form,
            "submit_text": "Save supervision",
            "cancel_href": reverse("team:supervision_list", args=[worker.pk]),
        },
        status=400 if form.is_bound else 200,
    )


def _url(record) -> str:
    return reverse("team:supervision", args=[record.pk])


@require_GET
def supervision_detail(request, pk: int):
    record = get_visible_or_404(
        request.user,
        Permission.VIEW_SUPERVISION,
        Supervision.objects.select_related("worker__user", "recorded_by"),
        pk=pk,
    )
    services.audit_supervision(record, request=request)
    return _page(
        request,
        "supervision",
        f"Supervision on {record.held_on:%-d %B %Y}",
        record=record,
        cases=record.cases.order_by("pk"),
        actions=record.actions.all(),
    )


@require_POST
def ask_debrief(request, pk: int):
    """One click from the case page, with an optional note: to the worker's team lead."""
    case = load_case(request.user, pk, Permission.ASK_FOR_DEBRIEF)
    form = DebriefForm(request.POST)
    if not form.is_valid():
        # The note typed is kept, with the error under it, on a page of its own.
        return render(
            request,
            "form_page.jinja",
            {
                "page_title": "Ask for a debrief",
                "caption": f"Case {case}",
                "form": form,
                "submit_text": "Ask for a debrief",
                "cancel_href": reverse("casework:case_detail", args=[case.pk]),
            },
            status=400,
        )
    try:
        services.ask_for_debrief(
            case=case, by=request.user, note=form.cleaned_data["note"], request=request
        )
    except ValidationError as refused:
        messages.error(request, " ".join(m for ms in refused.message_dict.values() for m in ms))
    else:
        messages.success(request, "Debrief asked for: your team lead has been told.")
    return redirect("casework:case_detail", pk=case.pk)


@require_POST
def debrief_held(request, pk: int):
    debrief = get_visible_or_404(
        request.user,
        Permission.RECORD_SUPERVISION,
        DebriefRequest.objects.select_related("case__person", "worker__user"),
        pk=pk,
    )
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.mark_debrief_held(
                debrief=debrief,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                request=request,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
    if form.errors:
        messages.error(request, " ".join(e for es in form.errors.values() for e in es))
    else:
        messages.success(request, f"Debrief with {debrief.worker} marked held.")
    return redirect("home:team_lead")


@require_http_methods(["GET", "POST"])
def training(request, pk: int):
    worker = _worker(request, pk, Permission.VIEW_TRAINING)
    may_record = has_permission(request.user, Permission.RECORD_TRAINING, worker)
    if request.method == "POST" and not may_record:
        _worker(request, pk, Permission.RECORD_TRAINING)  # a 404, as for anyone else
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            training_services.record_training(
                worker=worker, by=request.user, request=request, **form.cleaned_data
            )
        if done := saved(request, form, "Training recorded.", request.path):
            return done
    records = visible(
        request.user, Permission.VIEW_TRAINING, TrainingRecord.objects.filter(worker=worker)
    )
    return _page(
        request,
        "training",
        f"Training: {worker}",
        status=400 if form.is_bound else 200,
        worker=worker,
        records=records,
        latest={t.pk for t in training_services.latest_training(records).values()},
        form=form if may_record else None,
    )


@require_http_methods(["GET", "POST"])
def development(request, pk: int):
    worker = _worker(request, pk, Permission.VIEW_TRAINING)
    may_ask = has_permission(request.user, Permission.ASK_FOR_DEVELOPMENT, worker)
    if request.method == "POST" and not may_ask:
        _worker(request, pk, Permission.ASK_FOR_DEVELOPMENT)  # a 404, as for anyone else
    form = DevelopmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            training_services.ask_for_development(
                worker=worker, by=request.user, request=request, **form.cleaned_data
            )
        if done := saved(request, form, "Development request saved.", request.path):
            return done
    requests = visible(
        request.user, Permission.VIEW_TRAINING, DevelopmentRequest.objects.filter(worker=worker)
    )
    return _page(
        request,
        "development",
        f"Development: {worker}",
        status=400 if form.is_bound else 200,
        worker=worker,
        requests=requests,
        form=form if may_ask else None,
    )
