from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self) -> None:
        from catalog.signals import asset_version_published, library_lists_asked
        from delivery.receivers import (
            announce_new_version,
            answer_downloads_paused,
            answer_library_lists,
            close_erased_customers_downloads,
            fulfil_accepted_order,
            fulfil_paid_order,
            stamp_fulfilled_order,
        )
        from orders.signals import customer_erased, downloads_paused_asked, order_status_changed
        from tax.signals import vat_hold_released

        order_status_changed.connect(fulfil_paid_order, dispatch_uid="delivery.fulfil_paid_order")
        order_status_changed.connect(
            stamp_fulfilled_order, dispatch_uid="delivery.stamp_fulfilled_order"
        )
        asset_version_published.connect(
            announce_new_version, dispatch_uid="delivery.announce_new_version"
        )
        customer_erased.connect(
            close_erased_customers_downloads,
            dispatch_uid="delivery.close_erased_customers_downloads",
        )
        vat_hold_released.connect(
            fulfil_accepted_order, dispatch_uid="delivery.fulfil_accepted_order"
        )
        downloads_paused_asked.connect(
            answer_downloads_paused, dispatch_uid="delivery.answer_downloads_paused"
        )
        library_lists_asked.connect(
            answer_library_lists, dispatch_uid="delivery.answer_library_lists"
        )
