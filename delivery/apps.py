from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self) -> None:
        from delivery.receivers import fulfil_paid_order
        from orders.signals import order_status_changed

        order_status_changed.connect(fulfil_paid_order, dispatch_uid="delivery.fulfil_paid_order")
