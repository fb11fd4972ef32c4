"""Applying and releasing discount codes, and staff's saves of codes and bundles. Each
service is atomic; the code's row is locked while its uses are counted, so parallel
checkouts never exceed its limits. Staff's saves are recorded in the settings history
(morpheus/setting_changes.py)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus.setting_changes import Terms, fields_terms, money_value, setting_save
from orders import events
from orders.models import Order
from orders.services import order_discount_set
from promotions.errors import CodeNotApplicable
from promotions.models import (
    Bundle,
    BundleItem,
    DiscountCode,
    DiscountCodeCurrency,
    DiscountUse,
    code_spelled,
    erased_address_digest,
)
from promotions.pricing import Line, charge_check, discount_shares, uses_check


def discount_apply(*, order: Order, code: str, customer: AbstractBaseUser, actor: str) -> Order:
    """Take the code's discount off the customer's pending order, counting one use."""
    with system_scope():  # a customer's session writes no use
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if DiscountUse.objects.filter(order=locked).exists():
            raise CodeNotApplicable(f"Order {locked.number} already has a code.")
        discount = (
            DiscountCode.objects.select_for_update()
            .filter(code=code_spelled(code))
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
        # What the card would be charged: the VAT added on top of net prices (recorded as
        # the amounts changed) included. Refused, nothing of the use or discount stays.
        to_pay = Order.objects.values_list("total_amount", flat=True).get(pk=locked.pk)
        charge_check(code=discount, to_pay=to_pay, currency=locked.currency)
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


def discount_uses_address_keep(*, customer: AbstractBaseUser) -> None:
    """The customer is being erased: their code uses keep a digest of the address they
    counted by, in place of the address that erasure replaces, so that the address signed
    up again does not use a code once per customer twice."""
    if customer.email:
        DiscountUse.objects.filter(customer=customer).update(
            erased_address=erased_address_digest(customer.email)
        )


@dataclass(frozen=True)
class CurrencyTerms:
    """What a discount code takes off in one currency and the smallest basket it applies
    to, in that currency's minor units."""

    currency: str
    amount_off: int
    min_basket_amount: int


def discount_code_save(
    *,
    code: DiscountCode,
    comics: Iterable[Comic],
    bundles: Iterable[Bundle],
    terms: Iterable[CurrencyTerms],
    actor: str,
    version: int | None = None,
) -> DiscountCode:
    """Save `code` as Finance edited it (a new one too): restricted to `comics` and
    `bundles` (none: any), with `terms` as its only terms per currency. Records what changed;
    refused when edited on a page of another `version` (`setting_save`)."""

    def related_save() -> None:
        code.comics.set(comics)
        code.bundles.set(bundles)
        _currency_terms_set(code=code, terms=terms)

    return setting_save(
        setting=code,
        terms=_code_terms,
        actor=actor,
        related_save=related_save,
        version=version,
    )


def _currency_terms_set(*, code: DiscountCode, terms: Iterable[CurrencyTerms]) -> None:
    wanted = {row.currency: row for row in terms}
    code.currencies.exclude(currency__in=list(wanted)).delete()
    for row in wanted.values():
        DiscountCodeCurrency.objects.update_or_create(
            discount_code=code,
            currency=row.currency,
            defaults={"amount_off": row.amount_off, "min_basket_amount": row.min_basket_amount},
        )


def _code_terms(code: DiscountCode) -> Terms:
    """Its fields, and each currency's amounts as their own entries: an amount off of 0
    (a percentage code's row) is none."""
    terms = fields_terms(code, many=("comics", "bundles"))
    for row in code.currencies.order_by("currency"):
        terms[f"amount_off ({row.currency})"] = money_value(row.amount_off or None, row.currency)
        terms[f"min_basket_amount ({row.currency})"] = money_value(
            row.min_basket_amount, row.currency
        )
    return terms


def bundle_save(
    *, bundle: Bundle, comics: Iterable[Comic], actor: str, version: int | None = None
) -> Bundle:
    """Save `bundle` as staff edited it (a new one too), holding `comics`. Records what
    changed; refused when edited on a page of another `version` (`setting_save`)."""
    return setting_save(
        setting=bundle,
        terms=_bundle_terms,
        actor=actor,
        related_save=lambda: bundle.comics.set(comics),
        version=version,
    )


def _bundle_terms(bundle: Bundle) -> Terms:
    return fields_terms(bundle, money={"price_amount": "currency"}, many=("comics",))
