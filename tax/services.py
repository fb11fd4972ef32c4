"""Every write of the VAT app: the buyer's evidence, each item's VAT, Finance's decisions
and VAT rules (recorded in the settings history, morpheus/setting_changes.py)."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.jobs import jobs_waiting_or_running
from morpheus.money import (
    below_minimum_charge,
    charge_step,
    format_display,
    format_money,
    minimum_charge,
)
from morpheus.printable import title_refused_character, visible
from morpheus.setting_changes import fields_terms, setting_change_record, setting_save
from morpheus.transactions import take_turns
from orders import events
from orders import services as order_services
from orders import signals as order_signals
from orders.actors import SYSTEM
from orders.buyer import (
    BILLING_ADDRESS_LINES,
    BILLING_ADDRESS_MAX,
    BUSINESS_NAME_MAX,
    BuyerDeclaration,
)
from orders.errors import StaleOrder
from orders.models import Order, OrderItem
from orders.selectors import (
    order_dispute_lost,
    order_refund_full_pending,
    order_refund_last_requested,
)
from orders.transitions import OrderStatus
from tax import errors, signals
from tax.arithmetic import split_inclusive, tax_on_net
from tax.countries import (
    ELSEWHERE,
    EU_MEMBER_STATES,
    OUTSIDE_EVERY_SCHEME,
    country_code_shown,
    country_in_words,
)
from tax.geoip import ip_country
from tax.models import (
    EvidenceDecision,
    ItemTax,
    OrderTaxEvidence,
    RateType,
    TaxCategory,
    TaxRule,
    ViesStatus,
    percent,
)
from tax.selectors import (
    by_when,
    countries_charged,
    decided_by_when,
    declaration_last,
    declared_country_last,
    rate_for,
    rate_type_for,
    rule_overlapping,
    rule_predecessor_change,
    rule_replaced,
    rule_started_moved,
    vies_refused,
)
from tax.vat_numbers import vat_number_clean, vat_number_country, vies_valid

# Every comic is an e-book / digital publication for VAT.
COMIC_CATEGORY = TaxCategory.EBOOK
CONFLICT = "VAT evidence conflict:"
RELEASED_AS_DECLARED = "as declared: no longer held"
# How the flag and history of an order whose VAT number VIES refused begin.
VIES_REFUSED = "VIES refused VAT number"
UNDER_WAY = " while its payment by reverse charge was under way"
# Who holds an order on a conflict: the rule, not whoever's request brought the evidence.
EVIDENCE_RULE = f"{SYSTEM}:vat_evidence"
# An order refunded in full or canceled (always before it was paid) has nothing to fulfil,
# decide or declare.
NO_LONGER_HELD = {
    OrderStatus.REFUNDED: "Refunded in full: no longer held for Finance's decision",
    OrderStatus.CANCELED: "Canceled unpaid: no longer held for Finance's decision",
}
NOTHING_TO_DECIDE = {
    OrderStatus.REFUNDED: "Order {number} was refunded in full: there is nothing left to decide.",
    OrderStatus.CANCELED: "Order {number} was canceled unpaid: there is nothing to decide.",
}
CHARGED_BACK = "Charged back (a dispute lost): no longer held for Finance's decision"
CHARGED_BACK_NOTHING_TO_DECIDE = (
    "Order {number} was charged back (a dispute lost): nothing can be fulfilled, there is "
    "nothing to decide."
)
HELD_AGAIN = "Dispute lost before, won after all: held again until Finance decides"
CAME_BACK = "Full refund came back from the customer's bank, the order never fulfilled"
HELD_AGAIN_CAME_BACK = f"{CAME_BACK}: held again until Finance decides"
REFUND_DECIDED_CAME_BACK = f"{CAME_BACK}: held again until it is refunded, as Finance decided"
REVERSE_CHARGE_NOTE = (
    "Reverse charge: VAT to be accounted for by the recipient "
    "(Article 196, Council Directive 2006/112/EC)."
)
# A buyer from Elsewhere gives no VAT number (none is from there): a consumer, for whom an
# e-book is supplied where they live.
ELSEWHERE_NOTE = (
    f"No VAT: supplied to a customer living {OUTSIDE_EVERY_SCHEME}, so the place of supply "
    "is outside the EU (Article 58, Council Directive 2006/112/EC)."
)


def order_placed_tax_record(
    *, order_id: int, declaration: BuyerDeclaration | None, actor: str
) -> list[ItemTax]:
    """An order as it is placed: its buyer's evidence (`_evidence_record`), then each
    item's VAT from it (`_items_tax_record`), under one lock of the order's row."""
    with system_scope():
        order = (
            Order.objects.select_related("customer")
            .select_for_update(of=("self",))
            .get(pk=order_id)
        )
        evidence = _evidence_record(order=order, declaration=declaration, actor=actor)
        rows = _items_tax_record(order=order, evidence=evidence)
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
    declared country holds the order, see _evidence_judge), kept with the order as it is
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
        declared, vat_number, business_name, billing_address = declaration_last(
            customer_id=order.customer_id, before=order.pk
        )
        declared = declared or settings.TAX_DEFAULT_COUNTRY
        if not order.total_amount or (declaration is not None and declaration.business_left_out):
            vat_number = business_name = billing_address = ""
        if vat_number and vies_refused(vat_number=vat_number):  # on another order since
            vat_number = business_name = billing_address = ""
        if vat_number and not (business_name and billing_address):
            if declaration is not None:
                raise _business_not_declared(vat_number, business_name)
            vat_number = ""  # placed by code: a consumer's, as nobody is asked
    else:
        declared = _declared_country(order, declaration)
        vat_number = _vat_number(declaration, declared) if order.total_amount else ""
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
    )
    _evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
    evidence.save(force_insert=True)
    if vat_number:
        from tax.tasks import check_vat_number

        check_vat_number.defer(order_id=order.pk)
    return evidence


def reverse_charge_for(country: str) -> bool:
    """Whether a business buying with a VAT number of `country` pays by reverse charge: one
    of another EU country than the seller's."""
    return country in EU_MEMBER_STATES and country != settings.TAX_SELLER_COUNTRY


def declaration_check(*, declaration: BuyerDeclaration) -> None:
    """What `order_placed_tax_record` would refuse of a declared country and VAT number, asked
    before anything is made for the checkout (a guest's account): UnknownCountry or
    InvalidVatNumber."""
    if settings.TAX_MODE == "none" or declaration.country is None:
        return
    with system_scope():  # the rates are public; only their table is staff's
        declared = _declared_country(None, declaration)
    if _vat_number(declaration, declared):
        business_declared(declaration)


def _declared_country(order: Order | None, declaration: BuyerDeclaration) -> str:
    """The declared country: one of those offered exactly as the list has it (the checkout
    form's empty or malformed value is refused, not cut or defaulted: outside probe BJ-10);
    none declared, the one declared last."""
    country = declaration.country
    if country is None:
        return declared_country_last(customer_id=order.customer_id, before=order.pk) or (
            settings.TAX_DEFAULT_COUNTRY
        )
    offered = countries_charged(on=timezone.now().date())
    if country not in offered:
        sent = "No country was chosen"
        if country.strip():
            sent = f"{country} is not one of the countries you can choose"
        unknown = errors.UnknownCountry(
            f"{sent}: pick the country you live in from the list, or Elsewhere."
        )
        unknown.api_message = (
            f"{sent}: send the country you live in, one of {', '.join(offered[:-1])}, or "
            f"{ELSEWHERE} for elsewhere."
        )
        raise unknown
    return country


def _vat_number(declaration: BuyerDeclaration, declared: str) -> str:
    text = declaration.vat_number.strip()
    if not text:
        return ""
    number = vat_number_clean(text)
    if vat_number_country(number) != declared:
        issued_in = country_in_words(vat_number_country(number))
        chosen = "" if declared == ELSEWHERE else f", not from {country_in_words(declared)}"
        elsewhere = errors.InvalidVatNumber(
            f"VAT number {number} is from {issued_in}{chosen}: choose {issued_in} as the "
            "country you live in to use it."
        )
        elsewhere.api_message = (
            f"VAT number {number} is from {issued_in}{chosen}: send "
            f"{vat_number_country(number)} as the country you live in to use it."
        )
        raise elsewhere
    with system_scope():  # VIES's answers on every customer's orders
        refused = vies_refused(vat_number=number)
    if refused:
        invalid = errors.InvalidVatNumber(
            f"VIES says VAT number {number} is not valid: check it, or check out without a "
            "VAT number."
        )
        invalid.api_message = (
            f"VIES says VAT number {number} is not valid: check it, or send no vat_number."
        )
        raise invalid
    return number


def business_declared(declaration: BuyerDeclaration) -> tuple[str, str]:
    """The business name and billing address given with a VAT number, which an EU VAT
    invoice must carry (Directive 2006/112/EC, Art. 226(5)), trimmed, the address's empty lines
    dropped: BusinessMissing without them; BusinessRefused for one the invoice could not
    print as given (`_business_refusal`), never cut to fit."""
    name = declaration.business_name.strip()
    address = "\n".join(
        line.strip() for line in declaration.billing_address.strip().splitlines() if line.strip()
    )
    refusal = _business_refusal("business_name", name, BUSINESS_NAME_MAX, 1) or _business_refusal(
        "billing_address", address, BILLING_ADDRESS_MAX, BILLING_ADDRESS_LINES
    )
    if refusal:
        raise refusal
    missing = [
        field
        for field, given in (("business_name", name), ("billing_address", address))
        if not visible(given)
    ]
    if missing:
        refusal = errors.BusinessMissing(
            f"To buy with a VAT number, give your {' and '.join(missing).replace('_', ' ')} "
            "too: your invoice must name the business. Without a VAT number, leave the "
            "business name and billing address empty."
        )
        refusal.attribute = missing[0]
        refusal.api_message = (
            f"To buy with a VAT number, send the {' and '.join(missing)} too: the invoice must "
            "name the business. Without a VAT number, leave vat_number out."
        )
        raise refusal
    return name, address


def _business_refusal(
    field: str, given: str, most: int, lines: int
) -> errors.BusinessRefused | None:
    """Why `given` (trimmed; an address's lines separated by "\n", whichever line breaks
    were sent) cannot go on the invoice: characters it cannot print, more than `most`
    characters, more than `lines` lines; None when it can."""
    label = field.replace("_", " ")
    count = len(given.splitlines())
    # As a title is judged: the joiners a script needs are taken (outside probe GZ-3: a
    # Sinhala "ශ්‍රී" was refused).
    if any(title_refused_character(line) for line in given.split("\n")) or (
        lines == 1 and count > 1
    ):
        said = (
            f"Your {label} holds a character an invoice cannot print (a control character, "
            "an invisible one or one that changes the direction of the text): type it again "
            "without it."
        )
        api = (
            f"{field} holds a control or format character (Unicode category Cc or Cf: an "
            "invisible one or one that changes the direction of the text, but a joiner "
            "between what it joins) or another that prints nothing "
            "(Default_Ignorable_Code_Point, U+2800): send it without."
        )
    elif len(given) > most:
        said = (
            f"Your {label} can be at most {most} characters long (this one has "
            f"{len(given)}): shorten it."
        )
        api = f"{field} can be at most {most} characters long."
    elif count > lines:
        said = (
            f"Your {label} can be at most {lines} lines long (this one has {count}): put "
            "more on each line."
        )
        api = f'{field} can be at most {lines} lines long (lines separated by "\\n").'
    else:
        return None
    refusal = errors.BusinessRefused(said)
    refusal.attribute = field
    refusal.api_message = api
    return refusal


def _business_not_declared(vat_number: str, business_name: str) -> errors.BusinessMissing:
    """An order placed without the cart's form by a business whose last declaration names
    no business (one from before checkouts asked for it, tax 0015): reverse charge would
    leave an invoice naming no buyer (outside probe BK-4). The customer checks out from the
    cart once with them."""
    refusal = errors.BusinessMissing(
        f"Your last order was placed with VAT number {vat_number} but without your business "
        "name and billing address, which your invoice must name: check out from the cart once "
        "with them (or without a VAT number)."
    )
    refusal.attribute = "billing_address" if business_name else "business_name"
    refusal.api_message = (
        f"The VAT number {vat_number} declared last came without the business_name and "
        "billing_address the invoice must name: send them with the country and vat_number "
        "(or send a country without a vat_number)."
    )
    return refusal


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
        return _items_tax_record(order=order, evidence=evidence)


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
        recorded = list(ItemTax.objects.filter(order=order).order_by("item_id"))
        if order.status != OrderStatus.PENDING or not recorded or not order.total_amount:
            return None  # a free order: no VAT to charge at any rate (outside probe CU-3)
        evidence = OrderTaxEvidence.objects.filter(order=order).first()
        today, _ = _items_tax_today(order=order, evidence=evidence)
        if list(map(_vat_of, today)) == list(map(_vat_of, recorded)):
            return None
        was_total = order.total_amount
        _items_tax_record(order=order, evidence=evidence)
        _rates_changed_tell(order=order, was_total=was_total, was=recorded, now=today, actor=actor)
    return was_total


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


def _items_tax_record(*, order: Order, evidence: OrderTaxEvidence | None) -> list[ItemTax]:
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
    rate = rate_for(country=country, category=COMIC_CATEGORY, on=today)
    # Under reverse charge a price including VAT is paid net of what a consumer of the
    # country would pay (a business's price: gross - the VAT the cart showed).
    removed_rate = None
    if evidence and evidence.reverse_charge:
        removed_rate = rate if order.prices_include_tax else None
        rate, rate_type = Decimal(0), RateType.REVERSE_CHARGE
    else:
        rate_type = rate_type_for(country=country, rate=rate, on=today)
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


def _evidence_locked(*, order_id: int) -> OrderTaxEvidence | None:
    """The order's evidence, with its order, locked for the caller's change."""
    return (
        OrderTaxEvidence.objects.select_for_update()
        .select_related("order")
        .filter(order_id=order_id)
        .first()
    )


def evidence_card_country_record(*, order_id: int, card_country: str, actor: str) -> None:
    """The paying card's issuing country, from Stripe, learnt before each attempt's charge,
    judged with the rest of the evidence (see _evidence_judge)."""
    card_country = card_country.upper()
    with system_scope():
        evidence = _evidence_locked(order_id=order_id)
        if evidence is None or not card_country or evidence.card_country == card_country:
            return
        evidence.card_country = card_country
        _evidence_judge(
            evidence=evidence, actor=actor, learnt=f"Card issued in {card_country}", card=True
        )
        evidence.save(update_fields=["card_country", "decision"])


def _evidence_judge(*, evidence: OrderTaxEvidence, actor: str, learnt: str, card: bool) -> None:
    """The EU rule for a consumer: the declared country stands on two non-contradictory
    pieces of evidence. When the card's or the IP's country contradicts it and neither
    supports it, the order is held from fulfilment (flagged for Finance) until Finance
    decides; a later piece from the declared country, before Finance decided, releases it.
    A business (a buyer with a VAT number VIES did not refuse) is never held, by reverse
    charge or buying in the seller's own country: the supply is where it is established,
    which its VAT number shows (VIES checks it, a refusal flags the order; a company card
    or a trip abroad is ordinary). Nor is an order canceled meanwhile: it was never paid
    and is never fulfilled."""
    order = evidence.order
    others = [country for country in (evidence.card_country, evidence.ip_country) if country]
    supported = evidence.declared_country in others
    data = {"card_country": evidence.card_country} if card else {}
    if evidence.contradicted and not evidence.decision and order.status != OrderStatus.CANCELED:
        evidence.decision = EvidenceDecision.HELD
        order_services.order_flag(
            order=order,
            actor=EVIDENCE_RULE,
            reason=_conflict_flag(evidence, "Held from fulfilment until Finance decides."),
        )
    elif supported and evidence.decision == EvidenceDecision.HELD:
        evidence.decision = EvidenceDecision.NONE
        order_services.order_flag_clear(order=order, settles=CONFLICT)
        events.vat_evidence(
            order=order, actor=actor, reason=f"{learnt}, {RELEASED_AS_DECLARED}", **data
        )
    elif card:
        events.vat_evidence(order=order, actor=actor, reason=learnt, **data)


def _conflict_flag(evidence: OrderTaxEvidence, outcome: str) -> str:
    """The order flag's line for the conflict, ending with what comes of it."""
    declared = country_code_shown(evidence.declared_country)
    return f"{CONFLICT} declared {declared}, {_others(evidence)}. {outcome}"


def _others(evidence: OrderTaxEvidence) -> str:
    pieces = [
        f"card issued in {evidence.card_country}" if evidence.card_country else "",
        f"IP address in {evidence.ip_country}" if evidence.ip_country else "",
    ]
    return ", ".join(piece for piece in pieces if piece)


def evidence_decide(*, order: Order, decision: str, actor: str, reason: str) -> OrderTaxEvidence:
    """Finance's decision on a held order: `accepted` (the declared country stands, the
    order is fulfilled) or `refund` (it stays held; Finance refunds it). `order` is the
    copy the caller acted on: when someone else decided since (two staff at once), nothing
    is done and the refusal says who decided what and when, as it does for an order
    already accepted or a refund decided again; another change since is a stale order. An
    accept of an order shown decided for a refund replaces that decision (Finance changed
    its mind); the caller's reason says so. An accept while refunds asked for cover all that
    is left of the order is refused: it would fulfil nothing; so is any decision on an order
    charged back. An accept while its payment is disputed stands: the order is fulfilled if
    the dispute is won (`accepted_then`)."""
    if decision not in (EvidenceDecision.ACCEPTED, EvidenceDecision.REFUND):
        raise errors.TaxError(f"Unknown decision {decision!r}.")
    if not reason.strip():
        raise errors.TaxError("A decision needs a reason.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status in NOTHING_TO_DECIDE:
            raise errors.EvidenceNotHeld(
                NOTHING_TO_DECIDE[locked.status].format(number=locked.number)
            )
        if order_dispute_lost(locked):
            raise errors.EvidenceNotHeld(
                CHARGED_BACK_NOTHING_TO_DECIDE.format(number=locked.number)
            )
        evidence = OrderTaxEvidence.objects.select_for_update().filter(order=locked).first()
        changed = locked.version != order.version
        if evidence is not None and (
            evidence.decision == EvidenceDecision.ACCEPTED
            or (
                evidence.decision == EvidenceDecision.REFUND
                and (changed or decision == evidence.decision)
            )
        ):
            raise errors.EvidenceDecided(_decision_told(evidence, locked))
        if evidence is None or evidence.decision not in (
            EvidenceDecision.HELD,
            EvidenceDecision.REFUND,
        ):
            raise errors.EvidenceNotHeld(f"Order {locked.number} is not held for its VAT evidence.")
        if decision == EvidenceDecision.ACCEPTED and order_refund_full_pending(locked):
            raise errors.EvidenceRefundUnderWay(_refund_under_way_told(locked))
        if changed:
            raise StaleOrder.about(locked, status_shown=order.status)
        evidence.decision = decision
        evidence.decided_by = actor
        evidence.decided_at = timezone.now()
        evidence.save(update_fields=["decision", "decided_by", "decided_at"])
        events.vat_evidence(
            order=locked,
            actor=actor,
            reason=reason,
            decision=decision,
            declared_country=evidence.declared_country,
            card_country=evidence.card_country,
        )
        if decision == EvidenceDecision.ACCEPTED:
            order_services.order_flag_clear(order=locked, settles=CONFLICT)
            signals.vat_hold_released.send(sender=OrderTaxEvidence, order_id=locked.pk, actor=actor)
        else:
            # Rewording the flag also makes a copy read before this decision stale: another
            # decision taken from it must not pass unseen.
            order_services.order_flag_reword(
                order=locked,
                settles=CONFLICT,
                reason=_conflict_flag(
                    evidence,
                    f"Refund decided by {decided_by_when(evidence, dated=True)}: held from "
                    "fulfilment until it is refunded.",
                ),
            )
    order.refresh_from_db()
    return evidence


def _refund_under_way_told(order: Order) -> str:
    """Why the declared country of `order` cannot be accepted while refunds asked for cover
    all that is left of it: nothing would be fulfilled, unless Stripe refuses them."""
    pending = format_money(order.refund_pending_amount, order.currency)
    requested = order_refund_last_requested(order)
    asked = f", requested by {by_when(requested.actor, requested.created_at)}" if requested else ""
    return (
        f"Nothing was done: a refund of the whole of order {order.number} is under way "
        f"({pending}{asked}): nothing can be fulfilled unless Stripe refuses it."
    )


def _decision_told(evidence: OrderTaxEvidence, order: Order) -> str:
    """Finance's decision on `order` as told to staff who tried to decide too."""
    who, _, when = decided_by_when(evidence).partition(" ")
    if evidence.decision == EvidenceDecision.ACCEPTED:
        return (
            f"Nothing was done: {who} accepted the declared country of order {order.number} "
            f"{when}; {accepted_then(order)}."
        )
    return (
        f"Nothing was done: {who} decided on a refund for order {order.number} {when}; "
        "it stays held until it is refunded."
    )


def accepted_then(order: Order) -> str:
    """What becomes of `order` once Finance accepted its declared country, as staff are
    told: a disputed payment holds its fulfilment until the dispute is won."""
    if order.status in (OrderStatus.FULFILLED, OrderStatus.DELIVERED):
        return "it has been fulfilled"
    if order.disputed_at is not None:
        return "its payment is disputed: it is fulfilled if the dispute is won"
    return "it is being fulfilled"


def evidence_hold_end(*, order_id: int, actor: str) -> bool:
    """An order refunded in full, or canceled before it was paid, has nothing left to
    fulfil: the VAT conflict that held it no longer waits for Finance, so its flag goes (the
    evidence keeps Finance's decision, if any; an order still held has nothing left to
    decide). Runs in the transaction that moved the order, which holds the order's lock,
    as the shop: a customer canceling their order may not write VAT evidence themselves;
    whether it changed the order's row."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        return _hold_end(order=order, actor=actor, reason=NO_LONGER_HELD[order.status])


def _hold_end(*, order: Order, actor: str, reason: str) -> bool:
    undecided = OrderTaxEvidence.objects.filter(order=order, decision=EvidenceDecision.HELD).update(
        decision=EvidenceDecision.NONE
    )
    flagged = any(line.startswith(CONFLICT) for line in order.flagged_reason.splitlines())
    if flagged:
        order_services.order_flag_clear(order=order, settles=CONFLICT)
    if flagged or undecided:
        events.vat_evidence(order=order, actor=actor, reason=reason)
    return flagged


def evidence_charged_back(*, order_id: int, actor: str) -> None:
    """A dispute of the order was lost (the customer's bank took money back), or a loss
    was reversed. Lost, the order is closed for good: an undecided hold ends, its flag's
    line going, as for an order refunded in full (a refund Finance decided stays, with its
    line: what is left of the order is still owed). Reversed, the order may be fulfilled again
    (winning gives it back): a conflict still undecided holds it again, before its
    fulfilment job runs. Runs in the dispute's transaction, which holds the order's lock."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        if order_dispute_lost(order):
            held = OrderTaxEvidence.objects.filter(order=order, decision=EvidenceDecision.HELD)
            if held.exists():
                _hold_end(order=order, actor=actor, reason=CHARGED_BACK)
            return
        evidence = (
            OrderTaxEvidence.objects.select_for_update()
            .select_related("order")
            .filter(order=order, decision=EvidenceDecision.NONE)
            .first()
        )
        if evidence is None or order.status != OrderStatus.PAID:
            return
        _evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
        if evidence.decision == EvidenceDecision.HELD:
            evidence.save(update_fields=["decision"])
            events.vat_evidence(order=order, actor=actor, reason=HELD_AGAIN)


def evidence_hold_restore(*, order_id: int, actor: str) -> bool:
    """An order refunded in full before it was fulfilled is paid again: the refund came back
    from the customer's bank (`refund_bounce_unfulfilled`). The hold the refund ended
    (`evidence_hold_end`) comes back as it was: a conflict still undecided holds it again,
    and a refund Finance decided holds it with its flag's line, until it is refunded (outside
    probe BP-1: the order was fulfilled, its VAT never checked). One Finance accepted is
    fulfilled. Runs in the transaction that moved the order, which holds the order's lock;
    whether it changed the order's row."""
    with system_scope():
        evidence = _evidence_locked(order_id=order_id)
        if evidence is None or evidence.order.status != OrderStatus.PAID:
            return False
        order = evidence.order
        if evidence.decision == EvidenceDecision.REFUND:
            decided = f"Refund decided by {decided_by_when(evidence, dated=True)}"
            order_services.order_flag(
                order=order,
                actor=EVIDENCE_RULE,
                reason=_conflict_flag(
                    evidence, f"{decided}: held from fulfilment until it is refunded."
                ),
            )
            events.vat_evidence(order=order, actor=actor, reason=REFUND_DECIDED_CAME_BACK)
            return True
        if evidence.decision:
            return False
        _evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
        if evidence.decision != EvidenceDecision.HELD:
            return False
        evidence.save(update_fields=["decision"])
        events.vat_evidence(order=order, actor=actor, reason=HELD_AGAIN_CAME_BACK)
        return True


def vat_number_vies_check(*, order_id: int, actor: str) -> str:
    """Ask VIES about the order's VAT number (outside any transaction) and record its
    answer. Unreachable: the number stays `unverified` and ViesUnavailable is raised, so
    the job is retried. Refused: an order not yet paid is no longer reverse-charged
    (`_vies_refused_reprice`); one paid or being paid is flagged for Finance with the VAT
    not collected (`_vies_refused_flag`). An order canceled (unpaid) has no VAT to
    declare: VIES is not asked, and an answer that comes after the cancel flags nothing."""
    with system_scope():
        evidence = OrderTaxEvidence.objects.select_related("order").get(order_id=order_id)
    if (
        evidence.vies_status != ViesStatus.UNVERIFIED
        or evidence.order.status == OrderStatus.CANCELED
    ):
        return evidence.vies_status
    valid = vies_valid(evidence.vat_number)
    status = ViesStatus.VALID if valid else ViesStatus.INVALID
    with system_scope():
        order = Order.objects.select_for_update().get(pk=order_id)
        updated = OrderTaxEvidence.objects.filter(
            order_id=order_id, vies_status=ViesStatus.UNVERIFIED
        ).update(vies_status=status, vies_checked_at=timezone.now())
        if not updated:
            return status
        reason = f"VIES {'confirmed' if valid else 'refused'} VAT number {evidence.vat_number}"
        events.vat_evidence(order=order, actor=actor, reason=reason, vies=status)
        if not valid and order.status != OrderStatus.CANCELED:
            refused = OrderTaxEvidence.objects.select_for_update().get(order=order)
            if not _vies_refused_reprice(order=order, evidence=refused, actor=actor):
                order_services.order_flag(
                    order=order, actor=actor, reason=_vies_refused_flag(order, refused)
                )
    return status


def vies_refused_reprice(*, order_id: int, actor: str) -> bool:
    """An order back to pending (its payment failed or was abandoned) whose VAT number VIES
    refused while it was being paid: no longer reverse-charged (`_vies_refused_reprice`).
    Runs in the transaction that moved the order, which holds its lock, as the shop (a
    customer abandoning their attempt may not write prices). Whether it wrote the order's
    row."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        evidence = OrderTaxEvidence.objects.select_for_update().filter(order=order).first()
        if evidence is None:
            return False
        return _vies_refused_reprice(order=order, evidence=evidence, actor=actor)


def vies_refused_paid(*, order_id: int, actor: str, flagged_reason: str) -> bool:
    """An order paid by reverse charge whose VAT number VIES refused while that payment was
    under way: its flag ("… if it is paid, … (if it fails, …)") now reads as a paid order's,
    the VAT not collected (outside probe BM-3: it kept its "if" after the payment). Runs in
    the transaction that moved the order, which holds its lock; reads nothing unless the
    order's flag (`flagged_reason`, as it moved) says so: every payment passes here (the
    webhook's statement budget). Whether it wrote the order's row."""
    if UNDER_WAY not in flagged_reason:
        return False
    with system_scope():
        order = Order.objects.get(pk=order_id)
        evidence = OrderTaxEvidence.objects.filter(order=order).first()
        if evidence is None or evidence.vies_status != ViesStatus.INVALID:
            return False
        settles = f"{VIES_REFUSED} {evidence.vat_number}{UNDER_WAY}"
        if not any(line.startswith(settles) for line in order.flagged_reason.splitlines()):
            return False
        reason = _vies_refused_flag(order, evidence, paid_meanwhile=True)
        order_services.order_flag_reword(order=order, settles=settles, reason=reason)
        events.vat_evidence(order=order, actor=actor, reason=f"Paid: {reason}")
        return True


def _vies_refused_reprice(*, order: Order, evidence: OrderTaxEvidence, actor: str) -> bool:
    """A pending order sold by reverse charge on a VAT number VIES refused is priced as the
    consumer's order of its country (VAT included, or added on net prices), as a code or a
    bundle's price reprices it: the business price goes, its total follows before any new
    payment attempt (one under way pays the total it was started for: its failure brings
    the order here). A flag the refusal raised meanwhile goes; the history says why.
    Whether it repriced the order (the caller holds its lock)."""
    if (
        order.status != OrderStatus.PENDING
        or not evidence.reverse_charge
        or evidence.vies_status != ViesStatus.INVALID
    ):
        return False
    was_total = order.total_amount
    was = format_money(was_total, order.currency)
    evidence.reverse_charge = False
    evidence.save(update_fields=["reverse_charge"])
    rows = _items_tax_record(order=order, evidence=evidence)
    order_services.order_flag_clear(order=order, settles=VIES_REFUSED)
    rate = f"{percent(rows[0].rate)} %" if rows else "0 %"
    refused = (
        f"VIES, the EU's register of VAT numbers, did not confirm VAT number {evidence.vat_number}"
    )
    country = f"{country_in_words(evidence.declared_country)} ({rate})"
    to_buy_as_a_business = (
        "To buy as a business, cancel it and check out again with a valid number."
    )
    order_signals.order_repriced.send(
        sender=Order,
        order_id=order.pk,
        version=order.version,
        was_total=was_total,
        reason=(
            f"{refused}, so this order can no longer be sold to a business without VAT: it is "
            f"priced with the VAT of {country}, as a consumer's. {to_buy_as_a_business}"
        ),
        # For a customer no email had told the business price yet; the API's answer or a pay
        # page loaded before VIES answered may have shown it (outside probe CE-6).
        news=(
            f"{refused}, so this order's total, "
            f"{format_display(order.total_amount, order.currency)}, includes the VAT of "
            f"{country}; as a business, without VAT, it was "
            f"{format_display(was_total, order.currency)}. {to_buy_as_a_business}"
        ),
    )
    events.vat_evidence(
        order=order,
        actor=actor,
        reason=(
            f"{VIES_REFUSED} {evidence.vat_number}: no longer reverse-charged, priced with the "
            f"VAT of {country_in_words(evidence.declared_country)} ({rate}) as a consumer's "
            f"order: {was} before, {format_money(order.total_amount, order.currency)} now"
        ),
        vies=evidence.vies_status,
    )
    return True


def _vies_refused_flag(
    order: Order, evidence: OrderTaxEvidence, *, paid_meanwhile: bool = False
) -> str:
    """The flag of an order VIES refused the VAT number of and that could not be repriced:
    paid (or being paid) by reverse charge, it names the VAT a consumer of its country
    would have paid on it, which was not collected. `paid_meanwhile`: the refusal came
    while the payment was under way, which succeeded since."""
    refused = f"{VIES_REFUSED} {evidence.vat_number}"
    if not evidence.reverse_charge:
        return f"{refused}: check the VAT charged."
    rate = rate_for(
        country=evidence.declared_country,
        category=COMIC_CATEGORY,
        on=timezone.localdate(order.created_at),
    )
    if order.prices_include_tax:
        uncollected = order.tax_removed_amount
    else:
        step = charge_step(order.currency)
        nets = ItemTax.objects.filter(order=order).values_list("net", flat=True)
        uncollected = sum(tax_on_net(net, rate, step=step) for net in nets)
    vat = (
        f"the VAT of {country_in_words(evidence.declared_country)} ({percent(rate)} %) a "
        f"consumer would have paid on it, {format_money(uncollected, order.currency)}"
    )
    if order.status == OrderStatus.PROCESSING:
        return (
            f"{refused}{UNDER_WAY}: if it is paid, "
            f"{vat}, was not collected (if it fails, the order is repriced with VAT). Check "
            "the VAT charged."
        )
    when = (
        f"{UNDER_WAY}, and the order was paid"
        if paid_meanwhile
        else (" after the order was paid by reverse charge")
    )
    return f"{refused}{when}: {vat}, was not collected. Check the VAT charged."


def vat_number_vies_unanswered(*, order_id: int, actor: str, outage: str) -> bool:
    """VIES could not say, by the check's last attempt, whether the order's VAT number is
    valid (`outage`: what the last attempt met): the order is flagged for Finance, who
    check the number before the VAT return, as for a refused one (reverse charge stands on
    a number nobody confirmed). The evidence becomes `unanswered`. Whether it was flagged
    (not when VIES answered since, nor a second time, nor for an order canceled unpaid,
    which has no VAT to declare: its number stays `unverified`)."""
    with system_scope():
        order = Order.objects.select_for_update().get(pk=order_id)
        evidence = OrderTaxEvidence.objects.select_for_update().get(order=order)
        if evidence.vies_status != ViesStatus.UNVERIFIED or order.status == OrderStatus.CANCELED:
            return False
        evidence.vies_status = ViesStatus.UNANSWERED
        evidence.save(update_fields=["vies_status"])
        reason = f"VAT number {evidence.vat_number} could not be checked with VIES"
        events.vat_evidence(
            order=order, actor=actor, reason=f"{reason}: {outage}", vies=evidence.vies_status
        )
        order_services.order_flag(
            order=order, actor=actor, reason=f"{reason}: check it before the VAT return."
        )
    return True


def vat_numbers_unchecked_flag(*, actor: str, check_task: str) -> list[int]:
    """Flag for Finance every order whose VAT number is still `unverified` while no job of
    `check_task` waits or runs to check it: its checks ended without recording VIES's
    answer (a worker killed during the last attempt, whose stalled job was then failed or
    run again past its attempts). An order canceled unpaid is not: it has no VAT to
    declare. The orders flagged; each once (`vat_number_vies_unanswered`)."""
    with system_scope():
        checking = jobs_waiting_or_running(task_name=check_task, argument="order_id")
        unchecked = list(
            OrderTaxEvidence.objects.filter(vies_status=ViesStatus.UNVERIFIED)
            .exclude(order_id__in=checking)
            .exclude(order__status=OrderStatus.CANCELED)
            .values_list("order_id", flat=True)
        )
    outage = "its checks ended without VIES's answer"
    return [
        order_id
        for order_id in unchecked
        if vat_number_vies_unanswered(order_id=order_id, actor=actor, outage=outage)
    ]


def tax_rule_save(*, rule: TaxRule, actor: str, version: int | None = None) -> TaxRule:
    """Save `rule` as Finance edited it (a new one too), recording what changed. Refused
    when another rule of its country and category applies on one of its days: one rate a
    day; and when edited on a page of another `version` (`setting_save`).

    A new rule from today or later, starting after the open-ended rule of its country and
    category, ends that one where it starts (`rule_replaced`): no moment falls back to the
    standard rate (outside probe CW-1: a rule ended first, its successor added next, had a
    payment charged the standard rate in between). The pending orders' VAT follows the
    rules in force today (`refresh_pending_order_rates`) once they have settled, a typo
    corrected (outside probe CU-4: every pending order was repriced and emailed at once)."""
    from tax.tasks import refresh_pending_order_rates

    with transaction.atomic():
        tax_rule_turns_take(rule=rule)
        tax_rule_overlap_check(rule=rule)
        _predecessor_follows(rule=rule, actor=actor)
        if replaced := rule_replaced(rule=rule):
            replaced.valid_to = rule.valid_from
            setting_save(setting=replaced, terms=fields_terms, actor=actor)
        saved = setting_save(setting=rule, terms=fields_terms, actor=actor, version=version)
        refresh_pending_order_rates.configure(
            schedule_in={"seconds": settings.TAX_RULE_SETTLE_SECONDS}
        ).defer()
        return saved


def tax_rule_withdraw(*, rule: TaxRule, actor: str) -> TaxRule | None:
    """Withdraw `rule` before its first day (a change of rate announced, then called off):
    the rule that ends where it starts applies again until its end (with none, for good),
    as if it had never been added (outside probe FA-2: a planned rule could not be taken
    back). Its history records the withdrawal, every term going to nothing. Refused
    (`RuleStarted`) once it applies: orders were charged it. Returns the rule before it, or
    None when there is none."""
    with transaction.atomic():
        tax_rule_turns_take(rule=rule)
        stored = TaxRule.objects.select_for_update().filter(pk=rule.pk).first()
        if stored is None:  # withdrawn meanwhile (sent twice)
            return None
        if stored.valid_from <= timezone.now().date():
            raise errors.RuleStarted(
                f"This rule has applied since {stored.valid_from}: orders were charged it, so "
                "it stays. Give it an end (its Valid to) and add a rule for what follows."
            )
        before = TaxRule.objects.filter(
            country=stored.country, category=stored.category, valid_to=stored.valid_from
        ).first()
        if before is not None:
            before.valid_to = stored.valid_to
            setting_save(setting=before, terms=fields_terms, actor=actor)
        setting_change_record(setting=stored, before=fields_terms(stored), after={}, actor=actor)
        stored.delete()
        return before


def tax_rule_turns_take(*, rule: TaxRule) -> None:
    """The turns of the rule's country and category and, for an edit, of its former ones,
    in one order: two edits moving rules between the same two in opposite directions would
    each wait for the other's (found reading the code by outside probe DA)."""
    kept = {(rule.country, rule.category)}
    if rule.pk is not None:
        kept |= set(TaxRule.objects.filter(pk=rule.pk).values_list("country", "category"))
    for country, category in sorted(kept):
        take_turns(f"tax-rules:{country}:{category}")


def _predecessor_follows(*, rule: TaxRule, actor: str) -> None:
    """The rule that ended where an edited rule started gets the end the edit gives it
    (`rule_predecessor_change`)."""
    if rule.pk is None:
        return
    TaxRule.objects.select_for_update().get(pk=rule.pk)
    if change := rule_predecessor_change(rule=rule):
        before, before.valid_to = change
        setting_save(setting=before, terms=fields_terms, actor=actor)


def tax_rule_overlap_check(*, rule: TaxRule) -> None:
    """Raise `RulesOverlap` naming the rule `rule` would overlap, or `RuleStarted` when the
    edit moves a rule that has applied on days gone (`rule_started_moved`). Rules of one
    country and category are checked and saved in turns, until the transaction ends: two
    saved at once both see the other."""
    take_turns(f"tax-rules:{rule.country}:{rule.category}")
    if started := rule_started_moved(rule=rule):
        raise errors.RuleStarted(
            f"This rule has applied since {started}: its start, country and category stay as "
            "orders were charged it. Give it an end (its Valid to) and add a rule for what "
            "follows, or correct its rate if it was wrong."
        )
    change = rule_predecessor_change(rule=rule)
    taken_over = (rule_replaced(rule=rule), change[0] if change else None)
    other = rule_overlapping(
        country=rule.country,
        category=rule.category,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        other_than=[rule.pk, *(taken.pk for taken in taken_over if taken is not None)],
    )
    if other is not None:
        end = f"until {other.valid_to}" if other.valid_to else "with no end"
        raise errors.RulesOverlap(
            f"The {percent(other.rate)} % rule from {other.valid_from} {end} applies on some "
            "of these days: one rate applies each day. End that rule (its Valid to) where this "
            "one starts, or correct its rate if it was wrong."
        )
