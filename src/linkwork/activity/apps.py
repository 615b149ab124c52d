from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "linkwork.activity"
    label = "activity"
    verbose_name = "Time and meetings"
