from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts import two_factor
from linkwork.accounts.authorisation import require
from linkwork.accounts.forms import ApiTokenForm, SignInForm
from linkwork.accounts.lockout import reset_failures
from linkwork.accounts.presenters import token_rows
from linkwork.accounts.roles import Permission
from linkwork.accounts.tokens import get_own_token_or_404, issue_token, revoke_token, tokens_of


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def form_valid(self, form):
        """The password is right: on to the second step, if there is one."""
        response = super().form_valid(form)
        step = two_factor.pending_step(self.request)
        if step is None:
            reset_failures(form.get_user().get_username())  # signed in completely
            return response
        return two_factor.redirect_to_step(step, self.get_redirect_url())


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when an account, or an address, has failed too often."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"page_title": "Locked out", "minutes": minutes}
    return render(request, "accounts/locked_out.jinja", context, status=429)


def _own_revoke_url(token) -> str:
    return reverse("accounts:revoke_api_token", kwargs={"pk": token.pk})


@never_cache  # the response that shows a new token must not be kept by any cache
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    require(request.user, Permission.USE_API_TOKENS)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if form.is_bound and form.is_valid():
        _, new_token = issue_token(
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["access"] == "read_only",
            created_by=request.user,
            request=request,
        )
        form = ApiTokenForm()
    context = {
        "page_title": "API tokens",
        "form": form,
        "new_token": new_token,
        "tokens": token_rows(tokens_of(request.user), _own_revoke_url),
    }
    return render(request, "accounts/api_tokens.jinja", context, status=400 if form.errors else 200)


@require_POST
def revoke_api_token(request, pk: int):
    require(request.user, Permission.USE_API_TOKENS)
    token = get_own_token_or_404(request.user, pk)
    revoke_token(token=token, revoked_by=request.user, request=request)
    messages.success(request, f"API token {token.prefix} is revoked and no longer works.")
    return redirect("accounts:api_tokens")


@require_POST
def still_here(request):
    """The time-out warning's "Stay signed in" (core/jinja2/_timeout.jinja): a request,
    so the session's idle expiry starts again from now. Nothing else changes."""
    request.session.modified = True
    return HttpResponse(status=204)
