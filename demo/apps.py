from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and the demo purchase: the top layer, so the shop's own apps never
    depend on them."""

    name = "demo"
