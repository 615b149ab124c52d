from collections import Counter

from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import granting, require, visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action, AuditEvent
from linkwork.audit.services import record
from linkwork.core.downloads import csv_response
from linkwork.core.paging import paged
from linkwork.reporting.audit_log import exports, people
from linkwork.reporting.audit_log.forms import AuditSearchForm, SubjectAccessForm
from linkwork.reporting.audit_log.presenters import Names, lines

PAGE_SIZE = 100  # entries per page, before repeated views fold into one line


def _events(user):
    require(user, Permission.VIEW_AUDIT_LOG)
    events = AuditEvent.objects.select_related("actor")
    return visible(user, Permission.VIEW_AUDIT_LOG, events)


def _own_hscp_id(user) -> int | None:
    """Where an administrator's download of nothing is logged: their HSCP's log (none if
    national)."""
    return next((a.hscp_id for a in granting(user, Permission.VIEW_AUDIT_LOG)), None)


def _searched(request):
    events = _events(request.user)
    form = AuditSearchForm(request.GET or None, hscps=people.hscps_of(request.user))
    if not form.is_bound:
        return form, events
    if not form.is_valid():
        return form, events.none()
    if form.cleaned_data.get("person"):
        _record_person_reads(request, form.cleaned_data["person"].record_ids())
    return form, form.filter(events)


def _record_person_reads(request, person_ids, action=Action.VIEW, **detail) -> None:
    """Looking up who read a person's record is itself a read of that person's data: one
    event per record, in the log of the HSCP that owns it (so it is seen there too)."""
    for person_id, hscp_id in people.record_hscps(person_ids).items():
        record(
            action=action,
            request=request,
            person_id=person_id,
            hscp_id=hscp_id,
            detail=detail or None,
        )


@require_GET
def search(request):
    form, events = _searched(request)
    page = paged(events, request.GET, PAGE_SIZE)
    _record_log_read(request, Counter(event.hscp_id for event in page.object_list), Action.VIEW)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_title": "Audit log",
        "form": form,
        "page": page,
        "lines": lines(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "audit/search.jinja", context)


@require_GET
def export(request):
    form, events = _searched(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('audit:search')}?{request.GET.urlencode()}")
    counts = dict(events.order_by().values_list("hscp_id").annotate(entries=Count("pk")))
    _record_log_read(request, counts, Action.EXPORT, download="audit_log")
    filename = f"audit-log-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, exports.LOG_COLUMNS, exports.log_rows(events))


@require_http_methods(["GET", "POST"])
def subject_access(request):
    """One person's access history for a subject access request: who saw or changed their
    record, when, on which page and why. Posted, so no CHI number sits in a URL."""
    events = _events(request.user)
    form = SubjectAccessForm(request.POST or None)
    context = {"page_title": "Subject access request", "form": form}
    if request.method == "POST" and form.is_valid():
        record_ids = form.cleaned_data["person"].record_ids()
        history = events.filter(person_id__in=record_ids)
        context["found"] = found = _summary(history)
        if "download" not in request.POST or not found:  # a download is its own event
            _record_person_reads(request, record_ids)
        if found and "download" in request.POST:
            return _access_history(request, history.order_by("seq"), found)
    return render(request, "audit/subject_access.jinja", context)


def _summary(history) -> dict | None:
    """What the administrator is about to export, to check it is the right person."""
    count = history.count()
    if not count:
        return None
    newest, oldest = history.first(), history.last()
    return {
        "count": count,
        "name": Names.of([newest]).people.get(newest.person_id, "This person"),
        "records": sorted(set(history.values_list("person_id", flat=True))),
        "first": oldest.at,
        "last": newest.at,
    }


def _access_history(request, history, found: dict):
    _record_person_reads(
        request,
        found["records"],
        Action.EXPORT,
        download="subject_access",
        entries=found["count"],
    )
    filename = f"access-history-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, exports.ACCESS_COLUMNS, exports.access_rows(history))


def _record_log_read(request, entries_by_hscp: dict, action: Action, **detail) -> None:
    """Reading the log, a page of it or its download, is itself logged: the entries name
    people, and an administrator reads no one's record otherwise. One event in the log of
    each HSCP whose entries were read (so its administrators see who read theirs, as they
    see a look-up of their people), with how many; one of none in the reader's own."""
    for hscp_id, entries in (entries_by_hscp or {_own_hscp_id(request.user): 0}).items():
        record(
            action=action,
            request=request,
            hscp_id=hscp_id,
            detail={**detail, "entries": entries},
        )
