from django.contrib.auth import get_user_model

from catalog.services import ComicKept
from morpheus.db_context import system_scope
from orders.models import Order
from promotions.bundles import completion_left, completion_payable_check, orders_lapsed_words
from promotions.errors import PromotionError
from promotions.selectors import bundle_deletion_refusal, comic_deletion_refusal
from promotions.services import discount_release, discount_uses_address_keep


def release_use_of_canceled_order(
    sender, *, order_id: int, transition: str, actor: str, **kwargs
) -> None:
    """A canceled order (by hand or expired unpaid) gives its code use back in the
    transaction that cancels it, so the code may be used again as soon as it commits; the
    history credits whoever canceled it."""
    if transition == "cancel":
        with system_scope():
            discount_release(order_id=order_id, actor=actor)


def keep_erased_customers_code_uses(sender, *, user_id: int, **kwargs) -> None:
    """Before erasure replaces the customer's address (session 68's closing note: the
    same address signed up again used a code once per customer a second time)."""
    with system_scope():
        discount_uses_address_keep(customer=get_user_model().objects.get(pk=user_id))


def refuse_a_lapsed_free_completion(sender, *, order_id: int, **kwargs) -> None:
    """A series completion a 100 % code made free is refused, as its payment would be, once
    the price it relied on no longer holds (CompletionLapsed, the pay page's words)."""
    with system_scope():  # the customer's other orders, whatever the caller's scope
        completion_payable_check(order=Order.objects.get(pk=order_id))


def answer_lapsed_completions(sender, *, orders: list[Order], **kwargs) -> dict[int, str]:
    """Of the orders, why those buying a bundle at a price that no longer holds cannot be
    paid as they stand (the bundle is off sale, or the series they complete is no longer
    the customer's)."""
    return orders_lapsed_words(orders=orders)


def answer_completion_offered(sender, *, order: Order, comic_ids: set[int], **kwargs) -> str | None:
    """The title of the bundle the order buys that `comic_ids` complete today for less."""
    bundle = completion_left(order=order, comic_ids=comic_ids)
    return bundle.title if bundle else None


def refuse_deleting_a_comic_named_by_promotions(sender, *, instance, **kwargs) -> None:
    """Whoever deletes a comic (the admin refuses it first, saying why): not one a bundle
    holds or a code is limited to."""
    with system_scope():
        if refusal := comic_deletion_refusal(comic=instance):
            raise ComicKept(refusal)


def refuse_deleting_a_bundle_named_by_codes(sender, *, instance, **kwargs) -> None:
    with system_scope():
        if refusal := bundle_deletion_refusal(bundle=instance):
            raise PromotionError(refusal)
