"""A practice's local information folder as a PDF (directory/folder.py), for its staff and
for the link workers and team leads placed there."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import get_visible_or_404
from linkwork.accounts.roles import Permission
from linkwork.directory import folder
from linkwork.organisations.models import Practice


@require_GET
def local_information_folder(request, practice_pk: int):
    """Services only, no one's record: nothing to audit (decision 0102)."""
    practice = get_visible_or_404(
        request.user, Permission.LOCAL_INFORMATION_FOLDER, Practice.objects.all(), pk=practice_pk
    )
    content = folder.build(practice)
    response = HttpResponse(folder.folder_pdf(content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{folder.file_name(content)}"'
    return response
