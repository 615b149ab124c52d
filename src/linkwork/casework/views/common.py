from contextlib import contextmanager
from functools import reduce

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework import rules
from linkwork.casework.models import Case
from linkwork.casework.services import audit_case, load_case
from linkwork.core.forms import show_edit_conflict
from linkwork.core.http import when_shown
from linkwork.core.models import EditConflict


def case_for_change(request, pk: int) -> Case:
    """A case the user may change, or 404; opening its page is an audited read."""
    case = load_case(request.user, pk, Permission.CHANGE_CASE)
    audit_reading(request, case)
    return case


def closed_refusal(request, case: Case, what: str):
    """A closed case takes nothing new (casework.rules): rather than a form that is refused
    only once filled in, back to the case page saying why. None while the case is open."""
    if refused := rules.closed_case_errors(case, what):
        messages.error(request, refused["__all__"])
        return redirect("casework:case_detail", pk=case.pk)
    return None


def related_or_404(request, model, pk: int, case_path: str, *related):
    """A record on a case the user may change, found through that case's visibility;
    opening its page is an audited read."""
    cases = visible(request.user, Permission.CHANGE_CASE, Case.objects.all())
    found = get_object_or_404(
        model.objects.select_related(*related), pk=pk, **{f"{case_path}__in": cases}
    )
    audit_reading(request, reduce(getattr, case_path.split("__"), found), found)
    return found


def audit_reading(request, case: Case, obj=None) -> None:
    """A page about someone's record: what it shows is audited here, once, for a GET and
    for a form sent back as its page (with its errors, or posted empty); a write that
    saves and redirects audits itself in the service that makes it (core/http.py:
    when_shown)."""
    when_shown(request, lambda: audit_case(request=request, case=case, obj=obj))


def form_page(
    request, form, *, case: Case, title: str, submit: str, template="form_page.jinja", **extra
):
    context = {
        "page_title": title,
        "caption": case.person.full_name,
        "form": form,
        "submit_text": submit,
        "cancel_href": reverse("casework:case_detail", args=[case.pk]),
        "case": case,
        **extra,
    }
    return render(request, template, context, status=400 if form.is_bound else 200)


@contextmanager
def edit_conflicts(form, fields: dict[str, str] | None = None):
    """A stale edit or a refused rule becomes a form error; the form keeps what the user
    typed. `fields` maps a model field the service blames to the form field showing it."""
    try:
        yield
    except EditConflict as conflict:
        show_edit_conflict(form, conflict, fields)
    except ValidationError as refused:
        for field, problems in refused.message_dict.items():
            shown = (fields or {}).get(field, field)
            form.add_error(shown if shown in form.fields else None, problems)


def saved(request, form, message: str, to: str):
    """After a write inside `edit_conflicts`: on to the next page unless it conflicted."""
    if form.errors:
        return None
    messages.success(request, message)
    return redirect(to)
