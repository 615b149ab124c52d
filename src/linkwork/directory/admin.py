from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from linkwork.directory.models import Organisation, Service, Source


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "hscp", "source"]
    list_filter = ["hscp"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "capacity_status", "last_verified_on"]
    search_fields = ["name", "organisation__name"]
    list_filter = ["capacity_status", "status"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "last_imported_at"]
