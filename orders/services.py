"""Every write to carts and orders. Each service is atomic and locks the rows it changes."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed

from catalog.models import Comic
from catalog.selectors import comics_not_for_sale
from morpheus import metrics
from morpheus.compiled import fields_update
from morpheus.db_context import set_audit_context, system_scope
from morpheus.jobs import deferred_together
from morpheus.money import (
    above_maximum_charge,
    format_display,
    format_money,
    maximum_charge,
    share_above_maximum_charge,
)
from morpheus.transactions import take_turns
from orders import errors, events, selectors, signals
from orders.buyer import BuyerDeclaration
from orders.models import Cart, CartItem, Order, OrderEvent, OrderItem
from orders.numbers import order_number_new
from orders.selectors import and_joined
from orders.sql import INVALID_TRANSITION_SQLSTATE
from orders.status_words import nothing_to_pay
from orders.transitions import (
    ENTITLED_STATUSES,
    TRANSITIONS_BY_NAME,
    UNPAID_STATUSES,
    OrderStatus,
)


def cart_add_comic(*, customer: AbstractBaseUser, comic: Comic) -> CartItem:
    if comics_not_for_sale([comic]):
        raise errors.ComicUnavailable(f"{comic.title} is no longer for sale.")
    if selectors.comics_owned(customer=customer, comic_ids=[comic.pk]):
        raise errors.AlreadyOwned(
            f"You already own {comic.title}: it is in your library, no need to buy it again."
        )
    return cart_row_add(customer=customer, model=CartItem, comic=comic)


def cart_drop_owned(*, customer: AbstractBaseUser) -> list[str]:
    """Take the comics the customer owns out of their cart (bought since they were added,
    in another tab or on another device); the titles taken out, for the customer."""
    return _cart_drop(
        customer=customer,
        picked=lambda comics: selectors.comics_owned(
            customer=customer, comic_ids=[comic.pk for comic in comics]
        ),
    )


def cart_drop_unavailable(*, customer: AbstractBaseUser) -> list[str]:
    """Take the comics no longer for sale (withdrawn, or without a file) out of the
    customer's cart; the titles taken out, for the customer."""
    return _cart_drop(
        customer=customer,
        picked=lambda comics: {comic.pk for comic in comics_not_for_sale(comics)},
    )


def _cart_drop(
    *, customer: AbstractBaseUser, picked: Callable[[list[Comic]], set[int]]
) -> list[str]:
    """Delete the cart's lines whose comic ids `picked` returns, under the cart's lock;
    their titles."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is None:
            return []
        comics = [line.comic for line in cart.items.select_related("comic")]
        dropped = picked(comics)
        if not dropped:
            return []
        cart.items.filter(comic_id__in=dropped).delete()
        cart.save(update_fields=["updated_at"])
    return [comic.title for comic in comics if comic.pk in dropped]


def owned_refusal(titles: list[str]) -> errors.AlreadyOwned:
    """The refusal of a purchase of comics the customer owns, naming them."""
    it, is_ = ("it", "is") if len(titles) == 1 else ("them", "are")
    they = "it" if len(titles) == 1 else "they"
    return errors.AlreadyOwned(
        f"You already own {', '.join(titles)}: {they} {is_} in your library, no need to "
        f"buy {it} again."
    )


def cart_row_add(*, customer: AbstractBaseUser, model: type[models.Model], **match: object):
    """The row of `model` (a cart line) matching `match` in the customer's cart, made once;
    the cart's `updated_at` moves either way."""
    with transaction.atomic():
        cart, _ = Cart.objects.get_or_create(customer=customer)
        row, _ = model.objects.get_or_create(cart=cart, **match)
        cart.save(update_fields=["updated_at"])
    return row


def cart_comics_take_out(*, customer: AbstractBaseUser) -> list[int]:
    """Empty the customer's cart of its comics, under the cart's lock; their ids, oldest
    first (for a guest's session ending as a visitor's, whose cart they become)."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is None:
            return []
        comic_ids = list(cart.items.values_list("comic_id", flat=True))
        cart.items.all().delete()
        cart.save(update_fields=["updated_at"])
    return comic_ids


def cart_remove_comic(*, customer: AbstractBaseUser, comic_id: int) -> None:
    cart_row_remove(customer=customer, model=CartItem, comic_id=comic_id)


def cart_row_remove(*, customer: AbstractBaseUser, model: type[models.Model], **match: object):
    """Delete the row of `model` (a cart line) matching `match` from the customer's cart,
    holding the cart's lock as checkout does: the line goes before a checkout reads the
    cart or after it is ordered, never while it is being ordered. The cart's `updated_at`
    moves."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is not None:
            model.objects.filter(cart=cart, **match).delete()
            cart.save(update_fields=["updated_at"])


def order_create_from_cart(
    *, customer: AbstractBaseUser, actor: str, declaration: BuyerDeclaration | None = None
) -> Order:
    """Turn the customer's cart into a pending order and empty the cart. `declaration` is
    what the buyer said at checkout (country, VAT number), for the VAT app."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        comics = [item.comic for item in cart.items.select_related("comic")] if cart else []
        if not comics:
            raise errors.EmptyCart("Your cart is empty.")
        order = _order_create(
            customer=customer,
            comics=comics,
            actor=actor,
            hint=" Remove it from your cart.",
            declaration=declaration,
        )
        cart.items.all().delete()
    return order


def order_create_for_comics(
    *,
    customer: AbstractBaseUser,
    comics: list[Comic],
    actor: str,
    declaration: BuyerDeclaration | None = None,
) -> Order:
    """A pending order for exactly these comics, leaving the cart alone (direct purchase)."""
    unique = list({comic.pk: comic for comic in comics}.values())
    if not unique:
        raise errors.EmptyOrder("An order needs at least one comic.")
    with transaction.atomic():
        return _order_create(customer=customer, comics=unique, actor=actor, declaration=declaration)


def _order_create(
    *,
    customer: AbstractBaseUser,
    comics: list[Comic],
    actor: str,
    hint: str = "",
    declaration: BuyerDeclaration | None = None,
) -> Order:
    unavailable = [comic.title for comic in comics_not_for_sale(comics)]
    if unavailable:
        raise errors.ComicUnavailable(f"No longer for sale: {', '.join(unavailable)}.{hint}")
    owned = selectors.comics_owned(customer=customer, comic_ids=[comic.pk for comic in comics])
    if owned:
        raise owned_refusal([comic.title for comic in comics if comic.pk in owned])
    currencies = {comic.currency for comic in comics}
    if len(currencies) > 1:
        raise errors.MixedCurrencies(errors.MixedCurrencies.CART)
    subtotal = sum(comic.price_amount for comic in comics)
    with system_scope():  # a customer's session writes no order nor price (orders 0020)
        order = Order.objects.create(
            number=order_number_new(),
            customer=customer,
            email=customer.email,
            currency=currencies.pop(),
            subtotal_amount=subtotal,
            total_amount=subtotal,
            prices_include_tax=settings.TAX_PRICES_INCLUDE_TAX,
        )
        OrderItem.objects.bulk_create(
            OrderItem(order=order, comic=comic, title=comic.title, unit_amount=comic.price_amount)
            for comic in comics
        )
        events.order_placed(order=order, actor=actor, items=len(comics), declaration=declaration)
        order.refresh_from_db()  # its receivers may change it (VAT added, a VAT evidence flag)
    return order


def order_chargeable_check(*, order: Order, parts: list[list[int]] | None = None) -> None:
    """Raises AboveMaximumCharge for a new order that comes to more, VAT included, than
    Stripe charges a card at once (eight digits of minor units: 999,999.99 EUR). Each
    checkout asks once it has priced the order (a bundle's price, a code taken off), in the
    transaction that placed it, which then places nothing. `parts`: the things the customer
    could buy apart, each the ids of its items (a bundle's are one; each comic by default)."""
    if not above_maximum_charge(order.total_amount, order.currency):
        return
    items = list(order.items.order_by("pk"))
    total = format_display(order.total_amount, order.currency)
    most = format_display(maximum_charge(order.currency), order.currency)
    what = f"{items[0].title} comes" if len(items) == 1 else "These comics come"
    # Buying fewer is advised only when each thing bought apart comes under it (outside
    # probes CL-3, a bundle, and CO-1, a comic above it alone). One comic or one bundle is
    # told nothing a consumer cannot do: a business may buy it without VAT, which the cart
    # says where the reverse charge applies (CN-1).
    apart = _each_part_chargeable(order, items, parts or [[item.pk] for item in items])
    raise errors.AboveMaximumCharge(
        f"{what} to {total}, more than a card can be charged at once ({most}): nothing was "
        f"ordered.{' Buy fewer of them at a time.' if apart else ''}"
    )


def _each_part_chargeable(order: Order, items: list[OrderItem], parts: list[list[int]]) -> bool:
    """Whether there are several parts and each, bought alone, comes under the maximum."""
    paid = {item.pk: item.paid_amount for item in items}
    whole = sum(paid.values())
    return len(parts) > 1 and not any(
        share_above_maximum_charge(
            sum(paid[pk] for pk in part),
            whole=whole,
            total=order.total_amount,
            currency=order.currency,
        )
        for part in parts
    )


def order_payable_check(*, order: Order) -> None:
    """Refuse to take a payment for an order holding comics staff took off sale since it was
    placed (outside probe GV-1: a pay page left open sold one), that the customer owns
    already (bought in another order since this one was placed) or is paying for in another
    order right now (two tabs paying at once). The caller holds the customer's row lock (one
    payment start per customer at a time) and the order's."""
    if refusal := selectors.withdrawn_refusal(order=order):
        raise errors.NoLongerForSale(refusal)
    comic_titles = dict(order.items.values_list("comic_id", "title"))
    owned = selectors.comics_owned(customer=order.customer, comic_ids=comic_titles)
    if owned:
        titles = [title for pk, title in comic_titles.items() if pk in owned]
        others = len(owned) < len(comic_titles)
        if not order.total_amount:  # never to be paid: nothing to buy again (outside probe BR-4)
            raise errors.AlreadyOwned(
                f"You already have {', '.join(titles)} in your library, so there is nothing to "
                f"do with free order {order.number}: cancel it"
                f"{' and get the other comics again' if others else ''}."
            )
        raise errors.AlreadyOwned(
            f"{owned_refusal(titles)} Order {order.number} cannot be paid: cancel it"
            f"{' and buy the other comics again' if others else ''}."
        )
    paying = selectors.orders_paying_for(order=order)
    if paying:
        raise errors.AlreadyOwned(being_paid_words(order=order, paying=paying))


def being_paid_words(*, order: Order, paying: list[selectors.PayingOrder]) -> str:
    """Why `order` cannot be paid while other orders of the customer's pay for its comics
    (`selectors.orders_paying_for`), in the customer's words: a payment under way is waited
    for; one waiting for the customer's own 3-D Secure is not (waiting does nothing), the
    customer finishes or cancels it. (The pay page says the same with links.)"""
    waiting = [other for other in paying if other.awaits_customer]
    under_way = [other for other in paying if not other.awaits_customer]
    sentences = []
    if waiting:
        titles = selectors.paying_titles(waiting)
        one, comics_it = len(waiting) == 1, "it" if len(titles) == 1 else "them"
        sentences.append(
            f"{and_joined(titles)} {'is' if len(titles) == 1 else 'are'} in your "
            f"{'order' if one else 'orders'} {and_joined([other.number for other in waiting])}, "
            f"whose {'payment is' if one else 'payments are'} waiting for you to confirm "
            f"{'it' if one else 'them'} with your bank: waiting does nothing. Finish "
            f"{'that payment' if one else 'those payments'}, or cancel "
            f"{'that order' if one else 'those orders'} to pay for {comics_it} in order "
            f"{order.number}."
        )
    if under_way:
        titles = selectors.paying_titles(under_way)
        one = len(under_way) == 1
        sentences.append(
            f"{and_joined(titles)} {'is' if len(titles) == 1 else 'are'} being paid for in your "
            f"{'order' if one else 'orders'} {and_joined([other.number for other in under_way])}: "
            f"wait for {'that payment' if one else 'those payments'} (if "
            f"{'it fails' if one else 'they fail'}, order {order.number} can be paid then)."
        )
    return " ".join(sentences)


def customer_turn_take(*, customer_id: int) -> None:
    """Lock the customer's row until the transaction ends: what starts paying for an order
    (a payment, a free completion) takes turns per customer, so two tabs buying one comic
    in two orders are never both given it. (Accounts are not under row-level security.)"""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=customer_id).exists()


def order_complete_free_turn(*, order: Order) -> bool:
    """Requests completing one order take turns until each one's transaction ends; whether
    this one still has it to do. A repeat (a double click, a client's retry, at once or
    later) has not, and so counts against no limit. Found by an outside probe: five
    retries of one completion used up the hour's free orders."""
    take_turns(f"complete-free:{order.pk}")
    return Order.objects.filter(pk=order.pk).exclude(status__in=ENTITLED_STATUSES).exists()


def order_complete_free(*, order: Order, actor: str) -> Order:
    """An order with nothing to pay becomes paid without a payment provider (transition
    `complete_free`); fulfilment follows as for a paid order. Asked again once it is
    (a double click), it changes nothing and is not refused. Like a payment, it is refused
    for an order holding a comic the customer owns or is paying for in another order
    (`order_payable_check`), or completing a series at a price that no longer holds (a 100 %
    code made it free; `signals.free_completion_asked`), checked under the customer's row
    lock and the order's."""
    with transaction.atomic():
        customer_turn_take(customer_id=order.customer_id)
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.total_amount != 0 and locked.status != OrderStatus.PENDING:
            raise errors.TransitionNotAllowed(nothing_to_pay(locked))
        if locked.total_amount != 0:
            due = format_money(locked.total_amount, locked.currency)
            raise errors.NotFree(f"Order {locked.number} has {due} to pay.")
        if locked.status == OrderStatus.CANCELED:  # the machine's words are staff's (GS-1)
            raise errors.TransitionNotAllowed(
                f"Order {locked.number} was canceled, so it was not completed: add its comics "
                "to your cart again to get them."
            )
        if locked.status not in ENTITLED_STATUSES:
            order_payable_check(order=locked)
            signals.free_completion_asked.send(sender=Order, order_id=locked.pk)
            order_transition(
                order=locked, name="complete_free", actor=actor, reason="Nothing to pay"
            )
    order.refresh_from_db()
    return order


def order_comp(
    *,
    customer: AbstractBaseUser,
    comics: list[Comic],
    reason: str,
    actor: str,
    form_key: uuid.UUID | None = None,
) -> Order:
    """Staff give a customer comics: an order at no cost, completed at once and fulfilled
    like any paid order; the history keeps who gave what and why. Staff accounts are not
    customers: nobody gives comics to themselves or a colleague; nor a comic the customer
    owns or is paying for in an order right now (its payment would go through: they would
    pay for a comic they were given). Checked under the customer's row lock, which a
    payment's start takes too (`customer_turn_take`): a payment started meanwhile finds the
    comic owned. With `form_key`, the key of the form staff sent, the same form sent again
    (a double click, at once or later) raises `CompAlreadyGiven` with the order it made."""
    if not reason.strip():
        raise errors.OrderError("Giving comics away needs a reason.")
    if customer.is_staff:
        raise errors.OrderError(f"{customer.get_username()} is staff: comics go to customers.")
    unique = list({comic.pk: comic for comic in comics}.values())
    if not unique:
        raise errors.EmptyOrder("Pick at least one comic to give.")
    with transaction.atomic():
        customer_turn_take(customer_id=customer.pk)
        given = form_key and selectors.comp_given_by_form(
            customer=customer, form_key=form_key, comic_ids=[comic.pk for comic in unique]
        )
        if given:
            raise errors.CompAlreadyGiven(
                f"Order {given.number} already gives these comics: this form was sent twice, "
                "and nothing more was given.",
                order=given,
            )
        owned = selectors.comics_owned(customer=customer, comic_ids=[comic.pk for comic in unique])
        if owned:
            titles = ", ".join(comic.title for comic in unique if comic.pk in owned)
            raise errors.AlreadyOwned(
                f"{customer.get_username()} already owns {titles} (in their library): "
                "nothing was given."
            )
        paying = selectors.orders_paying_for_comics(
            customer=customer, titles={comic.pk: comic.title for comic in unique}
        )
        if paying:
            raise errors.AlreadyOwned(_comp_being_paid_words(customer=customer, paying=paying))
        currencies = {comic.currency for comic in unique}
        if len(currencies) > 1:
            raise errors.MixedCurrencies("Comics priced in different currencies: give them apart.")
        order = Order.objects.create(
            number=order_number_new(),
            customer=customer,
            email=customer.email,
            currency=currencies.pop(),
            subtotal_amount=0,
            total_amount=0,
            prices_include_tax=settings.TAX_PRICES_INCLUDE_TAX,
        )
        OrderItem.objects.bulk_create(
            OrderItem(order=order, comic=comic, title=comic.title, unit_amount=0)
            for comic in unique
        )
        events.order_placed(order=order, actor=actor, items=len(unique))
        events.comp_granted(
            order=order,
            actor=actor,
            reason=reason,
            comics=[comic.pk for comic in unique],
            form_key=form_key,
        )
        # Placing it recorded its VAT (the tax app's receiver), which may have saved the row.
        locked = Order.objects.select_for_update().get(pk=order.pk)
        return order_transition(
            order=locked, name="complete_free", actor=actor, reason=reason, locked=True
        )


def _comp_being_paid_words(
    *, customer: AbstractBaseUser, paying: list[selectors.PayingOrder]
) -> str:
    """Why a comp gives nothing while the customer pays for some of its comics in other
    orders (`selectors.orders_paying_for_comics`), in staff's words, naming those orders."""
    held = []
    for other in paying:
        state = "waiting for their 3-D Secure" if other.awaits_customer else "under way"
        held.append(f"{and_joined(list(other.titles))} in order {other.number} (payment {state})")
    if len(paying) == 1:
        then = "that payment fails or that order is canceled"
    else:
        then = "those payments fail or those orders are canceled"
    it = "it" if len(selectors.paying_titles(paying)) == 1 else "them"
    return (
        f"{customer.get_username()} is paying for {and_joined(held)}: nothing was given. "
        f"If {then}, give {it} then."
    )


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


def order_lock(order: Order) -> Order:
    """Lock the order's row and check the caller did not act on an outdated copy: the
    services behind the staff order page's actions call it (a status change, re-sent links);
    the refund screen compares the version itself while it holds the lock. The refusal
    names the status the order has now only when it is not the copy's: two pages sent at
    once, both checked against the order as it was, both carry its status."""
    try:
        locked = Order.objects.select_for_update().get(pk=order.pk)
    except Order.DoesNotExist as exc:
        raise errors.OrderNotFound(f"Order {order.number} not found.") from exc
    if locked.version != order.version:
        raise errors.StaleOrder.about(locked, status_shown=order.status)
    return locked


# Why a customer's cancel did nothing, in their words, by the status the order has now.
_NOT_CANCELABLE_BY_CUSTOMER = {
    **dict.fromkeys(ENTITLED_STATUSES, "Order {number} is paid, so it can no longer be canceled."),
    OrderStatus.CANCELED: "Order {number} is already canceled.",
    OrderStatus.REFUNDED: "Order {number} is refunded: there is nothing left to cancel.",
}


def order_cancel_by_customer(*, order: Order, actor: str, reason: str) -> Order:
    """The customer gives up their unpaid order. Refused for an order that cannot be
    canceled (any more: another tab or request may have been first), saying why in the
    customer's words rather than the state machine's."""
    try:
        return order_transition(name="cancel", order=order, actor=actor, reason=reason)
    except (errors.TransitionNotAllowed, errors.StaleOrder) as refused:
        now = Order.objects.get(pk=order.pk)
        words = _NOT_CANCELABLE_BY_CUSTOMER.get(now.status)
        if words is None:
            raise
        raise errors.TransitionNotAllowed(words.format(number=now.number)) from refused


def customer_unpaid_orders_cancel(*, customer_id: int, actor: str, reason: str) -> int:
    """Cancel the customer's unpaid orders (pending or processing) through the state
    machine: their open payment attempts end with them (`payments.receivers`), so a payment
    job still queued charges nothing and a PaymentIntent waiting for 3-D Secure is canceled
    at Stripe (a charge that still goes through is paid back, as for any canceled order).
    Paid orders are left as they are. Returns how many it canceled."""
    with transaction.atomic():
        unpaid = (
            Order.objects.select_for_update()
            .filter(customer_id=customer_id, status__in=UNPAID_STATUSES)
            .order_by("pk")
        )
        canceled = 0
        for order in unpaid:
            order_transition(name="cancel", order=order, actor=actor, reason=reason, locked=True)
            canceled += 1
    return canceled


def order_version_move(*, order: Order) -> None:
    """Something staff did to the order changed what its page shows (links re-sent): a
    page that showed it before is now stale. The caller holds the lock."""
    Order.objects.filter(pk=order.pk).update(version=models.F("version") + 1)
    order.version += 1


def order_email_change(*, order: Order, email: str, actor: str, reason: str) -> Order:
    """The order's mail goes to `email` from now on, an address its customer proved; the
    order's pages shown before are stale."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.email.lower() != email.lower():
            locked.email = email
            locked.version += 1
            locked.save(update_fields=["email", "version", "updated_at"])
            events.address_changed(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_transition(
    *, order: Order, name: str, actor: str, reason: str, locked: bool = False
) -> Order:
    """Move the order along transition `name` of the state machine: the one writer of
    an order's status.

    The database trigger records the change with this actor and reason. The caller's
    `order` instance is refreshed to the new state. `locked=True` says the caller holds
    the order's row lock in this transaction and its copy is current: it is changed in
    place, with no second read.
    """
    spec = TRANSITIONS_BY_NAME[name]
    from_status = order.status
    with transaction.atomic():
        current = order if locked else order_lock(order)
        if not can_proceed(getattr(current, f"_{name}")):
            raise errors.TransitionNotAllowed(
                f"Order {current.number} is {current.get_status_display().lower()}: "
                f"the change “{spec.label}” is not allowed from there."
            )
        loaded_status = current.status
        getattr(current, f"_{name}")()
        changed = ["status", "version", "updated_at"]
        if spec.milestone:
            setattr(current, spec.milestone, timezone.now())
            changed.append(spec.milestone)
        if spec.clears:
            setattr(current, spec.clears, None)
            changed.append(spec.clears)
        current.version += 1
        set_audit_context(actor=actor, reason=reason)
        _status_save(current, changed, loaded_status)
        with deferred_together():
            answers = signals.order_status_changed.send(
                sender=Order,
                order_id=current.pk,
                transition=name,
                from_status=from_status,
                to_status=current.status,
                actor=actor,
                version=current.version,
                total_amount=current.total_amount,
                currency=current.currency,
                flagged_reason=current.flagged_reason,
            )
        if any(wrote_the_order is True for _, wrote_the_order in answers):
            current.refresh_from_db()
        _count_after_commit(name=name, from_status=from_status, to_status=current.status)
    if not locked:
        order.refresh_from_db()
    return order


def _status_save(order: Order, changed: list[str], loaded_status: str) -> None:
    """The new status, while the row still holds `loaded_status` (django-fsm's concurrent
    transition check, in the same UPDATE); built once per set of fields, as every paid
    order's webhook runs it."""
    try:
        updated = fields_update(order, changed, while_unchanged={"status": loaded_status})
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == INVALID_TRANSITION_SQLSTATE:
            raise errors.TransitionNotAllowed(str(exc.__cause__)) from exc
        raise
    if not updated:
        raise errors.StaleOrder(f"Order {order.number} changed meanwhile.")
    order._update_initial_state()  # as django-fsm's save does: the next check starts here


def _count_after_commit(*, name: str, from_status: str, to_status: str) -> None:
    def count() -> None:
        metrics.ORDER_TRANSITIONS.labels(from_status=from_status, to_status=to_status).inc()
        if name == "fail_payment":
            metrics.PAYMENT_FAILURES.inc()

    transaction.on_commit(count)


def order_flag(*, order: Order, actor: str, reason: str) -> Order:
    """Mark the order for a staff member's attention, keeping its status. The flag holds
    one line per reason still to look at: a new reason joins the others, so none hides
    another, and a reason already there is not added (or recorded) twice."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        reasons = locked.flagged_reason.splitlines()
        if reason not in reasons:
            locked.flagged_reason = "\n".join([*reasons, reason])
            locked.version += 1
            locked.save(update_fields=["flagged_reason", "version", "updated_at"])
            events.flagged(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_flag_clear(
    *, order: Order, settles: str | tuple[str, ...], containing: str = ""
) -> Order:
    """What the flag's reasons starting with `settles` (or one of them), and holding
    `containing`, asked staff to look at is settled: those reasons go, any other stays (the
    caller records why in the history). The caller holds the lock."""
    remaining = _flag_without(order.flagged_reason, settles=settles, containing=containing)
    if remaining != order.flagged_reason:
        order.flagged_reason = remaining
        order.version += 1
        order.save(update_fields=["flagged_reason", "version", "updated_at"])
    return order


def order_flag_reword(*, order: Order, settles: str, reason: str) -> Order:
    """What the flag's reason starting with `settles` asks staff to look at moved on: it
    reads `reason` now, in its place, other reasons stay (the caller records why in the
    history). A page that showed the order before is stale. The caller holds the lock."""
    lines = order.flagged_reason.splitlines()
    reworded = [reason if line.startswith(settles) else line for line in lines]
    order.flagged_reason = "\n".join(dict.fromkeys(reworded))
    order.version += 1
    order.save(update_fields=["flagged_reason", "version", "updated_at"])
    return order


def _flag_without(flag: str, *, settles: str | tuple[str, ...], containing: str = "") -> str:
    return "\n".join(
        line for line in flag.splitlines() if not (line.startswith(settles) and containing in line)
    )


def order_record_refunded_amount(
    *,
    order: Order,
    refunded_total: int,
    actor: str,
    reason: str,
    refund_reference: str = "",
    items_refunded: tuple[str, ...] = (),
) -> Order:
    """Reconcile the refunded amount with the payment provider's total; a full refund
    moves the order to refunded, unless it refunded every item paid for as an item: the
    order keeps its status for its free items (`selectors.order_free_items_kept`). Never
    lowers the amount (events may arrive late).
    `refund_reference` names the provider's refunds that raised it (for the credit note),
    `items_refunded` the titles of the items those refunds paid back as items."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if refunded_total > locked.total_amount:
            raise errors.RefundExceedsTotal(
                f"Refunded {format_money(refunded_total, locked.currency)} exceeds order "
                f"total {format_money(locked.total_amount, locked.currency)}."
            )
        if refunded_total > locked.refunded_amount:
            previous = locked.refunded_amount
            locked.refunded_amount = refunded_total
            locked.version += 1
            locked.save(update_fields=["refunded_amount", "version", "updated_at"])
            events.refund_recorded(
                order=locked,
                actor=actor,
                reason=reason,
                previously=previous,
                refund_reference=refund_reference,
                items_refunded=items_refunded,
            )
        fully_refunded = locked.refunded_amount == locked.total_amount
        if (
            fully_refunded
            and can_proceed(locked._refund)
            and not selectors.order_free_items_kept(locked)
        ):
            order_transition(order=locked, name="refund", actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_record_refund_failed(*, order: Order, amount: int) -> Order:
    """A refund the payment provider had paid failed after all (the customer's bank sent the
    money back): the refunded total drops by `amount`, so that it may be refunded again.
    The status stays (the caller moves a refunded order back with `refund_bounce`, flags
    the order and records the history row). The caller holds the lock of `order`, current."""
    lowered = max(order.refunded_amount - amount, 0)
    if lowered != order.refunded_amount:
        order.refunded_amount = lowered
        order.version += 1
        order.save(update_fields=["refunded_amount", "version", "updated_at"])
    return order


def order_refunds_apply_once_paid(*, order: Order, actor: str, refund_reference: str) -> None:
    """Stripe reported a refund before the payment (its events come in any order): the
    refunded total recorded while the order was unpaid is credited on the invoice the
    payment just issued, and a full refund moves the order to refunded before any download
    link is issued. The caller holds the lock of the order it has just marked paid;
    `refund_reference` names the provider's refunds (for the credit note)."""
    signals.order_refund_recorded.send(
        sender=Order,
        order_id=order.pk,
        refunded_total=order.refunded_amount,
        previous_total=0,
        refund_reference=refund_reference,
        actor=actor,
    )
    if order.refunded_amount == order.total_amount:
        order_transition(
            order=order,
            name="refund",
            actor=actor,
            reason="Refunded at Stripe before the payment was confirmed",
            locked=True,
        )


def order_items_record_refunded(*, order: Order, refunded: dict[int, int]) -> None:
    """Set what was paid back per item (item id -> amount), as the payment provider
    confirmed it; the order's own refunded total moves through
    `order_record_refunded_amount`."""
    with transaction.atomic():
        for item_id, amount in refunded.items():
            OrderItem.objects.filter(order=order, pk=item_id).exclude(
                refunded_amount=amount
            ).update(refunded_amount=amount)


def order_record_refunds_pending(*, order: Order, pending: int, items: dict[int, int]) -> None:
    """Set what refunds still waiting for the payment provider will pay back: in all, and
    per item (item id -> amount; items left out have none pending). A change moves the
    order's version: a page that showed the order before this refund is stale."""
    with transaction.atomic():
        changed = (
            Order.objects.filter(pk=order.pk)
            .exclude(refund_pending_amount=pending)
            .update(refund_pending_amount=pending, version=models.F("version") + 1)
        )
        if changed:
            order.refund_pending_amount = pending
            order.version += 1
        for item in OrderItem.objects.filter(order=order):
            amount = items.get(item.pk, 0)
            if item.refund_pending_amount != amount:
                OrderItem.objects.filter(pk=item.pk).update(refund_pending_amount=amount)


def order_mark_disputed(*, order: Order, actor: str, reason: str) -> Order:
    """The order's payment is disputed: its access stops (once) and the dispute's reason
    joins the flag's other lines (as `order_flag` adds one)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.disputed_at is None:
            locked.disputed_at = timezone.now()
            locked.flagged_reason = "\n".join([*locked.flagged_reason.splitlines(), reason])
            locked.version += 1
            locked.save(update_fields=["disputed_at", "flagged_reason", "version", "updated_at"])
            events.dispute_opened(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_clear_dispute(
    *, order: Order, actor: str, reason: str, dispute: str, outcome: str, settles: str
) -> Order:
    """The dispute ended in our favour: the order gives access again (unless refunded or
    being refunded meanwhile: its history then does not say the downloads are back), and
    the flag's reasons starting with `settles` (the dispute's) go. Returns the locked,
    updated order (the caller's instance is left as it was)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.disputed_at is not None:
            locked.disputed_at = None
            locked.flagged_reason = _flag_without(locked.flagged_reason, settles=settles)
            locked.version += 1
            locked.save(update_fields=["disputed_at", "flagged_reason", "version", "updated_at"])
            events.dispute_changed(
                order=locked,
                actor=actor,
                reason=reason,
                dispute=dispute,
                action=outcome,
                restored=locked.status in ENTITLED_STATUSES
                and not selectors.order_refund_full_pending(locked),
            )
    return locked


def order_note_add(
    *, order: Order, actor: str, text: str, form_key: uuid.UUID | None = None
) -> OrderEvent:
    """A staff note in the order's history. With `form_key`, the key of the form it was
    written in, once per form and words: sent again, even at the same moment, it raises
    `NoteAlreadyAdded` (the history's unique key per order, form and words)."""
    if not text.strip():
        raise errors.OrderError("A note needs some text.")
    try:
        with transaction.atomic():
            return events.note_added(order=order, actor=actor, text=text, form_key=form_key)
    except IntegrityError:
        if form_key is None:
            raise
        raise errors.NoteAlreadyAdded(
            f"This note was added to order {order.number} already (its form was sent twice)."
        ) from None
