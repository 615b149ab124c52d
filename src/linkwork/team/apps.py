from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "linkwork.team"
    label = "team"
