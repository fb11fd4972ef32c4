"""An unpaid order's prices, discounts and VAT changed."""

from morpheus.db_context import system_scope
from orders import errors, events, signals
from orders.models import Order, OrderItem
from orders.transitions import OrderStatus


def order_items_reprice(*, order: Order, prices: dict[int, int], actor: str, reason: str) -> Order:
    """Set the price of items of a new pending order (item id -> amount), e.g. a bundle's
    price shared across its comics; subtotal and total follow."""
    with system_scope():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.PENDING or locked.discount_amount:
            raise errors.OrderError(f"Order {locked.number} can no longer be repriced.")
        for item_id, amount in prices.items():
            OrderItem.objects.filter(order=locked, pk=item_id).update(unit_amount=amount)
        subtotal = sum(locked.items.values_list("unit_amount", flat=True))
        # The VAT added on net prices, or taken off for a reverse charge, follows
        # (order_amounts_changed).
        locked.subtotal_amount = locked.total_amount = subtotal
        locked.tax_added_amount = locked.tax_removed_amount = 0
        locked.version += 1
        locked.save(
            update_fields=[
                "subtotal_amount",
                "total_amount",
                "tax_added_amount",
                "tax_removed_amount",
                "version",
                "updated_at",
            ]
        )
        events.bundle_priced(order=locked, actor=actor, reason=reason, total_amount=subtotal)
        signals.order_amounts_changed.send(sender=Order, order_id=locked.pk)
    order.refresh_from_db()
    return order


def order_discount_set(*, order: Order, discounts: dict[int, int], actor: str, code: str) -> Order:
    """Take a discount off a pending order: `discounts` is each item's share (item id ->
    amount), already allocated; the total drops by their sum. The caller holds the lock."""
    if order.status != OrderStatus.PENDING:
        raise errors.OrderError(f"Order {order.number} is {order.status}: too late for a code.")
    amount = sum(discounts.values())
    with system_scope():  # a customer's session writes no price (orders 0020)
        for item_id, share in discounts.items():
            OrderItem.objects.filter(order=order, pk=item_id).update(discount_amount=share)
        order.total_amount = order.subtotal_amount - amount
        order.version += 1
        order.save(update_fields=["total_amount", "version", "updated_at"])
        events.discount_applied(order=order, actor=actor, code=code, amount=amount)
        signals.order_amounts_changed.send(sender=Order, order_id=order.pk)
    return order


def order_tax_set(*, order: Order, added: int = 0, removed: int = 0) -> Order:
    """The VAT of a pending order's items decides its total: with net prices, the VAT
    `added` on top becomes part of it; with prices including VAT sold by reverse charge, the
    VAT a consumer would pay on them is `removed` from it (the business pays the net). The
    caller holds the lock. Recorded again as it was, the order is not saved: its version
    stays, so a copy of it taken before is still current."""
    if order.status != OrderStatus.PENDING:
        raise errors.OrderError(f"Order {order.number} is {order.status}: its VAT is fixed.")
    with system_scope():  # a customer's session writes no price (orders 0020)
        discounts = sum(order.items.values_list("discount_amount", flat=True))
        total = order.subtotal_amount - discounts + added - removed
        if (order.total_amount, order.tax_added_amount, order.tax_removed_amount) == (
            total,
            added,
            removed,
        ):
            return order
        order.total_amount = total
        order.tax_added_amount = added
        order.tax_removed_amount = removed
        order.version += 1
        order.save(
            update_fields=[
                "total_amount",
                "tax_added_amount",
                "tax_removed_amount",
                "version",
                "updated_at",
            ]
        )
    return order
