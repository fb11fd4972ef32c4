"""Domain events other apps react to.

They are sent inside the transaction that makes the change, so receivers only defer jobs
(`morpheus.jobs`): a rolled-back change leaves no job behind and a committed one never
loses its job. Receivers must not perform side effects themselves.
"""

from django.dispatch import Signal

# kwargs: order_id: int, actor: str, declaration: orders.buyer.BuyerDeclaration | None
order_placed = Signal()
# kwargs: order_id: int. A pending order's item amounts changed (a bundle's prices, a
# discount code): the VAT follows them.
order_amounts_changed = Signal()
# kwargs: order_id: int, was_total: int, reason: str, news: str. A pending order's total
# changed for a reason the customer did not cause (VIES refused its VAT number): `reason`
# tells them why, in their words; `news` tells the same to a customer who was told no
# total before (the "We received your order" email, when it had not gone yet).
order_repriced = Signal()
# kwargs: order_id: int, transition: str (a name in orders.transitions), from_status: str,
#         to_status: str, actor: str, version: int, total_amount: int, currency: str,
#         flagged_reason: str (the order's as it moves, so a receiver need not read the row).
#         Receivers key on `transition`. A receiver that writes the order's row answers
#         True, so the transition's copy of the order is reloaded.
order_status_changed = Signal()
# kwargs: order_id: int, refunded_total: int, previous_total: int, actor: str,
#         refund_reference: str (the payment provider's refunds that raised the total, by
#         their ids; empty when unknown), taken_back: int (how many refunds the provider
#         failed after paying them had lowered the total before: the same total reached
#         again is another refund's)
order_refund_recorded = Signal()
# kwargs: order_id: int, amount: int, refunded_total: int, refund_reference: str, actor: str.
#         A refund the payment provider had paid failed after all (the customer's bank sent
#         `amount` back), and the order's refunded total went down to `refunded_total`;
#         `refund_reference` is the provider's id of that refund.
order_refund_taken_back = Signal()
# kwargs: order_id: int, actor: str
order_disputed = Signal()
# kwargs: order_id: int, dispute: str (the payment provider's id), amount: int (minor units,
#         in the order's currency), actor: str: a lost dispute took `amount` back through the
#         customer's bank; negative when a dispute lost before is won after all and the money
#         comes back.
order_charged_back = Signal()
# kwargs: user_id: int. Sent inside the erasure's transaction: apps that keep personal data
# of their own about a customer (API tokens) forget it there.
customer_erased = Signal()
# kwargs: user_ids: list[int]. A question rather than an event: a receiver answers the ids
# of those customers who asked for their account's erasure, which a job then carries out
# (the accounts app), so nothing is emailed to them in between (`orders.guests.erasing`).
erasure_asked = Signal()
# kwargs: user_id: int. Sent for a customer's data export: apps that keep personal data of
# their own about a customer (API tokens) answer {section name: rows} for the export.
customer_data_exported = Signal()
# kwargs: user_id: int. Sent when a customer's password is replaced (reset from the
# emailed link, or changed): whoever had the old one may have made credentials of their
# own, so apps that keep some (API tokens) stop them. Each receiver answers how many.
customer_password_replaced = Signal()
# kwargs: order_ids: list[int]. A question rather than an event: each receiver answers
# the set of those orders whose payment waits for the customer's own step (3-D Secure),
# which only the app that takes payments knows. Waiting does nothing for such an order:
# the customer finishes or cancels its payment (`orders.selectors.orders_awaiting_customer`).
payment_awaits_customer = Signal()
# kwargs: order: Order. A question: a receiver answers what lost disputes of the order's
# payment took back through the customer's bank (minor units), which only the app that
# takes payments knows (`orders.selectors.order_disputes_lost_total`).
disputes_lost_total_asked = Signal()
# kwargs: order_ids: list[int]. A question rather than an event: each receiver answers the
# set of those orders whose downloads are paused (staff suspended their links for sharing),
# which only the delivery app knows (`orders.selectors.orders_downloads_paused`).
downloads_paused_asked = Signal()
# kwargs: order_ids: list[int]. A question rather than an event: each receiver answers, of
# those orders whose last refund Stripe refused, whether staff settled it without refunding
# (they told the customer what happens instead): {order_id: settled}. Only the payments app
# knows (`orders.selectors.orders_refund_refused`).
refund_refused_asked = Signal()
# kwargs: order_id: int, declaration: orders.buyer.BuyerDeclaration. A question rather than
# an event: the checkout that placed the order was sent again (the Back button) with this
# country and VAT number. The VAT app answers, in the customer's words, why that is not
# what the order was placed with (what the checkout would refuse of it, then what the order
# has), or "" when it is.
checkout_declared_again = Signal()
# kwargs: order_id: int. A question rather than an event: the VAT app answers the
# orders.buyer.BuyerDeclaration the order was placed with (country, VAT number, business
# name and billing address), None when it recorded none: an order canceled to check out
# again gives them back to the cart to be corrected.
order_declaration_asked = Signal()
# kwargs: order_id: int. A question rather than an event, asked under the customer's and the
# order's row locks before an order with nothing to pay completes (`order_complete_free`): a
# receiver that knows why it may not raises its domain error, in the words a payment's start
# refuses it with (the promotions app: a series completed at a price that no longer holds).
free_completion_asked = Signal()
# kwargs: orders: list[Order]. A question rather than an event: a receiver answers, of
# those orders that cannot be paid as they stand, why, in the customer's words: {order_id:
# words} (the promotions app: a bundle price that no longer holds;
# `orders.selectors.orders_unpayable_as_they_stand`).
order_unpayable_asked = Signal()
# kwargs: order: Order, comic_ids: set[int]. A question: a receiver answers with the title
# of a bundle the order buys that the customer can complete today by buying exactly those
# of its comics, for less than on their own, or None (the promotions app,
# `promotions.bundles.completion_left`). An order that cannot be paid for a comic bought
# since names it as what to do with the others (outside probe HZ-5).
completion_offered_asked = Signal()
