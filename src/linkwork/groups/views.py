"""Group pages: the HSCP's groups, one group with its meetings and roster, starting a
group, adding meetings, inviting people, and one meeting's attendance. Who may do what is
decided in accounts/authorisation.py; what is written, in services.py."""

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import (
    get_visible_or_404,
    has_permission,
    require,
    visible,
)
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.services import audit_people
from linkwork.casework.views.common import edit_conflicts
from linkwork.core.http import when_shown
from linkwork.directory.services.records import provider_of
from linkwork.groups import services
from linkwork.groups.forms import AttendanceForm, GroupForm, InviteForm, MeetingsForm
from linkwork.groups.models import Group, Meeting
from linkwork.organisations.models import LinkWorker

GROUP_RELATED = ("lead__user", "co_worker__user", "service")


def _group(request, pk: int, permission=Permission.RUN_GROUPS) -> Group:
    groups = Group.objects.select_related(*GROUP_RELATED)
    return get_visible_or_404(request.user, permission, groups, pk=pk)


def _form_page(request, form, *, title: str, caption: str, submit: str, cancel: str, **extra):
    template = extra.pop("template", "form_page.jinja")
    context = {
        "page_title": title,
        "caption": caption,
        "form": form,
        "submit_text": submit,
        "cancel_href": cancel,
        **extra,
    }
    return render(request, template, context, status=400 if form.is_bound else 200)


@require_GET
def group_list(request):
    require(request.user, Permission.RUN_GROUPS)
    now = timezone.now()
    groups = visible(request.user, Permission.RUN_GROUPS, Group.objects.all()).annotate(
        invited=Count("members", distinct=True),
        next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
    )
    led = set(
        visible(request.user, Permission.LEAD_GROUP, Group.objects.all()).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "groups/list.jinja",
        {
            "page_title": "Groups",
            "groups": groups.select_related("lead__user", "co_worker__user"),
            "led": led,
            # A team lead runs no group themself: those marked are their team's.
            "led_mark": "yours" if hasattr(request.user, "link_worker") else "your team's",
        },
    )


@require_http_methods(["GET", "POST"])
def new_group(request):
    require(request.user, Permission.RUN_GROUPS)
    provider = provider_of(request.user)
    colleagues = LinkWorker.objects.filter(provider__hscp_id=provider.hscp_id)
    lead = LinkWorker.objects.filter(user=request.user).first()
    form = GroupForm(
        request.POST or None,
        workers=colleagues.select_related("user"),
        leads=visible(request.user, Permission.VIEW_LINK_WORKER, colleagues),
        lead=lead,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            group = services.create_group(
                lead=data.get("lead") or lead,
                by=request.user,
                request=request,
                **{name: data[name] for name in GroupForm.GROUP_FIELDS},
            )
            messages.success(request, f"{group.name} started. Add its meetings next.")
            return redirect("groups:add_meetings", pk=group.pk)
    return _form_page(
        request,
        form,
        title="Start a group",
        caption="Groups",
        submit="Start the group",
        cancel=reverse("groups:groups"),
    )


@require_GET
def group_page(request, pk: int):
    group = _group(request, pk)
    members = list(
        visible(request.user, Permission.RUN_GROUPS, group.members.all()).select_related(
            "case__person", "case__link_worker__user"
        )
    )
    # The roster names people: each read audited against them, as a case page is.
    audit_people(request=request, seen=[(m.case.person, m, m) for m in members])
    meetings = group.meetings.annotate(recorded=Count("attendances"))
    return render(
        request,
        "groups/group.jinja",
        {
            "page_title": group.name,
            "group": group,
            "members": members,
            "others": group.members.count() - len(members),
            "meetings": meetings,
            "leads": has_permission(request.user, Permission.LEAD_GROUP, group),
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def add_meetings(request, pk: int):
    group = _group(request, pk, Permission.LEAD_GROUP)
    form = MeetingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            added = services.add_meetings(
                group=group,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                weeks=form.cleaned_data["weeks"],
                by=request.user,
                request=request,
            )
            what = "1 meeting" if len(added) == 1 else f"{len(added)} weekly meetings"
            messages.success(request, f"{what} added.")
            return redirect("groups:group", pk=group.pk)
    return _form_page(
        request,
        form,
        title="Add meetings",
        caption=group.name,
        submit="Add meetings",
        cancel=reverse("groups:group", args=[group.pk]),
    )


@require_http_methods(["GET", "POST"])
def invite(request, pk: int):
    """Invite people from one's own caseload (a team lead: their team's) into any group of
    the HSCP: open cases only, not yet invited."""
    group = _group(request, pk)
    cases = (
        visible(request.user, Permission.CHANGE_CASE, Case.objects.all())
        .filter(status=CaseStatus.OPEN, person__hscp_id=group.hscp_id)
        .exclude(group_memberships__group=group)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    form = InviteForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            invited = services.invite(
                group=group, cases=form.cleaned_data["cases"], by=request.user, request=request
            )
            messages.success(request, f"{len(invited)} invited to {group.name}.")
            return redirect("groups:group", pk=group.pk)
    return _form_page(
        request,
        form,
        title="Invite people",
        caption=group.name,
        submit="Invite",
        cancel=reverse("groups:group", args=[group.pk]),
        template="groups/invite.jinja",
        group=group,
        has_cases=cases.exists(),
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """One screen per meeting: each person invited, attended, did not attend or cancelled,
    saved at once; each becomes (or corrects) a group session on their case."""
    led = visible(request.user, Permission.LEAD_GROUP, Group.objects.all())
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk, group__in=led)
    members = list(meeting.group.members.select_related("case__person"))
    recorded = dict(meeting.attendances.values_list("member_id", "outcome"))
    data = request.POST if request.method == "POST" else None  # nothing marked is an answer
    form = AttendanceForm(data, members=members, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.record_attendance(
                meeting=meeting, outcomes=form.outcomes(), by=request.user, request=request
            )
            messages.success(request, "Attendance saved, on each person's case.")
            return redirect("groups:group", pk=meeting.group_id)
    # The roster's names, audited for a GET and for the form sent back with its errors.
    when_shown(
        request,
        lambda: audit_people(request=request, seen=[(m.case.person, m, m) for m in members]),
    )
    starts = timezone.localtime(meeting.starts_at)
    return _form_page(
        request,
        form,
        title=f"Attendance: {starts:%A} {starts.day} {starts:%B %Y, %H:%M}",
        caption=meeting.group.name,
        submit="Save attendance",
        cancel=reverse("groups:group", args=[meeting.group_id]),
        template="groups/attendance.jinja",
        members=members,
    )


@require_POST
def list_in_directory(request, pk: int):
    group = _group(request, pk, Permission.LEAD_GROUP)
    if group.service_id is None:
        services.list_group(group=group, by=request.user, request=request)
        messages.success(request, f"{group.name} is now in the directory.")
    return redirect("groups:group", pk=group.pk)
