"""Onward links: the links a worker made from their cases, or their team's for a team lead,
as a page and a CSV or XLSX download (decision 0088)."""

from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.listings import download_or_page
from linkwork.core.paging import paged
from linkwork.links import listings
from linkwork.links.forms import LinkListFilterForm
from linkwork.links.views.common import page
from linkwork.organisations.models import LinkWorker


@require_GET
def onward_links(request):
    """`?download=csv` or `xlsx` gives every link under the same filters as a file; the
    page, names only, is not audited per person (as the referrals list), the file is."""
    require(request.user, Permission.VIEW_CASE)
    require(request.user, Permission.VIEW_LINK)
    workers = visible(
        request.user, Permission.VIEW_LINK_WORKER, LinkWorker.objects.select_related("user")
    ).order_by("user__first_name", "user__last_name", "pk")
    params = request.GET.copy()
    if not params.get("status"):
        params["status"] = "open"  # the form shows the default it filters by
    form = LinkListFilterForm(params, workers=workers)
    links = listings.filter_links(listings.links_for(request.user), form)
    file = download_or_page(
        request,
        "onward-links",
        sheet="Onward links",
        build=lambda: listings.links_listing(links),
        exported=listings.exported,
    )
    if file is not None:
        return file
    shown = paged(links, request.GET)
    return page(
        request,
        "list",
        "Onward links",
        page=shown,
        listing=listings.links_listing(shown.object_list),
        filter_form=form,
        choose_worker=len(workers) > 1,
    )
