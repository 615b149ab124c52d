"""Surveys: the team lead's or commissioner's pages (who may open which survey is
authorisation's RUN_STAFF_SURVEYS), and the respondent's page, reached by a single-use
link with no sign-in."""

from datetime import timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.http import unlogged
from linkwork.core.mail import site_url
from linkwork.core.ratelimit import hit
from linkwork.organisations.models import HSCP, Practice
from linkwork.surveys import questions, results, services
from linkwork.surveys.forms import (
    AnswersForm,
    NextRoundForm,
    PrintedLinksForm,
    StaffGroupForm,
    SurveyForm,
)
from linkwork.surveys.models import Survey

PERMISSION = Permission.RUN_STAFF_SURVEYS
# GETs count too. Each link has its own allowance (a response takes 2 or 3 requests), and
# each address a far higher one: a practice's staff may all share one NHS network address,
# while 32 random bytes make a flood of guesses futile anyway (decision 0100).
REQUESTS_PER_LINK_PER_HOUR = 30
REQUESTS_PER_ADDRESS_PER_HOUR = 2000


def _survey(request, pk: int) -> Survey:
    return get_visible_or_404(
        request.user, PERMISSION, Survey.objects.select_related("hscp", "previous"), pk=pk
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
def survey_list(request):
    require(request.user, PERMISSION)
    surveys = visible(request.user, PERMISSION, Survey.objects.select_related("hscp"))
    context = {
        "page_title": "Surveys of practice staff and link workers",
        "surveys": results.with_sent_counts(surveys),
        "sent_state": results.sent_state,
    }
    return render(request, "surveys/list.jinja", context)


@require_http_methods(["GET", "POST"])
def new_survey(request):
    require(request.user, PERMISSION)
    hscps = visible(request.user, PERMISSION, HSCP.objects.all())
    initial = {"year": timezone.localdate().year, "closes_on": timezone.localdate() + timedelta(28)}
    form = SurveyForm(request.POST or None, hscps=hscps, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(**form.cleaned_data, by=request.user, request=request)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            flash.success(request, "Survey made: send it when you are ready")
            return redirect("surveys:survey", pk=survey.pk)
    context = {"page_title": "New survey", "form": form, "submit_text": "Make the survey"}
    return render(request, "form_page.jinja", context, status=400 if form.errors else 200)


@require_GET
def survey_detail(request, pk: int):
    survey = _survey(request, pk)
    context = {
        "page_title": str(survey),
        "survey": survey,
        "results": results.build(survey),
        "asked": questions.asked_of(survey.question_set, survey.groups),
        "closed": survey.closes_on < timezone.localdate(),
        "email_refused": services.email_refused(survey),
        "later": getattr(survey, "next_round", None),
    }
    return render(request, "surveys/survey.jinja", context)


@require_POST
def send_survey(request, pk: int):
    survey = _survey(request, pk)
    try:
        sent = services.send_survey(survey=survey, by=request.user, request=request)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, f"Survey sent: {sent} links by email")
    return redirect("surveys:survey", pk=survey.pk)


@require_POST
def close_survey(request, pk: int):
    survey = _survey(request, pk)
    services.close_survey(survey=survey, by=request.user, request=request)
    flash.success(request, "Survey closed: its links no longer work")
    return redirect("surveys:survey", pk=survey.pk)


@require_http_methods(["GET", "POST"])
def printed_links(request, pk: int):
    survey = _survey(request, pk)
    practices = Practice.objects.filter(cluster__hscp=survey.hscp).order_by("name")
    form = PrintedLinksForm(request.POST or None, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            tokens = services.print_links(survey=survey, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            context = {
                "page_title": f"Links to hand out at {form.cleaned_data['practice']}",
                "survey": survey,
                "urls": [site_url(services.link_path(t)) for t in tokens],
            }
            return unlogged(render(request, "surveys/printed_links.jinja", context))
    context = {
        "page_title": "Print links to hand out",
        "caption": str(survey),
        "form": form,
        "submit_text": "Make the links",
        "cancel_href": survey_url(survey),
    }
    return render(request, "form_page.jinja", context, status=400 if form.errors else 200)


def survey_url(survey: Survey) -> str:
    return reverse("surveys:survey", args=[survey.pk])


@require_http_methods(["GET", "POST"])
def next_round(request, pk: int):
    survey = _survey(request, pk)
    initial = {"year": survey.year + 1, "closes_on": timezone.localdate() + timedelta(28)}
    form = NextRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            later = services.next_round(
                survey=survey, **form.cleaned_data, by=request.user, request=request
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            flash.success(request, "New round made: its results will show beside this one's")
            return redirect("surveys:survey", pk=later.pk)
    context = {
        "page_title": "Run this survey again",
        "caption": str(survey),
        "form": form,
        "submit_text": "Make the new round",
        "cancel_href": survey_url(survey),
    }
    return render(request, "form_page.jinja", context, status=400 if form.errors else 200)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token: str):
    """No sign-in and nothing about anyone: the questions for the respondent's staff group.
    An unknown, used or expired link gets one and the same answer."""
    if not (
        hit("survey-address", request, per_hour=REQUESTS_PER_ADDRESS_PER_HOUR)
        and hit("survey-link", request, per_hour=REQUESTS_PER_LINK_PER_HOUR, by=token)
    ):
        return _respondent_page(request, "surveys/too_many.jinja", "Too many attempts", 429)
    link = services.find_usable(token)
    if link is None:
        return _unusable(request)
    survey = link.survey
    group = link.staff_group or request.POST.get("staff_group") or request.GET.get("staff_group")
    if group not in link.groups:
        return _choose_group(request, link, bool(group))
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        asked=questions.for_group(survey.question_set, group),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(token=token, staff_group=group, answers=form.cleaned_data)
        except services.LinkUnusable:
            return _unusable(request)
        return _respondent_page(request, "surveys/thanks.jinja", "Thank you", 200)
    context = {
        "page_title": survey.title,
        "survey": survey,
        "group": group,
        "group_label": questions.group_label(group),
        "chosen": not link.staff_group,
        "form": form,
    }
    status = 400 if form.errors else 200
    return unlogged(render(request, "surveys/respond.jinja", context, status=status))


def _choose_group(request, link, tried: bool):
    data = request.POST if request.method == "POST" else request.GET
    form = StaffGroupForm(data if tried else None, groups=link.groups)
    form.is_valid()
    context = {"page_title": link.survey.title, "survey": link.survey, "form": form}
    status = 400 if form.errors else 200
    return unlogged(render(request, "surveys/choose_group.jinja", context, status=status))


def _unusable(request):
    return _respondent_page(request, "surveys/unusable.jinja", "This link cannot be used", 404)


def _respondent_page(request, template: str, title: str, status: int):
    return unlogged(render(request, template, {"page_title": title}, status=status))
