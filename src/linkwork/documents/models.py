"""A letter or form attached to a case (decision 0110). The file itself is kept outside
the database, in the private documents directory (files.py), under a random name."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from linkwork.core.codelists import codelist
from linkwork.core.models import Undeletable


class FileType(models.TextChoices):
    """What a file is, as its first bytes say (files.py), never as its name says."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"


EXTENSIONS = {FileType.PDF: "pdf", FileType.PNG: "png", FileType.JPEG: "jpg"}


class CaseDocument(Undeletable):
    """A letter or form on a case: a record of care, never deleted (decision 42)."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=32, choices=codelist("document_kinds").choices())
    title = models.CharField(max_length=120)
    content_type = models.CharField(max_length=32, choices=FileType.choices)
    size = models.PositiveIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64)
    # The file's random name in the documents directory: no part of it comes from the user.
    # Empty (None) once the file was removed under retention (decision 0106).
    stored_name = models.CharField(max_length=64, unique=True, null=True, editable=False)
    attached_at = models.DateTimeField(auto_now_add=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day retention removed the file: the row stays, with its kind, size and dates, so
    # what was held is still counted (decision 0106).
    removed_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-attached_at", "-pk"]
        verbose_name = "letter or form"

    def __str__(self) -> str:
        return self.title

    @property
    def removed_message(self) -> str:
        return f"This letter was removed under the retention policy on {self.removed_on:%d/%m/%Y}"

    @property
    def extension(self) -> str:
        return EXTENSIONS[FileType(self.content_type)]
