import factory

from linkwork.organisations.models import (
    HSCP,
    Cluster,
    HostSetting,
    LinkWorker,
    Practice,
    PracticeAttachment,
    Provider,
)


class HSCPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HSCP

    name = factory.Sequence(lambda n: f"Test HSCP {n}")
    code = factory.Sequence(lambda n: f"S37{n:06d}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    hscp = factory.SubFactory(HSCPFactory)
    name = factory.Sequence(lambda n: f"Cluster {n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Practice {n}")
    code = factory.Sequence(lambda n: f"{40000 + n:05d}")
    list_size = 6000
    postcode = "G51 3HR"


class HostSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostSetting

    hscp = factory.SubFactory(HSCPFactory)
    name = factory.Sequence(lambda n: f"Host setting {n}")
    kind = "homelessness"
    postcode = "G1 5JQ"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    hscp = factory.SubFactory(HSCPFactory)
    name = factory.Sequence(lambda n: f"Provider {n}")


class LinkWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkWorker

    user = factory.SubFactory("linkwork.accounts.tests.factories.UserFactory")
    provider = factory.SubFactory(ProviderFactory)


class PracticeAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAttachment

    link_worker = factory.SubFactory(LinkWorkerFactory)
    practice = factory.SubFactory(PracticeFactory)
    working_days = factory.LazyFunction(lambda: ["mon", "tue", "wed", "thu", "fri"])


def link_worker_away(world, starts_on, days: int):
    """The world's `link_worker` on leave from `starts_on` for `days` more days,
    `other_link_worker` covering, recorded by their team lead."""
    from datetime import timedelta

    from linkwork.organisations import leave

    return leave.record_leave(
        details=leave.LeaveDetails(
            link_worker=world.worker_a,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=days),
            cover=world.worker_a2,
        ),
        by=world.users["team_lead"],
    )
