"""A subject access request from the person's case page: one page, two downloads."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import get_visible_or_404
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action
from linkwork.casework.models import Person
from linkwork.casework.services import audit_person
from linkwork.privacy import subject_access
from linkwork.privacy.holdings import holdings_of


def person_for_export(user, pk: int) -> Person:
    """A person whose record the user may export; a 404 for anyone else's."""
    people = Person.objects.select_related("hscp")
    return get_visible_or_404(user, Permission.EXPORT_SUBJECT_ACCESS, people, pk=pk)


@require_GET
def subject_access_page(request, pk: int):
    person = person_for_export(request.user, pk)
    audit_person(request=request, person=person)
    held = holdings_of(person)
    context = {
        "page_title": person.full_name,
        "person": person,
        "records_held": sum(len(held.of(model)) for model in held.kinds()),
        "review_note": subject_access.REVIEW_NOTE,
        "letters_note": subject_access.LETTERS_NOTE,
    }
    return render(request, "privacy/subject_access.jinja", context)


FILES = {
    "json": (subject_access.as_json, "application/json"),
    "pdf": (subject_access.as_pdf, "application/pdf"),
    # JSON, PDF and the letters' files together, for the data protection officer.
    "zip": (subject_access.as_zip, "application/zip"),
}


def export_response(request, person: Person, format: str) -> HttpResponse:  # noqa: A002
    """The export as a file to download, written to the audit log as an export."""
    if format not in FILES:
        raise Http404
    write, content_type = FILES[format]
    export = subject_access.export_of(person, by=request.user)
    audit_person(request=request, person=person, action=Action.EXPORT)
    response = HttpResponse(write(export), content_type=content_type)
    name = f"subject-access-{person.pk}-{export.produced_at:%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def subject_access_file(request, pk: int, format: str):  # noqa: A002
    return export_response(request, person_for_export(request.user, pk), format)
