"""VIES checks of VAT numbers and what a refusal does to an order waiting for payment or paid."""

from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.jobs import jobs_waiting_or_running
from morpheus.money import charge_step, format_display, format_money
from orders import events
from orders import services as order_services
from orders import signals as order_signals
from orders.models import Order
from orders.transitions import OrderStatus
from tax.arithmetic import tax_on_net
from tax.countries import country_in_words
from tax.models import ItemTax, OrderTaxEvidence, ViesStatus, percent
from tax.selectors import rate_for
from tax.services.records import items_tax_record
from tax.services.terms import COMIC_CATEGORY, UNDER_WAY, VIES_REFUSED
from tax.vat_numbers import vies_valid


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
    rows = items_tax_record(order=order, evidence=evidence)
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
