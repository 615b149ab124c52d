"""Django's admin, for superusers setting up the organisation. People's records are not
registered here: they are reached only through the audited, authorised pages."""

from django.contrib import admin

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


class PracticeAttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 1


class HostSettingAttachmentInline(admin.TabularInline):
    model = HostSettingAttachment
    extra = 1


@admin.register(HostSetting)
class HostSettingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "hscp", "postcode", "active"]
    list_filter = ["hscp", "kind", "active"]
    search_fields = ["name"]


@admin.register(HSCP)
class HSCPAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "hscp"]
    list_filter = ["hscp"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "cluster", "list_size", "postcode"]
    list_filter = ["cluster__hscp"]
    search_fields = ["name", "code"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "hscp"]


@admin.register(LinkWorker)
class LinkWorkerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "provider", "theme", "capacity", "wte"]
    inlines = [PracticeAttachmentInline, HostSettingAttachmentInline]
