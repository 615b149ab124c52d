"""Single-use links: the worker makes one (email or QR code); the person opens it with no
sign-in and sees only the questionnaire."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.casework.views.common import case_for_change
from linkwork.core.http import unlogged
from linkwork.core.qr import qr_svg
from linkwork.core.ratelimit import hit
from linkwork.outcomes import links
from linkwork.outcomes.forms import FeedbackForm, LinkForm, QuestionnaireForm, TimepointForm
from linkwork.outcomes.models.links import Delivery
from linkwork.outcomes.scoring import ScoringError
from linkwork.outcomes.views.common import form_choices, form_or_404, posted, title_of

# Every request to a link page counts, GETs included: guessing tokens is a flood of GETs.
LINK_REQUESTS_PER_HOUR = 60


@require_http_methods(["GET", "POST"])
def new_link(request, pk: int):
    case = case_for_change(request, pk)
    name = request.POST.get("form") or request.GET.get("form") or "swemwbs"
    form_or_404(name)
    initial = {"email": case.person.email, "delivery": Delivery.QR}
    form = LinkForm(posted(request), initial=initial)
    timepoint_form = TimepointForm(request.POST or request.GET or None)
    valid = request.method == "POST" and form.is_valid()
    if valid and (name == "feedback" or timepoint_form.is_valid()):
        try:
            link, token = links.create_link(
                case=case,
                form=name,
                timepoint=timepoint_form.cleaned_data.get("timepoint", "")
                if name != "feedback"
                else "",
                delivery=form.cleaned_data["delivery"],
                email=form.cleaned_data["email"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _link_made(request, case, name, link, token)
    context = {
        "page_title": f"Send a link: {title_of(name)}",
        "caption": case.person.full_name,
        "case": case,
        "name": name,
        "forms": form_choices(),
        "form": form,
        "timepoint": request.GET.get("timepoint") or request.POST.get("timepoint", ""),
    }
    status = 400 if form.errors else 200
    return render(request, "outcomes/new_link.jinja", context, status=status)


def _link_made(request, case, name, link, token):
    url = links.link_url(token)
    context = {
        "page_title": "Link ready" if link.delivery == Delivery.QR else "Link sent",
        "caption": case.person.full_name,
        "case": case,
        "link": link,
        "link_url": url,
        "qr": qr_svg(url, title="QR code for the questionnaire link")
        if link.delivery == Delivery.QR
        else None,
        "title": title_of(name),
    }
    return render(request, "outcomes/link_created.jinja", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_link(request, token: str):
    """No sign-in, no navigation, nothing about the person: the questionnaire only. An
    unknown, used or expired link gets one and the same answer."""
    if not hit("questionnaire-link", request, per_hour=LINK_REQUESTS_PER_HOUR):
        return _person_page(request, "outcomes/link_limited.jinja", "Too many attempts", 429)
    opened = request.POST.get("opened", "")
    link = links.find_usable(token, opened=opened)
    if link is None:
        return _unusable(request)
    if not links.still_needed(link):
        return _not_needed(request)
    definition = form_or_404(link.form)
    if definition is None:
        form = FeedbackForm(posted(request), for_person=True)
    else:
        form = QuestionnaireForm(posted(request), instrument=definition, for_person=True)
    if request.method == "POST" and form.is_valid():
        try:
            _complete(request, token, link, form, opened)
        except ValidationError:
            # The worker recorded it on the case while the person was answering.
            return _not_needed(request)
        except (links.LinkUnusable, ScoringError):
            return _unusable(request)
        return _person_page(request, "outcomes/person_thanks.jinja", "Thank you", 200)
    context = {
        "page_title": title_of(link.form),
        "definition": definition,
        "form": form,
        "until": links.until(link.expires_at),
        "opened": links.opened_stamp(token, kept=opened),
    }
    status = 400 if form.errors else 200
    return unlogged(render(request, "outcomes/person_form.jinja", context, status=status))


def _complete(request, token, link, form, opened):
    if link.is_feedback:
        links.complete_feedback(token=token, opened=opened, request=request, **form.cleaned_data)
    else:
        links.complete_questionnaire(
            token=token, answers=form.answers(), opened=opened, request=request
        )


def _unusable(request):
    # Answers sent to it are said to be not sent: the person must not think they arrived.
    return _person_page(
        request,
        "outcomes/link_unusable.jinja",
        "This link has expired",
        404,
        not_sent=request.method == "POST",
    )


def _not_needed(request):
    return _person_page(request, "outcomes/link_not_needed.jinja", "Nothing more to do", 410)


def _person_page(request, template: str, title: str, status: int, **context):
    context = {"page_title": title, **context}
    return unlogged(render(request, template, context, status=status))
