from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "linkwork.links"
    label = "links"
