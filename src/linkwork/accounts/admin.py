from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from linkwork.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class LinkworkUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_demo"]
    fieldsets = [*UserAdmin.fieldsets, ("Demo", {"fields": ["is_demo"]})]
