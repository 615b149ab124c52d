"""Administrators keep their HSCP's host settings (decision 0074): where link workers are
hosted other than GP practices, and the workers each hosts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.codelists import codelist
from linkwork.core.forms import NHSForm
from linkwork.core.jinja2_env import link
from linkwork.organisations.models import HSCP, HostSetting, LinkWorker
from linkwork.organisations.services import HOST_SETTING_FIELDS, save_host_setting


class HostSettingForm(NHSForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the host setting's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of setting",
        choices=codelist("host_setting_kinds").choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of setting"},
    )
    hscp = forms.ModelChoiceField(
        label="HSCP",
        queryset=HSCP.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the HSCP the setting is in"},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    active = forms.BooleanField(
        label="Taking referrals",
        required=False,
        initial=True,
        help_text="Untick to stop new referrals from this setting; its referrals and cases stay.",
    )
    workers = forms.ModelMultipleChoiceField(
        label="Link workers it hosts",
        help_text="They see the setting's referrals in their queue, as a practice's",
        queryset=LinkWorker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, hscps, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hscp"].queryset = hscps
        self.fields["workers"].queryset = workers
        if len(hscps) == 1:
            self.fields["hscp"].widget = forms.HiddenInput()
            self.fields["hscp"].initial = hscps[0]


def _hscps(user):
    return visible(user, Permission.MANAGE_ORGANISATIONS, HSCP.objects.all())


def _workers(user):
    return (
        visible(user, Permission.VIEW_LINK_WORKER, LinkWorker.objects.all())
        .filter(provider__hscp__in=_hscps(user))
        .select_related("user", "provider")
        .order_by("user__first_name", "user__last_name")
    )


def _saved_from(form, host_setting, request) -> HostSetting | None:
    data = form.cleaned_data
    if data["workers"] and any(w.provider.hscp_id != data["hscp"].pk for w in data["workers"]):
        form.add_error("workers", "Choose link workers of the setting's HSCP only")
        return None
    host_setting.hscp = data["hscp"]
    try:
        return save_host_setting(
            host_setting=host_setting,
            by=request.user,
            workers=list(data["workers"]),
            request=request,
            **{name: data[name] for name in HOST_SETTING_FIELDS},
        )
    except ValidationError as refused:
        for field, problems in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return None


@require_http_methods(["GET", "POST"])
def host_settings(request):
    """The HSCP's host settings, and a new one added."""
    require(request.user, Permission.MANAGE_ORGANISATIONS)
    hscps = _hscps(request.user)
    form = HostSettingForm(request.POST or None, hscps=hscps, workers=_workers(request.user))
    if request.method == "POST" and form.is_valid():
        saved = _saved_from(form, HostSetting(), request)
        if saved is not None:
            messages.success(request, f"{saved.name} added.")
            return redirect("organisations:host_settings")
    settings = (
        visible(request.user, Permission.MANAGE_ORGANISATIONS, HostSetting.objects.all())
        .select_related("hscp")
        .prefetch_related("link_workers__user")
    )
    context = {"page_title": "Host settings", "form": form, "rows": _rows(settings)}
    return render(
        request,
        "organisations/host_settings.jinja",
        context,
        status=400 if form.errors else 200,
    )


def _rows(settings) -> list[list[dict]]:
    return [
        [
            {"html": link(reverse("organisations:host_setting", args=[s.pk]), s.name)},
            {"text": s.get_kind_display()},
            {"text": s.hscp.name},
            {"text": ", ".join(str(w) for w in s.link_workers.all()) or "None yet"},
            {"text": "Yes" if s.active else "No"},
        ]
        for s in settings
    ]


@require_http_methods(["GET", "POST"])
def host_setting(request, pk: int):
    """One host setting changed: its details, whether it takes referrals, who it hosts."""
    require(request.user, Permission.MANAGE_ORGANISATIONS)
    setting = get_visible_or_404(
        request.user, Permission.MANAGE_ORGANISATIONS, HostSetting.objects.all(), pk=pk
    )
    initial = {
        **{name: getattr(setting, name) for name in HOST_SETTING_FIELDS},
        "hscp": setting.hscp,
        "workers": list(setting.link_workers.all()),
    }
    form = HostSettingForm(
        request.POST or None,
        initial=initial,
        hscps=_hscps(request.user),
        workers=_workers(request.user),
    )
    posted = request.method == "POST" and form.is_valid()
    if posted and _saved_from(form, setting, request) is not None:
        messages.success(request, f"{setting.name} saved.")
        return redirect("organisations:host_settings")
    context = {"page_title": setting.name, "form": form, "setting": setting}
    return render(
        request,
        "organisations/host_setting.jinja",
        context,
        status=400 if form.errors else 200,
    )
