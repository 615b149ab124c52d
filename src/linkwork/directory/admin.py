from django.contrib import admin

from linkwork.directory.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]
