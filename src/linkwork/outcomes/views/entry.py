"""Taking a questionnaire: the worker enters it, hands the tablet over, or enters paper."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import has_permission, require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case, load_case
from linkwork.casework.views.common import audit_reading, case_for_change
from linkwork.core.forms import show_edit_conflict
from linkwork.core.models import EditConflict
from linkwork.outcomes import handover, measure_rules, services
from linkwork.outcomes.forms import (
    CorrectionForm,
    FeedbackForm,
    PaperDateForm,
    QuestionnaireForm,
    TimepointForm,
    WorkerReturnForm,
)
from linkwork.outcomes.models import Method
from linkwork.outcomes.presenters import earlier_versions, measure_histories
from linkwork.outcomes.views.common import form_choices, form_or_404, posted, title_of


def _case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


def _next_or_case(request, case) -> str:
    """Back to where the worker came from (the close form), if that is on this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return _case_url(case)


def _form_for(definition, data=None, **kwargs):
    if definition is None:
        return FeedbackForm(data, **kwargs)
    return QuestionnaireForm(data, instrument=definition, **kwargs)


def _save(request, case, name, form, *, method, timepoint, completed_on, by):
    """Record what the form holds: a scored questionnaire or feedback."""
    if name == "feedback":
        return services.record_feedback(
            case=case,
            method=method,
            completed_on=completed_on,
            by=by,
            request=request,
            **form.cleaned_data,
        )
    in_session = method in (Method.WORKER, Method.TABLET)
    return services.record_response(
        case=case,
        session=services.session_on(case, completed_on) if in_session else None,
        instrument=name,
        timepoint=timepoint,
        answers=form.answers(),
        method=method,
        completed_on=completed_on,
        by=by,
        request=request,
    )


@require_http_methods(["GET", "POST"])
def hub(request, pk: int):
    """Choose the questionnaire, when in the support it is, and how to take it."""
    case = case_for_change(request, pk)
    name = request.POST.get("form") or request.GET.get("form") or "swemwbs"
    form_or_404(name)
    timepoint_form = TimepointForm(
        posted(request), initial={"timepoint": services.suggested_timepoint(case, name)}
    )
    if request.method == "POST" and timepoint_form.is_valid():
        timepoint = timepoint_form.cleaned_data["timepoint"]
        try:
            if name != "feedback":
                measure_rules.check_timepoint(case, name, timepoint)
        except ValidationError as error:
            _show_refusal(error, {"timepoint": timepoint_form}, timepoint_form)
        else:
            return _go(request, case, name, timepoint)
    context = {
        "page_title": "Add a questionnaire",
        "case": case,
        "forms": form_choices(),
        "chosen": name,
        "form": timepoint_form,
    }
    return render(
        request, "outcomes/hub.jinja", context, status=400 if timepoint_form.errors else 200
    )


def _go(request, case, name: str, timepoint: str):
    how = request.POST.get("how", "enter")
    if how == "tablet":
        handover.hand_over(request, case=case, form=name, timepoint=timepoint)
        return redirect("outcomes:tablet")
    targets = {
        "enter": "outcomes:enter",
        "paper": "outcomes:enter_paper",
        "print": "outcomes:print",
    }
    if how == "link":
        url = reverse("outcomes:new_link", args=[case.pk])
    else:
        url = reverse(targets.get(how, "outcomes:enter"), args=[case.pk, name])
    return redirect(f"{url}?form={name}&timepoint={timepoint}")


def _timepoint(request, case, name) -> str:
    form = TimepointForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["timepoint"]
    return services.suggested_timepoint(case, name)


@require_http_methods(["GET", "POST"])
def enter(request, pk: int, name: str, paper: bool = False):
    """The worker enters the answers in a session (or from a paper form)."""
    case = case_for_change(request, pk)
    definition = form_or_404(name)
    form = _form_for(definition, posted(request))
    # Feedback has no timepoint: it is given at the end.
    timepoint_form = definition and TimepointForm(
        posted(request), initial={"timepoint": _timepoint(request, case, name)}
    )
    date_form = PaperDateForm(posted(request)) if paper else None
    forms = [f for f in (form, timepoint_form, date_form) if f]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        when = date_form.cleaned_data["completed_on"] if paper else timezone.localdate()
        timepoint = timepoint_form.cleaned_data["timepoint"] if timepoint_form else ""
        saved = _saved(
            request,
            case,
            name,
            form,
            date_form or form,
            when=when,
            timepoint=timepoint,
            timepoint_form=timepoint_form,
        )
        if saved:
            messages.success(request, f"{title_of(name)} saved.")
            return redirect(_next_or_case(request, case))
    context = {
        "page_title": f"{'Enter a paper form' if paper else 'Enter answers'}: {title_of(name)}",
        "caption": case.person.full_name,
        "case": case,
        "definition": definition,
        "form": form,
        "timepoint_form": timepoint_form,
        "date_form": date_form,
        "error_forms": forms,
        "cancel_href": _case_url(case),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/enter.jinja", context, status=status)


def _saved(request, case, name, form, date_holder, *, when, timepoint, timepoint_form=None):
    paper = isinstance(date_holder, PaperDateForm)
    method = Method.PAPER if paper else Method.WORKER
    try:
        _save(
            request,
            case,
            name,
            form,
            method=method,
            timepoint=timepoint,
            completed_on=when,
            by=request.user,
        )
    except ValidationError as error:
        _show_refusal(error, {"timepoint": timepoint_form, "completed_on": date_holder}, form)
        return False
    return True


def _show_refusal(error: ValidationError, forms_by_field: dict, fallback) -> None:
    """Each refusal on the form holding its field; otherwise at the top of the page."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages_ in by_field.items():
        holder = forms_by_field.get(field)
        if holder is not None and field in holder.fields:
            holder.add_error(field, messages_)
        else:
            fallback.add_error(None, messages_)


def enter_paper(request, pk: int, name: str):
    return enter(request, pk, name, paper=True)


@require_http_methods(["GET", "POST"])
def tablet(request):
    """The person fills it in on the worker's tablet: nothing of the case is shown, not
    even their name, and no navigation. Until the worker enters their password every
    other address comes back here (see handover.py)."""
    require(request.user, Permission.CHANGE_CASE)
    state = handover.state(request)
    if not state:
        return redirect("home:home")
    if state["done"]:
        return _hand_back_page(request)
    case = load_case(request.user, state["case"], Permission.CHANGE_CASE)
    definition = form_or_404(state["form"])
    form = _form_for(definition, posted(request), for_person=True)
    if request.method == "POST" and form.is_valid():
        try:
            _save(
                request,
                case,
                state["form"],
                form,
                method=Method.TABLET,
                timepoint=state["timepoint"],
                completed_on=timezone.localdate(),
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            handover.mark_done(request)
            return _hand_back_page(request)
    context = {
        "page_title": title_of(state["form"]),
        "definition": definition,
        "form": form,
        "back_href": reverse("outcomes:tablet_return"),
    }
    return render(
        request, "outcomes/person_form.jinja", context, status=400 if form.errors else 200
    )


def _hand_back_page(request):
    context = {
        "page_title": "Thank you",
        "back_href": reverse("outcomes:tablet_return"),
        "tablet": True,
    }
    return render(request, "outcomes/person_thanks.jinja", context)


@require_http_methods(["GET", "POST"])
def tablet_return(request):
    """The worker takes the tablet back: their password, and only then the case again."""
    require(request.user, Permission.CHANGE_CASE)
    state = handover.state(request)
    if not state:
        return redirect("home:home")
    form = WorkerReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        back = handover.worker_returns(request, form.cleaned_data["password"])
        if back is None:
            return redirect("accounts:sign_in")
        if back:
            return redirect("casework:case_detail", pk=state["case"])
        form.add_error("password", "The password is not right. Enter the link worker's password")
    context = {"page_title": "Link worker: take the tablet back", "form": form}
    status = 400 if form.errors else 200
    return render(request, "outcomes/tablet_return.jinja", context, status=status)


@require_GET
def print_form(request, pk: int, name: str):
    """A paper copy: the instrument as published, its notice, and the case number only."""
    case = case_for_change(request, pk)
    definition = form_or_404(name)
    context = {
        "page_title": title_of(name),
        "case": case,
        "definition": definition,
        "feedback_form": FeedbackForm() if definition is None else None,
    }
    return render(request, "outcomes/print.jinja", context)


@require_http_methods(["GET", "POST"])
def correct_response(request, pk: int):
    """Put right a wrongly entered measure; the earlier version stays in its history."""
    response = services.visible_response_or_404(request.user, pk, Permission.CHANGE_CASE)
    case, definition = response.case, response.definition
    audit_reading(request, case, response)
    initial_answers = {
        f"item_{item.number}": str(answer)
        for item, answer in zip(definition.items, response.answers, strict=True)
        if answer is not None
    }
    form = _form_for(definition, posted(request), initial=initial_answers)
    timepoint_form = TimepointForm(posted(request), initial={"timepoint": response.timepoint})
    correction = CorrectionForm(
        posted(request),
        initial={"completed_on": response.completed_on, "version": response.version},
    )
    forms = [form, timepoint_form, correction]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            services.correct_response(
                response=response,
                answers=form.answers(),
                timepoint=timepoint_form.cleaned_data["timepoint"],
                completed_on=correction.cleaned_data["completed_on"],
                reason=correction.cleaned_data["reason"],
                expected_version=correction.cleaned_data["version"],
                by=request.user,
                request=request,
            )
        except EditConflict as conflict:
            show_edit_conflict(correction, conflict)
        except ValidationError as error:
            fields = {"timepoint": timepoint_form, "completed_on": correction, "reason": correction}
            _show_refusal(error, fields, correction)
        if not any(f.errors for f in forms):
            messages.success(request, f"{title_of(response.instrument)} corrected.")
            return redirect("outcomes:response", pk=response.pk)
    context = {
        "page_title": f"Correct: {title_of(response.instrument)}",
        "caption": case.person.full_name,
        "case": case,
        "definition": definition,
        "form": form,
        "timepoint_form": timepoint_form,
        "date_form": None,
        "extra_form": correction,
        "error_forms": forms,
        "cancel_href": reverse("outcomes:response", args=[response.pk]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/enter.jinja", context, status=status)


@require_GET
def response_detail(request, pk: int):
    """One response: each answer as given, and the stored scores."""
    response = services.visible_response_or_404(request.user, pk)
    case = response.case
    audit_case(request=request, case=case, obj=response)
    definition = response.definition
    labels = {o.value: o.label for o in definition.options}
    rows = [
        (item, answer, labels.get(answer))
        for item, answer in zip(definition.items, response.answers, strict=True)
    ]
    context = {
        "page_title": definition.title,
        "caption": case.person.full_name,
        "case": case,
        "response": response,
        "rows": rows,
        "history": next(
            (h for h in measure_histories(case) if h.instrument.name == response.instrument),
            None,
        ),
        "corrections": earlier_versions(response),
        "can_change": has_permission(request.user, Permission.CHANGE_CASE, case),
    }
    return render(request, "outcomes/response.jinja", context)
