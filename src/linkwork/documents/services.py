"""Attaching a letter or form to a case, and finding and handing out the ones a user may
see. Views and the API come through here; whoever may see the case may see its letters
and forms (accounts/authorisation.py: on_visible_cases)."""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from linkwork.accounts.authorisation import on_visible_cases
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.casework import rules
from linkwork.casework.models import Case
from linkwork.casework.services import CASE_RELATED, audit_case, refuse, save_on_case
from linkwork.documents import files
from linkwork.documents.models import CaseDocument

WHAT = "a letter or form"
NO_TITLE = "Enter a short title for the letter or form, like 'PIP decision letter'"


def documents_of(user, permission: Permission = Permission.VIEW_CASE) -> QuerySet:
    """The letters and forms on the cases `user` may reach with `permission`."""
    related = [f"case__{name}" for name in CASE_RELATED]
    return on_visible_cases(user, permission, CaseDocument.objects.select_related(*related))


def document_or_404(user, pk: int) -> CaseDocument:
    """A letter or form the user may see; a 404 that reveals nothing otherwise."""
    return get_object_or_404(documents_of(user), pk=pk)


@transaction.atomic
def attach_document(*, case: Case, by, file, kind: str, title: str, request=None) -> CaseDocument:
    """Keep `file` (an uploaded file) on `case`. Refused, naming the field, for a closed
    case or a file that is not a PDF, PNG or JPEG of at most LINKWORK_UPLOAD_MAX_MB: then
    nothing is written, neither file nor record."""
    refuse(rules.closed_case_errors(case, WHAT))
    if not title.strip():
        refuse({"title": NO_TITLE})
    content_type = files.checked(file)
    stored = files.store(file)
    document = CaseDocument(
        case=case,
        kind=kind,
        title=title,
        content_type=content_type,
        size=stored.size,
        sha256=stored.sha256,
        stored_name=stored.name,
        attached_by=by,
    )
    try:
        return save_on_case(case, document, by=by, request=request, action=AuditAction.CREATE)
    except BaseException:
        files.remove(stored.name)
        raise


def remove_under_retention(documents: list[CaseDocument], on: date) -> list[str]:
    """Mark the letters removed under retention on `on` (their file name and digest go; kind,
    size and dates stay), with their earlier versions, within the caller's transaction; take
    their files away once it commits, so a rollback leaves every file whose row still names
    it. The caller blanks the title (privacy/retention.py). Returns the files' names."""
    names = [d.stored_name for d in documents if d.stored_name]
    pks = [d.pk for d in documents]
    removed = {"removed_on": on, "stored_name": None, "sha256": ""}
    CaseDocument.objects.filter(pk__in=pks, removed_on=None).update(**removed)
    CaseDocument.history.filter(id__in=pks, removed_on=None).update(**removed)
    transaction.on_commit(lambda: files.remove_all(names))
    return names


def download(request, document: CaseDocument) -> HttpResponse:
    """The file, as an attachment of the type its content showed, its download audited.
    Read whole (it is at most LINKWORK_UPLOAD_MAX_MB): no file is left open by a client
    that stops reading. The caller answers a letter removed under retention (410) first."""
    content = files.read_stored(document)
    audit_case(request=request, case=document.case, action=AuditAction.EXPORT, obj=document)
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=files.download_name(document)
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in the browser all the same, a file runs no script and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
