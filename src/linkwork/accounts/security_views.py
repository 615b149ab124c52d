"""The second sign-in step, setting up two-factor, and the user's own account page."""

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts import two_factor
from linkwork.accounts.lockout import is_locked_out
from linkwork.accounts.security_forms import ChangePasswordForm, CodeForm
from linkwork.accounts.signals import home_hscp_id
from linkwork.accounts.views import locked_out
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.qr import qr_svg

WRONG = {
    two_factor.CODE: "The security code is not right: enter the code your app shows now",
    two_factor.RECOVERY_CODE: "That recovery code is not right or has been used: enter "
    "another, or the 6-digit code from your authenticator app",
}

SET_UP_HINT = "The 6-digit code the app shows now."
SET_UP_WRONG = "The security code is not right: enter the 6-digit code the app shows now"


def _posted(request):
    return request.POST if request.method == "POST" else None


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request):
    """After the password: the code from the app, or a recovery code."""
    if (step := two_factor.pending_step(request)) != two_factor.CODE:
        return two_factor.redirect_to_step(step) if step else redirect(two_factor.onward(request))
    form = CodeForm(_posted(request), initial={"next": _next(request)})
    if form.is_bound and form.is_valid():
        if is_locked_out(request, request.user.get_username()):
            return _end_locked_out(request)
        outcome = two_factor.check_code(request.user, form.cleaned_data["code"])
        if outcome.device is not None:
            two_factor.complete_sign_in(request, outcome)
            _warn_if_few_recovery_codes(request, outcome)
            return redirect(two_factor.onward(request))
        if two_factor.count_failure(request, step=outcome.step):
            return locked_out(request)
        form.add_error("code", _refusal(outcome))
    context = {"page_title": "Enter your security code", "form": form, "submit_text": "Continue"}
    return render(request, "accounts/two_factor_code.jinja", context, status=_status(form))


def _end_locked_out(request):
    logout(request)
    return locked_out(request)


def _refusal(outcome) -> str:
    if seconds := outcome.wait_seconds:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
        return f"Too many wrong codes: wait {wait}, then enter the code your app shows"
    return WRONG[outcome.step]


def _warn_if_few_recovery_codes(request, outcome) -> None:
    if outcome.step != two_factor.RECOVERY_CODE:
        return
    left = two_factor.recovery_codes_left(request.user)
    if left <= two_factor.FEW_RECOVERY_CODES:
        messages.warning(
            request,
            f"You have {left} recovery code{'s' if left != 1 else ''} left. "
            "Get new ones from Your account.",
        )


def _next(request) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@never_cache  # shows the secret key
@require_http_methods(["GET", "POST"])
def set_up(request):
    """A QR code and the key written out; the first code from the app confirms it."""
    if two_factor.has_authenticator(request.user):
        if two_factor.pending_step(request) == two_factor.CODE:
            return two_factor.redirect_to_step(two_factor.CODE, _next(request))
        messages.info(request, "Two-factor sign-in is already set up for your account.")
        return redirect("accounts:account")
    key = two_factor.new_key(request)
    form = CodeForm(_posted(request), initial={"next": _next(request)}, hint_text=SET_UP_HINT)
    if form.is_bound and form.is_valid():
        if two_factor.confirm_authenticator(request, code=form.cleaned_data["code"]):
            return redirect(two_factor.with_next("accounts:recovery_codes", _next(request)))
        form.add_error("code", SET_UP_WRONG)
    context = {
        "page_title": "Set up two-factor sign-in",
        "form": form,
        "submit_text": "Continue",
        "qr": qr_svg(two_factor.config_url(request.user, key), title="QR code to scan"),
        "key": two_factor.key_for_typing(key),
    }
    return render(request, "accounts/two_factor_set_up.jinja", context, status=_status(form))


@never_cache
@require_GET
def recovery_codes(request):
    """The recovery codes, shown once after they are made."""
    codes = two_factor.recovery_codes_to_show(request)
    if not codes:
        messages.info(request, "Recovery codes are shown only once. You can get new ones here.")
        return redirect("accounts:account")
    context = {
        "page_title": "Your recovery codes",
        "codes": codes,
        "onward": two_factor.onward(request),
    }
    return render(request, "accounts/recovery_codes.jinja", context)


@require_POST
def new_recovery_codes(request):
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor_set_up")
    two_factor.renew_recovery_codes(request)
    return redirect("accounts:recovery_codes")


@require_GET
def account(request):
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    context = {
        "page_title": "Your account",
        "authenticator": device,
        "recovery_codes_left": two_factor.recovery_codes_left(user) if device else 0,
    }
    return render(request, "accounts/account.jinja", context)


@require_http_methods(["GET", "POST"])
def change_password(request):
    form = ChangePasswordForm(request.user, _posted(request))
    if form.is_bound and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # this session stays; others end
        record(
            action=Action.CHANGE, request=request, obj=form.user,
            hscp_id=home_hscp_id(form.user), detail={"step": "password_changed"},
        )  # fmt: skip
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    wrong = form.is_bound and form.wrong_current_password
    if wrong and two_factor.count_failure(request, step="change_password"):
        return locked_out(request)
    context = {
        "page_title": "Change your password",
        "form": form,
        "submit_text": "Change password",
        "cancel_href": reverse("accounts:account"),
    }
    return render(request, "accounts/change_password.jinja", context, status=_status(form))
