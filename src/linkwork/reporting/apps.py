from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "linkwork.reporting"
    label = "reporting"

    def ready(self):
        from linkwork.reporting import facts

        facts.connect()  # the facts follow every committed change to the records
