"""Comics staff give: an order placed and completed for nothing, on the customer's behalf."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from catalog.models import Comic
from orders import errors, events, selectors
from orders.models import Order, OrderItem
from orders.numbers import order_number_new
from orders.selectors import and_joined
from orders.services.changes import order_transition
from orders.services.creation import customer_turn_take


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
