"""The people pages: a manager's list, a person's page with its actions, inviting, and the
public page where an emailed link lets someone choose their password."""

from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic.edit import FormView

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, require
from linkwork.accounts.models import User
from linkwork.accounts.people import presenters, services
from linkwork.accounts.people.forms import (
    InviteForm,
    PeopleSearchForm,
    RoleForm,
)
from linkwork.accounts.people.selectors import find, people_for
from linkwork.accounts.people.services import Refused
from linkwork.accounts.presenters import token_rows
from linkwork.accounts.roles import Permission
from linkwork.accounts.security_forms import NewPasswordForm
from linkwork.accounts.tokens import revoke_token, tokens_of
from linkwork.core.paging import paged

PAGE_SIZE = 50


def _person_or_404(request, pk: int) -> User:
    return get_visible_or_404(request.user, Permission.MANAGE_PEOPLE, User.objects.all(), pk=pk)


def _page(request, template: str, title: str, status: int = 200, **context):
    context["page_title"] = title
    return render(request, f"accounts/people/{template}.jinja", context, status=status)


@require_GET
def people(request):
    require(request.user, Permission.MANAGE_PEOPLE)
    form = PeopleSearchForm(request.GET or None)
    found = people_for(request.user)
    if form.is_bound:
        found = find(found, **form.cleaned_data) if form.is_valid() else found.none()
    found = found.order_by("last_name", "first_name", "username")
    page = paged(found, request.GET, PAGE_SIZE)
    rows = presenters.person_rows(page.object_list)
    return _page(request, "list", "People", form=form, page=page, rows=rows)


def _revoke_url(person):
    def url(token) -> str:
        return reverse(
            "accounts:revoke_person_token", kwargs={"pk": person.pk, "token_pk": token.pk}
        )

    return url


def _person_page(request, person: User, form: RoleForm | None = None, status: int = 200):
    return _page(
        request,
        "person",
        person.get_full_name() or person.username,
        status=status,
        person=person,
        summary=presenters.person_summary(person),
        roles=presenters.role_rows(request.user, person),
        form=form or RoleForm(by=request.user),
        tokens=token_rows(tokens_of(person), _revoke_url(person)),
    )


@require_GET
def person(request, pk: int):
    return _person_page(request, _person_or_404(request, pk))


@require_POST
def grant_role(request, pk: int):
    person = _person_or_404(request, pk)
    form = RoleForm(request.POST, by=request.user)
    if not form.is_valid():
        return _person_page(request, person, form, status=400)
    try:
        services.grant_role(person=person, by=request.user, request=request, **form.role_kwargs())
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"{person} now holds the role {form.choices[form.cleaned_data['role_at']][2]}."
        )
    return redirect("accounts:person", pk=pk)


@require_POST
def remove_role(request, pk: int, role_pk: int):
    person = _person_or_404(request, pk)
    assignment = get_object_or_404(person.role_assignments, pk=role_pk)
    try:
        services.remove_role(assignment=assignment, by=request.user, request=request)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"{person} no longer holds the role {presenters.role_text(assignment)}."
        )
    return redirect("accounts:person", pk=pk)


def _action(service, done: str):
    """A POST-only button on a person's page: do it, say what happened, back to the page."""

    @require_POST
    def view(request, pk: int):
        person = _person_or_404(request, pk)
        try:
            service(person=person, by=request.user, request=request)
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done.format(person=person))
        return redirect("accounts:person", pk=pk)

    view.__name__ = service.__name__
    return view


disable = _action(
    services.disable_account,
    "{person}'s account is disabled: they are signed out and their API tokens revoked.",
)
enable = _action(services.enable_account, "{person}'s account is enabled: they may sign in again.")
unlock = _action(services.unlock_account, "{person} may try to sign in again now.")
reset_two_factor = _action(
    services.reset_two_factor,
    "{person}'s two-factor sign-in is reset: they set it up again when they next sign in.",
)
send_password_link = _action(
    services.send_password_link, "A link to choose a password is on its way to {person}'s email."
)


@require_POST
def revoke_person_token(request, pk: int, token_pk: int):
    person = _person_or_404(request, pk)
    token = get_object_or_404(tokens_of(person), pk=token_pk)
    revoke_token(token=token, revoked_by=request.user, request=request)
    messages.success(request, f"API token {token.prefix} is revoked and no longer works.")
    return redirect("accounts:person", pk=pk)


@require_http_methods(["GET", "POST"])
def invite(request):
    require(request.user, Permission.MANAGE_PEOPLE)
    form = InviteForm(request.POST if request.method == "POST" else None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = services.invite_person(
                by=request.user,
                request=request,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                **form.role_kwargs(),
            )
        except Refused as refusal:
            form.add_error("email" if str(refusal) == services.EMAIL_IN_USE else None, refusal)
        else:
            messages.success(request, f"Invitation sent to {invited.email}.")
            if has_permission(request.user, Permission.MANAGE_PEOPLE, invited):
                return redirect("accounts:person", pk=invited.pk)
            return redirect("accounts:invite_person")  # a team lead's partner: not theirs
    status = 400 if form.errors else 200
    return _page(
        request,
        "invite",
        "Invite someone",
        status=status,
        form=form,
        submit_text="Send invitation",
        cancel_href=reverse("accounts:people"),
    )


class ChoosePassword(PasswordResetConfirmView):
    """The page an invitation or password link opens (no sign-in: the link is the key).
    A used, expired or made-up link, or a disabled account's, is refused plainly."""

    form_class = NewPasswordForm
    template_name = "accounts/people/choose_password.jinja"
    success_url = reverse_lazy("accounts:sign_in")
    extra_context = {"page_title": "Choose your password"}

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        services.choose_password(
            person=form.user, password=form.cleaned_data["new_password1"], request=self.request
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request, "Password saved. Sign in with your username and new password."
        )
        return FormView.form_valid(self, form)
