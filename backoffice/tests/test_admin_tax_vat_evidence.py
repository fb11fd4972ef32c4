"""Finance decides on orders held for conflicting VAT evidence, in the admin."""

import html
import itertools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from backoffice import admin_tax
from backoffice.staff_groups import FINANCE
from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus.money import format_money
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import (
    ComicAssetFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.jobs import queued_jobs
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.services import refund_create
from tax.models import EvidenceDecision, OrderTaxEvidence
from tax.services import evidence_card_country_record
from tax.tests.helpers import dispute_of

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:tax_ordertaxevidence_changelist"
# What staff who decided second are told, after "Nothing was done: <who decided first> ".
ACCEPTED = "accepted the declared country of order {number} at {time} UTC; it is being fulfilled."
REFUND = "decided on a refund for order {number} at {time} UTC; it stays held until it is refunded."


@pytest.fixture
def held_order():
    order = create_order(declaration=BuyerDeclaration(country="DE"), status=OrderStatus.PROCESSING)
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    return order


def loaded(client, order) -> dict[str, str]:
    """What the list page, loaded now, sends back of `order` with a decision."""
    page = client.get(reverse(CHANGELIST)).content.decode()
    (version,) = re.findall(rf'<input type="hidden" name="version_{order.pk}" value="(\d+)">', page)
    return {f"version_{order.pk}": version}


def decide(client, order, action: str, page: dict[str, str] | None = None):
    """`action` sent from `page` (a list page loaded now when not given)."""
    page = loaded(client, order) if page is None else page
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [order.pk], **page},
        follow=True,
    )


def test_finance_lists_held_orders_and_accepts_the_declared_country(finance_client, held_order):
    """Found by an outside probe: the message and the history said "accepted by finance"
    whoever accepted, as if the user called finance had."""
    page = finance_client.get(reverse(CHANGELIST), {"decision__exact": "held"})
    assert held_order.number in page.content.decode()
    username = finance_client.user.username
    response = decide(finance_client, held_order, "accept_declared_country")
    told = f"Order {held_order.number}: declared country accepted by {username}; it is being"
    assert f"{told} fulfilled." in response.content.decode()
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=held_order)
        event = held_order.events.filter(type="vat").last()
    assert evidence.decision == "accepted"
    assert (
        event.reason
        == f"Declared country accepted by {username} (declared DE, card FR, IP unknown)"
    )
    assert [name for _, name, _ in queued_jobs([fulfil_order.name])] == [fulfil_order.name]


def test_finance_deciding_on_a_refund_is_told_the_order_stays_held(finance_client, held_order):
    username = finance_client.user.username
    response = decide(finance_client, held_order, "decide_refund")
    told = f"Order {held_order.number}: refund decided by {username}; it stays held until it"
    assert f"{told} is refunded." in response.content.decode()
    with system_scope():
        event = held_order.events.filter(type="vat").last()
    assert event.reason == f"Refund decided by {username} (declared DE, card FR, IP unknown)"
    assert queued_jobs([fulfil_order.name]) == []


def test_a_refund_decided_again_from_a_page_showing_it_is_refused_saying_who_decided(
    finance_client, held_order
):
    decide(finance_client, held_order, "decide_refund")

    refused = decide(finance_client, held_order, "decide_refund").content.decode()

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=held_order)
        decisions = held_order.events.filter(type="vat", data__has_key="decision").count()
    told = REFUND.format(number=held_order.number, time=f"{evidence.decided_at:%H:%M}")
    assert f"Nothing was done: {finance_client.user.username} {told}" in refused
    assert decisions == 1


def test_an_accept_in_place_of_a_refund_the_list_showed_says_which_decision_it_replaced(
    finance_client, held_order
):
    """Outside testers AP (AP-1): an accept a few seconds after a refund decision fulfilled
    the order, its message and history silent on the refund decision it overrode."""
    refunder = staff_user(FINANCE)
    refunder_client = Client()
    refunder_client.force_login(refunder)
    decide(refunder_client, held_order, "decide_refund")
    with system_scope():
        decided_at = OrderTaxEvidence.objects.get(order=held_order).decided_at
    refund_shown = f"To be refunded ({refunder.username} at {decided_at:%H:%M} UTC)"
    assert refund_shown in finance_client.get(reverse(CHANGELIST)).content.decode()

    response = decide(finance_client, held_order, "accept_declared_country").content.decode()

    username = finance_client.user.username
    replaced = f"in place of the refund decided by {refunder.username} at {decided_at:%H:%M} UTC"
    assert f"declared country accepted by {username}, {replaced}; it is being" in response
    with system_scope():
        event = held_order.events.filter(type="vat").last()
    assert event.reason.startswith(f"Declared country accepted by {username}, {replaced} (")
    assert len(queued_jobs([fulfil_order.name])) == 1


def test_accepting_an_order_whose_whole_refund_is_under_way_is_refused_saying_so(finance_client):
    """Outside probe AS (AS-3): the accept said "it is being fulfilled" while the refund of
    the whole order went on, and the order became refunded a second later."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    PaymentFactory(order=order, stripe_payment_intent_id="pi_h", status=PaymentStatus.SUCCEEDED)
    decide(finance_client, order, "decide_refund")
    username = finance_client.user.username
    with system_scope():
        refund = refund_create(
            order=order, amount=order.total_amount, reason="No proof", actor=f"staff:{username}"
        )

    response = decide(finance_client, order, "accept_declared_country").content.decode()

    total = format_money(order.total_amount, order.currency)
    assert (
        f"Nothing was done: a refund of the whole of order {order.number} is under way "
        f"({total}, requested by {username} at {refund.created_at:%H:%M} UTC): nothing can be "
        "fulfilled unless Stripe refuses it."
    ) in html.unescape(response)
    assert "it is being fulfilled" not in response
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=order).decision == EvidenceDecision.REFUND
    assert queued_jobs([fulfil_order.name]) == []


def test_accepting_an_order_whose_payment_is_disputed_says_it_waits_for_the_dispute(
    finance_client,
):
    """Outside probe BI (BI-5): the accept said "it is being fulfilled" while the dispute
    held the order's fulfilment; it only follows a win."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    dispute_of(order, "needs_response")

    response = decide(finance_client, order, "accept_declared_country").content.decode()

    username = finance_client.user.username
    assert (
        f"Order {order.number}: declared country accepted by {username}; its payment is "
        "disputed: it is fulfilled if the dispute is won."
    ) in html.unescape(response)
    assert "it is being fulfilled" not in response


def test_an_accept_of_an_order_charged_back_is_refused_and_it_leaves_the_held_list(
    finance_client,
):
    """Outside probe BI (BI-5): a held order whose dispute was lost stayed "Held for
    Finance", and an accept said "it is being fulfilled"."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    page = loaded(finance_client, order)
    dispute_of(order, "lost")

    held = finance_client.get(reverse(CHANGELIST), {"decision__exact": "held"}).content.decode()
    response = decide(finance_client, order, "accept_declared_country", page).content.decode()

    assert order.number not in held
    assert (
        f"Order {order.number} was charged back (a dispute lost): nothing can be fulfilled, "
        "there is nothing to decide."
    ) in html.unescape(response)
    assert "it is being fulfilled" not in response
    assert queued_jobs([fulfil_order.name]) == []


@contextmanager
def decided_in_turn(first_actor: str) -> Iterator[None]:
    """Two staff's decisions read the order together; `first_actor` decides, and the other
    only once that decision is committed: the race the outside tester hit, every time."""
    read = threading.Barrier(2)
    first_done = threading.Event()
    decide_now = admin_tax.evidence_decide

    def evidence_decide(**kwargs):
        read.wait(timeout=10)
        first = kwargs["actor"] == first_actor
        if not first:
            first_done.wait(timeout=10)
        try:
            return decide_now(**kwargs)
        finally:
            if first:
                first_done.set()

    with mock.patch.object(admin_tax, "evidence_decide", evidence_decide):
        yield


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("first_action", "second_action", "told"),
    [
        pytest.param(
            "accept_declared_country", "accept_declared_country", ACCEPTED, id="both-accept"
        ),
        pytest.param("accept_declared_country", "decide_refund", ACCEPTED, id="accept-first"),
        pytest.param("decide_refund", "accept_declared_country", REFUND, id="refund-first"),
    ],
)
def test_two_staff_deciding_at_once_the_second_is_told_who_decided_what_and_when(
    staff_groups, held_order, first_action, second_action, told
):
    """Found by an outside probe: the second was told the order had changed "(now paid)",
    the status it had all along, and not that the first had accepted it and it was being
    fulfilled; a refund decided first was overridden by an accept sent at the same moment."""
    first, second = staff_user(superuser=True), staff_user(FINANCE)
    sends = [(first, first_action), (second, second_action)]

    def send():
        user, action = sends.pop()
        client = Client()
        client.force_login(user)
        return user, decide(client, held_order, action)

    with decided_in_turn(first_actor=f"staff:{first.username}"):
        answers = dict(at_once(send, times=2))

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=held_order)
        decisions = held_order.events.filter(type="vat", data__has_key="decision").count()
    told = told.format(number=held_order.number, time=f"{evidence.decided_at:%H:%M}")
    refused = answers[second].content.decode()
    assert f"Nothing was done: {first.username} {told}" in refused
    assert "has changed since this page was loaded" not in refused
    assert (evidence.decided_by, decisions) == (f"staff:{first.username}", 1)
    accepted = first_action == "accept_declared_country"
    assert len(queued_jobs([fulfil_order.name])) == accepted


@pytest.mark.parametrize(
    ("first_action", "second_action"),
    list(itertools.product(["accept_declared_country", "decide_refund"], repeat=2)),
)
def test_a_decision_sent_from_a_page_loaded_before_another_one_is_refused_saying_who_decided(
    finance_client, held_order, first_action, second_action
):
    """Found by outside testers: a page loaded before a refund decision and sent after it
    was judged on the order as it was when sent, so it overrode the refund unseen."""
    first = staff_user(superuser=True)
    first_client = Client()
    first_client.force_login(first)
    first_page, second_page = loaded(first_client, held_order), loaded(finance_client, held_order)

    decide(first_client, held_order, first_action, first_page)
    refused = decide(finance_client, held_order, second_action, second_page).content.decode()

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=held_order)
        decisions = held_order.events.filter(type="vat", data__has_key="decision").count()
    told = ACCEPTED if first_action == "accept_declared_country" else REFUND
    told = told.format(number=held_order.number, time=f"{evidence.decided_at:%H:%M}")
    assert f"Nothing was done: {first.username} {told}" in refused
    assert (evidence.decided_by, decisions) == (f"staff:{first.username}", 1)
    accepted = first_action == "accept_declared_country"
    assert len(queued_jobs([fulfil_order.name])) == accepted


def test_a_decision_sent_without_the_version_its_page_showed_changes_nothing(
    finance_client, held_order
):
    response = decide(finance_client, held_order, "accept_declared_country", page={})

    assert (
        "1 order selected was not on this page: nothing was decided for them."
        in response.content.decode()
    )
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=held_order).decision == "held"


def test_the_list_and_the_decision_name_elsewhere_by_where_it_is_not_by_its_code(
    finance_client,
):
    """Outside probe AL (AL-5): the list's Declared country and the history said "ZZ"."""
    order = create_order(declaration=BuyerDeclaration(country="ZZ"), status=OrderStatus.PROCESSING)
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    page = finance_client.get(reverse(CHANGELIST)).content.decode()
    one = finance_client.get(reverse("admin:tax_ordertaxevidence_change", args=[order.pk]))
    decide(finance_client, order, "accept_declared_country")

    elsewhere = "Elsewhere (outside the EU, the UK, Norway and Switzerland)"
    assert f">{elsewhere}</td>" in page
    assert ">ZZ<" not in page
    # As a value, not inside a random token (the page's CSRF token or script nonce).
    assert elsewhere in one.content.decode()
    assert not re.search(r">\s*ZZ\s*<", one.content.decode())
    with system_scope():
        event = order.events.filter(type="vat").last()
    assert f"(declared {elsewhere}, card FR, IP unknown)" in event.reason


def test_the_evidence_page_is_titled_by_its_orders_number(finance_client, held_order):
    """Found by outside testers: it was titled "4: DE", by the order's key."""
    url = reverse("admin:tax_ordertaxevidence_change", args=[held_order.pk])

    page = finance_client.get(url).content.decode()

    named = f"VAT evidence of order {held_order.number} (declared DE)"
    assert re.search(rf"<title>\s*{re.escape(named)} \|", page)


def test_support_sees_the_evidence_but_cannot_decide(support_client, held_order):
    page = support_client.get(reverse(CHANGELIST))
    assert held_order.number in page.content.decode()
    decide(support_client, held_order, "accept_declared_country")
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=held_order).decision == "held"


def test_the_evidence_page_is_read_as_it_is_with_no_save_and_its_fields_in_words(
    finance_client, held_order
):
    """Found by an outside probe: the page, whose every field is read-only, offered Finance
    "Save", which answered "changed successfully", and read "Ip country", "Vat number"."""
    url = reverse("admin:tax_ordertaxevidence_change", args=[held_order.pk])

    page = finance_client.get(url).content.decode()
    posted = finance_client.post(url, {"_save": "Save"})

    assert 'name="_save"' not in page and 'name="_continue"' not in page
    for label in ("IP address country", "VAT number", "VIES check", "Card issued in"):
        assert label in page
    assert "Ip country" not in page and "Vat number" not in page
    assert posted.status_code == 403
    # The decisions stay on the list.
    assert decide(finance_client, held_order, "accept_declared_country").status_code == 200


def test_finances_evidence_list_is_titled_as_a_list_to_view(finance_client, held_order):
    """Found by outside testers: it was titled "Select order tax evidence to change" (as
    Finance may decide, from its actions), though nothing on it is edited."""
    page = finance_client.get(reverse(CHANGELIST)).content.decode()

    assert re.search(r"<title>\s*Select order tax evidence to view \|", page)


def test_select_all_decides_the_orders_the_page_showed_and_counts_the_others(finance_client):
    """ "Select all" of more held orders than a page shows: each order the page did not show
    was said to have changed since it was loaded, one message an order, none had changed."""
    held = [
        create_order_held_for_its_vat_evidence(
            customer=UserFactory(), comics=[ComicAssetFactory().comic]
        )
        for _ in range(3)
    ]
    shown = loaded(finance_client, held[0])

    response = finance_client.post(
        reverse(CHANGELIST),
        {
            "action": "accept_declared_country",
            "select_across": "1",
            "index": "0",
            "_selected_action": [held[0].pk],
            **shown,
        },
        follow=True,
    )

    page = response.content.decode()
    assert f"Order {held[0].number}: declared country accepted by" in page
    assert "2 orders selected were not on this page: nothing was decided for them." in page
    assert "has changed since" not in page
    with system_scope():
        decisions = {e.order_id: e.decision for e in OrderTaxEvidence.objects.all()}
    assert decisions == {held[0].pk: "accepted", held[1].pk: "held", held[2].pk: "held"}
