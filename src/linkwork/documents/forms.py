"""Attaching a letter or form: the file, what kind it is and a short title."""

from django import forms

from linkwork.core.forms import NHSForm, coded_choices
from linkwork.core.text import too_long
from linkwork.documents import files
from linkwork.documents.models import CaseDocument
from linkwork.documents.services import NO_TITLE

TITLE_LIMIT = CaseDocument._meta.get_field("title").max_length


class AttachForm(NHSForm):
    file = forms.FileField(
        label="Letter or form",
        help_text="A PDF, or a photo or scan as PNG or JPEG. Save a Word document as PDF first.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={
            "required": "Choose the letter or form to attach",
            "empty": files.EMPTY,
            "invalid": "Choose the letter or form to attach",
            "missing": "Choose the letter or form to attach",
            "contradiction": "Choose the letter or form to attach",
            "max_length": "Choose a file with a shorter name",
        },
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=coded_choices("document_kinds"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the letter or form is"},
    )
    title = forms.CharField(
        label="Short title",
        help_text="For example, PIP decision letter, March 2026",
        max_length=TITLE_LIMIT,
        error_messages={
            "required": NO_TITLE,
            "max_length": too_long("title", TITLE_LIMIT),
        },
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        # The upload handler stopped reading a file over the limit, so it never arrived:
        # say why, rather than that none was chosen.
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error("file", files.too_large())
        return super().clean()
