from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "linkwork.groups"
    label = "groups"
    verbose_name = "Group activities"
