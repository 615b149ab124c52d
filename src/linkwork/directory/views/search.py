from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.authorisation import has_permission, require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case
from linkwork.directory import presenters
from linkwork.directory.forms import SearchForm, UnmetNeedForm
from linkwork.directory.search.engine import search as run_search
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.directory.taxonomy import map_to_need
from linkwork.directory.views.common import case_for_linking, page
from linkwork.places.geocoding import district_of

PER_PAGE = 20


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
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
    case = case_for_linking(request, request.GET.get("case"))
    home = case.person.postcode if case else ""
    if case is not None:
        audit_case(request=request, case=case)  # the person's postcode is read
    form = SearchForm(request.GET or None)
    context = {"form": form, "case": case, "home_postcode": home, "asked": form.asked}
    if form.asked and form.is_valid():
        query = form.query(default_postcode=home)
        results = run_search(query, page=_page_number(request), per_page=PER_PAGE)
        context |= {
            "query": query,
            "results": results,
            "rows": [
                presenters.result(hit, results.approximate, by_distance=bool(results.origin))
                for hit in results.hits
            ],
            "approximate_note": presenters.approximate_note(query.postcode, results.origin.label)
            if results.approximate
            else "",
            "searched_need": _searched_need(query),
            "pages": -(-results.total // PER_PAGE),
            "page_number": _page_number(request),
            "unmet_form": UnmetNeedForm(
                initial={
                    "need": _searched_need(query),
                    "reason": _unmet_default(results),
                    "area": district_of(query.postcode),
                }
            ),
            "can_record_unmet": has_permission(request.user, Permission.RECORD_UNMET_NEED),
        }
    status = 400 if form.is_bound and form.errors else 200
    return page(request, "search", "Find a service", status=status, **context)


@require_POST
def record_unmet(request):
    require(request.user, Permission.RECORD_UNMET_NEED)
    case = case_for_linking(request, request.POST.get("case"))
    form = UnmetNeedForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():
        messages.error(request, "Choose the need and why it could not be met.")
        return redirect(back if back.startswith("/") else "directory:search")
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
