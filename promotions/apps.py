from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "promotions"

    def ready(self) -> None:
        from orders.signals import free_completion_asked, order_status_changed
        from promotions.receivers import (
            refuse_a_lapsed_free_completion,
            release_use_of_canceled_order,
        )

        order_status_changed.connect(release_use_of_canceled_order, dispatch_uid="promotions")
        free_completion_asked.connect(
            refuse_a_lapsed_free_completion, dispatch_uid="promotions.free_completion"
        )
