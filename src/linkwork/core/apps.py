from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "linkwork.core"
    label = "core"

    def ready(self):
        from linkwork.core import checks  # noqa: F401 (registers the system checks)
        from linkwork.core.history import build_history_managers_once
        from linkwork.core.postgres import keep_prepared_statements
        from linkwork.core.sqlite_dates import remember_sqlite_dates

        build_history_managers_once()
        remember_sqlite_dates()
        keep_prepared_statements()
