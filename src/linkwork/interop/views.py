"""The practice's coded messages to file into EMIS or Vision (page, downloads, marking
filed) and the GP summary as a PDF letter for DOCMAN (decision 0082). Who reaches what:
accounts/authorisation.py only."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.casework.services import audit_case, audit_people
from linkwork.core import listings
from linkwork.core.downloads import Text
from linkwork.core.text import counted
from linkwork.interop import gp_summary
from linkwork.interop.messages import mark_filed, mark_many_filed
from linkwork.interop.models import Event, GpMessage
from linkwork.referrals.presenters import people_as_seen

PAGE = "interop/gp_messages.jinja"
PAGE_LIMIT = 200  # unfiled first, so only long-filed ones fall off the page (not the file)
SUMMARY_EVENTS = (Event.CLOSED, Event.NOT_ENGAGED, Event.DECLINED)  # support has ended
COLUMNS = (
    "Date", "Name", "CHI number", "Event", "Code system", "Code", "Term", "Detail", "Value",
    "Filed on", "Filed by",
)  # fmt: skip


def practice_messages(user) -> QuerySet:
    """The user's practice's messages: unfiled first, then newest first."""
    messages = visible(user, Permission.FILE_GP_MESSAGES, GpMessage.objects.all())
    return messages.select_related("person", "referral", "practice", "case", "filed_by").order_by(
        F("filed_at").desc(nulls_first=True), "-occurred_on", "-pk"
    )


def with_people(messages, user) -> list[tuple[GpMessage, object]]:
    """Each message with its person as the practice may see them on its referral."""
    messages = list(messages)
    seen = people_as_seen([m.referral for m in messages], user)
    return [(m, seen[m.referral_id]) for m in messages]


def _audit(request, rows, action) -> None:
    audit_people(
        request=request,
        seen=[(m.person, m, m.referral) for m, person in rows if person is not None],
        action=action,
    )


@require_GET
def gp_messages(request):
    """The practice's messages to file; `?download=csv` or `xlsx` gives them all as a file
    (core/listings.py)."""
    require(request.user, Permission.FILE_GP_MESSAGES)
    download = listings.download_asked(request.GET)
    messages = practice_messages(request.user)
    rows = with_people(messages if download else messages[:PAGE_LIMIT], request.user)
    _audit(request, rows, AuditAction.EXPORT if download else AuditAction.VIEW)
    if download:
        listing = listings.Listing(
            head=COLUMNS, rows=[listings.Row(m, tuple(_row(m, person))) for m, person in rows]
        )
        return listings.download(download, "gp-messages", listing, sheet="Messages")
    context = {
        "page_title": "Messages for the GP record",
        "rows": rows,
        "unfiled": messages.filter(filed_at__isnull=True).count(),
        "limit": PAGE_LIMIT if len(rows) == PAGE_LIMIT else None,
        "summary_events": SUMMARY_EVENTS,
    }
    return render(request, PAGE, context)


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


@require_POST
def file_message(request, pk: int):
    """Mark one message as entered into the GP record; a second filing is refused."""
    message = get_visible_or_404(
        request.user, Permission.FILE_GP_MESSAGES, GpMessage.objects.all(), pk=pk
    )
    try:
        mark_filed(message=message, by=request.user, request=request)
    except ValidationError as refused:
        flash.error(request, " ".join(refused.messages))
    else:
        flash.success(request, f"Marked as filed: {message.display}.")
    return redirect("gp_record:messages")


@require_POST
def file_messages(request):
    """Mark the messages ticked as entered into the GP record, at one sitting."""
    require(request.user, Permission.FILE_GP_MESSAGES)
    chosen = [int(pk) for pk in request.POST.getlist("message") if pk.isascii() and pk.isdigit()]
    messages = list(practice_messages(request.user).filter(pk__in=chosen[:PAGE_LIMIT]))
    if not messages:
        flash.error(request, "Select the messages you have entered into the GP record.")
        return redirect("gp_record:messages")
    filed, refused = mark_many_filed(messages=messages, by=request.user, request=request)
    if filed:
        flash.success(request, f"Marked {counted(len(filed), 'message')} as filed.")
    if refused:
        flash.error(request, " ".join(refused))
    return redirect("gp_record:messages")


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
