"""Each item's VAT, recorded when an order is placed and refreshed while it waits for payment."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.money import (
    below_minimum_charge,
    charge_step,
    format_display,
    format_money,
    minimum_charge,
)
from orders import events
from orders import services as order_services
from orders import signals as order_signals
from orders.buyer import BuyerDeclaration
from orders.models import Order, OrderItem
from orders.transitions import OrderStatus
from tax import errors
from tax.arithmetic import split_inclusive, tax_on_net
from tax.countries import country_in_words
from tax.geoip import ip_country
from tax.models import ItemTax, OrderTaxEvidence, RateType, ViesStatus, percent
from tax.selectors import (
    declaration_last_offered,
    order_evidence_shown,
    rate_and_type_for,
    vies_refused,
)
from tax.services.declarations import (
    business_declared,
    business_not_declared,
    country_declared,
    reverse_charge_for,
    vat_number_declared,
)
from tax.services.evidence import evidence_judge
from tax.services.terms import COMIC_CATEGORY


def order_placed_tax_record(
    *, order_id: int, declaration: BuyerDeclaration | None, actor: str
) -> list[ItemTax]:
    """An order as it is placed: its buyer's evidence (`_evidence_record`), then each
    item's VAT from it (`items_tax_record`), under one lock of the order's row."""
    with system_scope():
        order = (
            Order.objects.select_related("customer")
            .select_for_update(of=("self",))
            .get(pk=order_id)
        )
        evidence = _evidence_record(order=order, declaration=declaration, actor=actor)
        rows = items_tax_record(order=order, evidence=evidence)
        if order.tax_removed_amount and below_minimum_charge(order.total_amount, order.currency):
            raise _below_minimum_charge(order)
        return rows


def _below_minimum_charge(order: Order) -> errors.BelowMinimumCharge:
    """The refusal of a business's checkout whose prices, net of VAT, come to less than a
    card can be charged (as a code or a completion that would is refused)."""
    total = format_money(order.total_amount, order.currency)
    least = format_money(minimum_charge(order.currency), order.currency)
    refusal = errors.BelowMinimumCharge(
        f"Without VAT (reverse charge), this order would come to {total}, less than a card "
        f"can be charged ({least}): add another comic, or check out without a VAT number."
    )
    refusal.api_message = (
        f"Without VAT (reverse charge), this order would come to {total}, less than a card "
        f"can be charged ({least}): order another comic with it, or send no vat_number."
    )
    return refusal


def _evidence_record(
    *, order: Order, declaration: BuyerDeclaration | None, actor: str
) -> OrderTaxEvidence:
    """The buyer's declared country (else the one they declared last time, else the shop's
    default), VAT number and IP country (when GEOIP_PATH is set; one that contradicts the
    declared country holds the order, see evidence_judge), kept with the order as it is
    placed. A business VAT number must pass its checksum and belong to the declared country,
    and come with the business's name and billing address (its invoices name them); one
    from another EU country than the seller's means reverse charge. An order placed
    without the cart's form (a declaration not `asked`: a bundle bought at once, the API;
    or none, an order placed by code) takes the country and VAT number (with the business's
    name and address) of the customer's last declaration together, the number checked with
    VIES again: a business keeps its reverse charge; its IP country is evidence as a
    checkout's is. A number declared last without the business's name and address (before
    checkouts asked for them) is not reverse-charged: the order is refused (an order placed
    by code takes no number). An order placed at checkout that costs nothing takes no VAT
    number, business name or address, whatever was sent: it has no VAT to reverse-charge, and
    its cart asks for none (outside probe BQ-3); nor does one placed without the form at
    nothing (a staff comp: outside probe BZ, BZ-6) or whose declaration leaves the business out
    (`business_left_out`: free comics, a 100 % code taken off after), which takes the last
    declaration's country alone. Raises UnknownCountry (a country the
    checkout does not offer) or InvalidVatNumber, which cancel the order.
    Recorded once: a repeated announcement of the same order keeps the first evidence."""
    recorded = OrderTaxEvidence.objects.filter(order=order).first()
    if recorded is not None:
        return recorded
    asked = declaration is not None and declaration.asked
    if not asked:
        declared, vat_number, business_name, billing_address = declaration_last_offered(
            customer_id=order.customer_id, before=order.pk, on=timezone.now().date()
        )
        defaulted = not declared
        declared = declared or settings.TAX_DEFAULT_COUNTRY
        if not order.total_amount or (declaration is not None and declaration.business_left_out):
            vat_number = business_name = billing_address = ""
        if vat_number and vies_refused(vat_number=vat_number):  # on another order since
            vat_number = business_name = billing_address = ""
        if vat_number and not (business_name and billing_address):
            if declaration is not None:
                raise business_not_declared(vat_number, business_name)
            vat_number = ""  # placed by code: a consumer's, as nobody is asked
    else:
        declared = country_declared(order, declaration)
        defaulted = not declared
        declared = declared or settings.TAX_DEFAULT_COUNTRY
        vat_number = vat_number_declared(declaration, declared) if order.total_amount else ""
        business_name, billing_address = business_declared(declaration) if vat_number else ("", "")
    reverse_charge = bool(vat_number) and reverse_charge_for(declared)
    evidence = OrderTaxEvidence(
        order=order,
        declared_country=declared,
        ip_country=ip_country(declaration.ip_address if declaration else ""),
        vat_number=vat_number,
        business_name=business_name,
        billing_address=billing_address,
        vies_status=ViesStatus.UNVERIFIED if vat_number else ViesStatus.NONE,
        reverse_charge=reverse_charge,
        asked=asked,
        country_defaulted=defaulted,
    )
    evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
    evidence.save(force_insert=True)
    if vat_number:
        from tax.tasks import check_vat_number

        check_vat_number.defer(order_id=order.pk)
    return evidence


def order_tax_record(*, order_id: int) -> list[ItemTax]:
    """Each item's net, rate (and its type: standard or reduced that day, or reverse charge),
    VAT and country from the rules in force, on the amount the buyer pays for it (after a
    discount or a bundle's price), at the declared country's rate (0 under reverse charge).
    Computed while the order is pending, in the transaction that places or reprices it; once
    the order moves on it is never recomputed. With net prices (TAX_PRICES_INCLUDE_TAX=false
    when the order was placed) the VAT is added to the order's total."""
    with system_scope():
        order = Order.objects.select_for_update().get(pk=order_id)
        evidence = OrderTaxEvidence.objects.filter(order=order).first()
        return items_tax_record(order=order, evidence=evidence)


def order_rates_refresh(*, order_id: int, actor: str) -> int | None:
    """Before a payment starts: a pending order whose VAT was recorded at a rate no longer in
    force (its country's rate changed since the order was placed) is recorded again at
    today's. The invoice issued at the payment states the rate of the day it is paid, not
    of the day the cart was checked out (outside probe CQ-1). With prices including VAT only
    the VAT within the total changes; with net prices, or sold by reverse charge, the total
    follows and the customer is told as for any repricing (`order_repriced`): a pay page's
    total no longer holds, so nothing is charged (`payments.errors.TotalChanged`). The
    order's total before, when it recorded its VAT again; None when it did not."""
    if settings.TAX_MODE == "none":
        return None
    with system_scope():
        order = Order.objects.select_for_update().get(pk=order_id)
        if (changed := _rates_changed(order)) is None:
            return None
        recorded, today, evidence = changed
        was_total = order.total_amount
        items_tax_record(order=order, evidence=evidence)
        _rates_changed_tell(order=order, was_total=was_total, was=recorded, now=today, actor=actor)
    return was_total


def order_rates_stale(*, order: Order) -> bool:
    """Whether `order_rates_refresh` would record the order's VAT again, read without a lock:
    a page that records it only then holds off none of the order's writers, reloaded in a
    loop (outside probe CC-1). Read from the order as its page read it, its items and its
    evidence with it."""
    if settings.TAX_MODE == "none":
        return False
    with system_scope():  # the rules in force: a customer's session reads none (tax 0003)
        return _rates_changed(order) is not None


def _rates_changed(order: Order) -> tuple[list[ItemTax], list[ItemTax], OrderTaxEvidence] | None:
    """A pending order's VAT as recorded and at today's rules, and its evidence, when the two
    differ; None otherwise."""
    recorded = list(ItemTax.objects.filter(order=order).order_by("item_id"))
    if order.status != OrderStatus.PENDING or not recorded or not order.total_amount:
        return None  # a free order: no VAT to charge at any rate (outside probe CU-3)
    evidence = order_evidence_shown(order=order)
    today, _ = _items_tax_today(order=order, evidence=evidence)
    if list(map(_vat_of, today)) == list(map(_vat_of, recorded)):
        return None
    return recorded, today, evidence


def pending_orders_rates_refresh(*, actor: str) -> list[int]:
    """`order_rates_refresh` for every pending order with its VAT recorded, each in its own
    transaction (the daily job, and one deferred when Finance saves a tax rule): its pages
    show the rate of the day before the customer pays. The ids of those recorded again."""
    with system_scope():
        pending = list(
            Order.objects.filter(status=OrderStatus.PENDING)
            .filter(pk__in=ItemTax.objects.values("order_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return [
        order_id
        for order_id in pending
        if order_rates_refresh(order_id=order_id, actor=actor) is not None
    ]


def _vat_of(row: ItemTax) -> tuple:
    return (row.item_id, row.country, row.rate, row.rate_type, row.net, row.tax, row.unit_net)


def _rates_changed_tell(
    *, order: Order, was_total: int, was: list[ItemTax], now: list[ItemTax], actor: str
) -> None:
    country = country_in_words(now[0].country)
    if now[0].rate_type == RateType.REVERSE_CHARGE:
        changed = f"The VAT rate of {country} changed since this order was priced"
        recorded = "its business price (reverse charge) follows"
        told = f"{changed}: a business's price, without VAT, follows it."
    else:
        # From the rate last recorded, not the one at checkout: a rate corrected back reads
        # "went from 13 % to 9 %" above a receipt at 9 % (outside probe CY-3).
        old, new = percent(was[0].rate), percent(now[0].rate)
        changed = f"This order's VAT went from {old} % to {new} %, the rate of {country} today"
        recorded = "recorded again before its payment"
        told = f"{changed}: the VAT charged is that of the day you pay."
    if order.total_amount == was_total:
        events.vat_evidence(
            order=order, actor=actor, reason=f"{changed}: {recorded}", rate_changed=told
        )
        return
    before = format_money(was_total, order.currency)
    after = format_money(order.total_amount, order.currency)
    events.vat_evidence(
        order=order,
        actor=actor,
        reason=f"{changed}: {recorded}: {before} before, {after} now",
        rate_changed=told,
    )
    shown = format_display(order.total_amount, order.currency)
    order_signals.order_repriced.send(
        sender=Order,
        order_id=order.pk,
        version=order.version,
        was_total=was_total,
        reason=told,
        news=f"{told} This order's total is {shown}.",
    )


def items_tax_record(*, order: Order, evidence: OrderTaxEvidence | None) -> list[ItemTax]:
    recorded = ItemTax.objects.filter(order=order)
    if order.status != OrderStatus.PENDING:
        return list(recorded)
    rows, items = _items_tax_today(order=order, evidence=evidence)
    recorded.delete()
    rows = ItemTax.objects.bulk_create(rows)
    if not order.prices_include_tax:
        order_services.order_tax_set(order=order, added=sum(row.tax for row in rows))
    elif (evidence and evidence.reverse_charge) or order.tax_removed_amount:
        removed = sum(item.paid_amount for item in items) - sum(row.gross for row in rows)
        order_services.order_tax_set(order=order, removed=removed)
    return rows


def _items_tax_today(
    *, order: Order, evidence: OrderTaxEvidence | None
) -> tuple[list[ItemTax], list[OrderItem]]:
    """Each item's VAT at the rules in force today, not saved, and the items."""
    country = evidence.declared_country if evidence else settings.TAX_DEFAULT_COUNTRY
    today = timezone.now().date()
    rate, rate_type = rate_and_type_for(country=country, category=COMIC_CATEGORY, on=today)
    # Under reverse charge a price including VAT is paid net of what a consumer of the
    # country would pay (a business's price: gross - the VAT the cart showed).
    removed_rate = None
    if evidence and evidence.reverse_charge:
        removed_rate = rate if order.prices_include_tax else None
        rate, rate_type = Decimal(0), RateType.REVERSE_CHARGE
    items = list(order.items.order_by("pk"))
    rows = [
        _item_tax(
            order=order,
            item=item,
            country=country,
            rate=rate,
            rate_type=rate_type,
            removed_rate=removed_rate,
        )
        for item in items
    ]
    return rows, items


def business_price(amount: int, rate: Decimal, currency: str) -> int:
    """What a business pays by reverse charge for a line of `amount` including VAT at
    `rate` (its buyer's country's): the amount less the VAT a consumer would pay on it, to
    the minor unit (to a chargeable step in a three-decimal currency)."""
    return split_inclusive(amount, rate, step=charge_step(currency))[0]


def _item_tax(
    *,
    order: Order,
    item,
    country: str,
    rate: Decimal,
    rate_type: RateType,
    removed_rate: Decimal | None,
) -> ItemTax:
    if removed_rate is not None:
        net, tax = business_price(item.paid_amount, removed_rate, order.currency), 0
        unit_net = business_price(item.unit_amount, removed_rate, order.currency)
    elif order.prices_include_tax:
        net, tax = split_inclusive(item.paid_amount, rate)
        unit_net = split_inclusive(item.unit_amount, rate)[0]
    else:
        step = charge_step(order.currency)
        net, tax = item.paid_amount, tax_on_net(item.paid_amount, rate, step=step)
        unit_net = item.unit_amount
    return ItemTax(
        order=order,
        item=item,
        country=country,
        category=COMIC_CATEGORY,
        rate=rate,
        rate_type=rate_type,
        gross=net + tax,
        net=net,
        tax=tax,
        unit_net=unit_net,
    )
