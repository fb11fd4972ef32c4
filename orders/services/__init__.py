"""Every write to carts and orders. Each service is atomic and locks the rows it changes."""

from orders.services.cart import (
    cart_add_comic,
    cart_comics_take_out,
    cart_drop_owned,
    cart_drop_owned_and_unavailable,
    cart_remove_comic,
    cart_row_add,
    cart_row_remove,
    owned_refusal,
)
from orders.services.changes import (
    customer_unpaid_orders_cancel,
    order_cancel_by_customer,
    order_email_change,
    order_lock,
    order_transition,
    order_version_move,
)
from orders.services.comp import order_comp
from orders.services.creation import (
    being_paid_words,
    customer_turn_take,
    order_chargeable_check,
    order_complete_free,
    order_complete_free_turn,
    order_create_for_comics,
    order_create_from_cart,
    order_payable_check,
)
from orders.services.flags import (
    order_clear_dispute,
    order_flag,
    order_flag_clear,
    order_flag_reword,
    order_mark_disputed,
    order_note_add,
)
from orders.services.pricing import order_discount_set, order_items_reprice, order_tax_set
from orders.services.refunds import (
    order_items_record_refunded,
    order_record_refund_failed,
    order_record_refunded_amount,
    order_record_refunds_pending,
    order_refunds_apply_once_paid,
)

__all__ = [
    "being_paid_words",
    "cart_add_comic",
    "cart_comics_take_out",
    "cart_drop_owned",
    "cart_drop_owned_and_unavailable",
    "cart_remove_comic",
    "cart_row_add",
    "cart_row_remove",
    "customer_turn_take",
    "customer_unpaid_orders_cancel",
    "order_cancel_by_customer",
    "order_chargeable_check",
    "order_clear_dispute",
    "order_comp",
    "order_complete_free",
    "order_complete_free_turn",
    "order_create_for_comics",
    "order_create_from_cart",
    "order_discount_set",
    "order_email_change",
    "order_flag",
    "order_flag_clear",
    "order_flag_reword",
    "order_items_record_refunded",
    "order_items_reprice",
    "order_lock",
    "order_mark_disputed",
    "order_note_add",
    "order_payable_check",
    "order_record_refund_failed",
    "order_record_refunded_amount",
    "order_record_refunds_pending",
    "order_refunds_apply_once_paid",
    "order_tax_set",
    "order_transition",
    "order_version_move",
    "owned_refusal",
]
