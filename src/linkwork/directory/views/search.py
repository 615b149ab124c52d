from urllib.parse import urlsplit

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.authorisation import has_permission, reads_directory_only, require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case
from linkwork.core.listings import download_or_page
from linkwork.directory import presenters
from linkwork.directory.forms import SearchForm, UnmetNeedForm
from linkwork.directory.search.engine import search as run_search
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.directory.taxonomy import map_to_need
from linkwork.directory.views.common import case_for_linking, page
from linkwork.places.geocoding import district_of

PER_PAGE = 20


LAST_PAGE = 10_000  # as the API's search (a page of 10^20 is an offset no database takes)


def _page_number(params) -> int:
    """The page asked for, or the nearest there can be: a link's page number is not a
    question to refuse."""
    try:
        return min(max(1, int(params.get("page", 1))), LAST_PAGE)
    except ValueError:
        return 1


def _unmet_default(results) -> str:
    return "full" if results.full_hidden and not results.total else "none_exists"


def _searched_need(query) -> str:
    """The need searched for: the category chosen, else the one the words point to."""
    return query.need or (map_to_need(query.text) if query.text else "")


@require_GET
def search(request):
    require(request.user, Permission.SEARCH_DIRECTORY)
    return _search_page(request, request.GET, back=request.get_full_path())


def _search_page(request, params, *, back: str, unmet_form=None):
    """The search page for `params` (the query string); `unmet_form`, when given, is the
    unmet need form sent back with what was wrong with it."""
    case = case_for_linking(request, params.get("case"))
    home = case.person.postcode if case else ""
    if case is not None:
        audit_case(request=request, case=case)  # the person's postcode is read
    form = SearchForm(params or None, home_postcode=home)
    context = {"form": form, "case": case, "home_postcode": home, "asked": form.asked}
    context["read_only"] = reads_directory_only(request.user)
    context |= {"params": params, "back": back}
    if form.asked and form.is_valid():
        query = form.query(default_postcode=home)
        page_number = _page_number(params)
        results = run_search(query, page=page_number, per_page=PER_PAGE)
        file = download_or_page(
            request,
            "services",
            sheet="Services",
            build=lambda: presenters.results_listing(_every_result(query, results)),
        )  # a catalogue of services, no one's record: nothing to audit
        if file is not None:
            return file
        searched_need = _searched_need(query)
        context |= {
            "query": query,
            "results": results,
            "listing": presenters.results_listing(_rows(results)),
            "approximate_note": presenters.approximate_note(query.postcode, results.origin.label)
            if results.approximate
            else "",
            "searched_need": searched_need,
            "pages": -(-results.total // PER_PAGE),
            "page_number": page_number,
            "unmet_form": unmet_form
            or UnmetNeedForm(
                initial={
                    "need": searched_need,
                    "reason": _unmet_default(results),
                    "area": district_of(query.postcode),
                }
            ),
            "can_record_unmet": has_permission(request.user, Permission.RECORD_UNMET_NEED),
        }
    bad = (form.is_bound and form.errors) or unmet_form is not None
    return page(request, "search", "Find a service", status=400 if bad else 200, **context)


def _rows(results) -> list[dict]:
    by_distance = bool(results.origin)
    return [
        presenters.result(h, results.approximate, by_distance=by_distance) for h in results.hits
    ]


def _every_result(query, results) -> list[dict]:
    """Every page of a search's results, for its download."""
    every = run_search(query, page=1, per_page=max(results.total, 1), origin=results.origin)
    return _rows(every)


@require_POST
def record_unmet(request):
    require(request.user, Permission.RECORD_UNMET_NEED)
    case = case_for_linking(request, request.POST.get("case"))
    form = UnmetNeedForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():  # the search again, the form's errors at its fields
        params = QueryDict(urlsplit(back).query) if back.startswith("/directory/") else None
        return _search_page(
            request, params or request.POST, back=back or reverse("directory:search"),
            unmet_form=form,
        )  # fmt: skip
    search_form = SearchForm(request.POST)
    searched = search_form.query().describe() if search_form.is_valid() else {}
    if not searched.get("postcode") and form.cleaned_data["area"]:
        searched["postcode"] = form.cleaned_data["area"]  # the person's home district
    record_unmet_need(
        by=request.user,
        case=case,
        search=searched,
        request=request,
        **form.cleaned_data,
    )
    messages.success(request, "Unmet need recorded. Thank you: this is the evidence that counts.")
    if case is not None:
        return redirect("casework:case_detail", pk=case.pk)
    return redirect(back if back.startswith("/directory/") else "directory:search")
