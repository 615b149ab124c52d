"""Leave and cover (decision 0096): a worker records their own leave and who covers it, a
team lead their team's, and either changes it later."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.forms import DATE, VersionedForm, show_edit_conflict
from linkwork.core.jinja2_env import link
from linkwork.core.models import EditConflict
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import Leave, LinkWorker


class LeaveForm(VersionedForm):
    link_worker = forms.ModelChoiceField(
        label="Link worker on leave",
        queryset=LinkWorker.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Select the link worker who is on leave",
            "invalid_choice": "Select the link worker who is on leave from the list: you "
            "record leave for yourself or your team",
        },
    )
    starts_on = forms.DateField(
        label="First day of leave",
        widget=DATE,
        error_messages={
            "required": "Enter the first day of leave",
            "invalid": "Enter the first day of leave as a real date",
        },
    )
    ends_on = forms.DateField(
        label="Last day of leave",
        widget=DATE,
        error_messages={
            "required": "Enter the last day of leave",
            "invalid": "Enter the last day of leave as a real date",
        },
    )
    cover = forms.ModelChoiceField(
        label="Who covers",
        help_text="A link worker of the same HSCP. Their queue takes the practices' new "
        "referrals while the leave lasts.",
        queryset=LinkWorker.objects.none(),
        empty_label="Choose a colleague",
        error_messages={
            "required": "Select the link worker who covers the leave",
            "invalid_choice": "Select the link worker who covers the leave from the list of "
            "colleagues in the same HSCP",
        },
    )
    note = forms.CharField(
        label="Note for the cover worker (optional)",
        required=False,
        max_length=300,
        help_text="No names of people supported: for example, 'back on the 14th, phone "
        "for anything urgent'.",
    )

    def __init__(self, *args, workers, leave: Leave | None = None, **kwargs):
        """`leave`: the recorded leave being changed, which never clashes with itself."""
        super().__init__(*args, **kwargs)
        self.leave = leave
        self.fields["link_worker"].queryset = workers
        listed = list(workers)
        cover = self.fields["cover"]
        cover.queryset = leaves.cover_candidates(listed)
        covering = leaves.covering_now_or_later(cover.queryset)
        cover.label_from_instance = lambda worker: leaves.cover_label(worker, covering)
        # Nobody to choose: say so and who to ask, rather than offer an empty list.
        self.nobody_to_cover = None
        if len(listed) == 1:  # a worker recording their own
            self.fields["link_worker"].widget = forms.HiddenInput()
            self.fields["link_worker"].initial = listed[0]
            if not cover.queryset.exists():
                self.nobody_to_cover = (
                    f"Nobody else in {listed[0].provider.hscp} can cover: ask your team lead"
                )

    def clean(self):
        """With a field in error, the rules between the fields that did clean are checked
        too, so every problem is named in one round rather than one after another (saving
        checks them all again: leave.py, leave_errors)."""
        data = super().clean()
        if self.errors:
            draft = Leave(
                pk=self.leave.pk if self.leave else None,
                **{
                    name: data.get(name)
                    for name in ("link_worker", "starts_on", "ends_on", "cover")
                },
            )
            for field, problem in leaves.leave_errors(draft).items():
                if field not in self.errors:
                    self.add_error(field, problem)
        return data

    def details(self) -> leaves.LeaveDetails:
        data = self.cleaned_data
        return leaves.LeaveDetails(
            **{name: data[name] for name in ("link_worker", "starts_on", "ends_on", "cover")},
            note=data["note"],
        )


def _workers(user):
    """The workers whose leave the user records: themself, or their team."""
    return (
        visible(user, Permission.RECORD_LEAVE, LinkWorker.objects.all())
        .select_related("user", "provider")
        .order_by("user__first_name", "user__last_name")
    )


def _saved(form, request, leave: Leave | None = None) -> Leave | None:
    try:
        if leave is None:
            return leaves.record_leave(details=form.details(), by=request.user, request=request)
        return leaves.change_leave(
            leave=leave,
            details=form.details(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except ValidationError as refused:
        for field, problems in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    except EditConflict as conflict:
        show_edit_conflict(form, conflict)
    return None


@require_http_methods(["GET", "POST"])
def leave_list(request):
    """Leave now and coming, and new leave recorded."""
    require(request.user, Permission.RECORD_LEAVE)
    form = LeaveForm(request.POST or None, workers=_workers(request.user))
    if request.method == "POST" and form.is_valid() and (saved := _saved(form, request)):
        messages.success(request, f"Leave recorded: {saved.cover} covers {saved.link_worker}.")
        return redirect("organisations:leave")
    coming = visible(request.user, Permission.RECORD_LEAVE, leaves.current_or_coming())
    rows = _rows(coming.select_related("link_worker__user", "cover__user"))
    context = {"page_title": "Leave and cover", "form": form, "rows": rows}
    return render(request, "organisations/leave.jinja", context, status=400 if form.errors else 200)


def _rows(coming) -> list[list[dict]]:
    return [
        [
            {"text": str(leave.link_worker)},
            {"text": f"{leave.starts_on:%-d %b %Y} to {leave.ends_on:%-d %b %Y}"},
            {"text": str(leave.cover)},
            {
                "html": link(
                    reverse("organisations:change_leave", args=[leave.pk]),
                    "Change",
                    hidden=f"the leave of {leave.link_worker}",
                )
            },
        ]
        for leave in coming
    ]


@require_http_methods(["GET", "POST"])
def change_leave(request, pk: int):
    """Recorded leave changed: its days, its cover or its note."""
    leave = get_visible_or_404(request.user, Permission.RECORD_LEAVE, Leave.objects.all(), pk=pk)
    initial = {
        "link_worker": leave.link_worker,
        "starts_on": leave.starts_on,
        "ends_on": leave.ends_on,
        "cover": leave.cover,
        "note": leave.note,
        "version": leave.version,
    }
    form = LeaveForm(
        request.POST or None, initial=initial, workers=_workers(request.user), leave=leave
    )
    if request.method == "POST" and form.is_valid() and _saved(form, request, leave):
        messages.success(request, f"Leave of {leave.link_worker} saved.")
        return redirect("organisations:leave")
    context = {"page_title": f"Leave of {leave.link_worker}", "form": form}
    return render(
        request, "organisations/leave_change.jinja", context, status=400 if form.errors else 200
    )
