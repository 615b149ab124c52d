"""The directory digest page: what changed in an HSCP's directory in a month
(directory/digest.py), for its link workers and team leads."""

from django.http import Http404
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.directory import digest
from linkwork.directory.forms import DigestForm
from linkwork.directory.views.common import page
from linkwork.organisations.models import HSCP

PERMISSION = Permission.VIEW_DIRECTORY_DIGEST


@require_GET
def digest_page(request):
    """`?hscp=CODE` (one the user may see, else a 404) and `?month=YYYY-MM`."""
    require(request.user, PERMISSION)
    hscps = visible(request.user, PERMISSION, HSCP.objects.order_by("name"))
    code = request.GET.get("hscp")
    hscp = (
        get_visible_or_404(request.user, PERMISSION, HSCP.objects.all(), code=code)
        if code
        else hscps.first()
    )
    if hscp is None:
        raise Http404
    form = DigestForm(request.GET or None)
    context = {"hscp": hscp, "form": form, "digest": None}
    if not form.is_bound or form.is_valid():
        when = form.cleaned_data["month"] if form.is_bound else digest.period()
        context["digest"] = digest.build(hscp, when)
    status = 200 if context["digest"] else 400
    return page(request, "digest", "What changed in the directory", status=status, **context)
