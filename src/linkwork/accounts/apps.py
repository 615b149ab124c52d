from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linkwork.accounts"
    label = "accounts"

    def ready(self) -> None:
        from linkwork.accounts import signals, two_factor  # noqa: F401
        from linkwork.accounts.people import role_changes  # noqa: F401
