import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwork.core.unavailable import database_unavailable, unreachable


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: is the app up, and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_GET
def accessibility(request):
    return render(
        request,
        "core/accessibility.jinja",
        {
            "page_title": "Accessibility statement",
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
            "warning_minutes": settings.SESSION_WARNING_SECONDS // 60,
        },
    )


def _error_page(status: int, title: str, message: str):
    @login_not_required
    def view(request, exception=None):
        context = {"page_title": title, "message": message}
        return render(request, "core/error.jinja", context, status=status)

    return view


forbidden = _error_page(
    403, "You do not have access", "Your role does not give you access to this page."
)
not_found = _error_page(404, "Page not found", "If you typed the web address, check it is correct.")
_fault = _error_page(500, "Sorry, there is a problem with the service", "Try again later.")


@login_not_required
def server_error(request, exception=None):
    """The 500 page, unless what failed was reaching the database: then the 503 page, which
    needs no database (a session or user read in a middleware fails before any view)."""
    error = sys.exc_info()[1]
    if unreachable(error):
        return database_unavailable(request, error)
    return _fault(request)


@login_not_required
def bad_request(request, exception=None):
    """A 400 says what to change when linkwork refused the request itself (BadRequest with
    its own words); a request Django found suspicious gets no detail back."""
    message = "Check the web address or the form and try again."
    if type(exception) is BadRequest and str(exception):
        message = str(exception)
    context = {"page_title": "The request could not be used", "message": message}
    return render(request, "core/error.jinja", context, status=400)
