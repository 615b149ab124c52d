"""The practice's coded messages to file into EMIS or Vision (page, downloads, marking
filed) and the GP summary as a PDF letter for DOCMAN (decision 0082). Who reaches what:
accounts/authorisation.py only."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.casework.services import audit_case, audit_people
from linkwork.core import listings
from linkwork.core.downloads import Text
from linkwork.core.paging import paged
from linkwork.core.text import counted
from linkwork.interop import gp_summary
from linkwork.interop.forms import FILED, TO_FILE, MessageFilterForm, TickedForm
from linkwork.interop.messages import mark_filed, mark_many_filed, mark_not_filed
from linkwork.interop.models import Event, GpMessage
from linkwork.referrals.presenters import people_as_seen

PAGE = "interop/gp_messages.jinja"
KEPT = ("show", "month", "page")  # the list's address, back to it after filing or undoing
SUMMARY_EVENTS = (Event.CLOSED, Event.NOT_ENGAGED, Event.DECLINED)  # support has ended
COLUMNS = (
    "Date", "Name", "CHI number", "Event", "Code system", "Code", "Term", "Detail", "Value",
    "Filed on", "Filed by",
)  # fmt: skip


def practice_messages(user) -> QuerySet:
    """The user's practice's messages: unfiled first (newest first), then the last filed."""
    messages = visible(user, Permission.FILE_GP_MESSAGES, GpMessage.objects.all())
    return messages.select_related("person", "referral", "practice", "case", "filed_by").order_by(
        F("filed_at").desc(nulls_first=True), "-occurred_on", "-pk"
    )


def with_people(messages, user) -> list[tuple[GpMessage, object]]:
    """Each message with its person as the practice may see them on its referral."""
    messages = list(messages)
    seen = people_as_seen([m.referral for m in messages], user)
    return [(m, seen[m.referral_id]) for m in messages]


def named(messages, user) -> str:
    """Messages as a confirmation names them among many alike: what, for whom (as the page
    shows them), of which day."""
    return "; ".join(
        f"{m.display} for {person.full_name if person else f'referral {m.referral_id}'}, "
        f"{date_format(m.occurred_on, 'j M Y')}"
        for m, person in with_people(messages, user)
    )


def _audit(request, rows, action) -> None:
    audit_people(
        request=request,
        seen=[(m.person, m, m.referral) for m, person in rows if person is not None],
        action=action,
    )


@require_GET
def gp_messages(request):
    """The practice's messages, a page at a time under the filters chosen; `?download=csv`
    or `xlsx` gives every one under the same filters as a file (core/listings.py)."""
    require(request.user, Permission.FILE_GP_MESSAGES)
    everything, filters, messages = _listed(request)
    if download := listings.download_asked(request.GET):
        rows = with_people(messages, request.user)
        _audit(request, rows, AuditAction.EXPORT)
        listing = listings.Listing(
            head=COLUMNS, rows=[listings.Row(m, tuple(_row(m, person))) for m, person in rows]
        )
        return listings.download(download, "gp-messages", listing, sheet="Messages")
    return _page(request, everything, filters, messages)


def _listed(request) -> tuple[QuerySet, MessageFilterForm, QuerySet]:
    """The practice's messages, the filters and the messages under them."""
    everything = practice_messages(request.user)
    months = everything.dates("occurred_on", "month", order="DESC")
    filters = MessageFilterForm(request.GET, months=months)
    return everything, filters, filters.filtered(everything)


def _page(request, everything, filters, messages, ticked=None):
    page = paged(messages, request.GET)
    rows = with_people(page.object_list, request.user)
    _audit(request, rows, AuditAction.VIEW)
    context = {
        "page_title": "Messages for the GP record",
        "page": page,
        "rows": rows,
        "caption": _caption(filters, page),
        "unfiled": everything.filter(filed_at__isnull=True).count(),
        "to_file_here": any(not m.is_filed for m, _ in rows),
        "filter_form": filters,
        "filtered": any(request.GET.get(name) for name in filters.fields),
        "form": ticked or TickedForm(None, messages=messages.none()),
        "kept": _kept(request.GET),
        "summary_events": SUMMARY_EVENTS,
    }
    return render(request, PAGE, context)


def _caption(filters, page) -> str:
    show, month = filters.cleaned_data.get("show"), filters.cleaned_data.get("month")
    count = counted(page.paginator.count, "message")
    caption = {
        TO_FILE: f"{count} to file, newest first",
        FILED: f"{count} filed, the last filed first",
    }.get(show, f"{count}: those to file first (newest first), then the last filed")
    if month:
        caption += f", of {dict(filters.fields['month'].choices)[month]}"
    if page.paginator.num_pages > 1:
        caption += f". Page {page.number} of {page.paginator.num_pages}"
    return caption


def _kept(params) -> str:
    """The list's filters and page as a query string, for the forms that come back to it."""
    kept = [(name, params[name]) for name in KEPT if params.get(name)]
    return "?" + urlencode(kept) if kept else ""


def _back(request):
    return redirect(reverse("gp_record:messages") + _kept(request.GET))


def _row(m: GpMessage, person) -> list:
    return [
        m.occurred_on.isoformat(),
        person.full_name if person else f"Referral {m.referral_id}",
        Text((person.chi if person else "") or ""),
        m.get_event_display(),
        m.coded.system_name,
        Text(m.code),
        m.display,
        m.text,
        "" if m.value is None else str(m.value),
        timezone.localdate(m.filed_at).isoformat() if m.filed_at else "",
        (m.filed_by.get_full_name() or m.filed_by.username) if m.filed_by else "",
    ]


def _message(request, pk: int) -> GpMessage:
    messages = GpMessage.objects.select_related("person", "referral")
    return get_visible_or_404(request.user, Permission.FILE_GP_MESSAGES, messages, pk=pk)


@require_POST
def file_message(request, pk: int):
    """Mark one message as entered into the GP record; a second filing is refused."""
    return _changed(request, pk, mark_filed, "Marked as filed: {}.")


@require_POST
def unfile_message(request, pk: int):
    """Undo a filing made by mistake: the message is to file again."""
    return _changed(
        request,
        pk,
        mark_not_filed,
        "Marked as not filed: {}. It is back among the messages to file: check the GP "
        "record before entering it again.",
    )


def _changed(request, pk: int, change, said: str):
    """One message filed or unfiled by `change`, said in `said` (naming it), or refused."""
    message = _message(request, pk)
    try:
        change(message=message, by=request.user, request=request)
    except ValidationError as refused:
        flash.error(request, " ".join(refused.messages))
    else:
        flash.success(request, said.format(named([message], request.user)))
    return _back(request)


@require_POST
def file_messages(request):
    """Mark the messages ticked as entered into the GP record, at one sitting; none ticked
    is the page again with the error summary leading to the first box."""
    require(request.user, Permission.FILE_GP_MESSAGES)
    ticked = TickedForm(request.POST, messages=practice_messages(request.user))
    if not ticked.is_valid():
        return _page(request, *_listed(request), ticked=ticked)
    chosen = list(ticked.cleaned_data["message"])
    filed, refused = mark_many_filed(messages=chosen, by=request.user, request=request)
    if filed:
        done = {m.pk for m in filed}
        flash.success(
            request,
            f"Marked {counted(len(filed), 'message')} as filed: "
            f"{named([m for m in chosen if m.pk in done], request.user)}.",
        )
    if refused:
        flash.error(request, " ".join(refused))
    return _back(request)


# --- The GP summary ---------------------------------------------------------------------


@require_GET
def summary_pdf(request, pk: int):
    """The GP summary as a one-page letter for DOCMAN."""
    case = gp_summary.case_for(request.user, pk)
    summary = gp_summary.summary_of(case, request.user)
    audit_case(request=request, case=case, action=AuditAction.EXPORT)
    response = HttpResponse(gp_summary.letter_pdf(summary), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gp-summary-{case.pk}.pdf"'
    return response
