from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "promotions"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from catalog.models import Comic
        from orders.signals import (
            completion_offered_asked,
            customer_erased,
            free_completion_asked,
            order_status_changed,
            order_unpayable_asked,
        )
        from promotions.models import Bundle
        from promotions.receivers import (
            answer_completion_offered,
            answer_lapsed_completions,
            keep_erased_customers_code_uses,
            refuse_a_lapsed_free_completion,
            refuse_deleting_a_bundle_named_by_codes,
            refuse_deleting_a_comic_named_by_promotions,
            release_use_of_canceled_order,
        )

        order_status_changed.connect(release_use_of_canceled_order, dispatch_uid="promotions")
        customer_erased.connect(keep_erased_customers_code_uses, dispatch_uid="promotions.erased")
        free_completion_asked.connect(
            refuse_a_lapsed_free_completion, dispatch_uid="promotions.free_completion"
        )
        order_unpayable_asked.connect(
            answer_lapsed_completions, dispatch_uid="promotions.unpayable"
        )
        completion_offered_asked.connect(
            answer_completion_offered, dispatch_uid="promotions.completion_offered"
        )
        pre_delete.connect(
            refuse_deleting_a_comic_named_by_promotions, sender=Comic, dispatch_uid="promotions"
        )
        pre_delete.connect(
            refuse_deleting_a_bundle_named_by_codes, sender=Bundle, dispatch_uid="promotions"
        )
