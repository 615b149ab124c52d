"""Letters and forms over the API: a case's list, and one file. Attaching one is done on
the case page (decision 0110)."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Router, Schema, Status

from linkwork.casework.services import audit_case, load_case
from linkwork.core.api import READ, CodeOut, ErrorOut, label_of
from linkwork.core.history import name
from linkwork.documents import services
from linkwork.documents.models import FileType

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: CodeOut
    title: str
    content_type: str = Field(description="What the file's content showed it to be.")
    size: int = Field(description="In bytes.")
    sha256: str = Field(
        description="SHA-256 of the file, to check a download is whole; empty once removed."
    )
    attached_at: datetime
    attached_by: str
    file_url: str = Field(description="Where to download the file (GET, as an attachment).")
    removed_on: date | None = Field(
        description="The day the file was removed under the retention policy: then the "
        "file_url answers 410 Gone."
    )

    @staticmethod
    def resolve_kind(document) -> dict:
        return {"code": document.kind, "label": label_of("document_kinds", document.kind)}

    @staticmethod
    def resolve_attached_by(document) -> str:
        return name(document.attached_by)

    @staticmethod
    def resolve_file_url(document) -> str:
        return reverse("api:document_file", kwargs={"document_id": document.pk})


@router.get(
    "/cases/{case_id}/documents",
    response={200: list[DocumentOut], **READ},
    url_name="case_documents",
    summary="The letters and forms attached to a case, newest first",
)
def case_documents(request, case_id: int):
    case = load_case(request.user, case_id)
    audit_case(request=request, case=case)
    return list(case.documents.select_related("attached_by"))


BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/documents/{document_id}/file",
    response={**READ, 410: ErrorOut},
    url_name="document_file",
    summary="One letter or form's file, as an attachment of the type its content showed",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (each download is recorded in the audit log).",
                "content": {file_type.value: BINARY for file_type in FileType},
            }
        }
    },
)
def document_file(request, document_id: int):
    document = services.document_or_404(request.user, document_id)
    if document.removed_on:  # removed under retention: gone, and the answer says when
        return Status(410, {"detail": document.removed_message})
    return services.download(request, document)
