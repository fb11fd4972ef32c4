from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "promotions"

    def ready(self) -> None:
        from orders.signals import order_status_changed
        from promotions.receivers import release_use_of_canceled_order

        order_status_changed.connect(release_use_of_canceled_order, dispatch_uid="promotions")
