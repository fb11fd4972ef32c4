"""Orders placed from a cart or for comics, checked as chargeable and payable, and free
orders completed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from catalog.models import Comic
from catalog.selectors import comics_not_for_sale
from morpheus.db_context import system_scope
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
from orders.models import Cart, Order, OrderItem
from orders.numbers import order_number_new
from orders.selectors import and_joined
from orders.services.cart import owned_refusal
from orders.services.changes import order_transition
from orders.status_words import nothing_to_pay
from orders.transitions import ENTITLED_STATUSES, OrderStatus


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
    unavailable = comics_not_for_sale(comics)
    if unavailable:
        # An API client is told each comic's id beside its title (outside probe HJ-4).
        raise errors.ComicUnavailable(
            f"No longer for sale: {', '.join(comic.title for comic in unavailable)}.{hint}",
            api_message=f"No longer for sale: "
            f"{', '.join(f'{comic.title} (comic {comic.pk})' for comic in unavailable)}.{hint}",
        )
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
    items = list(order.items.values_list("comic_id", "title", "comic__price_amount"))
    owned = selectors.comics_owned(customer=order.customer, comic_ids=[pk for pk, _, _ in items])
    if owned:
        titles = [title for pk, title, _ in items if pk in owned]
        if not order.total_amount:  # never to be paid: nothing to buy again (outside probe BR-4)
            raise errors.AlreadyOwned(
                f"You already have {', '.join(titles)} in your library, so there is nothing to "
                f"do with free order {order.number}: cancel it{_others_words(order, items, owned)}."
            )
        raise errors.AlreadyOwned(
            f"{owned_refusal(titles)} Order {order.number} cannot be paid: cancel it"
            f"{_others_words(order, items, owned)}."
        )
    paying = selectors.orders_paying_for(order=order)
    if paying:
        raise errors.AlreadyOwned(being_paid_words(order=order, paying=paying))


def _others_words(order: Order, items: list[tuple[int, str, int]], owned: set[int]) -> str:
    """What to do with the order's comics the customer does not own once it is canceled:
    complete the bundle the order buys, which sells them for less than on their own, as
    the pay page offers (outside probe HZ-5: its email said "buy the other comics"), or buy
    them in a new order."""
    others = {pk: title for pk, title, _ in items if pk not in owned}
    if others and (bundle := selectors.completion_offered(order=order, comic_ids=set(others))):
        return f" and complete {bundle} in a new order"
    verb = selectors.new_order_verb(
        order=order, prices=[price for pk, _, price in items if pk not in owned]
    )
    return selectors.new_order_words(verb=verb, others=list(others.values()))


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
