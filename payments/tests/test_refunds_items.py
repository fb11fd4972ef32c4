"""Refunds of whole items against localstripe: an item's links close, the others stay; the
order is refunded only when every item is."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse

from delivery.errors import NotEntitled
from delivery.models import DownloadLink
from delivery.services import download_link_issue_one, download_links_reissue_by_staff
from invoicing.models import DocumentKind, Invoice
from invoicing.selectors import items_left_to_credit
from morpheus.db_context import system_scope
from morpheus.money import format_display, format_money
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
)
from morpheus_testing.jobs import run_queued_jobs, run_task
from morpheus_testing.stripe_signing import build_event
from orders.buyer import BuyerDeclaration
from orders.models import OrderEventType
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.errors import PaymentProviderUnreachable, RefundNotAllowed
from payments.models import Payment, Refund, RefundStatus
from payments.services import (
    charge_refunded_apply,
    refund_create,
    refund_create_for_items,
    refund_unanswered_fail,
)
from payments.tasks import send_refund
from payments.tests.helpers import (
    STRIPE_API_ERROR,
    charge_json,
    intent_json,
    issue_download_links,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
)

pytestmark = pytest.mark.django_db
STAFF = "staff:finance"


@pytest.fixture
def two_items(stripe_webhook, send_event):
    """A fulfilled order of two comics paid through localstripe, its links issued."""
    order = create_order(comics=[ComicAssetFactory().comic, ComicAssetFactory().comic])
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        first, second = order.items.order_by("pk")
    return reload(order), payment, first, second


def refund_items(order, items, reason="Wrong comic"):
    row = refund_create_for_items(
        order=order, item_ids=[item.pk for item in items], reason=reason, actor=STAFF
    )
    run_stripe_jobs()
    row.refresh_from_db()
    return row


def active_links(order) -> dict[int, int]:
    with system_scope():
        links = DownloadLink.objects.filter(order=order, revoked_at__isnull=True)
        return {
            item_id: links.filter(order_item_id=item_id).count()
            for item_id in {link.order_item_id for link in DownloadLink.objects.filter(order=order)}
        }


def test_refunding_one_item_closes_only_its_links_and_keeps_the_order_status(two_items, client):
    order, payment, first, second = two_items
    with system_scope():
        kept = download_link_issue_one(order=order, item_id=second.pk, actor="customer:test")

    row = refund_items(order, [first])

    assert (row.status, row.amount) == (RefundStatus.SUCCEEDED, first.unit_amount)
    assert active_links(order) == {first.pk: 0, second.pk: 2}
    after = reload(order)
    assert (after.status, after.refunded_amount) == (OrderStatus.FULFILLED, first.unit_amount)
    assert client.get(kept.path).status_code == 200
    with system_scope():
        assert [(i.pk, i.refunded_amount) for i in after.items.order_by("pk")] == [
            (first.pk, first.unit_amount),
            (second.pk, 0),
        ]
    assert charge_json(payment)["amount_refunded"] == first.unit_amount


def test_the_refund_email_names_the_comic_refunded_and_says_its_link_closed(two_items):
    """Found by an outside probe: the email of an item refund said only an amount, not
    which comic it paid back nor that its download link stopped working."""
    order, _, first, second = two_items
    run_queued_jobs()
    mail.outbox = []

    refund_items(order, [first])
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = (
        f"It pays back {first.title}: its download link no longer works. "
        f"The other comic of the order, {second.title}, stays yours."
    )
    assert said in message.body
    assert said in message.alternatives[0][0]


def test_the_refund_email_of_one_comic_of_three_says_the_other_comics_stay(
    stripe_webhook, send_event
):
    order = create_order(comics=[ComicAssetFactory().comic for _ in range(3)])
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        first = order.items.order_by("pk").first()
    run_queued_jobs()
    mail.outbox = []

    refund_items(reload(order), [first])
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    assert (
        f"It pays back {first.title}: its download link no longer works. "
        "The other comics of the order stay yours."
    ) in " ".join(message.body.split())


def test_the_refund_emails_of_an_order_held_for_its_vat_check_speak_of_no_download_link(
    stripe_webhook, send_event
):
    """Outside probe AG (F8): an order held for the VAT check (never fulfilled, no link ever
    issued) was told "its download link no longer works. The other comics of the order stay
    yours." and "its download links no longer work"."""
    order = create_order(
        comics=[ComicAssetFactory().comic, ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country="DE"),  # localstripe's cards are from France
    )
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs()
    order = reload(order)
    assert (order.status, order.fulfilled_at) == (OrderStatus.PAID, None)
    with system_scope():
        first, second = order.items.order_by("pk")
    mail.outbox = []

    refund_items(order, [first])
    refund_items(reload(order), [second])
    run_queued_jobs()

    refunds = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = [
        f"It pays back {first.title}, which was not delivered and will not be. "
        "The rest of the order is unchanged.",
        "The order is fully refunded; its comics were not delivered and will not be.",
    ]
    parts = [(message.body, message.alternatives[0][0]) for message in refunds]
    assert len(parts) == 2
    for sentence in said:
        assert any(sentence in text and sentence in html for text, html in parts)
    for part in (part for pair in parts for part in pair):
        assert "download link" not in part and "stay yours" not in part


def test_the_full_refund_email_of_one_comic_never_delivered_speaks_of_one_comic(
    stripe_webhook, send_event
):
    """Outside probe HZ-8: "its comics were not delivered", where the order page says "its
    comic"."""
    order = create_order(
        comics=[ComicAssetFactory().comic], declaration=BuyerDeclaration(country="DE")
    )
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs()
    with system_scope():
        (item,) = reload(order).items.all()
    mail.outbox = []

    refund_items(reload(order), [item])
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = "The order is fully refunded; its comic was not delivered and will not be."
    assert said in message.body and said in message.alternatives[0][0]


def test_the_full_refund_email_of_one_comic_delivered_speaks_of_one_comic(
    stripe_webhook, send_event
):
    """Outside probe IA-3: "its download links no longer work", of one comic."""
    order, payment = started_payment(order=create_order(comics=[ComicAssetFactory().comic]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs()
    with system_scope():
        (item,) = reload(order).items.all()
    mail.outbox = []

    refund_items(reload(order), [item])
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = "The order is fully refunded; its comic can no longer be downloaded."
    assert said in message.body and said in message.alternatives[0][0]


def test_the_refund_emails_of_an_address_never_confirmed_speak_of_the_library_not_links(
    stripe_webhook, send_event
):
    """Outside probe HC-2: links go only to a confirmed address, and a customer who never
    confirmed theirs, the comics in the library alone, was told "its download link no
    longer works"."""
    customer = UserFactory(email_verified=False)
    order = create_order(
        customer=customer, comics=[ComicAssetFactory().comic, ComicAssetFactory().comic]
    )
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs()
    order = reload(order)
    assert order.status == OrderStatus.FULFILLED
    with system_scope():
        first, second = order.items.order_by("pk")
    mail.outbox = []

    refund_items(order, [first])
    run_queued_jobs()
    refund_items(reload(order), [second])
    run_queued_jobs()

    refunds = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = [
        f"It pays back {first.title}: it has left your library. The other comic of the "
        f"order, {second.title}, stays yours.",
        "The order is fully refunded; its comics have left your library.",
    ]
    parts = [(message.body, message.alternatives[0][0]) for message in refunds]
    assert len(parts) == 2
    for sentence in said:
        assert any(sentence in text and sentence in html for text, html in parts)
    for part in (part for pair in parts for part in pair):
        assert "download link" not in part


def test_two_refunds_confirmed_by_one_read_of_the_charge_each_have_their_row_email_and_note(
    two_items, localstripe
):
    """Outside probe BI (BI-1): a refund of an amount Stripe took while its job died before
    reading the charge, then an item refund whose job read it and confirmed both, made one
    history row, one credit note and one email "We refunded (both) ... It pays back (the
    item)"."""
    order, payment, first, second = two_items
    run_queued_jobs()
    mail.outbox = []
    amount = refund_create(order=order, amount=200, reason="Late", actor=STAFF)

    charge = "/v1/charges/" + charge_json(payment)["id"]
    localstripe.requests_fail("GET", charge, http_status=500, error=STRIPE_API_ERROR)
    with pytest.raises(PaymentProviderUnreachable):
        run_task(send_refund, attempts=0, refund_id=amount.pk)
    localstripe.requests_as_usual()
    item = refund_create_for_items(
        order=reload(order), item_ids=[second.pk], reason="Wrong comic", actor=STAFF
    )
    run_task(send_refund, attempts=0, refund_id=item.pk)
    run_queued_jobs()

    amount.refresh_from_db()
    item.refresh_from_db()
    assert amount.status == item.status == RefundStatus.SUCCEEDED
    with system_scope():
        refunds = order.events.filter(type=OrderEventType.REFUND).order_by("pk")
        recorded = refunds.filter(data__has_key="previously")
        notes = Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE).order_by("pk")
        assert [(e.data["previously"], e.data["refunded_amount"]) for e in recorded] == [
            (0, 200),
            (200, 200 + second.unit_amount),
        ]
        assert [
            (note.payment_reference, [(line["title"], line["gross"]) for line in note.lines])
            for note in notes
        ] == [
            (amount.stripe_refund_id, [(first.title, 200)]),
            (item.stripe_refund_id, [(second.title, second.unit_amount)]),
        ]
    emails = [m.body for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    total = format_display(order.total_amount, order.currency)
    assert len(emails) == 2
    assert f"We refunded {format_display(200, order.currency)} for" in emails[0]
    assert f"Refunded so far: {format_display(200, order.currency)} of {total}" in emails[0]
    assert "pays back" not in emails[0]
    assert f"We refunded {format_display(second.unit_amount, order.currency)} for" in emails[1]
    assert f"It pays back {second.title}: its download link no longer works." in emails[1]


def test_an_order_refunded_in_full_partly_by_amount_marks_every_item_refunded(two_items, client):
    """Outside probe AG (F10): an order refunded by an item, then by an amount for the rest,
    read "This order was refunded" while its other item was not marked refunded; "My
    orders" the same (outside probe HC-4)."""
    order, _, first, _ = two_items
    refund_items(order, [first])
    order = reload(order)
    refund_create(order=order, amount=order.refundable_amount, reason="Rest", actor=STAFF)
    run_stripe_jobs()
    assert reload(order).status == OrderStatus.REFUNDED

    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    listed = client.get(reverse("orders:list")).text

    assert page.count('data-testid="item-refunded">Refunded<') == 2
    assert listed.count('data-testid="item-refunded">(refunded)<') == 2


def test_the_credit_note_of_an_item_refund_credits_only_that_item_in_full(two_items):
    order, _, first, _ = two_items
    refund_items(order, [first])

    with system_scope():
        (note,) = Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE)
    assert [(line["title"], line["gross"]) for line in note.lines] == [
        (first.title, first.unit_amount)
    ]


def test_an_item_refunded_for_what_an_amount_refund_left_of_it_is_closed_and_credited_alone(
    two_items,
):
    order, _, first, second = two_items
    refund_create(order=order, amount=100, reason="Late", actor=STAFF)
    run_stripe_jobs()
    with system_scope():
        left = items_left_to_credit(order=reload(order))
    refund = refund_create_for_items(
        order=reload(order),
        item_ids=[first.pk],
        reason="Wrong comic",
        actor=STAFF,
        amounts={first.pk: left[first.pk]},
    )
    run_stripe_jobs()

    with system_scope():
        _, note = Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE).order_by("pk")
        first.refresh_from_db()
    assert 0 < refund.amount == left[first.pk] < first.paid_amount
    assert [(line["title"], line["gross"]) for line in note.lines] == [(first.title, refund.amount)]
    assert first.refund_closed
    with pytest.raises(RefundNotAllowed, match="Already refunded"):
        refund_create_for_items(
            order=reload(order), item_ids=[first.pk], reason="Again", actor=STAFF
        )
    assert [
        link.title
        for link in download_links_reissue_by_staff(
            order=reload(order), actor="staff:test", reason="fresh links"
        )
    ] == [second.title]


def test_fresh_links_leave_out_a_refunded_item(two_items):
    order, _, first, second = two_items
    refund_items(order, [first])

    fresh = download_links_reissue_by_staff(
        order=reload(order), actor="staff:test", reason="fresh links"
    )

    assert [link.title for link in fresh] == [second.title]
    with pytest.raises(NotEntitled), system_scope():
        download_link_issue_one(order=reload(order), item_id=first.pk, actor="customer:test")


def test_refunding_every_item_refunds_the_order(two_items):
    order, _, first, second = two_items
    refund_items(order, [first])
    refund_items(reload(order), [second])

    after = reload(order)
    assert (after.status, after.refunded_amount) == (OrderStatus.REFUNDED, after.total_amount)
    assert active_links(order) == {first.pk: 0, second.pk: 0}


def test_refunding_the_last_item_pays_back_what_rounding_kept_and_refunds_the_order(
    stripe_webhook, send_event
):
    """Found by an outside probe: in KWD, after a refund of an amount, each item refund
    rounded what was left of its item down to the 0.010 Stripe pays back in, and 0.010 KWD
    stayed unrefunded: the order stayed paid, every item marked refunded."""
    assets = [
        ComicAssetFactory(comic__price_amount=1250, comic__currency="KWD"),
        ComicAssetFactory(comic__price_amount=870, comic__currency="KWD"),
    ]
    order, payment = started_payment(order=create_order(comics=[a.comic for a in assets]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_create(order=reload(order), amount=10, reason="Late", actor=STAFF)
    run_stripe_jobs()

    refunds = []
    for item_id in sorted(left_to_credit(order)):
        refunds.append(
            refund_create_for_items(
                order=reload(order),
                item_ids=[item_id],
                reason="Wrong comic",
                actor=STAFF,
                amounts={item_id: left_to_credit(order)[item_id]},
            ).amount
        )
        run_stripe_jobs()

    after = reload(order)
    assert refunds == [1240, 870]
    assert (after.status, after.refunded_amount) == (OrderStatus.REFUNDED, 2120)
    assert charge_json(payment)["amount_refunded"] == 2120
    with system_scope():
        assert list(after.items.values_list("refunded_amount", flat=True).order_by("pk")) == [
            1240,
            870,
        ]
        assert set(items_left_to_credit(order=after).values()) == {0}  # credited in full


def left_to_credit(order) -> dict[int, int]:
    with system_scope():
        return {pk: left for pk, left in items_left_to_credit(order=reload(order)).items() if left}


def test_an_item_is_refunded_once(two_items):
    order, _, first, _ = two_items
    first_request = refund_create_for_items(
        order=order, item_ids=[first.pk], reason="Wrong comic", actor=STAFF
    )
    again = refund_create_for_items(
        order=order, item_ids=[first.pk], reason="Wrong comic", actor=STAFF
    )
    assert again.pk == first_request.pk
    run_stripe_jobs()
    with pytest.raises(RefundNotAllowed, match="Already refunded"):
        refund_items(reload(order), [first], reason="Again")
    assert Refund.objects.filter(order=order).count() == 1


def test_an_item_refund_stripe_refuses_lets_the_item_be_downloaded_again(two_items):
    order, payment, first, second = two_items
    with system_scope():
        type(payment).objects.filter(pk=payment.pk).update(
            stripe_payment_intent_id="pi_unknown_to_stripe"
        )
    row = refund_items(order, [first])

    assert row.status == RefundStatus.FAILED
    fresh = download_links_reissue_by_staff(
        order=reload(order), actor="staff:test", reason="fresh links"
    )
    assert sorted(link.title for link in fresh) == sorted([first.title, second.title])


def test_an_item_refund_stripe_refuses_emails_a_fresh_link_for_that_item_alone(two_items):
    """Found by an outside probe: every item's links were replaced (the preview had said the
    other items keep theirs), and the email explained a refund the customer was never told
    of."""
    order, payment, first, second = two_items
    with system_scope():
        Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown")
        kept = DownloadLink.objects.get(order_item=second, revoked_at__isnull=True)

    assert refund_items(order, [first]).status == RefundStatus.FAILED
    assert active_links(order) == {first.pk: 0, second.pk: 1}
    run_queued_jobs(names={"delivery.tasks.send_fresh_links"})

    assert active_links(order) == {first.pk: 1, second.pk: 1}
    with system_scope():
        kept.refresh_from_db()
    assert kept.revoked_at is None  # the other item's emailed link still works
    [fresh] = [message for message in mail.outbox if message.subject.endswith(" ready")]
    # Found by an outside probe: two openings, and no word of why the link was replaced.
    assert fresh.body.startswith(
        f"Your previous link for {first.title}, from order {order.number}, was replaced and "
        f"no longer works: here is a fresh one.\n\n- {first.title} ("
    )
    assert "ready." not in fresh.body and "ready to download" not in fresh.body
    assert "These links replace" not in fresh.body
    html = fresh.alternatives[0][0]
    assert "Your fresh link</h1>" in html and "ready to download" not in html
    assert f"- {first.title} (" in fresh.body and f"- {second.title} (" not in fresh.body
    assert "refund" not in fresh.body.lower()


def test_an_item_refund_stripe_paid_after_it_failed_here_stops_the_fresh_link_again(
    two_items, send_event
):
    """Outside probe BD (BD-2): the refund stayed failed beside an external row with no
    item, so the item's fresh link kept working and the item read as not refunded."""
    order, payment, first, second = two_items
    row = refund_create_for_items(
        order=order, item_ids=[first.pk], reason="Wrong comic", actor=STAFF
    )
    refund_unanswered_fail(refund_id=row.pk)  # its job gave up, Stripe out of reach
    run_queued_jobs(names={"delivery.tasks.send_fresh_links"})
    assert active_links(order) == {first.pk: 1, second.pk: 1}
    localstripe_call(  # the request had reached Stripe all the same
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": row.amount,
            "metadata": {"refund_id": str(row.pk)},
        },
    )

    send_event(build_event("charge.refunded", charge_json(payment)))

    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    assert active_links(order) == {first.pk: 0, second.pk: 1}
    with system_scope():
        assert [(i.pk, i.refunded_amount) for i in order.items.order_by("pk")] == [
            (first.pk, row.amount),
            (second.pk, 0),
        ]


def test_an_item_refund_stripe_refuses_after_the_comic_was_bought_again_asks_to_refund_again(
    two_items,
):
    """Found by an outside probe: the refused refund gave the item back with a fresh link,
    and the customer owned the comic in two paid orders, nothing saying they paid twice."""
    order, payment, first, second = two_items
    with system_scope():
        Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown")
    row = refund_create_for_items(
        order=order, item_ids=[first.pk], reason="Wrong comic", actor=STAFF
    )
    with system_scope():
        again = create_order_beside_cart(
            customer=order.customer, comics=[first.comic], status=OrderStatus.FULFILLED
        )

    run_stripe_jobs()
    run_queued_jobs(names={"delivery.tasks.send_fresh_links"})

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    assert reload(order).flagged_reason == (
        f"A refund failed at Stripe: {format_money(row.amount, row.currency)} (Not Found). "
        f"Nothing was refunded, and {first.title} (in {again.number}) was bought again "
        "since: refund it again, or the customer pays for it twice."
    )
    assert active_links(order) == {first.pk: 0, second.pk: 1}
    assert not [message for message in mail.outbox if message.subject.endswith(" ready")]


def test_an_item_with_less_left_than_stripe_can_refund_is_not_refunded_on_its_own():
    """Stripe pays dinars back in steps of 0.010: 0.005 KWD left of an item goes with an
    amount refund instead."""
    comics = [ComicFactory(price_amount=330, currency="KWD"), ComicFactory(currency="KWD")]
    order = create_order(status=OrderStatus.PROCESSING, comics=comics)
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_kwd_{order.pk}", status="succeeded")
    with system_scope():
        order_transition(order=order, name="mark_paid", actor="test", reason="t")
        item = order.items.get(comic=comics[0])

    with pytest.raises(RefundNotAllowed, match="than Stripe can refund on its own"):
        refund_create_for_items(
            order=order, item_ids=[item.pk], reason="Broken", actor=STAFF, amounts={item.pk: 5}
        )
    with system_scope():
        assert not Refund.objects.filter(order=order).exists()


def test_the_order_page_says_which_emailed_link_a_refund_of_its_item_stopped(two_items, client):
    """Found by an outside probe: after one item's refund, the page still said "The links we
    emailed give up to 5 downloads each" of every link, the refunded item's included."""
    order, _, first, second = two_items
    client.force_login(order.customer)
    refund_create_for_items(order=order, item_ids=[first.pk], reason="Blank", actor=STAFF)
    pending = client.get(reverse("orders:detail", args=[order.number])).text
    run_stripe_jobs()

    refunded = client.get(reverse("orders:detail", args=[order.number])).text

    for page, words in ((pending, "is being refunded"), (refunded, "was refunded")):
        (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
        assert sentence.startswith(f"The link for {second.title} gives up to 5 downloads, until ")
        assert sentence.endswith(f"UTC. The link for {first.title} no longer works: it {words}.")


@pytest.mark.parametrize(
    ("used", "expired", "words"),
    [
        (True, False, "has given its 5 downloads"),
        (True, True, "has expired or given its 5 downloads"),
        (False, True, "expired on 1 Jan 2026, 12:00 UTC"),
    ],
)
def test_the_order_page_says_only_of_the_links_a_refund_left_that_they_gave_out(
    two_items, client, used, expired, words
):
    """Outside probes AR (AR-1) and AV (AV-2): once the other link had given its downloads,
    the page said "The links we emailed have given their 5 downloads each", the refunded
    item's link included, which had given none and was stopped by the refund."""
    order, _, first, second = two_items
    client.force_login(order.customer)
    refund_items(order, [first])
    with system_scope():
        DownloadLink.objects.filter(order_item=second).update(
            download_count=F("max_downloads") if used else 0,
            expires_at=datetime(2026, 1, 1, 12, tzinfo=UTC) if expired else F("expires_at"),
        )

    page = client.get(reverse("orders:detail", args=[order.number])).text

    (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
    assert sentence == (
        f"The link for {second.title} {words}. "
        f"The link for {first.title} no longer works: it was refunded."
    )


def test_the_order_page_names_every_link_a_refund_left_once_they_gave_their_downloads(
    client, stripe_webhook, send_event
):
    order = create_order(comics=[ComicAssetFactory().comic for _ in range(3)])
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        first, second, third = reload(order).items.order_by("pk")
    client.force_login(order.customer)
    refund_items(order, [second])
    with system_scope():
        DownloadLink.objects.filter(order=order).update(download_count=F("max_downloads"))

    page = client.get(reverse("orders:detail", args=[order.number])).text

    (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
    assert sentence == (
        f"The links for {first.title} and {third.title} have given their 5 downloads each. "
        f"The link for {second.title} no longer works: it was refunded."
    )


def test_the_order_page_names_no_library_link_beside_the_emailed_one_a_refund_left(
    two_items, client
):
    """Outside probe AX (AX-4): after a library download of the item kept, the page said
    "The link for … gives up to 1 downloads", of the library's link, not the emailed one."""
    order, _, first, second = two_items
    client.force_login(order.customer)
    refund_items(order, [first])
    with system_scope():
        DownloadLink.objects.filter(order_item=second).update(download_count=F("max_downloads"))
        asset = second.comic.assets.get()
    client.post(reverse("delivery:library_download", args=[second.pk, asset.pk]))

    page = client.get(reverse("orders:detail", args=[order.number])).text

    (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
    assert sentence == (
        f"The link for {second.title} has given its 5 downloads. "
        f"The link for {first.title} no longer works: it was refunded."
    )


@pytest.fixture
def paid_and_free(stripe_webhook, send_event):
    """A fulfilled order of a comic paid for and a free one, its links issued."""
    free = ComicFactory(title="Dream Diary: Free Sample", price_amount=0)
    order = create_order(comics=[ComicFactory(title="Neon Tide", price_amount=699), free])
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        paid_item, free_item = order.items.order_by("pk")
    return reload(order), paid_item, free_item


def test_refunding_the_one_paid_comic_leaves_the_free_comic_the_customers(paid_and_free, client):
    """Outside probe BF-2: refunding the paid comic refunded the order, the free comic's
    links answered 403, the library lost it and the receipt called it refunded."""
    order, paid_item, free_item = paid_and_free
    run_queued_jobs()
    mail.outbox = []
    with system_scope():
        kept = download_link_issue_one(order=order, item_id=free_item.pk, actor="customer:test")

    refund_create_for_items(order=order, item_ids=[paid_item.pk], reason="Wrong", actor=STAFF)
    assert active_links(order)[free_item.pk] > 0  # not closed while the refund is pending
    run_stripe_jobs()
    run_queued_jobs()

    after = reload(order)
    assert (after.status, after.refunded_amount) == (OrderStatus.FULFILLED, after.total_amount)
    assert active_links(order)[paid_item.pk] == 0
    assert client.get(kept.path).status_code == 200
    client.force_login(order.customer)
    library = client.get(reverse("delivery:library")).text
    assert f"<h2>{free_item.title}</h2>" in library
    assert library.count('data-testid="library-refunded"') == 1  # Neon Tide's
    receipt = client.get(reverse("orders:detail", args=[order.number])).text
    assert receipt.count('data-testid="item-refunded">Refunded<') == 1
    assert "This order was refunded" not in receipt
    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    assert (
        f"It pays back {paid_item.title}: its download link no longer works. "
        f"The other comic of the order, {free_item.title}, stays yours."
    ) in message.body
    assert "fully refunded" not in message.body


def test_refunding_the_amount_of_an_order_with_a_free_comic_takes_the_free_comic_too(
    paid_and_free,
):
    order, paid_item, free_item = paid_and_free

    refund_create(order=order, amount=order.total_amount, reason="Whole order", actor=STAFF)
    run_stripe_jobs()

    assert reload(order).status == OrderStatus.REFUNDED
    assert active_links(order) == {paid_item.pk: 0, free_item.pk: 0}


def _paid_after_all(order, payment, item):
    """Staff refund `item`; its job gives up with Stripe out of reach, though its request
    reached Stripe, which paid it."""
    given_up = refund_create_for_items(
        order=order, item_ids=[item.pk], reason="Wrong comic", actor=STAFF
    )
    refund_unanswered_fail(refund_id=given_up.pk)
    run_queued_jobs(names={"delivery.tasks.send_fresh_links"})
    localstripe_call(
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": given_up.amount,
            "metadata": {"refund_id": str(given_up.pk)},
        },
    )
    return given_up


def _paid_after_all_then_refunded_again(order, payment, item):
    """`_paid_after_all`; staff then refund the item again, as the flag says."""
    given_up = _paid_after_all(order, payment, item)
    mail.outbox.clear()
    again = refund_items(reload(order), [item], reason="Refund again")
    assert again.status == RefundStatus.NOT_SENT
    return given_up


def test_a_refund_not_sent_as_stripe_paid_the_item_after_all_emails_no_fresh_link(two_items):
    """Outside probe BG (BG-7): the refund not sent emailed "here is a fresh one" for the
    item just paid back, with no link in it, beside the refund email."""
    order, payment, first, second = two_items
    _paid_after_all_then_refunded_again(order, payment, first)

    run_queued_jobs(names={"delivery.tasks.send_fresh_links"})

    assert active_links(order) == {first.pk: 0, second.pk: 1}
    assert [message for message in mail.outbox if message.subject.endswith(" ready")] == []


def test_the_order_page_history_ends_with_the_refund_stripe_paid_after_all(two_items, client):
    """Outside probe BG (BG-7): it ended "Refund of €4.99 could not be made", of the refund
    not sent, and kept that line for the refund that was paid; outside probe BH (BH-4): the
    refund not sent still read "Refund of €4.99 under way", as if a second were coming."""
    order, payment, first, _ = two_items
    given_up = _paid_after_all_then_refunded_again(order, payment, first)
    client.force_login(order.customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    history = re.findall(r"</time> ([^<]*)</li>", page)
    amount = format_display(given_up.amount, order.currency)
    assert history[-2:] == [f"Refund of {amount} under way", f"Refunded {amount}"]
    assert history.count(f"Refund of {amount} under way") == 1
    assert "could not be made" not in page


@pytest.fixture
def paid_back_keeping_the_free_comic(paid_and_free):
    """The order of `paid_and_free` once its paid comic is refunded: all its money is paid
    back, its free comic stays the customer's."""
    order, paid_item, _ = paid_and_free
    refund_create_for_items(order=order, item_ids=[paid_item.pk], reason="Wrong", actor=STAFF)
    run_stripe_jobs()
    run_queued_jobs()
    return reload(order)


def test_a_refund_of_another_item_after_stripe_paid_one_after_all_is_sent(two_items):
    """Outside probe BH (BH-11): the other item's refund was dropped unsent, its flag line
    saying "do not refund it again" of money nobody paid back."""
    order, payment, first, second = two_items
    given_up = _paid_after_all(order, payment, first)

    other = refund_items(reload(order), [second], reason="Other comic")

    assert other.status == RefundStatus.SUCCEEDED
    given_up.refresh_from_db()
    assert given_up.status == RefundStatus.SUCCEEDED
    assert charge_json(payment)["amount_refunded"] == given_up.amount + other.amount
    with system_scope():
        assert [(i.pk, i.refunded_amount) for i in order.items.order_by("pk")] == [
            (first.pk, given_up.amount),
            (second.pk, other.amount),
        ]
    order = reload(order)
    assert order.status == OrderStatus.REFUNDED
    assert "not sent" not in order.flagged_reason
    assert "do not refund it again" in order.flagged_reason  # of the refund paid after all


def test_a_refund_of_the_item_paid_after_all_and_another_is_not_sent_and_names_the_other(
    two_items,
):
    """Outside probe BH (BH-11): only what the refund paid after all paid back may be held
    back; staff are told to refund the other item on its own."""
    order, payment, first, second = two_items
    given_up = _paid_after_all(order, payment, first)

    both = refund_items(reload(order), [first, second], reason="Refund again")

    assert both.status == RefundStatus.NOT_SENT
    assert charge_json(payment)["amount_refunded"] == given_up.amount
    assert (
        reload(order)
        .flagged_reason.splitlines()[-1]
        .endswith(
            "The customer was paid back by that refund: do not refund it again (this one was "
            f"asked for in the belief that nothing had been). It did not pay back {second.title}: "
            "refund it on its own."
        )
    )
    again = refund_items(reload(order), [second], reason="Other comic")
    assert again.status == RefundStatus.SUCCEEDED


def test_a_refund_of_the_item_asked_again_is_not_sent_when_stripe_reported_paying_it_first(
    two_items, send_event
):
    """Left from outside probe BH (BH-11): `charge.refunded` confirmed the item's refund
    Stripe paid after all before the job of the one asked again ran, which then sent it:
    the customer was paid back twice for the item."""
    order, payment, first, second = two_items
    given_up = _paid_after_all(order, payment, first)
    again = refund_create_for_items(
        order=reload(order), item_ids=[first.pk], reason="Refund again", actor=STAFF
    )
    send_event(build_event("charge.refunded", charge_json(payment)))

    run_stripe_jobs()

    again.refresh_from_db()
    assert again.status == RefundStatus.NOT_SENT
    assert charge_json(payment)["amount_refunded"] == given_up.amount
    with system_scope():
        assert [(i.pk, i.refunded_amount) for i in order.items.order_by("pk")] == [
            (first.pk, given_up.amount),
            (second.pk, 0),
        ]
    assert (
        reload(order)
        .flagged_reason.splitlines()[-1]
        .startswith(
            f"A refund was not sent: {format_money(again.amount, order.currency)} (Stripe had paid "
            f"back refund {given_up.pk} with "
        )
    )


def test_a_refund_of_another_item_is_sent_when_stripe_reported_paying_one_after_all_first(
    two_items,
):
    order, payment, first, second = two_items
    given_up = _paid_after_all(order, payment, first)
    other = refund_create_for_items(
        order=reload(order), item_ids=[second.pk], reason="Other comic", actor=STAFF
    )
    with system_scope():
        charge_refunded_apply(charge=charge_json(payment), actor="system:reconcile_payments")

    run_stripe_jobs()

    other.refresh_from_db()
    assert other.status == RefundStatus.SUCCEEDED
    assert charge_json(payment)["amount_refunded"] == given_up.amount + other.amount
    assert reload(order).status == OrderStatus.REFUNDED


def test_an_item_refund_asked_again_while_pending_is_sent_again_with_a_history_row(two_items):
    """Left from outside probe BI (BI-9): the same refund sent to Stripe again left no row in
    the order's history; it pays back once."""
    order, payment, first, _ = two_items
    asked = refund_create_for_items(
        order=order, item_ids=[first.pk], reason="Wrong comic", actor=STAFF
    )

    again = refund_create_for_items(
        order=reload(order), item_ids=[first.pk], reason="Wrong comic", actor="staff:bob"
    )

    assert again.pk == asked.pk
    with system_scope():
        rows = reload(order).events.filter(data__refund_id=asked.pk).order_by("pk")
        assert [(row.data["status"], row.actor, row.reason) for row in rows] == [
            ("pending", STAFF, "Wrong comic"),
            ("sent_again", "staff:bob", "Wrong comic"),
        ]
    run_stripe_jobs()
    asked.refresh_from_db()
    assert asked.status == RefundStatus.SUCCEEDED
    assert charge_json(payment)["amount_refunded"] == asked.amount
