from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import (
    get_visible_or_404,
    has_permission,
    reach,
    reached_or_404,
    require,
    role_assignments,
    visible,
    within,
)
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case
from linkwork.casework.rules import with_case_engagement
from linkwork.core.chi import check_chi, chi_birth_dates, normalise_chi
from linkwork.core.listings import download_or_page
from linkwork.core.models import EditConflict
from linkwork.core.paging import StatementPages, counted, paged
from linkwork.core.ratelimit import rate_limited
from linkwork.core.statements import keep_referenced, statement
from linkwork.organisations.models import HostSetting, LinkWorker, Practice
from linkwork.referrals import allocation, services
from linkwork.referrals.forms import (
    LIST_STATUSES,
    AcceptForm,
    DeclineForm,
    IntakeForm,
    ReferralForm,
    ReferralListFilterForm,
    SelfReferralForm,
    SlotForm,
    filter_referrals,
)
from linkwork.referrals.models import AppointmentSlot, Referral, ReferralStatus
from linkwork.referrals.presenters import (
    exported,
    open_case_notice,
    person_as_seen,
    progress,
    referral_listing,
    shown_name,
    waiting_listing,
    with_names,
)

REFERRAL_RELATED = ("person", "practice__cluster", "host_setting", "case__link_worker__user")


def _referrals(user):
    return visible(
        user, Permission.VIEW_REFERRAL, Referral.objects.select_related(*REFERRAL_RELATED)
    )


def _load_referral(user, pk: int, permission=Permission.VIEW_REFERRAL) -> Referral:
    return reached_or_404(user, permission, Referral, pk, REFERRAL_RELATED)


def _referring_practices(user):
    return visible(user, Permission.REFER_PATIENT, Practice.objects.all()).order_by("name")


def _referring_host_settings(user):
    """The active host settings the user refers from (their own, or where they are hosted)."""
    settings = HostSetting.objects.filter(active=True)
    return visible(user, Permission.REFER_PATIENT, settings).order_by("name")


def _job_title(user) -> str:
    return next((a.job_title for a in role_assignments(user) if a.job_title), "")


@require_http_methods(["GET", "POST"])
def new_referral(request, recorded: bool = False):
    """Practice staff refer a patient; with `recorded`, a worker records one received
    elsewhere (phone, email, letter, another organisation)."""
    require(request.user, Permission.REFER_PATIENT)
    practices = _referring_practices(request.user)
    hosts = _referring_host_settings(request.user)
    # Read once, each (a person's few practices and settings): the form and the page
    # below ask of the same lists again.
    if not practices and not hosts:
        paused = visible(
            request.user, Permission.REFER_PATIENT, HostSetting.objects.filter(active=False)
        ).order_by("name")
        if paused:  # their own setting, no longer taking referrals (an administrator's choice)
            names = " and ".join(setting.name for setting in paused)
            page = {
                "page_title": "Not taking referrals",
                "message": f"{names} is not taking referrals at present. Ask your "
                "administrator, or the link worker team, if you need to refer someone.",
            }
        else:
            page = {
                "page_title": "No practice to refer to",
                "message": "Your account is not linked to a practice that has a link worker.",
            }
        return render(request, "core/error.jinja", page, status=403)
    single = practices[0] if len(practices) == 1 else None
    intake = services.intake_of(single) if single else None
    slots = services.available_slots(single, intake)[:12] if single and not recorded else []
    form = ReferralForm(
        request.POST or None,
        practices=practices,
        slots=slots,
        recorded=recorded,
        host_settings=hosts,
    )
    already = None
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("slot")
        slot = AppointmentSlot.objects.filter(pk=chosen).first() if chosen else None
        try:
            referral = services.create_referral(
                person=form.person_details(),
                details=form.referral_details(job_title=_job_title(request.user)),
                by=request.user,
                confirm_open_case=form.cleaned_data["confirm_open_case"],
                confirm_intake=form.cleaned_data["confirm_intake"],
                slot=slot,
                request=request,
            )
        except services.ReferrerMustConfirm as exists:
            already = exists
            form.add_error(exists.field, str(exists))
        except services.SlotRefused as refused:
            form.add_error("slot", str(refused))
        else:
            typed = form.person_details()
            name = f"{typed.given_name} {typed.family_name}"
            messages.success(request, _referral_made_message(referral, name, booked=bool(slot)))
            return redirect("referrals:list")
    return render(
        request,
        "referrals/new.jinja",
        {
            "page_title": "Record a referral" if recorded else "Refer to the link worker",
            "form": form,
            "intake": intake,
            "already": already,
            "recorded": recorded,
        },
    )


def _referral_made_message(referral: Referral, name: str, *, booked: bool) -> str:
    """`booked`: a slot was asked for (only then is one reserved, and worth reading)."""
    slot = services.reserved_slot(referral) if booked else None
    if slot is not None:
        when = f"{timezone.localtime(slot.starts_at):%A %-d %B at %H:%M}"
        return f"{name} is booked in with {slot.link_worker} on {when}."
    return f"Referral for {name} sent to the link worker service."


@require_GET
def check_chi_typed(request):
    """htmx: whether the CHI number typed is a valid one, said at once. It never looks the
    number up: a match must not show the referrer anything they did not type."""
    require(request.user, Permission.REFER_PATIENT)
    typed = normalise_chi(request.GET.get("chi"))
    check = check_chi(typed)
    born = chi_birth_dates(typed, timezone.localdate()) if check.is_valid else []
    return render(request, "referrals/_chi_check.htmx.jinja", {"check": check, "born": born})


def record_referral(request):
    """Link workers and team leads record referrals that reached them another way."""
    require(request.user, Permission.TRIAGE_REFERRAL)
    return new_referral(request, recorded=True)


def referral_list(request):
    """Referrals the user may follow, with their progress (status only, no case notes);
    `?download=csv` or `xlsx` gives every one under the same filter as a file."""
    require(request.user, Permission.VIEW_REFERRAL)
    form = ReferralListFilterForm(request.GET)
    filters = form.filters()
    referrals = filter_referrals(
        with_case_engagement(_referrals(request.user)).order_by("-received_on", "-pk"), filters
    )
    file = download_or_page(
        request,
        "referrals",
        sheet="Referrals",
        build=lambda: referral_listing(referrals, request.user),
        exported=exported,
    )
    if file is not None:
        return file
    reached = reach(request.user, Permission.VIEW_REFERRAL, Referral)
    listed = StatementPages(
        _count_listed, _page_listed, *filters.values(), reached=reached, filtered=tuple(filters)
    )
    page = paged(listed, request.GET)
    _with_cases(page.object_list)
    return render(
        request,
        "referrals/list.jinja",
        {
            "page_title": "Referrals",
            "page": page,
            "listing": referral_listing(page.object_list, request.user),
            "filter_form": form,
            "filtered": any(request.GET.get(name) for name in form.fields),
            "status_counts": status_counts(request.user),
        },
    )


def status_counts(user) -> list[tuple[str, str, int]]:
    """How many of the user's referrals are in each of the list's statuses (value, label,
    count), so a practice sees at a glance what waits and what was declined."""
    counts = dict(_by_status(reached=reach(user, Permission.VIEW_REFERRAL, Referral)))
    return [(value, label, counts.get(value, 0)) for value, label in LIST_STATUSES if value]


# The referrals list, a page at a time, and its counts: statements (decision 0151).


def _listed(values, reached, filtered):
    filters = dict(zip(filtered, values, strict=True))
    return filter_referrals(within(reached, Referral.objects.all()), filters)


@statement
def _count_listed(*values, reached, filtered):
    return counted(_listed(values, reached, filtered))


@statement
def _page_listed(*values, reached, filtered, start, stop):
    # Cases apart (_with_cases): joining all eight tables here took PostgreSQL 6 ms to plan
    # at each showing, more than reading them (decision 0153).
    referrals = _listed(values, reached, filtered).select_related(*LISTED_RELATED)
    return with_case_engagement(referrals).order_by("-received_on", "-pk")[start:stop]


LISTED_RELATED = ("person", "practice__cluster", "host_setting")


def _with_cases(referrals: list) -> None:
    case_ids = sorted({r.case_id for r in referrals if r.case_id})
    keep_referenced(referrals, "case", _cases_and_workers(case_ids) if case_ids else [])


@statement
def _cases_and_workers(case_ids):
    return Case.objects.filter(pk__in=case_ids).select_related("link_worker__user")


@statement
def _by_status(*, reached):
    referrals = within(reached, Referral.objects.all()).order_by()
    return referrals.values_list("status").annotate(count=Count("pk"))


def queue(request):
    """New referrals for the user's practices, urgent and longest-waiting first."""
    require(request.user, Permission.TRIAGE_REFERRAL)
    waiting = list(services.waiting_list(_referrals(request.user)))
    suggested = None
    if has_permission(request.user, Permission.ALLOCATE_CASES):
        # A team lead sees whom each would go to, as the referral's page would suggest.
        workers = visible(request.user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
        workers = workers.select_related("user", "provider").order_by("pk")
        suggested = allocation.suggestion_for_each(waiting, workers)
    listing = waiting_listing(waiting, request.user, suggested)
    file = download_or_page(
        request, "referrals-waiting", sheet="Waiting", build=lambda: listing, exported=exported
    )
    if file is not None:
        return file
    return render(
        request, "referrals/queue.jinja", {"page_title": "New referrals", "listing": listing}
    )


@require_http_methods(["GET", "POST"])
def referral_detail(request, pk: int):
    referral = _load_referral(request.user, pk)
    services.audit_referral_view(referral=referral, request=request)
    can_triage = referral.is_waiting and has_permission(
        request.user, Permission.TRIAGE_REFERRAL, referral
    )
    context = {
        **_referral_context(request, referral),
        "can_triage": can_triage and referral.status == ReferralStatus.NEW,
        "can_verify": referral.status == ReferralStatus.AWAITING_VERIFICATION
        and has_permission(request.user, Permission.VERIFY_SELF_REFERRAL, referral),
        "back_link": {"href": reverse("referrals:list"), "text": "Referrals"},
    }
    if context["can_triage"]:
        workers, labels = _allocation(request.user, referral)
        slot = context["reserved_slot"]
        first = slot.link_worker if slot and workers.filter(pk=slot.link_worker_id) else None
        context["accept_form"] = _accept_form(
            request,
            referral,
            workers,
            labels=labels,
            initial={"version": referral.version, "link_worker": first or workers.first()},
        )
        context["decline_form"] = DeclineForm(initial={"version": referral.version})
    return render(request, "referrals/detail.jinja", context)


def _accept_form(request, referral: Referral, workers, data=None, **kwargs) -> AcceptForm:
    """The tick to confirm a doubtful identity only for a second person (decision 0008)."""
    ask = services.identity_differs(referral) and services.may_confirm_identity(
        request.user, referral
    )
    return AcceptForm(data, workers=workers, identity_differs=ask, **kwargs)


def _referral_context(request, referral: Referral) -> dict:
    person = person_as_seen(referral, request.user)
    triager = has_permission(request.user, Permission.TRIAGE_REFERRAL, referral)
    open_case, open_elsewhere = (
        open_case_notice(request.user, referral.person) if triager else (None, False)
    )
    return {
        "page_title": shown_name(person, referral),
        "referral": referral,
        "person": person,
        "progress": progress(referral),
        "open_case": open_case,
        "open_elsewhere": open_elsewhere,
        "identity_differs": triager and referral.is_waiting and services.identity_differs(referral),
        "identity_needs_colleague": not services.may_confirm_identity(request.user, referral),
        "reserved_slot": services.reserved_slot(referral) if referral.is_waiting else None,
    }


def _allocatable_workers(user, referral: Referral):
    """A team lead allocates to any of their provider's workers (cross-cover); a worker
    accepts for themself."""
    if has_permission(user, Permission.ALLOCATE_CASES):
        return visible(user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
    return LinkWorker.objects.filter(user=user)


def _allocation(user, referral: Referral):
    """Who the referral may be allocated to, in the order allocation.py suggests (the
    practice's own workers and their cover first, the most room first), each labelled
    with why, for a team lead; (the worker themself, no labels) for a worker."""
    workers = _allocatable_workers(user, referral).select_related("user", "provider")
    if not has_permission(user, Permission.ALLOCATE_CASES):
        return workers, None
    suggestions = allocation.suggest_workers(
        workers, practice=referral.practice, host_setting=referral.host_setting
    )
    return allocation.in_suggested_order(workers, suggestions), allocation.labels(suggestions)


# What a decided referral had done to it, as "<who> already … this referral".
DECIDED = {
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.DECLINED: "declined",
    ReferralStatus.DUPLICATE: "joined to the person's open case",
}


def _decided_already(request, referral: Referral):
    """A referral decided since its page was opened, by a second click on the same button
    or by a colleague: say who decided it and when (and to whom it went), back on its page,
    rather than that someone changed it while the user was editing: nothing of theirs is
    left to save again. None while it waits."""
    if referral.is_waiting:
        return None
    who = str(referral.decided_by) if referral.decided_by_id else "Someone"
    who = "You" if referral.decided_by_id == request.user.pk else who
    when = f" on {timezone.localtime(referral.decided_at):%-d %b %Y at %H:%M}"
    to = ""
    if referral.status == ReferralStatus.ACCEPTED and referral.case:
        to = f": allocated to {referral.case.link_worker}"
    messages.error(
        request,
        f"{who} already {DECIDED.get(referral.status, 'decided')} this referral"
        f"{when if referral.decided_at else ''}{to}. Nothing else was saved.",
    )
    return redirect("referrals:detail", pk=referral.pk)


@require_POST
def accept(request, pk: int):
    referral = _load_referral(request.user, pk, Permission.TRIAGE_REFERRAL)
    if decided := _decided_already(request, referral):
        return decided
    workers, labels = _allocation(request.user, referral)
    form = _accept_form(request, referral, workers, request.POST, labels=labels)
    if not form.is_valid():
        return _triage_again(request, referral, accept_form=form)
    try:
        case = services.accept_referral(
            referral=referral,
            by=request.user,
            link_worker=form.cleaned_data["link_worker"],
            expected_version=form.cleaned_data["version"],
            confirm_identity=form.cleaned_data.get("confirm_identity", False),
            request=request,
        )
    except services.IdentityToConfirm as unchecked:
        form.add_error(
            "confirm_identity" if "confirm_identity" in form.fields else None, str(unchecked)
        )
        return _triage_again(request, referral, accept_form=form)
    except (EditConflict, services.OpenCaseElsewhere) as refused:
        messages.error(request, str(refused))
        return redirect("referrals:detail", pk=pk)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("referrals:detail", pk=pk)
    messages.success(
        request, f"Referral accepted: allocated to {case.link_worker}. Case {case.pk} is open."
    )
    if has_permission(request.user, Permission.VIEW_CASE, case):
        return redirect("casework:case_detail", pk=case.pk)
    return redirect("referrals:queue")


@require_POST
def decline(request, pk: int):
    referral = _load_referral(request.user, pk, Permission.TRIAGE_REFERRAL)
    if decided := _decided_already(request, referral):
        return decided
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _triage_again(request, referral, decline_form=form)
    try:
        services.decline_referral(
            referral=referral,
            by=request.user,
            reason=form.cleaned_data["reason"],
            feedback=form.cleaned_data["feedback"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except EditConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("referrals:detail", pk=pk)
    messages.success(request, "Referral declined. The referrer can see your feedback.")
    return redirect("referrals:queue")


@require_POST
def duplicate(request, pk: int):
    referral = _load_referral(request.user, pk, Permission.TRIAGE_REFERRAL)
    try:
        services.mark_duplicate(referral=referral, by=request.user, request=request)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("referrals:detail", pk=pk)
    messages.success(request, "Referral joined to the person's open case.")
    return redirect("referrals:queue")


@require_POST
def verify(request, pk: int):
    referral = _load_referral(request.user, pk, Permission.VERIFY_SELF_REFERRAL)
    try:
        services.verify_self_referral(referral=referral, by=request.user, request=request)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("referrals:detail", pk=pk)
    messages.success(
        request,
        f"{shown_name(person_as_seen(referral, request.user), referral)} confirmed as your "
        "patient: the referral is now in the link worker's queue.",
    )
    return redirect("referrals:list")


@require_POST
def not_our_patient(request, pk: int):
    referral = _load_referral(request.user, pk, Permission.VERIFY_SELF_REFERRAL)
    name = shown_name(person_as_seen(referral, request.user), referral)
    try:
        services.not_our_patient(referral=referral, by=request.user, request=request)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("referrals:detail", pk=pk)
    messages.success(
        request, f"{name}: not your patient. The self-referral is closed; no link worker sees it."
    )
    return redirect(f"{reverse('referrals:list')}?status={ReferralStatus.AWAITING_VERIFICATION}")


def _triage_again(request, referral, **forms):
    """The referral's page again, its accept or decline form with the errors: it shows the
    person as the page does, so it is an audited read as the page is."""
    services.audit_referral_view(referral=referral, request=request)
    workers, labels = _allocation(request.user, referral)
    context = {
        **_referral_context(request, referral),
        "can_triage": True,
        "accept_form": forms.get("accept_form")
        or _accept_form(
            request, referral, workers, labels=labels, initial={"version": referral.version}
        ),
        "decline_form": forms.get("decline_form")
        or DeclineForm(initial={"version": referral.version}),
    }
    return render(request, "referrals/detail.jinja", context, status=400)


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("self-referral", per_hour=20)  # failed tries count too
def self_referral(request):
    """The public form. No sign-in; the practice checks the person before triage."""
    practices = Practice.objects.order_by("name")
    form = SelfReferralForm(request.POST or None, practices=practices)
    if request.method == "POST" and form.is_valid():
        practice = form.cleaned_data["practice"]
        submission = services.self_refer(
            person=form.person_details(), details=form.referral_details(), request=request
        )
        # The same page whether the sending made a referral or joined one (decision 0076).
        return render(
            request,
            "referrals/self_referral_done.jinja",
            {
                "page_title": "Your request has been sent",
                "practice": practice,
                "reference": submission.reference,
                "wait_weeks": services.intake_of(practice).expected_wait_weeks,
            },
        )
    return render(
        request,
        "referrals/self_referral.jinja",
        {
            "page_title": "Ask for a link worker",
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def intake(request, practice_pk: int):
    """The team lead says whether a practice is taking referrals, and the expected wait."""
    practice = get_visible_or_404(
        request.user, Permission.SET_INTAKE, Practice.objects.all(), pk=practice_pk
    )
    current = services.intake_of(practice)
    form = IntakeForm(
        request.POST or None,
        initial={
            "status": current.status,
            "expected_wait_weeks": current.expected_wait_weeks,
            "message": current.message,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.set_intake(
            practice=practice, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, f"{practice.name}: intake updated. Referrers see it now.")
        return redirect("home:home")
    return render(
        request,
        "form_page.jinja",
        {
            "page_title": f"Intake for {practice.name}",
            "form": form,
            "submit_text": "Save intake status",
            "cancel_href": reverse("home:home"),
        },
    )


@require_http_methods(["GET", "POST"])
def slots(request):
    """A worker publishes first-appointment slots that practice staff can book."""
    require(request.user, Permission.PUBLISH_SLOTS)
    worker = LinkWorker.objects.get(user=request.user)
    practices = worker.practices.order_by("name")
    form = SlotForm(request.POST or None, practices=practices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_slot(
                link_worker=worker,
                practice=data["practice"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
            )
        except ValidationError as refused:
            form.add_error("date", refused.message_dict["starts_at"])
        else:
            messages.success(request, "Slot published: practice staff can offer it now.")
            return redirect("referrals:slots")
    upcoming = list(
        worker.slots.filter(starts_at__gte=services.timezone.now()).select_related(
            "practice", "booked_for__person"
        )
    )
    booked = dict(with_names([s.booked_for for s in upcoming if s.booked_for], request.user))
    return render(
        request,
        "referrals/slots.jinja",
        {
            "page_title": "First-appointment slots",
            "form": form,
            "upcoming": [(slot, booked.get(slot.booked_for)) for slot in upcoming],
        },
    )


@require_POST
def withdraw_slot(request, pk: int):
    require(request.user, Permission.PUBLISH_SLOTS)
    slot = get_object_or_404(AppointmentSlot, pk=pk, link_worker__user=request.user)
    try:
        services.withdraw_slot(slot=slot)
    except ValueError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Slot withdrawn: {slot}.")
    return redirect("referrals:slots")


def waiting_counts(user):
    """Per practice the user triages: how many wait, and the longest wait."""
    return (
        visible(user, Permission.SET_INTAKE, Practice.objects.all())
        .annotate(waiting=Count("referrals", filter=Q(referrals__status=ReferralStatus.NEW)))
        .order_by("name")
    )
