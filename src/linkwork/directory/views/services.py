from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import (
    has_permission,
    reads_directory_only,
    require,
    visible,
)
from linkwork.accounts.roles import Permission
from linkwork.core.forms import show_edit_conflict
from linkwork.core.models import EditConflict
from linkwork.directory import presenters, services
from linkwork.directory.forms import CapacityForm
from linkwork.directory.freshness import team_to_check, why_to_check
from linkwork.directory.models import Organisation, Service
from linkwork.directory.search.engine import shown
from linkwork.directory.search.query import Hit
from linkwork.directory.selectors import (
    editable_service,
    kept_service,
    latest_own_suggestions,
    service_for,
    suggestions_to_decide,
    suggestions_waiting,
)
from linkwork.directory.service_forms import NewServiceForm, ServiceForm, VerifyForm, form_for
from linkwork.directory.views.common import case_for_linking, page


@require_GET
def service_detail(request, pk: int):
    service = service_for(request.user, pk)
    case = case_for_linking(request, request.GET.get("case"))
    read_only = reads_directory_only(request.user)
    # Where it runs, read once with each place's addresses and access: the summary and
    # the list of places both show them.
    shown([service], access=True)
    return page(
        request,
        "service",
        service.name,
        service=service,
        case=case,
        read_only=read_only,
        view=presenters.result(_hit(service), False),
        referral_contact=presenters.referral_contact_rows(service),
        locations=[at.location for at in service.service_at_locations.all()],
        languages=presenters.languages(service),
        verifications=presenters.verifications(service),
        history=presenters.history(service),
        capacity_choices=presenters.CAPACITY_BUTTONS,
        capacity_set=presenters.capacity_set(service, named=not read_only),
        **_keeping(request.user, service),
    )


def _keeping(user, service) -> dict:
    """Who keeps the service, whether the user does, and their suggestions for it."""
    keeps = has_permission(user, Permission.MANAGE_DIRECTORY, service)
    return {
        "kept_by": presenters.kept_by(service),
        "can_manage": keeps,
        "can_suggest": not keeps
        and has_permission(user, Permission.SUGGEST_SERVICE_CHANGE, service),
        "waiting": suggestions_waiting(user, service) if keeps else 0,
        "own_suggestions": latest_own_suggestions(user, service),
    }


def _hit(service):
    return Hit(service, 0.0, None)


@require_http_methods(["GET", "POST"])
def new_service(request):
    require(request.user, Permission.MANAGE_DIRECTORY)
    form = NewServiceForm(request.POST or None, initial={"eligible_gender": "any"})
    if request.method == "POST" and form.is_valid():
        service = _add_service(request, form)
        if service is not None:
            # Names the organisation it joined: one already listed under that name, perhaps
            # typed with other spacing or capitals.
            messages.success(
                request, f"{service.name} added to the directory, under {service.organisation}."
            )
            return redirect("directory:service", pk=service.pk)
    return page(
        request,
        "service_form",
        "Add a service",
        form=form,
        submit="Add service",
        status=400 if form.is_bound else 200,
    )


def _add_service(request, form):
    organisation = _organisation_for_new_service(request.user, form)
    if organisation is None:
        return None
    data = form.cleaned_data
    location = None
    if data["postcode"]:
        location = services.LocationDetails(
            address_1=data["address_1"], city=data["city"], postcode=data["postcode"]
        )
    fields = {k: v for k, v in form.service_fields().items() if k not in _NEW_ONLY}
    return services.create_service(
        organisation=organisation,
        by=request.user,
        needs=data["needs"],
        hours=form.hours() or [],
        location=location,
        request=request,
        **fields,
    )


_NEW_ONLY = {"organisation_name", "address_1", "city", "postcode"}


def _organisation_for_new_service(user, form):
    """The organisation of that name the user keeps, or a new one in their HSCP; one of that
    name kept by another HSCP only is an error on the form (its team adds services to it)."""
    name = form.cleaned_data["organisation_name"]
    named = Organisation.objects.filter(name__iexact=name).select_related("hscp")
    kept = visible(user, Permission.MANAGE_DIRECTORY, named).first()
    if kept is not None:
        return kept
    theirs = named.first()
    if theirs is None:
        return services.create_organisation(name=name, by=user)
    form.add_error("organisation_name", presenters.kept_elsewhere(theirs))
    return None


def _or_suggest_a_change(view):
    """For a service the user may read and suggest changes to but not change (another
    HSCP's): a 403 that names who keeps it and offers "suggest a change", rather than a
    bare refusal (decision 13). Anyone else goes on to the view, which refuses as before."""

    @wraps(view)
    def checked(request, pk: int):
        services_ = Service.objects.select_related("organisation")
        user = request.user
        may_change = any(
            visible(user, permission, services_).filter(pk=pk).exists()
            for permission in (
                Permission.MANAGE_DIRECTORY,
                Permission.MANAGE_DIRECTORY_ORGANISATION,
            )
        )
        service = (
            None
            if may_change
            else (visible(user, Permission.SUGGEST_SERVICE_CHANGE, services_).filter(pk=pk).first())
        )
        if service is None:
            return view(request, pk)
        return page(
            request,
            "kept_elsewhere",
            f"Another team keeps {service.name}",
            service=service,
            kept_by=presenters.kept_by(service),
            status=403,
        )

    return checked


@require_http_methods(["GET", "POST"])
@_or_suggest_a_change
def edit_service(request, pk: int):
    service, as_organisation = editable_service(request.user, pk)
    form = form_for(ServiceForm, service, request.POST or None, partner=as_organisation)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_service(
                service=service,
                by=request.user,
                fields=form.service_fields(),
                needs=form.cleaned_data.get("needs"),
                hours=form.hours(),
                listed_by=form.listing(),
                by_organisation=as_organisation,
                request=request,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            show_edit_conflict(form, conflict, SERVICE_FORM_FIELDS)
            return _service_form(request, form, service, f"Change {service.name}")
        messages.success(request, "Saved: the change is live." if changed else "Nothing changed.")
        return redirect(
            "directory:partner_services" if as_organisation else "directory:service",
            **({} if as_organisation else {"pk": service.pk}),
        )
    return _service_form(request, form, service, f"Change {service.name}")


def _service_form(request, form, service, title: str):
    return page(
        request,
        "service_form",
        title,
        form=form,
        service=service,
        submit="Save changes",
        capacity_choices=presenters.CAPACITY_BUTTONS,
        capacity_text=presenters.capacity(service)["text"],
        capacity_set=presenters.capacity_set(service),
        status=400 if form.is_bound else 200,
    )


# The service's fields the form shows under another name (decision 0114: a conflict
# shows each changed field's value where the user typed theirs).
SERVICE_FORM_FIELDS = {"in_person": "formats", "by_phone": "formats", "online": "formats"}


@require_POST
@_or_suggest_a_change
def set_capacity(request, pk: int):
    service, as_organisation = editable_service(request.user, pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.set_capacity(
            service=service,
            status=data["status"],
            wait_weeks=data["wait_weeks"],
            note=data["note"],
            by=request.user,
            by_organisation=as_organisation,
            request=request,
        )
        label = presenters.capacity(Service.objects.get(pk=service.pk))["text"]
        messages.success(request, f"{service.name}: {label}.")
    else:
        return _capacity_again(request, service, form)
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("directory:service", pk=service.pk)


def _capacity_again(request, service, form):
    """A refused change of capacity, asked again on a page of its own with the wait and
    the note as they were typed (beside the service as saved, not written into it), the
    error at its box."""
    typed = {"wait_weeks": form.data.get("wait_weeks", ""), "note": form.data.get("note", "")}
    back = request.POST.get("next", "")
    return page(
        request,
        "capacity_again",
        f"Capacity of {service.name}",
        status=400,
        service=service,
        form=form,
        capacity_errors={name: errors[0] for name, errors in form.errors.items()},
        capacity_typed=typed,
        capacity_choices=presenters.CAPACITY_BUTTONS,
        back=back if back.startswith("/") and not back.startswith("//") else "",
    )


@require_http_methods(["GET", "POST"])
@_or_suggest_a_change
def verify(request, pk: int):
    require(request.user, Permission.MANAGE_DIRECTORY)
    service = kept_service(request.user, pk)
    form = form_for(VerifyForm, service, request.POST or None)
    verification = None
    if request.method == "POST" and form.is_valid():
        try:
            verification = services.verify_service(
                service=service,
                by=request.user,
                note=form.cleaned_data["note"],
                changes=form.service_fields(),
                needs=form.cleaned_data["needs"],
                hours=form.hours(),
                listed_by=form.listing(),
                request=request,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            show_edit_conflict(form, conflict, SERVICE_FORM_FIELDS)
    if verification is not None:
        what = ", ".join(verification.changed_fields) or "no changes"
        messages.success(request, f"{service.name} verified today ({what}).")
        return redirect("directory:to_check")
    return page(
        request,
        "service_form",
        f"Check {service.name}",
        form=form,
        service=service,
        submit="Verified today",
        verifying=True,
        status=400 if form.is_bound else 200,
    )


@require_GET
def to_check(request):
    require(request.user, Permission.MANAGE_DIRECTORY)
    due = team_to_check(request.user)
    rows = [(service, why_to_check(service)) for service in due[:200]]
    waiting = suggestions_to_decide(request.user).count()
    return page(
        request, "to_check", "Services to check", rows=rows, total=due.count(), waiting=waiting
    )
