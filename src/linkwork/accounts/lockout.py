"""Sign-in lockout (django-axes), counted two ways:

- per account, from every address together: AXES_FAILURE_LIMIT failures lock the
  username, so an attack spread over many addresses is stopped as surely as one from a
  single address (AXES_LOCKOUT_PARAMETERS = ["username"]);
- per address, over every account together: LOCKOUT_ADDRESS_FAILURE_LIMIT failures lock
  the address, so one machine cannot try a common password on every account. It is
  higher because a GP practice or health board network sends all its staff from one
  address.

Wrong passwords, wrong two-factor codes and a wrong current password on the change
password page all count (accounts/two_factor.py: count_failure). Failures are reset only
when someone has signed in completely, both steps, and only for that username: signing
in to one account does not wipe an address's record of trying others.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not self._address_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )

    def _address_locked(self, request) -> bool:
        limit = settings.LOCKOUT_ADDRESS_FAILURE_LIMIT
        return bool(limit) and address_failures(request) >= limit


def address_failures(request) -> int:
    """Failures from the request's address within the cool-off time, over every username."""
    AxesProxyHandler.update_request(request)
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def is_locked_out(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def reset_failures(username: str) -> int:
    """That account's failures, from every address (after a complete sign-in, a password
    chosen from a link, or an administrator's unlock); how many were cleared."""
    return AxesProxyHandler.reset_attempts(username=username)
