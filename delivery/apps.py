from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "delivery"

    def ready(self) -> None:
        from catalog.signals import asset_version_published
        from delivery.receivers import (
            announce_new_version,
            fulfil_accepted_order,
            fulfil_paid_order,
            stamp_fulfilled_order,
        )
        from orders.signals import order_status_changed
        from tax.signals import vat_hold_released

        order_status_changed.connect(fulfil_paid_order, dispatch_uid="delivery.fulfil_paid_order")
        order_status_changed.connect(
            stamp_fulfilled_order, dispatch_uid="delivery.stamp_fulfilled_order"
        )
        asset_version_published.connect(
            announce_new_version, dispatch_uid="delivery.announce_new_version"
        )
        vat_hold_released.connect(
            fulfil_accepted_order, dispatch_uid="delivery.fulfil_accepted_order"
        )
