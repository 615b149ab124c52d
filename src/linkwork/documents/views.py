"""Letters and forms on a case: attaching one (the case's workers) and downloading one
(whoever may see the case; every download audited)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.casework.views.common import case_for_change, edit_conflicts, form_page, saved
from linkwork.documents import files, services
from linkwork.documents.forms import AttachForm


@csrf_exempt  # only so the upload handler can be set first: csrf_protect checks below
@require_http_methods(["GET", "POST"])
def attach(request, pk: int):
    # Before anything reads the body: a file over the limit is never kept whole.
    request.upload_handlers = [files.LimitedUpload(request)]
    return _attach(request, pk)


@csrf_protect
def _attach(request, pk: int):
    case = case_for_change(request, pk)
    posted = request.method == "POST"
    form = AttachForm()
    if posted:
        data, uploaded = request.POST, request.FILES  # the body is read (and limited) here
        too_large = getattr(request, "upload_too_large", False)
        form = AttachForm(data, uploaded, too_large=too_large)
    if posted and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.attach_document(
                case=case,
                by=request.user,
                file=data["file"],
                kind=data["kind"],
                title=data["title"],
                request=request,
            )
        to = reverse("casework:case_detail", args=[case.pk]) + "#documents"
        if done := saved(request, form, f"{data['title']} attached.", to):
            return done
    return form_page(
        request,
        form,
        case=case,
        title="Attach a letter or form",
        submit="Attach",
        template="documents/attach.jinja",
    )


@require_GET
def download(request, pk: int):
    document = services.document_or_404(request.user, pk)
    if document.removed_on:  # removed under retention: gone, and the page says when
        page = {"page_title": "Letter removed", "message": document.removed_message}
        return render(request, "core/error.jinja", page, status=410)
    return services.download(request, document)
