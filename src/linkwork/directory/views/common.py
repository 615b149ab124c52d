from django.http import Http404
from django.shortcuts import render

from linkwork.accounts.roles import Permission
from linkwork.casework.services import load_case
from linkwork.directory.selectors import editable_service, service_for


def case_for_linking(request, pk):
    """The case a worker is linking from, if any: one they may change."""
    if not pk:
        return None
    try:
        return load_case(request.user, int(pk), Permission.CHANGE_CASE)
    except ValueError:
        raise Http404 from None


def page(request, template: str, title: str, status: int = 200, **context):
    return render(
        request, f"directory/{template}.jinja", {"page_title": title, **context}, status=status
    )


__all__ = ["case_for_linking", "editable_service", "page", "service_for"]
