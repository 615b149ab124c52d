"""Setting up how the service is organised."""

from decimal import Decimal

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.organisations.models import (
    HSCP,
    Cluster,
    HostSetting,
    HostSettingAttachment,
    LinkWorker,
    Practice,
    PracticeAttachment,
    Provider,
)


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


def create_hscp(*, name: str, code: str) -> HSCP:
    return _saved(HSCP(name=name, code=code))


def create_cluster(*, hscp: HSCP, name: str) -> Cluster:
    return _saved(Cluster(hscp=hscp, name=name))


def create_practice(
    *, cluster: Cluster, name: str, code: str, list_size: int | None, postcode: str
) -> Practice:
    return _saved(
        Practice(cluster=cluster, name=name, code=code, list_size=list_size, postcode=postcode)
    )


def create_host_setting(
    *,
    hscp: HSCP,
    name: str,
    kind: str,
    address: str = "",
    postcode: str = "",
    active: bool = True,
) -> HostSetting:
    return save_host_setting(
        host_setting=HostSetting(hscp=hscp),
        by=None,
        name=name,
        kind=kind,
        address=address,
        postcode=postcode,
        active=active,
    )


def host_link_worker(*, link_worker: LinkWorker, host_setting: HostSetting) -> None:
    """The worker takes the host setting's referrals, as a practice's they are placed in."""
    if not HostSettingAttachment.objects.filter(
        link_worker=link_worker, host_setting=host_setting
    ).exists():
        _saved(HostSettingAttachment(link_worker=link_worker, host_setting=host_setting))


HOST_SETTING_FIELDS = ("name", "kind", "address", "postcode", "active")


@transaction.atomic
def save_host_setting(
    *, host_setting: HostSetting, by, workers=None, request=None, **fields
) -> HostSetting:
    """An administrator adds or changes a host setting and, given `workers`, the link
    workers it hosts (exactly those); one audit event names what changed (no personal
    data: organisation records)."""
    created = host_setting.pk is None
    for name in HOST_SETTING_FIELDS:
        if name in fields:
            setattr(host_setting, name, fields[name])
    _saved(host_setting)
    if workers is not None:
        _set_hosted(host_setting, workers)
    record(
        action=Action.CREATE if created else Action.CHANGE,
        request=request,
        actor=by,
        obj=host_setting,
        hscp_id=host_setting.hscp_id,
        detail={"workers": sorted(w.pk for w in workers)} if workers is not None else {},
    )
    return host_setting


def _set_hosted(host_setting: HostSetting, workers) -> None:
    keep = {worker.pk for worker in workers}
    host_setting.attachments.exclude(link_worker__in=keep).delete()
    for worker in workers:
        host_link_worker(link_worker=worker, host_setting=host_setting)


def create_provider(*, hscp: HSCP, name: str) -> Provider:
    return _saved(Provider(hscp=hscp, name=name))


@transaction.atomic
def create_link_worker(
    *,
    user: User,
    provider: Provider,
    placements: dict[Practice, list[str]] | None = None,
    theme: str = "",
    capacity: int = 40,
    work_phone: str = "",
    wte: Decimal | None = None,
) -> LinkWorker:
    """Make `user` a link worker of `provider`, placed in practices on the given weekdays."""
    worker = _saved(
        LinkWorker(
            user=user,
            provider=provider,
            theme=theme,
            capacity=capacity,
            work_phone=work_phone,
            wte=wte,
        )
    )
    for practice, days in (placements or {}).items():
        _saved(PracticeAttachment(link_worker=worker, practice=practice, working_days=days))
    assign_role(user=user, role=Role.LINK_WORKER, provider=provider)
    return worker
