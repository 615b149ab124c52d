from django.apps import AppConfig


class DemoConfig(AppConfig):
    """All demo and seed data, built through the domain's own services: the top floor
    beside home, which nothing in the product imports (decision 41)."""

    name = "linkwork.demo"
    label = "demo"
