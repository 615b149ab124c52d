from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.audit.forms import AuditSearchForm
from linkwork.audit.models import AuditEvent

PAGE_SIZE = 50


@require_GET
def search(request):
    require(request.user, Permission.VIEW_AUDIT_LOG)
    events = visible(request.user, Permission.VIEW_AUDIT_LOG, AuditEvent.objects.all())
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page_title": "Audit log", "form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/search.jinja", context)
