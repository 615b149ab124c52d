"""Two-factor sign-in: after the password, a code from an authenticator app (TOTP, with
django-otp), or one of ten single-use recovery codes when the phone is not to hand.

From the password until the second step is done a session is *pending*: it reaches only
the code and set-up pages and sign-out (TwoFactorMiddleware), and the API answers it 401
(VerifiedSessionAuth). Who takes the step: whoever has set up an authenticator app,
always; when TWO_FACTOR_REQUIRED is on, everyone, setting one up first if they have none.
Resetting a user's two-factor is deleting their devices (`reset_two_factor`): their next
sign-in then asks them to set it up again, and a session they had open stops working
until they do (django-otp finds its device gone). See docs/decisions/0006.
"""

from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from ninja.security import SessionAuth

from linkwork.accounts.lockout import reset_failures
from linkwork.accounts.signals import home_hscp_id
from linkwork.audit.models import Action
from linkwork.audit.services import record

CODE = "code"  # the session waits for a code
SET_UP = "set_up"  # the user must set up an authenticator app first
RECOVERY_CODE = "recovery_code"
PENDING = "two_factor_pending"  # session key: set at the password, cleared by the code
NEW_KEY = "two_factor_new_key"  # session key: the secret shown while setting up
SHOW_RECOVERY_CODES = "two_factor_show_recovery_codes"  # session key: show them once
RECOVERY_CODE_COUNT = 10
FEW_RECOVERY_CODES = 3
STEP_URLS = {CODE: "accounts:two_factor_code", SET_UP: "accounts:two_factor_set_up"}


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@receiver(user_logged_in)
def start(sender, request, user, **kwargs) -> None:
    """At every sign-in, whatever signed them in: does this session need a second step?"""
    if settings.TWO_FACTOR_REQUIRED or has_authenticator(user):
        request.session[PENDING] = True


def _verified(user) -> bool:
    return getattr(user, "is_verified", lambda: False)()


def pending_step(request) -> str | None:
    """CODE or SET_UP while the session's second step is outstanding, else None."""
    user = request.user
    if not user.is_authenticated or _verified(user):
        return None
    if not (settings.TWO_FACTOR_REQUIRED or request.session.get(PENDING)):
        return None
    if has_authenticator(user):
        return CODE
    if settings.TWO_FACTOR_REQUIRED:
        return SET_UP
    request.session.pop(PENDING, None)  # reset meanwhile, and not required: nothing to do
    return None


def onward(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """Where to go once the step is done: the page asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(default)


def with_next(url_name: str, next_url: str = "") -> str:
    return reverse(url_name) + (f"?{urlencode({'next': next_url})}" if next_url else "")


def redirect_to_step(step: str, next_url: str = ""):
    return redirect(with_next(STEP_URLS[step], next_url))


class TwoFactorMiddleware:
    """A pending session reaches only the two-factor pages, sign-out and public pages;
    everything else sends it to its step. The API decides for itself (401)."""

    ALLOWED = {*STEP_URLS.values(), "accounts:sign_out"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.two_factor_pending = step = pending_step(request)
        match = request.resolver_match
        if step is None or match.view_name in self.ALLOWED or match.namespace == "api":
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public anyway
        return redirect_to_step(step, request.get_full_path() if request.method == "GET" else "")


class VerifiedSessionAuth(SessionAuth):
    """The API's session sign-in, refused (401) while the second step is outstanding.
    Bearer tokens are checked before it and are not affected."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return None if user is None or pending_step(request) else user


# Setting up an authenticator app


def new_key(request) -> str:
    """The secret offered while setting up: the same one until it is confirmed, so the
    page can be reloaded without the QR code changing under the user's phone."""
    return request.session.setdefault(NEW_KEY, random_hex(20))


def config_url(user, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url  # otpauth:// for the QR code


def key_for_typing(key: str) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm_authenticator(request, *, code: str) -> bool:
    """The first code proves the app holds the key; the app is then the user's one
    authenticator (replacing any before) and the session counts as verified."""
    key, user = request.session.get(NEW_KEY), request.user
    totp = TOTP(unhexlify(key), step=30, digits=6) if key else None
    if totp is None or not code.isdigit() or not totp.verify(int(code), tolerance=1):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name="Authenticator app",
            key=key,
            confirmed=True,
            last_t=totp.t(),
            drift=totp.drift,
        )
        _replace_recovery_codes(user)
        record(
            action=Action.CHANGE, request=request, obj=user, hscp_id=home_hscp_id(user),
            detail={"step": "two_factor_set_up"},
        )  # fmt: skip
    del request.session[NEW_KEY]
    _complete(request, device)
    request.session[SHOW_RECOVERY_CODES] = True
    return True


def renew_recovery_codes(request) -> None:
    with transaction.atomic():
        _replace_recovery_codes(request.user)
        record(
            action=Action.CHANGE, request=request, obj=request.user,
            hscp_id=home_hscp_id(request.user), detail={"step": "recovery_codes_renewed"},
        )  # fmt: skip
    request.session[SHOW_RECOVERY_CODES] = True


def _replace_recovery_codes(user) -> None:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=StaticToken.random_token())
        for _ in range(RECOVERY_CODE_COUNT)
    )


def recovery_codes_to_show(request) -> list[str]:
    """The user's recovery codes, once after they are made; an empty list after that."""
    if not request.session.pop(SHOW_RECOVERY_CODES, False):
        return []
    tokens = StaticToken.objects.filter(device__user=request.user).order_by("pk")
    return [f"{t.token[:4]}-{t.token[4:]}" for t in tokens]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def reset_two_factor(*, user) -> int:
    """Forget every authenticator and recovery code the user has; returns how many
    devices went. The caller audits who reset it. Their next sign-in asks them to set
    it up again when it is required, and any session they have open is no longer
    verified."""
    deleted = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        deleted += 1
    return deleted


# The code at sign-in


@dataclass(frozen=True)
class Outcome:
    step: str  # CODE or RECOVERY_CODE: which kind the user typed
    device: object = None  # the device that accepted it; None if refused
    wait_seconds: int = 0  # refused unchecked: too soon after a wrong one


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def check_code(user, code: str) -> Outcome:
    """Six digits are an authenticator code; anything else is tried as a recovery code
    (each works once). django-otp makes the user wait longer after each wrong one."""
    step = CODE if code.isdigit() else RECOVERY_CODE
    model = TOTPDevice if step == CODE else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, why = device.verify_is_allowed()
            if not allowed:
                wait = (why["locked_until"] - timezone.now()).total_seconds()
                return Outcome(step, wait_seconds=max(1, round(wait)))
            if device.verify_token(code):
                return Outcome(step, device)
    return Outcome(step)


def complete_sign_in(request, outcome: Outcome) -> None:
    _complete(request, outcome.device)
    detail = {"step": outcome.step}
    if outcome.step == RECOVERY_CODE:
        detail["recovery_codes_left"] = recovery_codes_left(request.user)
    record(
        action=Action.SIGN_IN, request=request, actor=request.user,
        hscp_id=home_hscp_id(request.user), detail=detail,
    )  # fmt: skip


def _complete(request, device) -> None:
    otp_login(request, device)
    request.session.pop(PENDING, None)
    reset_failures(request.user.get_username())


def count_failure(request, *, step: str) -> bool:
    """A wrong code (or current password) counts towards lockout as a wrong password
    does, and is audited. True when it locked the account: the session is then ended."""
    username = request.user.get_username()
    user_login_failed.send(
        sender=__name__, credentials={"username": username}, request=request, step=step
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False
