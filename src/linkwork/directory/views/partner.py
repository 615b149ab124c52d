"""The community partner portal: the links sent to their organisation (only what the person
agreed to share) and their own services."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import get_visible_or_404, grant_scopes, require, visible
from linkwork.accounts.people.services import invite_person
from linkwork.accounts.roles import Permission, Role
from linkwork.accounts.security_forms import NewPasswordForm
from linkwork.casework.services import audit_case
from linkwork.directory import presenters
from linkwork.directory.forms import InviteForm, LinkStepForm
from linkwork.directory.models import Service
from linkwork.directory.selectors import partner_links_for
from linkwork.directory.services.links import NEXT, is_overdue, response_due
from linkwork.directory.views.common import link_for, page

AUDIT_RELATED = ("case__link_worker__provider", "case__practice__cluster")
PARTNER_STEPS = ("acknowledged", "accepted", "declined", "first_attended", "finished", "stopped")


def _row(link) -> dict:
    return {
        "link": link,
        "tag": presenters.link_status(link),
        "steps": [
            s
            for s in sorted(NEXT.get(link.status, ()), key=PARTNER_STEPS.index)
            if s in PARTNER_STEPS
        ],
        "due": response_due(link),
        "overdue": is_overdue(link),
    }


@require_GET
def partner_links(request):
    require(request.user, Permission.RESPOND_TO_LINK)
    links = partner_links_for(request.user).order_by("-sent_at", "-pk")
    status = request.GET.get("status", "open")
    if status == "open":
        links = links.exclude(status__in=["declined", "finished", "stopped"])
    shown = list(links.select_related(*AUDIT_RELATED)[:200])
    for link in shown:  # each shows what a person shared: an access to their record
        audit_case(request=request, case=link.case, obj=link)
    return page(
        request,
        "partner_links",
        "Referrals to your organisation",
        rows=[_row(link) for link in shown],
        showing=status,
        decline_form=LinkStepForm(),
    )


@require_GET
def partner_link(request, pk: int):
    link = link_for(request.user, pk, Permission.RESPOND_TO_LINK)
    audit_case(request=request, case=link.case, obj=link)  # shared details were read
    return page(
        request,
        "partner_link",
        f"Referral to {link.service.name}",
        row=_row(link),
        events=link.events.all(),
        decline_form=LinkStepForm(),
    )


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
