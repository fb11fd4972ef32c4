from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from morpheus.db_context import system_scope
from orders.models import Order, OrderEventType, OrderItem
from orders.selectors import orders_refund_refused
from orders.transitions import OrderStatus
from tax.countries import (
    ELSEWHERE,
    OUTSIDE_EVERY_SCHEME,
    country_code_shown,
    country_in_words,
    country_name,
)
from tax.models import (
    EvidenceDecision,
    ItemTax,
    OrderTaxEvidence,
    RateType,
    TaxCategory,
    TaxRule,
    ViesStatus,
)

# What the customer is told about an order held from fulfilment, by Finance's decision so far
# (outside probe GB-2: "the country this order is charged VAT for", of an order charged none),
# its comics named as many as it holds (`hold_words`; outside probe IA-3: "Your comics wait"
# of one comic).
HOLD_WORDS = {
    EvidenceDecision.HELD: (
        "Your {comics} {wait} for our check of the country you live in, for VAT: the country "
        "you gave at checkout differs from your card's. We email you as soon as {they} {are} "
        "ready."
    ),
    EvidenceDecision.REFUND: (
        "We could not confirm the country you live in, for VAT, so this order is being "
        "refunded: its {comics} will not be delivered. We email you once the refund is made."
    ),
}
# The refund Finance decided on, refused by Stripe (`orders_refund_refused`): staff may
# refund again or settle it without refunding; once settled, no refund email is coming.
REFUND_REFUSED_WORDS = {
    False: (
        "We could not confirm the country you live in, for VAT, so this order is being "
        "refunded: its {comics} will not be delivered. The refund to your card did not go "
        "through: we are looking into it and will write to you."
    ),
    True: (
        "We could not confirm the country you live in, for VAT, so this order's {comics} will "
        "not be delivered. Its refund could not be made by card: we have written to you "
        "about it."
    ),
}
_ONE = {"comics": "comic", "wait": "waits", "they": "it", "are": "is"}
_MANY = {"comics": "comics", "wait": "wait", "they": "they", "are": "are"}


def hold_words(words: str, *, comics: int) -> str:
    """`HOLD_WORDS` or `REFUND_REFUSED_WORDS` words for an order of that many comics."""
    return words.format(**(_ONE if comics == 1 else _MANY))


def rate_for(*, country: str, category: str, on: date) -> Decimal:
    """The rate in force on `on`: the category's own rule, else the country's standard
    rate, else 0 (a country outside the schemes)."""
    return rate_and_type_for(country=country, category=category, on=on)[0]


def rate_and_type_for(*, country: str, category: str, on: date) -> tuple[Decimal, RateType]:
    """`rate_for`, and `rate_type_for` of it, read in one statement."""
    rates = _rates_in_force(country=country, categories=(category, TaxCategory.STANDARD), on=on)
    standard = rates.get(TaxCategory.STANDARD, Decimal(0))
    rate = rates.get(category, standard)
    return rate, RateType.STANDARD if rate == standard else RateType.REDUCED


def rate_type_for(*, country: str, rate: Decimal, on: date) -> RateType:
    """Standard when `rate` is the country's standard rate in force on `on`, else reduced."""
    rates = _rates_in_force(country=country, categories=(TaxCategory.STANDARD,), on=on)
    return RateType.STANDARD if rate == rates.get(TaxCategory.STANDARD, 0) else RateType.REDUCED


def _rates_in_force(*, country: str, categories: tuple[str, ...], on: date) -> dict[str, Decimal]:
    """The rate of each of `categories` whose rule is in force on `on` (the latest begun)."""
    rows = (
        TaxRule.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on),
            country=country.upper(),
            valid_from__lte=on,
            category__in=categories,
        )
        .order_by("category", "-valid_from")
        .values_list("category", "rate")
    )
    rates: dict[str, Decimal] = {}
    for category, rate in rows:
        rates.setdefault(category, rate)
    return rates


def rule_overlapping(
    *,
    country: str,
    category: str,
    valid_from: date,
    valid_to: date | None,
    other_than: Iterable[int | None],
) -> TaxRule | None:
    """A rule of `country` and `category` (none of `other_than`) applying on a day from
    `valid_from` until the day before `valid_to` (no end when None)."""
    overlapping = TaxRule.objects.filter(country=country, category=category).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lt=valid_to)
    other_than = [pk for pk in other_than if pk is not None]
    return overlapping.exclude(pk__in=other_than).order_by("valid_from").first()


def rule_replaced(*, rule: TaxRule) -> TaxRule | None:
    """The open-ended rule a new open-ended `rule` from today or later takes over from: of
    its country and category, begun before it. Saving `rule` ends it where `rule` starts
    (`services.tax_rule_save`). A rule from a past day ends none, nor does one with an end
    (outside probe CY-1: a rate for a season ended the usual rate for good, the standard
    rate following the season): each is refused as overlapping, for Finance to decide."""
    if rule.pk is not None or rule.valid_from is None or rule.valid_to is not None:
        return None
    if rule.valid_from < timezone.now().date():
        return None
    return TaxRule.objects.filter(
        country=rule.country,
        category=rule.category,
        valid_to__isnull=True,
        valid_from__lt=rule.valid_from,
    ).first()


def rule_started_moved(*, rule: TaxRule) -> date | None:
    """When an edit moves `rule` (its start, country or category) although it has applied
    since today or a day before: that day (outside probe DD-1: a start moved from one past
    day to another gave the rule before it the days between, which orders were charged this
    one's rate on; FD-1: a rule from today moved to tomorrow, an order charged it that
    morning). None for a new rule, one from a later day, or an edit of its rate or end."""
    if rule.pk is None:
        return None
    country, category, started = _stored_place(rule)
    if started is None or started > timezone.now().date():
        return None
    moved = (country, category, started) != (rule.country, rule.category, rule.valid_from)
    return started if moved else None


def rule_predecessor_change(*, rule: TaxRule) -> tuple[TaxRule, date | None] | None:
    """The rule that ends where an edited `rule` started (of its former country and
    category), and the end saving `rule` gives it (`services.tax_rule_save`); None when
    saving `rule` leaves it as it is.

    Its start moved later, the rule before keeps applying until then (outside probe CY-2:
    the days between fell to the standard rate). Moved earlier, to today or later and still
    after that rule's own start, it gives those days up (outside probe DA-4: refused as
    overlapping, a start typed too late took two edits in a set order); a start moved to a
    past day would change the rate of days gone, and is refused as overlapping. Moved to
    another country or category, it applies again until the next rule of its own."""
    if rule.pk is None or rule.valid_from is None:
        return None
    country, category, started = _stored_place(rule)
    before = TaxRule.objects.filter(country=country, category=category, valid_to=started).first()
    if before is None:
        return None
    if (country, category) != (rule.country, rule.category):
        following = (
            TaxRule.objects.filter(country=country, category=category, valid_from__gt=started)
            .exclude(pk=rule.pk)
            .order_by("valid_from")
            .first()
        )
        return before, following.valid_from if following else None
    if rule.valid_from == started:
        return None
    if rule.valid_from < started and (
        rule.valid_from <= before.valid_from or rule.valid_from < timezone.now().date()
    ):
        return None
    return before, rule.valid_from


def _stored_place(rule: TaxRule) -> tuple[str | None, str | None, date | None]:
    """An edited rule's country, category and start as saved (Nones when it is not)."""
    stored = TaxRule.objects.filter(pk=rule.pk).values_list("country", "category", "valid_from")
    return stored.first() or (None, None, None)


def rule_left_unfollowed(*, rule: TaxRule) -> bool:
    """Whether `rule`, with an end, has no rule of its country and category from that end
    on: the country's standard rate applies then to a category's goods (outside probe DA-1:
    a new rate given an end after it took over left the standard rate to follow), and no
    VAT at all after a standard rate (outside probe DC-1)."""
    if rule.valid_to is None:
        return False
    return not TaxRule.objects.filter(
        country=rule.country, category=rule.category, valid_from=rule.valid_to
    ).exists()


def countries_charged(*, on: date) -> list[str]:
    """The countries with a VAT rule in force and the shop's default country, then
    "elsewhere": the checkout's choices. The default is the guess of a cart that knows of no
    other, so it is always one of them, its VAT none while it has no rule (outside probe
    HU-2: its rules ended, the cart said France above a list showing Austria, and the
    checkout charged Austria's VAT)."""
    codes = set(
        TaxRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on)
        .order_by()  # not the model's ordering: its columns would join the DISTINCT
        .values_list("country", flat=True)
        .distinct()
    )
    codes.add(settings.TAX_DEFAULT_COUNTRY)
    return [*sorted(codes, key=country_name), ELSEWHERE]


def declaration_last_offered(
    *, customer_id: int, before: int | None = None, on: date
) -> tuple[str, str, str, str]:
    """`declaration_last`, when its country is still one the checkout offers; all "" when it
    is not (Finance ended its rules), as when none was declared (outside probe HU-1: orders
    placed without a country took Cyprus at 0 % once it was offered no more). The customer's
    declarations are read in the caller's scope; only the rules, staff's table, in the
    system's."""
    last = declaration_last(customer_id=customer_id, before=before)
    with system_scope():
        offered = countries_charged(on=on)
    return last if last[0] in offered else ("", "", "", "")


def declared_country_last(*, customer_id: int, before: int | None = None) -> str:
    """The country the customer declared on their latest order (before order `before`)."""
    return declaration_last(customer_id=customer_id, before=before)[0]


def declaration_last(*, customer_id: int, before: int | None = None) -> tuple[str, str, str, str]:
    """The country, VAT number, business name and billing address the customer declared on
    their latest order (before order `before`), all "" when they never declared any. An order
    placed free asks for a country but no VAT number: after one, the number, business and
    address are those of the latest order that could have had them, when it declared the same
    country (a business's free comic does not lose it its reverse charge). A number VIES
    refused (within `VIES_REFUSAL_BLOCK_HOURS`, `refusal_blocks`) is not given again (nor the
    business with it): an order placed with it would be charged no VAT on a number known to be
    wrong. The shop's default country an order took for want of one (`country_defaulted`) is
    no declaration (outside probe HT-4: the next order said it took it "from your last
    order")."""
    evidence = OrderTaxEvidence.objects.filter(
        order__customer_id=customer_id, country_defaulted=False
    )
    if before is not None:
        evidence = evidence.filter(order_id__lt=before)
    fields = ("declared_country", "vat_number", "vies_status", "vies_checked_at")
    business = ("business_name", "billing_address")
    latest = evidence.order_by("-order_id").values(*fields, *business, "order__total_amount")
    last = latest.first()
    if last is None:
        return ("", "", "", "")
    if last["order__total_amount"] == 0 and not last["vat_number"]:
        could_have = latest.exclude(order__total_amount=0, vat_number="").first()
        if could_have and could_have["declared_country"] == last["declared_country"]:
            last = could_have
    if refusal_blocks(last["vies_status"], last["vies_checked_at"]) or not last["vat_number"]:
        return (last["declared_country"], "", "", "")
    return tuple(last[name] for name in ("declared_country", "vat_number", *business))


def vies_refused(*, vat_number: str) -> bool:
    """Whether VIES's last answer about `vat_number` (on any order) was that it is not valid,
    within `VIES_REFUSAL_BLOCK_HOURS` (`refusal_blocks`): a number it confirmed since is
    valid again."""
    answer = (
        OrderTaxEvidence.objects.filter(
            vat_number=vat_number, vies_status__in=(ViesStatus.VALID, ViesStatus.INVALID)
        )
        .order_by("-vies_checked_at", "-order_id")
        .values_list("vies_status", "vies_checked_at")
        .first()
    )
    return answer is not None and refusal_blocks(*answer)


def refusal_blocks(vies_status: str, checked_at: datetime | None) -> bool:
    """Whether a VIES answer still keeps its number out of new orders: a refusal, for
    `VIES_REFUSAL_BLOCK_HOURS` only (outside probe BM-1: one refusal blocked the number for
    every customer for good, as no order could carry it to VIES again; VIES refuses valid
    numbers now and then, new ones or while a member state's register is behind). After it
    the number is taken, and the order's own VIES check asks again."""
    if vies_status != ViesStatus.INVALID:
        return False
    block = timedelta(hours=settings.VIES_REFUSAL_BLOCK_HOURS)
    return checked_at is None or checked_at > timezone.now() - block


def order_held(*, order_id: int) -> bool:
    """Held from fulfilment: its VAT evidence conflicts and Finance has not accepted it."""
    return bool(orders_held(order_ids=[order_id]))


def orders_held(*, order_ids: Iterable[int]) -> dict[int, str]:
    """Those of `order_ids` held from fulfilment, each with what its customer is told, in one
    query (and the payments app asked once, when Finance decided on refunding some)."""
    held = dict(
        OrderTaxEvidence.objects.filter(
            order_id__in=order_ids, decision__in=HOLD_WORDS
        ).values_list("order_id", "decision")
    )
    refunding = [
        order_id for order_id, decision in held.items() if decision == EvidenceDecision.REFUND
    ]
    refused = orders_refund_refused(order_ids=refunding)
    comics = dict(
        OrderItem.objects.filter(order_id__in=list(held))
        .values("order_id")
        .annotate(count=Count("pk"))
        .values_list("order_id", "count")
        .order_by()
    )
    return {
        order_id: hold_words(
            REFUND_REFUSED_WORDS[refused[order_id]]
            if order_id in refused
            else HOLD_WORDS[decision],
            comics=comics.get(order_id, 0),
        )
        for order_id, decision in held.items()
    }


def order_vat_refund_words(*, order_id: int) -> str:
    """Why an order Finance decided to refund for its VAT evidence was refunded, in the
    customer's words, naming the countries in conflict and how to buy its comics after all
    ("" for any other order). Outside probe BS-3: its refund email and page gave no reason,
    though the page had promised an email once the check was done. An order refunded while
    still held, Finance not having decided, is not: staff may have refunded it for another
    reason (outside probe EF-4); the refund screen tells them to decide first."""
    evidence = OrderTaxEvidence.objects.filter(
        order_id=order_id, decision=EvidenceDecision.REFUND
    ).first()
    if evidence is None:
        return ""
    declared = evidence.declared_country
    seen = [
        "you declared "
        + (
            f"a country {OUTSIDE_EVERY_SCHEME}"
            if declared == ELSEWHERE
            else country_in_words(declared)
        )
    ]
    card = evidence.card_country not in ("", declared)
    if card:
        seen.append(f"your card was issued in {country_in_words(evidence.card_country)}")
    if evidence.ip_country not in ("", declared):
        seen.append(
            f"you ordered from an internet address in {country_in_words(evidence.ip_country)}"
        )
    comics = (
        "this comic" if OrderItem.objects.filter(order_id=order_id).count() == 1 else "these comics"
    )
    return (
        f"We could not confirm the country you live in for VAT ({'; '.join(seen)}), so we "
        f"refunded your payment. To buy {comics}, check out again declaring the country you "
        f"live in{', or pay with a card issued there' if card else ''}."
    )


# The same, as staff are told it (the re-send links confirmation): who holds it and why.
STAFF_HOLD_WORDS = {
    EvidenceDecision.HELD: "Held for Finance: VAT evidence conflict",
    EvidenceDecision.REFUND: "Held: Finance decided on a refund for a VAT evidence conflict",
}


def orders_held_for_staff(*, order_ids: Iterable[int]) -> dict[int, str]:
    """`orders_held` in staff's words, naming the countries in conflict, in one query."""
    held = OrderTaxEvidence.objects.filter(order_id__in=order_ids, decision__in=STAFF_HOLD_WORDS)
    words = {}
    for order_id, decision, declared, card, ip in held.values_list(
        "order_id", "decision", "declared_country", "card_country", "ip_country"
    ):
        seen = [f"declared {country_code_shown(declared)}"]
        seen += [f"{name} {country}" for name, country in (("card", card), ("IP", ip)) if country]
        words[order_id] = f"{STAFF_HOLD_WORDS[decision]} ({', '.join(seen)})."
    return words


def order_evidence(*, order_id: int) -> OrderTaxEvidence | None:
    """The buyer's VAT evidence recorded with the order (None with TAX_MODE=none)."""
    return OrderTaxEvidence.objects.filter(order_id=order_id).first()


def order_evidence_shown(*, order: Order) -> OrderTaxEvidence | None:
    """`order_evidence`, read once for the order object: a page of the order shows it in
    several places (its VAT line, its buyer, why VIES refused its number, what it was placed
    with), which read it seven times for one pay page."""
    try:
        return order.tax_evidence
    except OrderTaxEvidence.DoesNotExist:
        return None


def items_paid(*, order: Order) -> dict[int, int]:
    """What the customer paid for each of the order's items, as its invoice line's total:
    its price less its discount, plus the VAT added on top of net prices
    (TAX_PRICES_INCLUDE_TAX=false), that is its `ItemTax` gross. An item without one (no
    VAT recorded) paid its price less its discount."""
    return orders_items_paid(order_ids=[order.pk])


def orders_items_paid(*, order_ids: Iterable[int]) -> dict[int, int]:
    """`items_paid` for every item of the orders `order_ids` (item pk -> what it paid)."""
    order_ids = list(order_ids)
    gross = dict(ItemTax.objects.filter(order_id__in=order_ids).values_list("item_id", "gross"))
    return {
        item.pk: gross.get(item.pk, item.paid_amount)
        for item in OrderItem.objects.filter(order_id__in=order_ids).order_by("pk")
    }


@dataclass(frozen=True)
class VatRecorded:
    """The VAT recorded with an order, as its pages, emails and invoice show it."""

    amount: int
    added: bool  # on top of net prices (TAX_PRICES_INCLUDE_TAX=false); else included in them
    rate: Decimal | None  # None when its items were charged at different rates
    country: str
    reverse_charge: bool


def orders_with_vat(orders: QuerySet[Order]) -> QuerySet[Order]:
    """`orders` with what `order_vat_recorded` and `item_vat_recorded` read, fetched for all
    of them at once."""
    return orders.select_related("tax_evidence").prefetch_related("items__tax")


def item_vat_recorded(item: OrderItem) -> ItemTax | None:
    """The item's VAT as recorded when the order was placed (None when none was)."""
    try:
        return item.tax
    except ItemTax.DoesNotExist:
        return None


def order_vat_recorded(order: Order) -> VatRecorded | None:
    """The order's VAT, summed over its items (None when none was recorded: TAX_MODE=none)."""
    taxes = [tax for item in order.items.all() if (tax := item_vat_recorded(item))]
    if not taxes:
        return None
    try:
        reverse_charge = order.tax_evidence.reverse_charge
    except OrderTaxEvidence.DoesNotExist:
        reverse_charge = False
    rates = {tax.rate for tax in taxes}
    return VatRecorded(
        amount=sum(tax.tax for tax in taxes),
        added=not order.prices_include_tax,
        rate=rates.pop() if len(rates) == 1 else None,
        country=taxes[0].country,
        reverse_charge=reverse_charge,
    )


def decided_by_when(evidence: OrderTaxEvidence, *, dated: bool = False) -> str:
    """Who took Finance's decision on the evidence and when: "finance at 14:49 UTC" (with the
    date when not today, or always when `dated`: words kept for later)."""
    return by_when(evidence.decided_by, evidence.decided_at, dated=dated)


def by_when(actor: str, at: datetime, *, dated: bool = False) -> str:
    """Who (`actor`, "staff:finance") did something and when: "finance at 14:49 UTC", with
    the date when not today or when `dated`."""
    who = actor.partition(":")[2] or actor
    at = at.astimezone(UTC)
    when = f"at {at:%H:%M} UTC"
    if dated or at.date() != timezone.now().astimezone(UTC).date():
        when = f"on {at:%Y-%m-%d} {when}"
    return f"{who} {when}"


def vat_rate_changed_words(*, order: Order) -> str:
    """For the pay and order pages of a pending order whose VAT was recorded again as a rate
    came into force since it was priced (`services.order_rates_refresh`): what changed; "" for
    any other order (outside probe CS-3: only an email said so)."""
    if order.status != OrderStatus.PENDING:
        return ""
    told = (
        order.events.filter(type=OrderEventType.VAT, data__has_key="rate_changed")
        .order_by("-created_at", "-id")
        .values_list("data__rate_changed", flat=True)
        .first()
    )
    return told or ""
