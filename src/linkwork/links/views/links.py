"""The worker's side of a link: refer or signpost from a case, follow the link up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case, load_case
from linkwork.casework.views.common import closed_refusal
from linkwork.directory import presenters as directory_presenters
from linkwork.directory.search.query import Hit
from linkwork.directory.selectors import service_for
from linkwork.links import consent, presenters
from linkwork.links import follow_up as follow_ups
from linkwork.links import services as link_services
from linkwork.links.forms import (
    FollowUpForm,
    LinkStepForm,
    PartnerNoteForm,
    ReferForm,
    SupportTypeForm,
)
from linkwork.links.selectors import link_for
from linkwork.links.views.common import page
from linkwork.links.views.partner import partner_link_page


def _case(request, case_pk: int):
    return load_case(request.user, case_pk, Permission.CHANGE_CASE)


# The service's names for what is shared, as the refer form names them.
FORM_FIELDS = {"shares_contact_details": "shares", "shares_safety_flags": "shares"}


def _form_field(form, field: str) -> str | None:
    field = FORM_FIELDS.get(field, field)
    return field if field in form.fields else None


@require_http_methods(["GET", "POST"])
def refer(request, case_pk: int, service_pk: int):
    """Step two of linking (step one is the search): consent, what to share, send."""
    case = _case(request, case_pk)
    if refused := closed_refusal(request, case, "a link"):
        return refused
    service = service_for(request.user, service_pk)
    offered = consent.choices(case.person, service.organisation)
    initial = {"need": request.GET.get("need", "")}
    form = ReferForm(request.POST or None, initial=initial, offered=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = link_services.create_link(
                case=case,
                service=service,
                by=request.user,
                need=data["need"],
                consent_to_share=data["consent_to_share"],
                shares_contact_details="contact_details" in data["shares"],
                shares_reason="reason" in data["shares"],
                shares_safety_flags="safety_flags" in data["shares"],
                reason=data["reason"],
                support_type=data["support_type"],
                send=request.POST.get("action") != "draft",
                request=request,
                typed=True,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(_form_field(form, field), errors)
        else:
            sent = "sent to" if link.status == "sent" else "saved as a draft for"
            messages.success(request, f"Referral {sent} {service.organisation.name}.")
            return redirect("casework:case_detail", pk=case.pk)
    audit_case(request=request, case=case)
    return page(
        request,
        "refer",
        f"Refer to {service.name}",
        form=form,
        case=case,
        service=service,
        view=directory_presenters.result(Hit(service, 0.0, None), False),
        blocked=offered.blocked,
        status=400 if form.is_bound else 200,
    )


@require_POST
def signpost(request, case_pk: int, service_pk: int):
    case = _case(request, case_pk)
    if refused := closed_refusal(request, case, "a signpost"):
        return refused
    service = service_for(request.user, service_pk)
    link_services.signpost(
        case=case,
        service=service,
        by=request.user,
        need=request.POST.get("need", ""),
        request=request,
    )
    messages.success(request, f"Signpost to {service.name} recorded.")
    return redirect("casework:case_detail", pk=case.pk)


@require_GET
def link_detail(request, pk: int):
    link = link_for(request.user, pk, Permission.CHANGE_LINK)
    audit_case(request=request, case=link.case, obj=link)
    return _link_page(request, link)


def _link_page(request, link, support_form=None, follow_up_form=None):
    return page(
        request,
        "link",
        f"Link to {link.service.name}",
        link=link,
        status_tag=presenters.link_status(link),
        referral_contact=directory_presenters.referral_contact_rows(link.service),
        events=link.events.select_related("by"),
        next_steps=sorted(link_services.NEXT.get(link.status, ())),
        step_form=LinkStepForm(initial={"route": "phone"}),
        support_form=support_form or SupportTypeForm(initial={"support_type": link.support_type}),
        due=link_services.response_due(link),
        withheld=consent.withheld_because(link) if link.sent_at else "",
        follow_up_due=follow_ups.is_due(link),
        follow_up_form=follow_up_form or FollowUpForm(),
        status=400 if support_form or follow_up_form else 200,
    )


@require_POST
def chased(request, pk: int):
    """The worker chased the organisation for an answer: one click on the link's page."""
    link = link_for(request.user, pk, Permission.CHANGE_LINK)
    try:
        link = link_services.record_chase(link=link, by=request.user, request=request)
    except link_services.LinkRefused as refusal:
        messages.error(request, str(refusal))
    else:
        again = link_services.chase_on(link)
        messages.success(
            request,
            f"Chase recorded. If {link.organisation} has not answered by "
            f"{again:%-d %B}, the link is back in your links to chase.",
        )
    return redirect("links:link", pk=pk)


@require_POST
def link_support(request, pk: int):
    """Record or correct the support given on a link; a gap is named on the link's page."""
    link = link_for(request.user, pk, Permission.CHANGE_LINK)
    form = SupportTypeForm(request.POST)
    if form.is_valid():
        try:
            link_services.set_support_type(
                link=link,
                by=request.user,
                support_type=form.cleaned_data["support_type"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("support_type", error.message_dict.get("support_type"))
        else:
            messages.success(request, "Support given saved.")
            return redirect("links:link", pk=pk)
    audit_case(request=request, case=link.case, obj=link)  # the page is shown again
    return _link_page(request, link, form)


@require_POST
def link_step(request, pk: int):
    """The next step, one click: by the organisation itself or by the worker for it."""
    as_organisation = not has_permission(request.user, Permission.CHANGE_LINK)
    permission = Permission.RESPOND_TO_LINK if as_organisation else Permission.CHANGE_LINK
    link = link_for(request.user, pk, permission)
    form = LinkStepForm(request.POST)
    which = _which(link, as_organisation)  # on a list of referrals, say which one
    to_confirm = as_organisation and request.POST.get("status") in CONFIRM_STEPS
    if to_confirm and not (note := PartnerNoteForm(request.POST)).is_valid():
        # Asked again with what was typed and the error at the note, never a lost note.
        audit_case(request=request, case=link.case, obj=link)  # the page names the referral
        return _confirm_page(request, link, request.POST["status"], which, note, 400)
    if not form.is_valid():
        errors = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"{which}: {errors}", extra_tags=card_id(link))
        if as_organisation and request.POST.get("note", "").strip():
            # A note typed is kept: the referral's own page again, as it was filled in
            # (with nothing typed, back to the card on the list, as any refused step).
            audit_case(request=request, case=link.case, obj=link)  # the page names them
            return partner_link_page(request, link, decline_form=form)
    elif as_organisation and _to_confirm(request, form.cleaned_data["status"]):
        audit_case(request=request, case=link.case, obj=link)  # the page names the referral
        return _confirm_page(request, link, form.cleaned_data["status"], which)
    else:
        data = form.cleaned_data
        try:
            link = _step(request, link, data, as_organisation)
            messages.success(request, f"{which}: marked {link.get_status_display().lower()}.")
        except (link_services.LinkRefused, ValidationError) as refusal:
            messages.error(request, f"{which}: {_message(refusal)}", extra_tags=card_id(link))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(f"{back.split('#')[0]}#{card_id(link)}")
    if as_organisation:
        return redirect("links:partner_links")
    return redirect("links:link", pk=pk)


def card_id(link) -> str:
    """The id of the link's card on a partner's list: the page returns there after a
    step, and a step refused is said in the card too (the banner at the top of a long list
    is off screen once the page has scrolled to the card)."""
    return f"link-{link.pk}"


# A partner's steps that say what happened to the person: asked again before saving, as
# one click on the wrong card would tell the worker something untrue (decision 0072).
CONFIRM_STEPS = {
    "first_attended": ("attended for the first time", "Yes, they attended"),
    "stopped": ("stopped: support ended early", "Yes, support stopped"),
}


def _to_confirm(request, status: str) -> bool:
    return status in CONFIRM_STEPS and request.POST.get("confirmed") != "yes"


def _confirm_page(request, link, status: str, which: str, note_form=None, status_code=200):
    meaning, answer = CONFIRM_STEPS[status]
    return page(
        request,
        "partner_confirm",
        "Check before you save",
        status=status_code,
        link=link,
        which=which,
        step=status,
        meaning=meaning,
        answer=answer,
        note_form=note_form or PartnerNoteForm(initial={"note": request.POST.get("note", "")}),
        back=request.POST.get("next", ""),
    )


def _which(link, as_organisation: bool) -> str:
    """The referral as its reader knows it: the name shared with the organisation (or its
    number), the person's name for the worker; and the service."""
    who = consent.shared_copy(link).name if as_organisation else link.case.person.full_name
    return f"{who or f'Referral {link.pk}'} · {link.service.name}"


def _step(request, link, data, as_organisation: bool):
    if data["status"] == "sent":  # a draft sent from its page, as from the refer form
        return link_services.send_link(link=link, by=request.user, request=request)
    return link_services.advance(
        link=link,
        status=data["status"],
        by=request.user,
        route="linkwork" if as_organisation else (data["route"] or "linkwork"),
        reason=data["reason"],
        note=data["note"],
        by_organisation=as_organisation,
        request=request,
    )


def _message(refusal) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


@require_POST
def follow_up(request, pk: int):
    """How the person is getting on, answered by the worker or by the organisation (the
    first answer closes the follow-up for both: links/follow_up.py)."""
    as_organisation = not has_permission(request.user, Permission.CHANGE_LINK)
    permission = Permission.RESPOND_TO_LINK if as_organisation else Permission.CHANGE_LINK
    link = link_for(request.user, pk, permission)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        audit_case(request=request, case=link.case, obj=link)  # the page is shown again
        if as_organisation:
            return partner_link_page(request, link, follow_up_form=form)
        return _link_page(request, link, follow_up_form=form)
    try:
        link = follow_ups.answer_follow_up(
            link=link,
            answer=form.cleaned_data["answer"],
            note=form.cleaned_data["note"],
            by=request.user,
            by_organisation=as_organisation,
            request=request,
        )
    except link_services.LinkRefused as refusal:
        messages.error(request, f"{_which(link, as_organisation)}: {refusal}")
    else:
        answer = link.get_follow_up_answer_display().lower()
        messages.success(request, f"{_which(link, as_organisation)}: {answer}. Thank you.")
    if as_organisation:
        return redirect("links:partner_link", pk=pk)
    return redirect("links:link", pk=pk)
