from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "linkwork.organisations"
    label = "organisations"
