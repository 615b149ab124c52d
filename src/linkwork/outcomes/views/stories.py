"""Stories and quotes: recorded by the worker, scanned before sharing, chosen by a team
lead for reports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case
from linkwork.casework.services import audit_cases
from linkwork.casework.views.common import (
    case_for_change,
    edit_conflicts,
    form_page,
    related_or_404,
)
from linkwork.organisations.models import Practice
from linkwork.outcomes import services
from linkwork.outcomes.forms import PracticeQuoteForm, StoryForm
from linkwork.outcomes.models import PracticeQuote, Story
from linkwork.outcomes.scanner import acknowledgement
from linkwork.outcomes.views.common import posted


def _fields(form) -> dict:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "consent": data["consent"],
        "shareable": data["shareable"],
        "acknowledged": data["acknowledged"] if data["checked"] else "",
    }


def _attempt(form, write) -> list:
    """Run the write; the scanner's warnings and refusals become form errors. A warning
    puts its code in the form and clears the box: the worker confirms what they see."""
    try:
        write()
    except services.StoryNeedsCheck as needs:
        form.data = form.data.copy()
        form.data["acknowledged"] = needs.code
        form.data.pop("checked", None)
        form.add_error(
            "checked",
            "Check the story before sharing it: it may identify someone. Edit it, or tick "
            "the box to confirm nothing identifies anyone",
        )
        return needs.findings
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return []


@require_http_methods(["GET", "POST"])
def new_story(request, pk: int):
    case = case_for_change(request, pk)
    form = StoryForm(posted(request))
    findings = []
    if request.method == "POST" and form.is_valid():
        findings = _attempt(
            form,
            lambda: services.add_story(
                case=case, by=request.user, request=request, **_fields(form)
            ),
        )
        if not form.errors:
            messages.success(request, "Story saved.")
            return redirect("casework:case_detail", pk=case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Record a story or quote",
        submit="Save story",
        template="outcomes/story.jinja",
        findings=findings,
    )


@require_http_methods(["GET", "POST"])
def edit_story(request, pk: int):
    story = related_or_404(request, Story, pk, "case", "case__person")
    # A shareable story shows its warnings from the start: saving it checks them again.
    opening = request.method != "POST" and story.shareable
    findings = services.story_findings(story.case, story.text) if opening else []
    initial = {
        "text": story.text,
        "consent": story.consent_to_share,
        "shareable": story.shareable,
        "version": story.version,
        "acknowledged": acknowledgement(findings),
    }
    form = StoryForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            findings = _attempt(
                form,
                lambda: services.update_story(
                    story=story,
                    by=request.user,
                    request=request,
                    expected_version=form.cleaned_data["version"],
                    **_fields(form),
                ),
            )
        if not form.errors:
            messages.success(request, "Story updated.")
            return redirect("casework:case_detail", pk=story.case_id)
    return form_page(
        request,
        form,
        case=story.case,
        title="Story or quote",
        submit="Save story",
        template="outcomes/story.jinja",
        findings=findings,
    )


@require_http_methods(["GET", "POST"])
def choose_stories(request):
    """Team leads choose which shareable stories go into reports, and add practices' quotes
    for the programme summary. No names are shown: the story is what is shared, so it is
    what is judged."""
    require(request.user, Permission.CHOOSE_STORIES)
    cases = visible(request.user, Permission.CHOOSE_STORIES, Case.objects.all())
    stories = Story.objects.filter(case__in=cases, shareable=True, consent_to_share=True)
    stories = stories.select_related(
        "case__practice", "case__person", "case__link_worker__provider"
    )
    practices = visible(request.user, Permission.VIEW_PRACTICE, Practice.objects.order_by("name"))
    quotes = PracticeQuote.objects.filter(practice__in=practices, for_reports=True)
    quote_form = PracticeQuoteForm(
        request.POST if "add_quote" in request.POST else None, practices=practices
    )
    if request.method == "POST":
        done = _practice_quotes(request, quote_form, quotes)
        if done is None:
            _choose(request, stories)
            messages.success(request, "Your choice of stories for reports is saved.")
        if done is not False:
            return redirect("outcomes:choose_stories")
    shown = list(stories.order_by("-recorded_on", "-pk"))
    # The stories are case records: each one shown is audited, all at once.
    audit_cases(request=request, shown=[(story.case, story) for story in shown])
    context = {
        "page_title": "Stories for reports",
        "stories": shown,
        "quotes": quotes.select_related("practice"),
        "quote_form": quote_form,
    }
    status = 400 if quote_form.errors else 200
    return render(request, "outcomes/choose_stories.jinja", context, status=status)


def _choose(request, stories) -> None:
    chosen = set(request.POST.getlist("chosen"))
    for story in stories:
        wanted = str(story.pk) in chosen
        if wanted != story.for_reports:
            services.choose_for_reports(
                story=story, chosen=wanted, by=request.user, request=request
            )


def _practice_quotes(request, form, quotes) -> bool | None:
    """Adds or removes a practice's quote, if that is what was posted: True when done,
    False when the form has errors to show, None when the post was the stories' choice."""
    if "remove_quote" in request.POST:
        quote = get_object_or_404(quotes, pk=request.POST["remove_quote"])
        services.remove_practice_quote(quote=quote, by=request.user, request=request)
        messages.success(request, "The practice's quote is taken out of reports.")
        return True
    if "add_quote" not in request.POST:
        return None
    if form.is_valid():
        try:
            services.add_practice_quote(**form.cleaned_data, by=request.user, request=request)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
            return False
        messages.success(request, "The practice's quote is added to reports.")
        return True
    return False
