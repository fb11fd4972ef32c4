from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self) -> None:
        from django.urls import register_converter

        from orders import metrics  # noqa: F401 - registers the orders' gauges
        from orders.converters import OrderNumberConverter

        register_converter(OrderNumberConverter, "order_number")
