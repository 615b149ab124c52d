"""Setting up how the service is organised."""

from decimal import Decimal

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.organisations.models import (
    HSCP,
    Cluster,
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
