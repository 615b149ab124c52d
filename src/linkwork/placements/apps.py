from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "linkwork.placements"
    label = "placements"
    verbose_name = "Practice relationships and concerns"
