from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each role's home page and the header navigation: the top floor, which may read
    every domain app and which none of them reads."""

    name = "linkwork.home"
    label = "home"
