"""Applying and releasing discount codes. Each service is atomic; the code's row is locked
while its uses are counted, so parallel checkouts never exceed its limits."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from orders import events
from orders.models import Order
from orders.services import order_discount_set
from promotions.errors import CodeNotApplicable
from promotions.models import BundleItem, DiscountCode, DiscountUse
from promotions.pricing import Line, discount_shares, uses_check


def discount_apply(*, order: Order, code: str, customer: AbstractBaseUser, actor: str) -> Order:
    """Take the code's discount off the customer's pending order, counting one use."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if DiscountUse.objects.filter(order=locked).exists():
            raise CodeNotApplicable(f"Order {locked.number} already has a code.")
        discount = (
            DiscountCode.objects.select_for_update()
            .filter(code=code.strip().upper())
            .prefetch_related("currencies", "comics", "bundles")
            .first()
        )
        if discount is None:
            raise CodeNotApplicable("No such code.")
        uses_check(code=discount, customer=customer)
        items = list(locked.items.all())
        bundle_of = dict(
            BundleItem.objects.filter(order_item__order=locked).values_list(
                "order_item_id", "bundle_id"
            )
        )
        lines = [
            Line(item.pk, item.comic_id, item.paid_amount, bundle_of.get(item.pk)) for item in items
        ]
        shares = discount_shares(
            code=discount, lines=lines, currency=locked.currency, now=timezone.now()
        )
        DiscountCode.objects.filter(pk=discount.pk).update(uses_count=F("uses_count") + 1)
        DiscountUse.objects.create(
            discount_code=discount,
            order=locked,
            customer=customer,
            amount=sum(shares.values()),
            currency=locked.currency,
        )
        order_discount_set(order=locked, discounts=shares, actor=actor, code=discount.code)
    order.refresh_from_db()
    return order


def discount_release(*, order_id: int, actor: str) -> bool:
    """The order ended unpaid: its use no longer counts against the code's limits. Runs
    once however often it is asked."""
    with transaction.atomic():
        use = (
            DiscountUse.objects.select_for_update()
            .filter(order_id=order_id, released_at__isnull=True)
            .select_related("discount_code", "order")
            .first()
        )
        if use is None:
            return False
        DiscountCode.objects.select_for_update().filter(pk=use.discount_code_id).update(
            uses_count=F("uses_count") - 1
        )
        use.released_at = timezone.now()
        use.save(update_fields=["released_at"])
        events.discount_released(order=use.order, actor=actor, code=use.discount_code.code)
    return True
