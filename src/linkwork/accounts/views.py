from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from linkwork.accounts import homes
from linkwork.accounts.authorisation import roles_of
from linkwork.accounts.forms import SignInForm
from linkwork.accounts.navigation import HOME_URL_NAMES, home_roles
from linkwork.accounts.roles import Role


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this when a username and address have failed too often."""
    return render(request, "accounts/locked_out.jinja", {"page_title": "Locked out"}, status=429)


@require_GET
def home(request):
    roles = home_roles(request.user)
    if not roles:
        return render(request, "accounts/no_role.jinja", {"page_title": "No access yet"})
    return redirect(HOME_URL_NAMES[roles[0]])


def _role_home(role: Role, build, template: str, title: str):
    @require_GET
    def view(request):
        if role not in roles_of(request.user):
            raise PermissionDenied
        context = {"page_title": title, **build(request.user)}
        return render(request, f"accounts/home/{template}.jinja", context)

    view.__name__ = f"home_{template}"
    return view


home_link_worker = _role_home(Role.LINK_WORKER, homes.link_worker_home, "link_worker", "My day")
home_practice = _role_home(Role.PRACTICE_STAFF, homes.practice_home, "practice", "Your practice")
home_team_lead = _role_home(Role.TEAM_LEAD, homes.team_lead_home, "team_lead", "Your team")
home_commissioner = _role_home(
    Role.COMMISSIONER, homes.commissioner_home, "commissioner", "Programme overview"
)
home_partner = _role_home(
    Role.COMMUNITY_PARTNER, homes.partner_home, "partner", "Your organisation"
)
home_administrator = _role_home(
    Role.ADMINISTRATOR, homes.administrator_home, "administrator", "Administration"
)
