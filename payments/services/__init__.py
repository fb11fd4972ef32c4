from payments.services.attempts import (
    payment_attempts_cancel,
    payment_authentication_abandon,
    payment_authentication_resume,
    payment_intent_send,
    payment_next_card_check_note,
    payment_possible_check,
    payment_start,
    payment_waiting_settle,
    setup_intent_create,
    stripe_customer_ensure,
)
from payments.services.disputes import DisputeEvent, dispute_apply
from payments.services.duplicates import (
    duplicate_payment_refund,
    duplicate_refund_send,
    duplicate_refund_unanswered_fail,
)
from payments.services.erasure import stripe_customer_erase, stripe_customer_erasure_start
from payments.services.outcomes import (
    payment_card_record,
    payment_outcome_apply,
    payment_refresh,
)
from payments.services.reconcile import (
    order_expire,
    payment_intent_cancel_send,
    payment_intent_cancel_unanswered,
    payments_reconcile,
)
from payments.services.refund_failures import refund_failures_settle, refund_unanswered_fail
from payments.services.refund_reports import charge_refund_updated_apply, charge_refunded_apply
from payments.services.refunds import refund_create, refund_create_for_items, refund_send

__all__ = [
    "DisputeEvent",
    "charge_refund_updated_apply",
    "charge_refunded_apply",
    "dispute_apply",
    "duplicate_payment_refund",
    "duplicate_refund_send",
    "duplicate_refund_unanswered_fail",
    "order_expire",
    "payment_attempts_cancel",
    "payment_authentication_abandon",
    "payment_authentication_resume",
    "payment_card_record",
    "payment_intent_cancel_send",
    "payment_intent_cancel_unanswered",
    "payment_intent_send",
    "payment_next_card_check_note",
    "payment_outcome_apply",
    "payment_possible_check",
    "payment_refresh",
    "payment_start",
    "payment_waiting_settle",
    "payments_reconcile",
    "refund_create",
    "refund_create_for_items",
    "refund_failures_settle",
    "refund_send",
    "refund_unanswered_fail",
    "setup_intent_create",
    "stripe_customer_ensure",
    "stripe_customer_erase",
    "stripe_customer_erasure_start",
]
