from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "linkwork.reporting"
    label = "reporting"
