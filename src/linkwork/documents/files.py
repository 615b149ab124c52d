"""The files of letters and forms: what a file is, by its first bytes (never its name or
the Content-Type its sender claims); how big one may be; where it is kept (decision 0110).

Files are kept in DOCUMENTS_DIR, under LINKWORK_DATA_DIR and outside the static files,
with no URL of their own: each is named by 32 random hex digits, readable only by the
service's own account, and reached only through a view that asks who may see the case.
"""

import hashlib
import os
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.utils.text import slugify

from linkwork.documents.models import CaseDocument, FileType

# What each type's file starts with. Word and OpenDocument files are refused: they can
# carry macros, embedded objects and links out, and a zip inside may unpack to gigabytes;
# a letter is scanned or photographed, and a form saved as PDF.
SIGNATURES = (
    (b"%PDF-", FileType.PDF),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"\xff\xd8\xff", FileType.JPEG),
)
HEAD_BYTES = 16
WRONG_TYPE = "The selected file must be a PDF, PNG or JPEG: choose a PDF, PNG or JPEG file"
EMPTY = "The selected file is empty: choose the file again"


def too_large() -> str:
    return (
        f"The selected file must be smaller than {settings.LINKWORK_UPLOAD_MAX_MB} MB: "
        "choose a smaller file (scan the letter again at a lower resolution, or in black and "
        "white)"
    )


def sniff(head: bytes) -> FileType | None:
    """The type a file's first bytes show; None for anything else."""
    for signature, file_type in SIGNATURES:
        if head.startswith(signature):
            # A PNG's first chunk is always its header: a signature alone is not an image.
            if file_type == FileType.PNG and head[12:16] != b"IHDR":
                return None
            return file_type
    return None


def checked(upload) -> FileType:
    """The type of an uploaded file (Django's UploadedFile), or a ValidationError naming
    the `file` field and the fix."""
    if upload.size > settings.LINKWORK_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": too_large()})
    if upload.size == 0:
        raise ValidationError({"file": EMPTY})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    file_type = sniff(head)
    if file_type is None:
        raise ValidationError({"file": WRONG_TYPE})
    return file_type


# Keeping files


def documents_dir() -> Path:
    return Path(settings.DOCUMENTS_DIR)


def _is_stored_name(name: str) -> bool:
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _path(stored_name: str) -> Path:
    # Only names this module made reach the disk: 32 hex digits, in a folder of the first two.
    if not _is_stored_name(stored_name):
        raise ValueError("Not a stored document's name.")
    return documents_dir() / stored_name[:2] / stored_name


@dataclass(frozen=True)
class Stored:
    name: str
    size: int
    sha256: str


def store(upload) -> Stored:
    """Write the upload to a new file of its own, readable by the service only."""
    name = secrets.token_hex(16)
    path = _path(name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    # "x": never over another file; 0o600: no other account on the machine reads it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Stored(name=name, size=size, sha256=digest.hexdigest())


def remove(stored_name: str) -> None:
    """Take away a file whose record was never saved (its save failed)."""
    _path(stored_name).unlink(missing_ok=True)


def remove_all(stored_names: list[str]) -> None:
    """Take away the files of letters removed under retention."""
    for stored_name in stored_names:
        remove(stored_name)


# A file younger than this may belong to an upload whose transaction has not committed yet.
SWEEP_AFTER = timedelta(hours=1)


def orphans(older_than: timedelta = SWEEP_AFTER) -> list[Path]:
    """Files no letter or form names: an upload whose transaction was rolled back after the
    file was written, or a file retention removed the record of but the process stopped
    before the file went. Only files older than `older_than`."""
    named = set(
        CaseDocument.objects.exclude(stored_name=None).values_list("stored_name", flat=True)
    )
    before = time.time() - older_than.total_seconds()
    return sorted(
        path
        for path in documents_dir().glob("??/*")
        if path.name not in named and _is_stored_name(path.name) and path.stat().st_mtime < before
    )


def sweep(older_than: timedelta = SWEEP_AFTER) -> list[Path]:
    """Remove the orphan files; returns those removed."""
    found = orphans(older_than)
    for path in found:
        path.unlink(missing_ok=True)
    return found


def read_stored(document: CaseDocument) -> bytes:
    return _path(document.stored_name).read_bytes()


def download_name(document: CaseDocument) -> str:
    """A name to save the file as: its title in plain letters, never a name from outside."""
    words = slugify(document.title)[:60].strip("-") or "document"
    return f"{words}-{document.pk}.{document.extension}"


class LimitedUpload(TemporaryFileUploadHandler):
    """Stops keeping a file once it passes LINKWORK_UPLOAD_MAX_MB: the rest of it is read
    past, never written to disk, and the request is marked so the form can say why."""

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.LINKWORK_UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            self.file.close()
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
