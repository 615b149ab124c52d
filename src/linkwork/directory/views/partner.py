"""The community partner's own organisation in the directory: their services, and how a
partner is invited."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import get_visible_or_404, grant_scopes, require, visible
from linkwork.accounts.people.services import invite_person
from linkwork.accounts.roles import Permission, Role
from linkwork.accounts.security_forms import NewPasswordForm
from linkwork.directory import presenters
from linkwork.directory.forms import InviteForm
from linkwork.directory.models import Service
from linkwork.directory.views.common import page


@require_GET
def partner_services(request):
    require(request.user, Permission.MANAGE_DIRECTORY_ORGANISATION)
    services = (
        visible(request.user, Permission.MANAGE_DIRECTORY_ORGANISATION, Service.objects.all())
        .select_related("organisation")
        .prefetch_related("schedules")
    )
    return page(
        request,
        "partner_services",
        "Your services",
        rows=[(s, presenters.capacity(s), presenters.opening_times(s)) for s in services],
        capacity_choices=presenters.CAPACITY_BUTTONS,
    )


@require_http_methods(["GET", "POST"])
def invite(request):
    """A shortcut from the directory to inviting a community partner, the same invitation
    as the people pages' (accounts/people/services.py): one organisation each, and only
    one at which the inviter may give the community partner role (another HSCP's is a
    404)."""
    require(request.user, Permission.INVITE_PARTNER)
    organisations = grant_scopes(request.user, Role.COMMUNITY_PARTNER)
    if request.POST.get("organisation"):
        get_visible_or_404(
            request.user, Permission.INVITE_PARTNER, organisations, pk=request.POST["organisation"]
        )
    form = InviteForm(request.POST or None, organisations=organisations.order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = invite_person(
            by=request.user,
            request=request,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=Role.COMMUNITY_PARTNER,
            scope=data["organisation"],
        )
        messages.success(request, f"Invitation sent to {user.email}.")
        return redirect("directory:invite")
    return page(
        request,
        "invite",
        "Invite a community partner",
        form=form,
        status=400 if form.is_bound else 200,
    )


class AcceptInvite(PasswordResetConfirmView):
    """Choosing a password from the invitation: Django's one-time reset token."""

    template_name = "directory/accept_invite.jinja"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:sign_in")
    extra_context = {"page_title": "Choose your password", "submit_text": "Save password"}
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, "Password saved. Sign in with your username.")
        return super().form_valid(form)
