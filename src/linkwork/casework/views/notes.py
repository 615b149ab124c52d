"""Notes on a case: added, and corrected with the earlier wording kept in history."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.casework import services
from linkwork.casework.forms import NoteForm
from linkwork.casework.models import CaseNote
from linkwork.casework.views.common import (
    case_for_change,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)


@require_http_methods(["GET", "POST"])
def add_note(request, pk: int):
    case = case_for_change(request, pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_note(
            case=case, by=request.user, text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Note added.")
        return redirect("casework:case_detail", pk=case.pk)
    return form_page(request, form, case=case, title="Add a note", submit="Add note")


@require_http_methods(["GET", "POST"])
def correct_note(request, pk: int):
    note = related_or_404(request, CaseNote, pk, "case", "case__person")
    form = NoteForm(request.POST or None, initial={"text": note.text, "version": note.version})
    form.fields["text"].help_text = "The note as it was stays in the case's history."
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.correct_note(
                note=note,
                by=request.user,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        to = reverse("casework:case_detail", args=[note.case_id])
        if done := saved(request, form, "Note corrected. The earlier wording is kept.", to):
            return done
    title = "Correct a note"
    return form_page(request, form, case=note.case, title=title, submit="Save correction")
