"""Evidence of where the buyer is: the declared country against the card's; a conflict
holds the paid order from fulfilment until Finance decides."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicAssetFactory,
    ComicFactory,
    UserFactory,
    business_declared_last,
    create_order,
)
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from morpheus_testing.texts import clock_hidden
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.errors import StaleOrder
from orders.models import Order
from orders.transitions import OrderStatus
from payments.services.reconcile import order_expire
from payments.tests.helpers import card_payment_method, started_payment
from tax import services
from tax.errors import EvidenceDecided, EvidenceNotHeld
from tax.models import EvidenceDecision, OrderTaxEvidence, ViesStatus
from tax.tasks import check_vat_number
from tax.tests.helpers import dispute_of, evidence, history

pytestmark = pytest.mark.django_db


def declared_order(country: str, status: str = OrderStatus.PENDING):
    return create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country=country),
        status=status,
    )


def pay_and_fulfil(order):
    with system_scope():
        order.refresh_from_db()
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    run_queued_jobs(names={fulfil_order.name})
    order.refresh_from_db()
    return order


def test_a_card_from_the_declared_country_is_recorded_and_holds_nothing():
    order = declared_order("FR", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="fr", actor="test")
    assert (evidence(order).card_country, evidence(order).decision) == ("FR", "")
    assert ("vat", "Card issued in FR") in history(order)
    assert pay_and_fulfil(order).status == OrderStatus.FULFILLED


def test_a_card_from_another_country_holds_the_paid_order_from_fulfilment():
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(
        order_id=order.pk, card_country="FR", actor=f"customer:{order.customer_id}"
    )
    assert evidence(order).decision == EvidenceDecision.HELD
    reason = (
        "VAT evidence conflict: declared DE, card issued in FR. "
        "Held from fulfilment until Finance decides."
    )
    assert ("flagged", reason) in history(order)
    # Found by an outside probe: the staff timeline said the customer flagged the order.
    with system_scope():
        assert order.events.get(type="flagged").actor == "system:vat_evidence"
    order = pay_and_fulfil(order)
    assert (order.status, order.flagged_reason) == (OrderStatus.PAID, reason)


def test_a_business_buying_by_reverse_charge_with_a_card_from_elsewhere_gets_its_comics(
    settings,
):
    """Outside probe BA (BA-9): a German business's order, invoiced by reverse charge, was
    held for its French company card: the rule of two pieces of evidence is for consumers,
    a business is where its VAT number (checked by VIES) says."""
    settings.TAX_SELLER_COUNTRY = "IE"
    order = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
        status=OrderStatus.PROCESSING,
    )

    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    assert (evidence(order).card_country, evidence(order).decision) == ("FR", "")
    assert ("vat", "Card issued in FR") in history(order)
    order = pay_and_fulfil(order)
    assert (order.status, order.flagged_reason) == (OrderStatus.FULFILLED, "")


def test_a_business_in_the_sellers_country_with_a_card_from_elsewhere_gets_its_comics(
    settings,
):
    """Outside probe BA (BA-9), left over: a German business buying from a German seller
    (local VAT, no reverse charge) was still held for its French company card: a business
    is where its VAT number (checked by VIES) says, whatever VAT it is charged."""
    settings.TAX_SELLER_COUNTRY = "DE"
    order = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
        status=OrderStatus.PROCESSING,
    )

    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    assert (evidence(order).reverse_charge, evidence(order).decision) == (False, "")
    assert ("vat", "Card issued in FR") in history(order)
    order = pay_and_fulfil(order)
    assert (order.status, order.flagged_reason) == (OrderStatus.FULFILLED, "")


def test_a_buyer_from_elsewhere_held_for_a_card_is_flagged_with_where_elsewhere_is():
    """Outside probe AL (AL-5): the flag, the history and the export said "declared ZZ"."""
    order = declared_order("ZZ", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    reason = (
        "VAT evidence conflict: declared Elsewhere (outside the EU, the UK, Norway and "
        "Switzerland), card issued in FR. Held from fulfilment until Finance decides."
    )
    assert ("flagged", reason) in history(order)
    with system_scope():
        order.refresh_from_db()
    assert order.flagged_reason == reason


def test_a_later_attempt_with_a_card_from_the_declared_country_releases_the_hold():
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="US", actor="test")
    services.evidence_card_country_record(order_id=order.pk, card_country="DE", actor="test")
    assert (evidence(order).card_country, evidence(order).decision) == ("DE", "")
    assert ("vat", "Card issued in DE, as declared: no longer held") in history(order)
    order = pay_and_fulfil(order)
    assert (order.status, order.flagged_reason) == (OrderStatus.FULFILLED, "")


def test_finance_accepting_the_declared_country_fulfils_the_held_order():
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        services.evidence_decide(
            order=order, decision="accepted", actor="staff:finance", reason="German address"
        )
    assert [name for _, name, _ in queued_jobs([fulfil_order.name])] == [fulfil_order.name]
    run_queued_jobs(names={fulfil_order.name})
    order.refresh_from_db()
    assert (order.status, order.flagged_reason) == (OrderStatus.FULFILLED, "")
    assert (evidence(order).decision, evidence(order).decided_by) == ("accepted", "staff:finance")
    assert ("vat", "German address") in history(order)


def test_finance_deciding_on_a_refund_keeps_the_order_held():
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="US", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        services.evidence_decide(order=order, decision="refund", actor="staff", reason="No proof")
    run_queued_jobs(names={fulfil_order.name})
    order.refresh_from_db()
    assert (order.status, evidence(order).decision) == (OrderStatus.PAID, "refund")


def test_finance_deciding_on_a_refund_rewords_the_flag_saying_who_decided_and_when():
    """Outside probe AQ (AQ-3): after Finance decided on a refund, the order's flag (its page,
    the orders CSV) still read "Held from fulfilment until Finance decides"."""
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        order_services.order_flag(order=order, actor="test", reason="Disputed: look at it.")
        services.evidence_decide(order=order, decision="refund", actor="staff:fin", reason="No")
    decided_at = evidence(order).decided_at.astimezone(UTC)

    assert order.flagged_reason.splitlines() == [
        "VAT evidence conflict: declared DE, card issued in FR. Refund decided by fin on "
        f"{decided_at:%Y-%m-%d} at {decided_at:%H:%M} UTC: held from fulfilment until it is "
        "refunded.",
        "Disputed: look at it.",
    ]


def test_accepting_an_order_accepted_before_says_who_accepted_it_and_when():
    """Found by an outside probe: "Retry" after losing a race to accept said only that the
    order "is not held for its VAT evidence"."""
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        services.evidence_decide(order=order, decision="accepted", actor="staff:fiona", reason="Ok")
        decided_at = timezone.now() - timedelta(days=1)
        OrderTaxEvidence.objects.filter(order=order).update(decided_at=decided_at)
    run_queued_jobs(names={fulfil_order.name})
    order.refresh_from_db()

    with system_scope(), pytest.raises(EvidenceDecided) as refused:
        services.evidence_decide(order=order, decision="refund", actor="staff:sam", reason="No")

    assert str(refused.value) == (
        f"Nothing was done: fiona accepted the declared country of order {order.number} "
        f"on {decided_at:%Y-%m-%d} at {decided_at:%H:%M} UTC; it has been fulfilled."
    )


def test_a_decision_on_an_order_changed_otherwise_since_it_was_read_is_stale_naming_no_status():
    """Found by an outside probe: a decision refused as stale said "(now paid)" of an order
    that was paid when it was read."""
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        order_services.order_flag(
            order=Order.objects.get(pk=order.pk), actor="staff:sam", reason="Customer phoned"
        )
        with pytest.raises(StaleOrder) as refused:
            services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")

    assert clock_hidden(str(refused.value)) == (
        f"Order {order.number} has changed since this page was loaded (the last change: "
        "flagged for staff by Staff: sam at HH:MM UTC). Nothing was done: look at it again and "
        "retry."
    )
    assert evidence(order).decision == EvidenceDecision.HELD


def test_an_order_without_a_conflict_has_nothing_to_decide():
    order = declared_order("FR")
    with system_scope(), pytest.raises(EvidenceNotHeld):
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="ok")


def test_the_paying_cards_country_comes_from_stripe(stripe_settings):
    order = declared_order("DE")
    order, _ = started_payment(order=order, payment_method_id=card_payment_method("4242" * 4))
    # localstripe issues every card in France.
    assert (evidence(order).card_country, evidence(order).decision) == ("FR", "held")


def test_the_customers_order_page_keeps_the_evidence_and_finances_decisions_to_staff(client):
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    with system_scope():
        order.refresh_from_db()
        services.evidence_decide(
            order=order, decision="accepted", actor="staff", reason="Lives in Berlin, bank in Paris"
        )
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "VAT evidence" not in page
    assert "Berlin" not in page


@pytest.mark.parametrize("finance_decided", [True, False])
def test_a_held_order_refunded_in_full_is_no_longer_flagged_for_finance(finance_decided):
    """Found by an outside probe: a held order Finance decided to refund, once refunded, kept
    its flag "Held from fulfilment until Finance decides" for ever, in the flagged list and
    its export."""
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    order = pay_and_fulfil(order)
    with system_scope():
        order_services.order_flag(order=order, actor="staff", reason="Customer phoned")
        if finance_decided:
            services.evidence_decide(order=order, decision="refund", actor="staff", reason="No")

        order_services.order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="stripe:evt_r", reason="refund"
        )

    order.refresh_from_db()
    assert (order.status, order.flagged_reason) == (OrderStatus.REFUNDED, "Customer phoned")
    assert ("vat", "Refunded in full: no longer held for Finance's decision") in history(order)
    # Found by an outside probe: the evidence list still said "Held for Finance", and
    # Accept still recorded a decision on the refunded order.
    assert evidence(order).decision == ("refund" if finance_decided else "")
    with system_scope(), pytest.raises(EvidenceNotHeld, match="refunded in full: there is nothing"):
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")


def held_and_paid(country: str = "DE", card: str = "FR"):
    order = declared_order(country, OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country=card, actor="test")
    return pay_and_fulfil(order)


def test_a_held_order_charged_back_leaves_finances_queue_and_cannot_be_decided():
    """Outside probe BI (BI-5): a held order whose dispute was lost stayed "Held for
    Finance" for ever, and an accept said "it is being fulfilled" though nothing could be."""
    order = held_and_paid()
    dispute_of(order, "needs_response")

    dispute_of(order, "lost")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert services.CONFLICT not in order.flagged_reason
    assert evidence(order).decision == ""
    assert ("vat", "Charged back (a dispute lost): no longer held for Finance's decision") in (
        history(order)
    )
    with system_scope(), pytest.raises(EvidenceNotHeld) as refused:
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")
    assert str(refused.value) == (
        f"Order {order.number} was charged back (a dispute lost): nothing can be fulfilled, "
        "there is nothing to decide."
    )
    assert evidence(order).decided_at is None


def test_a_charge_back_won_after_all_holds_the_order_again_until_finance_decides():
    """A lost dispute the card network reverses gives the order back its fulfilment: the
    conflict nobody decided must hold it again, not let it through unchecked."""
    order = held_and_paid()
    dispute_of(order, "needs_response")
    dispute_of(order, "lost")

    dispute_of(order, "won")
    run_queued_jobs(names={fulfil_order.name})

    order.refresh_from_db()
    assert (order.status, order.disputed_at) == (OrderStatus.PAID, None)
    assert evidence(order).decision == EvidenceDecision.HELD
    assert order.flagged_reason.startswith(
        "VAT evidence conflict: declared DE, card issued in FR. Held from fulfilment"
    )
    assert ("vat", "Dispute lost before, won after all: held again until Finance decides") in (
        history(order)
    )


def test_a_charge_back_of_an_order_in_no_conflict_holds_nothing_when_won_after_all():
    order = held_and_paid(country="FR", card="FR")
    assert order.status == OrderStatus.FULFILLED
    dispute_of(order, "lost")

    dispute_of(order, "won")

    order.refresh_from_db()
    assert (evidence(order).decision, order.flagged_reason) == ("", "")


def test_accepting_a_held_order_while_its_payment_is_disputed_fulfils_it_once_the_dispute_is_won():
    """Outside probe BI (BI-5): the accept said "it is being fulfilled" while the dispute
    held its fulfilment."""
    order = held_and_paid()
    dispute_of(order, "needs_response")
    with system_scope():
        order.refresh_from_db()
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")
    assert services.accepted_then(order) == (
        "its payment is disputed: it is fulfilled if the dispute is won"
    )
    run_queued_jobs(names={fulfil_order.name})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    dispute_of(order, "won")
    run_queued_jobs(names={fulfil_order.name})

    order.refresh_from_db()
    assert (order.status, evidence(order).decision) == (OrderStatus.FULFILLED, "accepted")


def _cancel(order, by: str) -> None:
    with system_scope():
        if by == "customer":
            actor = f"customer:{order.customer_id}"
            order_services.order_cancel_by_customer(order=order, actor=actor, reason="Gave up")
        elif by == "staff":
            order_services.order_transition(order=order, name="cancel", actor="staff", reason="t")
        else:
            order_expire(order_id=order.pk, actor="system:reconcile")


@pytest.mark.parametrize(
    ("status", "by"),
    [
        (OrderStatus.PENDING, "customer"),  # the card was declined
        (OrderStatus.PROCESSING, "staff"),  # 3-D Secure still waits
        (OrderStatus.PENDING, "expiry"),
    ],
)
def test_a_held_order_canceled_unpaid_leaves_finances_queue_and_cannot_be_decided(status, by):
    """Outside probe BE (BE-5): a held order canceled before it was paid kept its flag
    "Held from fulfilment until Finance decides" and stayed "Held for Finance" for ever;
    an accept said "it is being fulfilled" for an order that never would be."""
    order = declared_order("DE", status)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    with system_scope():
        order_services.order_flag(order=order, actor="staff", reason="Customer phoned")

    _cancel(order, by)

    order.refresh_from_db()
    assert (order.status, order.flagged_reason) == (OrderStatus.CANCELED, "Customer phoned")
    assert evidence(order).decision == ""
    assert ("vat", "Canceled unpaid: no longer held for Finance's decision") in history(order)
    with system_scope(), pytest.raises(EvidenceNotHeld) as refused:
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")
    assert str(refused.value) == (
        f"Order {order.number} was canceled unpaid: there is nothing to decide."
    )
    assert evidence(order).decided_at is None


def test_a_customer_cancelling_their_held_order_on_its_page_cancels_it_and_ends_the_hold(
    client,
):
    """Outside probe BG-2: the cancel ended the hold in the customer's session, which may not
    write VAT evidence: a 500, and the order stayed processing and held."""
    order = declared_order("DE", OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    client.force_login(order.customer)

    response = client.post(reverse("orders:cancel", args=[order.number]))

    assert response.status_code == 302
    with system_scope():
        order.refresh_from_db()
    assert (order.status, order.flagged_reason) == (OrderStatus.CANCELED, "")
    assert evidence(order).decision == ""
    assert ("vat", "Canceled unpaid: no longer held for Finance's decision") in history(order)


def test_a_card_from_another_country_learnt_after_the_cancel_holds_nothing():
    """Outside probe BE (BE-5): a payment job that reads the card after the customer gave
    up would hold the canceled order for Finance."""
    order = declared_order("DE")
    _cancel(order, "customer")

    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    order.refresh_from_db()
    assert (evidence(order).card_country, evidence(order).decision) == ("FR", "")
    assert order.flagged_reason == ""


def test_a_staff_comp_takes_no_business_from_the_last_declaration(settings):
    """Outside probe BZ (BZ-6): a comp, an order of nothing placed by code, took the last
    order's business, read reverse charge and queued a VIES check."""
    settings.TAX_SELLER_COUNTRY = "IE"
    customer = UserFactory()
    business_declared_last(customer)
    checks = queued_jobs({check_vat_number.name})

    with system_scope():
        comp = order_services.order_comp(
            customer=customer, comics=[ComicFactory()], reason="Contest", actor="staff:test"
        )
        given = OrderTaxEvidence.objects.get(order=comp)

    assert (given.declared_country, given.asked) == ("DE", False)
    assert (given.vat_number, given.business_name, given.billing_address) == ("", "", "")
    assert (given.reverse_charge, given.vies_status) == (False, ViesStatus.NONE)
    assert queued_jobs({check_vat_number.name}) == checks
