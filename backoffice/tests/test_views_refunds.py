import re
from datetime import UTC, timedelta
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.helpers import as_confirmed, dispute_closed, headings, paid_by_card
from delivery.library import library_download_link
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    DisputeFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.stripe_signing import build_event
from morpheus_testing.texts import clock_hidden
from orders import events
from orders.models import Order
from orders.services import order_flag, order_transition
from orders.transitions import OrderStatus
from payments.models import PaymentStatus, Refund, RefundStatus
from payments.selectors import (
    DISPUTE_LOST_FLAG,
    REFUND_FAILED_FLAG,
    REFUND_PAID_AFTER_ALL_FLAG,
    REFUND_UNSENT_FLAG,
)
from payments.services import refund_create, refund_create_for_items
from payments.tests.helpers import (
    charge_json,
    intent_json,
    localstripe_call,
    run_stripe_jobs,
    started_payment,
)
from tax.services import evidence_decide


@pytest.fixture
def paid_order():
    order = create_order(status=OrderStatus.PAID, comics=[ComicFactory(price_amount=2000)])
    PaymentFactory(
        order=order,
        stripe_payment_intent_id=f"pi_refund_{order.pk}",
        status=PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
    )
    return order


def refund_url(order: Order) -> str:
    return reverse("admin:orders_order_refund", args=[order.pk])


def refunds_of(order: Order) -> list[Refund]:
    with system_scope():
        return list(Refund.objects.filter(order=order))


def reload(order: Order) -> Order:
    with system_scope():
        return Order.objects.get(pk=order.pk)


def test_preview_shows_what_is_left_and_refunds_nothing(finance_client, paid_order):
    response = finance_client.post(
        refund_url(paid_order), {"version": paid_order.version, "amount": "5", "reason": "Late"}
    )
    preview = response.context["preview"]
    assert (preview.amount, preview.left_after, preview.is_full) == (500, 1500, False)
    assert b"confirm-refund" in response.content
    assert refunds_of(paid_order) == []


def test_the_refund_reason_is_labelled_for_staff_and_as_in_the_customer_s_data_export(
    finance_client, paid_order
):
    """Outside probe BS-3: the field said "the customer may see it", though the reason is in
    no email and on no page of the customer's. Outside probe HR-2: it said "not shown", and
    the customer's data export gives it word for word."""
    page = finance_client.get(refund_url(paid_order)).text

    assert (
        "Reason (for staff: not in the customer's emails or on their order page, but in the "
        "data export they can download)"
    ) in page
    assert "the customer may see it" not in page
    assert 'id="id_reason" rows="2" maxlength="500"' in page  # as every reason box (ET-3)


@pytest.mark.parametrize(
    ("library_downloads", "revoked"),
    [
        (0, "1 active download link will be revoked"),
        (
            3,
            "4 active download links (3 of them of one download, from the library or the API) "
            "will be revoked",
        ),
    ],
)
def test_full_refund_preview_counts_the_links_it_revokes_telling_the_librarys_apart(
    finance_client, library_downloads, revoked
):
    """Outside probe HF-3: a customer's library clicks read "55 active download links" of a
    one-comic order, like links shared; the order page did not say which were emailed."""
    asset = ComicAssetFactory(comic__price_amount=2000)
    order = paid_by_card([asset.comic])
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="system")
        item = order.items.get()
        for _ in range(library_downloads):
            library_download_link(
                customer=order.customer, item_id=item.pk, asset_id=asset.pk, actor="test"
            )
        order.refresh_from_db()

    response = finance_client.post(
        refund_url(order), {"version": order.version, "amount": "20", "reason": "x"}
    )
    order_page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text

    assert response.context["preview"].is_full
    assert f"A full refund: the order becomes refunded and {revoked}." in response.text
    assert order_page.count('"Issued as">Library download</td>') == library_downloads
    assert order_page.count('"Issued as">Emailed</td>') == 1


@pytest.mark.parametrize(
    ("fulfilled", "kept"),
    [
        pytest.param(True, " and its download links.", id="fulfilled"),
        pytest.param(False, "; it has no active download link.", id="never-fulfilled"),
    ],
)
def test_a_partial_refund_preview_says_the_order_keeps_links_only_when_it_has_some(
    finance_client, paid_order, fulfilled, kept
):
    """Found by an outside probe: the preview of an order never fulfilled (held for its
    VAT evidence) said it "keeps its status and its download links"."""
    with system_scope():
        if fulfilled:
            download_links_fulfil(order_id=paid_order.pk, actor="system")
        version = Order.objects.get(pk=paid_order.pk).version

    page = finance_client.post(
        refund_url(paid_order), {"version": version, "amount": "5", "reason": "Late"}
    ).text

    assert f"<p>A partial refund: the order keeps its status{kept}</p>" in page


def test_the_refund_screen_is_headed_once_by_its_title_and_links_the_order(
    finance_client, paid_order
):
    """Found by an outside probe: the card's heading repeated the page's."""
    page = finance_client.get(refund_url(paid_order)).text

    order_url = reverse("admin:orders_order_change", args=[paid_order.pk])
    assert headings(page).count(f"Refund order {paid_order.number}") == 1
    assert f'<p>Order <a href="{order_url}">{paid_order.number}</a>: paid 20.00 EUR;' in page


@pytest.mark.parametrize("decided", [False, True])
def test_the_refund_screen_of_an_order_held_undecided_says_to_decide_first(finance_client, decided):
    """Outside probes EE-2, EF-4: refunded from here, a held order's customer is told of the
    refund alone; only Finance's "Decide on a refund" tells them why."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    PaymentFactory(order=order, succeeded=True)
    if decided:
        with system_scope():
            evidence_decide(order=order, decision="refund", actor="staff:finance", reason="t")

    page = finance_client.get(refund_url(order)).text

    assert f"Refund order {order.number}" in page
    evidence_list = reverse("admin:tax_ordertaxevidence_changelist")
    assert ('id="refund-held"' in page) == (not decided)
    assert (f'href="{evidence_list}?q={order.number}"' in page) == (not decided)


def test_confirmed_refund_calls_the_payments_service(finance_client, paid_order):
    url = refund_url(paid_order)
    response = finance_client.post(
        url,
        as_confirmed(
            finance_client, url, {"version": paid_order.version, "amount": "5.50", "reason": "Late"}
        ),
    )
    assert response.status_code == 302
    [refund] = refunds_of(paid_order)
    assert (refund.amount, refund.status, refund.reason) == (550, RefundStatus.PENDING, "Late")
    assert refund.actor == f"staff:{finance_client.user.username}"


def test_refund_above_what_is_left_is_refused(finance_client, paid_order):
    response = finance_client.post(
        refund_url(paid_order),
        {"version": paid_order.version, "amount": "20.01", "reason": "x", "confirmed": "on"},
    )
    assert response.context["form"].errors["amount"]
    assert refunds_of(paid_order) == []


@pytest.mark.parametrize("version", ["x", ""])
def test_a_refund_form_without_the_pages_version_says_to_reload(
    finance_client, paid_order, version
):
    response = finance_client.post(
        refund_url(paid_order),
        {"version": version, "amount": "1", "reason": "x", "confirmed": "on"},
    )

    errors = response.content.decode().split('id="refund-errors"')[1].split("</div>")[0]
    assert "This page is out of date: reload it and try again." in errors
    assert refunds_of(paid_order) == []


def test_a_dinar_amount_stripe_cannot_refund_is_refused_in_words(finance_client):
    """Stripe moves three-decimal currencies in steps of ten: 0.250 KWD, not 0.255."""
    dinars = ComicFactory(price_amount=1250, currency="KWD")
    order = create_order(status=OrderStatus.PAID, comics=[dinars])
    PaymentFactory(
        order=order,
        stripe_payment_intent_id=f"pi_refund_{order.pk}",
        status=PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
    )
    page = finance_client.get(refund_url(order))
    assert b'step="0.010" min="0.010"' in page.content

    refused = finance_client.post(
        refund_url(order),
        {"version": order.version, "amount": "0.255", "reason": "x", "confirmed": "on"},
    )
    assert refused.context["form"].errors["amount"] == [
        "KWD amounts must end in 0 (Stripe charges them in steps of 0.010): "
        "0.250 or 0.260, not 0.255."
    ]
    assert refunds_of(order) == []
    near_the_most = finance_client.post(
        refund_url(order),
        {"version": order.version, "amount": "1.255", "reason": "x", "confirmed": "on"},
    )
    assert near_the_most.context["form"].errors["amount"] == [
        "KWD amounts must end in 0 (Stripe charges them in steps of 0.010): 1.250, not 1.255."
    ]

    previewed = finance_client.post(
        refund_url(order), {"version": order.version, "amount": "0.250", "reason": "x"}
    )
    assert previewed.context["preview"].amount == 250


def test_refund_on_a_stale_page_changes_nothing(finance_client, paid_order):
    response = finance_client.post(
        refund_url(paid_order),
        {"version": paid_order.version - 1, "amount": "5", "reason": "x", "confirmed": "on"},
    )
    assert response.status_code == 302
    assert refunds_of(paid_order) == []


def test_a_second_tab_that_loaded_before_a_refund_gets_a_conflict_not_a_second_refund(
    finance_client, paid_order
):
    shown = paid_order.version
    first = {"version": shown, "amount": "3", "reason": "Late", "confirmed": "on"}
    second = {"version": shown, "amount": "2", "reason": "Goodwill", "confirmed": "on"}

    url = refund_url(paid_order)
    finance_client.post(url, as_confirmed(finance_client, url, first))
    stale = finance_client.post(url, second, follow=True)

    assert [refund.amount for refund in refunds_of(paid_order)] == [300]
    assert "changed" in stale.content.decode()


def status_shown_on(client, order: Order) -> str:
    """The status the refund page's form says it showed, as a browser sends it back."""
    page = client.get(refund_url(order)).content.decode()
    return re.search(r'name="status_shown" value="([^"]*)"', page)[1]


def test_a_refund_confirmation_sent_again_does_not_say_the_status_changed_when_it_did_not(
    finance_client, paid_order
):
    """Found by an outside probe: the second send said "(now paid)" of an order that was
    paid all along; what changed was the refund the first send recorded."""
    url = refund_url(paid_order)
    asked = {"version": paid_order.version, "amount": "2", "reason": "Late"}
    form = as_confirmed(
        finance_client, url, {**asked, "status_shown": status_shown_on(finance_client, paid_order)}
    )
    finance_client.post(url, form, follow=True)  # its page shows the refund recorded

    again = finance_client.post(url, form, follow=True)

    told = [str(message) for message in again.context["messages"]]
    [refund] = refunds_of(paid_order)
    assert told == [
        f"This refund was made already at {refund.created_at.astimezone(UTC):%H:%M} UTC by "
        f"{finance_client.user.username} (2.00 EUR, “Late”): nothing more was done."
    ]
    assert refund.amount == 200


def test_a_refund_confirmation_sent_again_after_stripe_paid_it_says_it_was_made_not_retry(
    finance_client, paid_order
):
    """Found by outside probe BS (BS-4): Back then Confirm (or a second click) answered
    "has changed since this page was loaded. Nothing was done: look at it again and retry",
    and staff who retried refunded the customer twice."""
    url = refund_url(paid_order)
    form = as_confirmed(
        finance_client, url, {"version": paid_order.version, "amount": "0.50", "reason": "dbl"}
    )
    finance_client.post(url, form, follow=True)  # its page shows it recorded
    with system_scope():  # Stripe paid it: the order moved on again
        Refund.objects.filter(order=paid_order).update(status=RefundStatus.SUCCEEDED)
        Order.objects.filter(pk=paid_order.pk).update(version=paid_order.version + 5)

    again = finance_client.post(url, form, follow=True)

    [refund] = refunds_of(paid_order)
    assert again.redirect_chain[-1][0] == reverse("admin:orders_order_change", args=[paid_order.pk])
    assert [str(message) for message in again.context["messages"]] == [
        f"This refund was made already at {refund.created_at.astimezone(UTC):%H:%M} UTC by "
        f"{finance_client.user.username} (0.50 EUR, “dbl”): nothing more was done."
    ]


def test_another_refund_confirmed_from_the_page_a_refund_was_made_from_is_still_stale(
    finance_client, paid_order
):
    url = refund_url(paid_order)
    shown = {"version": paid_order.version, "status_shown": paid_order.status, "reason": "dbl"}
    made = as_confirmed(finance_client, url, {**shown, "amount": "0.50"})
    other = as_confirmed(finance_client, url, {**shown, "amount": "0.60"})
    finance_client.post(url, made, follow=True)

    stale = finance_client.post(url, other, follow=True)

    assert [clock_hidden(str(message)) for message in stale.context["messages"]] == [
        f"Order {paid_order.number} has changed since this page was loaded (the last change: "
        f"refund by Staff: {finance_client.user.username} at HH:MM UTC). Nothing was done: look "
        "at it again and retry."
    ]
    assert [refund.amount for refund in refunds_of(paid_order)] == [50]


def test_a_refund_page_older_than_a_colleagues_full_refund_names_it_not_only_nothing_left(
    finance_client, paid_order
):
    """Outside probe FF-1: it said only "has nothing left to refund", the colleague's refund
    that took it all unsaid."""
    url = refund_url(paid_order)
    shown = {"version": paid_order.version, "status_shown": paid_order.status, "reason": "mine"}
    mine = as_confirmed(finance_client, url, {**shown, "amount": "0.50"})
    with system_scope():
        refund_create(
            order=paid_order,
            amount=paid_order.total_amount,
            reason="theirs",
            actor="staff:colleague",
        )

    stale = finance_client.post(url, mine, follow=True)

    assert [clock_hidden(str(message)) for message in stale.context["messages"]] == [
        f"Order {paid_order.number} has changed since this page was loaded (the last change: "
        "refund by Staff: colleague at HH:MM UTC). Nothing was done: look at it again and "
        "retry."
    ]
    assert [refund.reason for refund in refunds_of(paid_order)] == ["theirs"]


@pytest.mark.parametrize(
    ("theirs", "stripes"),
    [
        ("amount", "refund"),
        ("item", "refund"),
        ("whole", "status changed to refunded"),
    ],
)
def test_a_refund_page_a_colleague_refunded_from_meanwhile_names_their_refund_not_only_stripes(
    finance_client, stripe_webhook, send_event, theirs, stripes
):
    """Outside probe CF-3: the refusal named Stripe's confirmation of the colleague's refund
    ("refund by stripe:re_…"), the colleague unsaid again; CS-2: after an item refund, the
    links it revoked ("after download links revoked by Staff: colleague"); FQ-1: after a
    refund of the whole order, which Stripe's confirmation records in two rows."""
    order = create_order(comics=[ComicFactory(), ComicFactory()])
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="system")
    order = reload(order)
    url = refund_url(order)
    shown = {"version": order.version, "status_shown": order.status, "reason": "mine"}
    mine = as_confirmed(finance_client, url, {**shown, "amount": "0.50"})
    with system_scope():
        if theirs == "item":
            first = order.items.order_by("pk").first()
            refund_create_for_items(
                order=order, item_ids=[first.pk], reason="theirs", actor="staff:colleague"
            )
        else:
            amount = order.total_amount if theirs == "whole" else 40
            refund_create(order=order, amount=amount, reason="theirs", actor="staff:colleague")
    run_stripe_jobs()  # Stripe pays the colleague's refund

    stale = finance_client.post(url, mine, follow=True)

    assert [clock_hidden(str(message)) for message in stale.context["messages"]] == [
        f"Order {order.number} has changed since this page was loaded ("
        f"{'now refunded; ' if theirs == 'whole' else ''}the last change: {stripes} "
        "by Stripe at HH:MM UTC, after refund by Staff: colleague at HH:MM UTC). Nothing was "
        "done: look at it again and retry."
    ]


def preview_of(client, order: Order, amount: str, reason: str) -> str:
    response = client.post(
        refund_url(reload(order)),
        {"version": reload(order).version, "amount": amount, "reason": reason},
    )
    return response.content.decode()


@pytest.mark.parametrize("reason", ["dbl", "Dbl", "customer asked"])
def test_a_preview_of_a_refund_made_minutes_ago_warns_it_would_refund_again(
    finance_client, paid_order, reason
):
    """Found by outside probe BS (BS-4): the preview of the same amount and reason said
    nothing of the identical refund made a minute before. Outside probe BT-3: a reason typed
    differently ("Probe item" for "probe item") warned of nothing, though the customer would
    be refunded twice all the same."""
    refund_create(order=paid_order, amount=50, reason="dbl", actor="staff:finance")
    with system_scope():
        Refund.objects.filter(order=paid_order).update(status=RefundStatus.SUCCEEDED)
    [refund] = refunds_of(paid_order)

    preview = preview_of(finance_client, paid_order, "0.50", reason)

    assert (
        f"A refund of 0.50 EUR (“dbl”) was made at {refund.created_at.astimezone(UTC):%H:%M} "
        "UTC by finance. Confirm only if the customer is to be refunded again."
    ) in preview
    assert "Confirm refund of 0.50 EUR" in preview


@pytest.mark.parametrize(
    ("amount", "status", "minutes_ago"),
    [
        pytest.param("0.60", RefundStatus.SUCCEEDED, 0, id="another-amount"),
        pytest.param("0.50", RefundStatus.FAILED, 0, id="failed"),
        pytest.param("0.50", RefundStatus.SUCCEEDED, 11, id="older"),
    ],
)
def test_a_preview_warns_of_no_refund_but_one_of_the_same_amount_made_minutes_ago(
    finance_client, paid_order, amount, status, minutes_ago
):
    refund_create(order=paid_order, amount=50, reason="dbl", actor="staff:finance")
    with system_scope():
        Refund.objects.filter(order=paid_order).update(
            status=status, created_at=timezone.now() - timedelta(minutes=minutes_ago)
        )

    preview = preview_of(finance_client, paid_order, amount, "dbl")

    assert "This will refund" in preview
    assert "was made at" not in preview


def test_a_refund_page_loaded_before_the_status_changed_names_the_new_status(
    finance_client, paid_order
):
    url = refund_url(paid_order)
    asked = {"version": paid_order.version, "amount": "2", "reason": "Late"}
    form = as_confirmed(
        finance_client, url, {**asked, "status_shown": status_shown_on(finance_client, paid_order)}
    )
    with system_scope():
        Order.objects.filter(pk=paid_order.pk).update(
            status=OrderStatus.FULFILLED, version=paid_order.version + 1
        )

    stale = finance_client.post(url, form, follow=True)

    told = [str(message) for message in stale.context["messages"]]
    assert [clock_hidden(text) for text in told] == [
        f"Order {paid_order.number} has changed since this page was loaded (now fulfilled; "
        "the last change: status changed to fulfilled by the shop at HH:MM UTC). Nothing was "
        "done: look at it again and retry."
    ]
    assert refunds_of(paid_order) == []


def test_a_refund_page_loaded_before_the_first_download_names_the_customers_download(
    finance_client, paid_order
):
    """Outside probe CM-3: it said "status changed to delivered by the shop, after download
    links by the customer"."""
    with system_scope():
        download_links_fulfil(order_id=paid_order.pk, actor="system")
        order = reload(paid_order)
        item = order.items.get()
        link = item.download_links.get()
    url = refund_url(order)
    asked = {"version": order.version, "amount": "2", "reason": "Late"}
    form = as_confirmed(finance_client, url, {**asked, "status_shown": "fulfilled"})
    with system_scope():
        events.link_issued_from_library(
            order=order,
            actor=f"customer:{order.customer_id}",
            item_id=item.pk,
            title=item.title,
            expires_at=timezone.now() + timedelta(days=1),
        )
        order_transition(
            order=order, name="deliver", actor=f"download-link:{link.pk}", reason="First download"
        )

    stale = finance_client.post(url, form, follow=True)

    [told] = [clock_hidden(str(message)) for message in stale.context["messages"]]
    assert (
        "(now delivered; the last change: status changed to delivered by the customer's "
        f"download through link #{link.pk} at HH:MM UTC, after download link issued by the "
        "customer at HH:MM UTC)"
    ) in told
    assert refunds_of(order) == []


def test_the_same_refund_asked_again_while_pending_is_previewed_and_confirmed_as_sent_again(
    finance_client, paid_order
):
    """Found by an outside probe (BI-9): its preview promised a second refund ("Left to
    refund afterwards: 14.00 EUR"), and its confirm recorded nothing new without saying that
    the pending refund went to Stripe again."""
    asked = {"amount": "3", "reason": "Late"}
    url = refund_url(paid_order)
    first = finance_client.post(
        url,
        as_confirmed(finance_client, url, {**asked, "version": paid_order.version}),
        follow=True,
    )
    paid_order.refresh_from_db()
    (refund,) = refunds_of(paid_order)
    asked_at = f"{refund.created_at.astimezone(UTC):%H:%M}"

    preview = finance_client.post(url, {**asked, "version": paid_order.version}).text
    again = finance_client.post(
        url,
        as_confirmed(finance_client, url, {**asked, "version": paid_order.version}),
        follow=True,
    ).text

    assert "recorded and being sent to Stripe" in first.text
    assert (
        f"This is the refund of 3.00 EUR asked for at {asked_at} UTC with the same reason, "
        "still pending</strong>: confirming sends it to Stripe again and refunds nothing more."
    ) in preview
    assert "Left to refund afterwards: 17.00 EUR (refunds pending, this one included" in preview
    assert "Send the refund of 3.00 EUR again" in preview
    assert "This will refund" not in preview
    assert (
        f"The same refund (3.00 EUR, same reason), asked for at {asked_at} UTC, was still "
        "pending: it was sent to Stripe again, and nothing more was refunded"
    ) in again
    assert [refund.amount for refund in refunds_of(paid_order)] == [300]


def test_a_refund_sent_again_leaves_a_history_row(finance_client, paid_order):
    """Left from outside probe BI (BI-9): the same refund sent to Stripe again left no row
    in the order's history, so staff reading the timeline could not tell anyone had."""
    asked = {"amount": "3", "reason": "Late"}
    url = refund_url(paid_order)
    finance_client.post(
        url, as_confirmed(finance_client, url, {**asked, "version": paid_order.version})
    )
    paid_order.refresh_from_db()
    finance_client.post(
        url, as_confirmed(finance_client, url, {**asked, "version": paid_order.version})
    )

    page = finance_client.get(reverse("admin:orders_order_change", args=[paid_order.pk]))
    (refund,) = refunds_of(paid_order)
    entries = [
        (entry.title, entry.actor.label, entry.detail)
        for entry in page.context["timeline"]
        if entry.title.startswith("Refund of 3.00 EUR")
    ]
    staff = f"Staff: {finance_client.user.username}"
    assert entries == [
        ("Refund of 3.00 EUR requested", staff, "Late"),
        ("Refund of 3.00 EUR sent to Stripe again", staff, "Late"),
    ]
    with system_scope():
        [again] = reload(paid_order).events.filter(data__status="sent_again")
    assert again.data["refund_id"] == refund.pk
    customer = Client()
    customer.force_login(paid_order.customer)
    mine = customer.get(reverse("orders:detail", args=[paid_order.number])).text
    assert mine.count("Refund of €3.00 under way") == 1


def test_the_same_refund_asked_again_once_stripe_has_it_offers_nothing_to_confirm(
    finance_client, paid_order
):
    asked = {"amount": "3", "reason": "Late"}
    url = refund_url(paid_order)
    finance_client.post(
        url, as_confirmed(finance_client, url, {**asked, "version": paid_order.version})
    )
    with system_scope():
        Refund.objects.filter(order=paid_order).update(stripe_refund_id="re_pending_at_stripe")
    paid_order.refresh_from_db()

    preview = finance_client.post(url, {**asked, "version": paid_order.version}).text

    assert "Stripe has it and has not settled it yet, so there is nothing to send again" in preview
    assert 'id="confirm-refund"' not in preview


def test_refund_is_refused_without_the_permission(support_client, paid_order):
    response = support_client.post(
        refund_url(paid_order),
        {"version": paid_order.version, "amount": "5", "reason": "x", "confirmed": "on"},
    )
    assert response.status_code == 403
    assert refunds_of(paid_order) == []


def test_stripe_error_is_shown_on_the_order_page_as_stripe_said_it(
    finance_client, paid_order, stripe_settings
):
    url = refund_url(paid_order)
    finance_client.post(
        url,
        as_confirmed(
            finance_client, url, {"version": paid_order.version, "amount": "5", "reason": "x"}
        ),
    )
    run_stripe_jobs()  # the worker asks Stripe, which knows no such PaymentIntent
    page = finance_client.get(reverse("admin:orders_order_change", args=[paid_order.pk]))
    [refund] = refunds_of(paid_order)
    assert refund.status == RefundStatus.FAILED
    assert b"Not Found" in page.content


def test_a_full_refund_refuses_the_customers_links_within_the_staff_request(
    finance_client, paid_order, client
):
    with system_scope():
        [link] = download_links_fulfil(order_id=paid_order.pk, actor="system")
        version = Order.objects.get(pk=paid_order.pk).version

    url = refund_url(paid_order)
    finance_client.post(
        url, as_confirmed(finance_client, url, {"version": version, "amount": "20", "reason": "x"})
    )

    assert refunds_of(paid_order)[0].status == RefundStatus.PENDING  # no job ran
    assert client.get(link.path).status_code == 403


def test_a_paid_order_offers_its_refund(finance_client, paid_order):
    page = finance_client.get(reverse("admin:orders_order_change", args=[paid_order.pk]))
    assert refund_url(paid_order) in page.content.decode()


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (OrderStatus.PENDING, "has no successful payment to refund"),
        (OrderStatus.CANCELED, "has no successful payment to refund"),
    ],
)
def test_an_order_nobody_paid_offers_no_refund(finance_client, status, why):
    order = create_order(status=status, comics=[ComicFactory(price_amount=699)])

    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    screen = finance_client.get(refund_url(order), follow=True)

    assert refund_url(order) not in page.content.decode()
    assert screen.redirect_chain[-1][0] == reverse("admin:orders_order_change", args=[order.pk])
    assert why in screen.content.decode()


def test_a_fully_refunded_order_offers_no_refund(finance_client, paid_order):
    with system_scope():
        Order.objects.filter(pk=paid_order.pk).update(refunded_amount=paid_order.total_amount)

    screen = finance_client.get(refund_url(paid_order), follow=True)

    assert "has nothing left to refund" in screen.content.decode()
    assert refunds_of(paid_order) == []


@pytest.mark.parametrize(
    ("status", "why"),
    [
        pytest.param(
            "needs_response",
            "payment is disputed (dp_screen, needs response): Stripe cannot refund a disputed "
            "payment. Accept the dispute in Stripe to pay the customer back, or answer it.",
            id="open",
        ),
        pytest.param(
            "lost",
            "has nothing left to refund: a lost dispute took 20.00 EUR back through the "
            "customer&#x27;s bank.",
            id="lost",
        ),
    ],
)
def test_a_disputed_or_charged_back_order_offers_no_refund_and_says_why(
    finance_client, paid_order, status, why
):
    """Found by outside probe BA-7: the screen offered and recorded a full refund of a
    payment the customer's bank had taken back, or was contesting."""
    with system_scope():
        payment = paid_order.payments.get()
    DisputeFactory(payment=payment, stripe_dispute_id="dp_screen", status=status)
    order_page = reverse("admin:orders_order_change", args=[paid_order.pk])

    page = finance_client.get(order_page)
    screen = finance_client.get(refund_url(paid_order), follow=True)
    confirmed = finance_client.post(
        refund_url(paid_order),
        {"version": paid_order.version, "amount": "20", "reason": "x", "confirmed": "1"},
        follow=True,
    )

    assert refund_url(paid_order) not in page.content.decode()
    assert screen.redirect_chain[-1][0] == order_page
    assert why in screen.content.decode()
    assert why in confirmed.content.decode()
    assert refunds_of(paid_order) == []


def test_a_dispute_lost_for_part_of_the_payment_is_shown_and_not_offered_again(
    finance_client, paid_order
):
    with system_scope():
        payment = paid_order.payments.get()
    DisputeFactory(payment=payment, amount=500, status="lost")

    screen = finance_client.get(refund_url(paid_order)).content.decode()

    assert (
        "refunded so far 0.00 EUR; taken back by the customer's bank in lost disputes "
        "5.00 EUR. Left to refund (after pending refunds): <strong>15.00 EUR</strong>."
    ) in screen


def test_refunding_what_a_partly_lost_dispute_left_says_the_order_keeps_its_status(
    finance_client, paid_order
):
    """Outside probe: the preview said "A full refund: the order becomes refunded", which a
    refund of what a chargeback left never makes it."""
    dispute_closed(paid_order, "lost", 500)

    preview = finance_client.post(
        refund_url(paid_order),
        {"version": reload(paid_order).version, "amount": "15", "reason": "Goodwill"},
    ).content.decode()

    assert "A full refund" not in preview
    assert (
        "Refunds all that is left: the customer's bank took back 5.00 EUR in a lost "
        "dispute, so the order is never marked refunded; it keeps its status and its "
        "downloads stay closed by the dispute."
    ) in preview


def test_items_worth_more_than_a_pending_refund_leaves_are_named_not_hidden(finance_client):
    """Found by an outside probe: such items were left out of the page without a word."""
    comics = [
        ComicFactory(title=title, price_amount=price)
        for title, price in [("Long Night", 2000), ("Small Hours", 1000)]
    ]
    order = paid_by_card(comics)
    url = refund_url(order)
    finance_client.post(
        url,
        as_confirmed(
            finance_client, url, {"version": order.version, "amount": "15", "reason": "Late"}
        ),
    )

    response = finance_client.get(refund_url(order))

    assert [label for _, label in response.context["form"].fields["items"].choices] == [
        "Small Hours (10.00 EUR)"
    ]
    page = response.content.decode()
    assert "Not offered as items, each being worth more than the 15.00 EUR left" in page
    assert "Long Night (20.00 EUR). An amount up to 15.00 EUR can still be refunded." in page


def test_a_refund_reason_reads_as_typed_on_the_order_page(finance_client, paid_order):
    """What a browser sends back from the preview's read-only box is the text typed, so the
    order page shows an apostrophe once, and a tag as text, never as markup."""
    reason = 'customer\'s request & "duplicate" <script>alert(1)</script>'
    url = refund_url(paid_order)
    finance_client.post(
        url,
        as_confirmed(
            finance_client, url, {"version": paid_order.version, "amount": "5", "reason": reason}
        ),
    )
    page = finance_client.get(reverse("admin:orders_order_change", args=[paid_order.pk]))
    html = page.content.decode()
    typed = (
        "customer&#x27;s request &amp; &quot;duplicate&quot; &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert html.count(typed) == 2  # the Refunds panel and the timeline
    assert "&amp;#x27;" not in html and "&amp;lt;" not in html
    assert "<script>alert(1)" not in html


FAILED_REFUND = (
    f"{REFUND_FAILED_FLAG}6.99 EUR (Not Found). Nothing was refunded: refund again, or tell "
    "the customer why not."
)


@pytest.fixture
def failed_refund_order(paid_order):
    """A paid order flagged for a refund Stripe refused, and for a dispute."""
    with system_scope():
        order_flag(order=paid_order, actor="stripe:refused_refund", reason=FAILED_REFUND)
        order_flag(order=paid_order, actor="stripe:evt_1", reason="Disputed: answer the bank.")
    return reload(paid_order)


def settle(client, order: Order, reason: str, *, version: int | None = None):
    return client.post(
        reverse("admin:orders_order_settle_refund_failures", args=[order.pk]),
        {
            "version": order.version if version is None else version,
            "status_shown": order.status,
            "reason": reason,
        },
        follow=True,
    )


def flagged_numbers(client) -> str:
    return client.get(reverse("admin:orders_order_changelist"), {"flagged": "yes"}).text


def test_finance_settle_a_refund_stripe_refused_without_refunding_saying_why(
    finance_client, failed_refund_order
):
    """Found by an outside probe: the flag said "refund again, or tell the customer why not",
    but only a refund that went through took the order off the flagged list."""
    order = failed_refund_order
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Settle the failed refund without refunding" in page

    response = settle(finance_client, order, "Told alice the card was closed.")

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {order.number} is no longer flagged for the failed refund: nothing was refunded."
    ]
    assert reload(order).flagged_reason == "Disputed: answer the bank."
    assert refunds_of(order) == []
    [entry] = [e for e in response.context["timeline"] if e.title.startswith("Flag settled")]
    assert entry.title == "Flag settled: the failed refund"
    assert (entry.actor.label, entry.detail) == (
        f"Staff: {finance_client.user.username}",
        "Told alice the card was closed.",
    )
    assert "Settle the failed refund" not in response.text


def test_settling_a_refund_not_sent_speaks_of_no_refusal_by_stripe(finance_client, paid_order):
    """Outside probe BH (BH-4): the form called a refund never sent "the refund Stripe
    refused", and its answer "the failed refund"."""
    with system_scope():
        order_flag(
            order=paid_order,
            actor="system",
            reason=f"{REFUND_UNSENT_FLAG}4.99 EUR (Stripe had paid back refund 4 with re_1 "
            "(4.99 EUR) after all). The customer was paid back by that refund: do not refund "
            "it again (this one was asked for in the belief that nothing had been).",
        )
    order = reload(paid_order)
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Stripe refused" not in page
    assert "Settle the refund not sent without refunding" in page
    assert "no longer flagged for the refund not sent (its other lines stay)" in page

    response = settle(finance_client, order, "Told bob he was paid back.")

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {order.number} is no longer flagged for the refund not sent: nothing was refunded."
    ]
    assert reload(order).flagged_reason == ""


PAID_AFTER_ALL = (
    f"{REFUND_PAID_AFTER_ALL_FLAG}4 after all, recorded here as failed (Stripe could not be "
    "reached by the last attempt): re_1 (4.99 EUR). The customer was paid back: do not refund "
    "it again."
)


def test_an_order_settled_of_a_refund_stripe_paid_after_all_leaves_the_flagged_list(
    finance_client, paid_order
):
    """Outside probe BH (BH-4): no action cleared "Stripe paid back refund 4 after all … do
    not refund it again", and the order stayed in the flagged list for good."""
    with system_scope():
        order_flag(order=paid_order, actor="stripe:re_1", reason=PAID_AFTER_ALL)
    order = reload(paid_order)
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Settle the refund paid after all without refunding" in page

    response = settle(finance_client, order, "Told carol the 4.99 EUR reached her card.")

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {order.number} is no longer flagged for the refund paid after all: nothing was "
        "refunded."
    ]
    assert paid_order.number not in flagged_numbers(finance_client)


def test_the_settle_form_names_a_lost_dispute_beside_a_failed_refund(finance_client, paid_order):
    """Left from outside probe BH (BH-4): the form spoke only of a failed refund while it
    also settled what a lost dispute left paid."""
    with system_scope():
        order_flag(order=paid_order, actor="stripe:refused_refund", reason=FAILED_REFUND)
        order_flag(
            order=paid_order,
            actor="stripe:evt_1",
            reason=f"{DISPUTE_LOST_FLAG}dp_1 took back 2.00 EUR; 2.99 EUR stays paid while the "
            "order's downloads stay closed: refund it, or tell the customer why not.",
        )
    order = reload(paid_order)
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Settle the failed refund and the lost dispute without refunding" in page
    assert "no longer flagged for the failed refund and the lost dispute (its other" in page

    response = settle(finance_client, order, "Told dan why the rest stays paid.")

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {order.number} is no longer flagged for the failed refund and the lost "
        "dispute: nothing was refunded."
    ]
    assert reload(order).flagged_reason == ""


def test_finance_settle_a_refund_stripe_paid_twice_and_the_history_says_who_and_why(
    finance_client, stripe_webhook, send_event
):
    """Left from outside probe AS (AS-1): "Stripe paid one refund twice" had nothing to
    settle it, and the order stayed in the flagged list for good."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    with system_scope():
        asked = refund_create(order=order, amount=100, reason="Late", actor="staff:finance")
    run_stripe_jobs()
    again = localstripe_call(  # a worker killed mid-call, its call sent again without the key
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 100,
            "metadata": {"order_number": order.number, "refund_id": str(asked.pk)},
        },
    )
    send_event(build_event("charge.refunded", charge_json(payment)))
    asked.refresh_from_db()
    order = reload(order)
    assert order.flagged_reason == (
        f"Stripe paid one refund twice: {again['id']} repeats {asked.stripe_refund_id}: the "
        "customer was paid back 1.00 EUR more than staff asked for. Ask the customer for it "
        "back, or let it go, then settle this line saying which."
    )
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Settle the refund Stripe paid twice without refunding" in page
    assert "no longer flagged for the refund Stripe paid twice (its other lines stay)" in page

    response = settle(finance_client, order, "Let alice keep the 1.00 EUR paid twice.")

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {order.number} is no longer flagged for the refund Stripe paid twice: nothing "
        "was refunded."
    ]
    assert reload(order).flagged_reason == ""
    assert order.number not in flagged_numbers(finance_client)
    [entry] = [e for e in response.context["timeline"] if e.title.startswith("Flag settled")]
    assert (entry.title, entry.actor.label, entry.detail) == (
        "Flag settled: the refund Stripe paid twice",
        f"Staff: {finance_client.user.username}",
        "Let alice keep the 1.00 EUR paid twice.",
    )
    assert [refund.amount for refund in refunds_of(order)] == [100, 100]


def test_an_order_settled_of_its_only_flag_leaves_the_flagged_list(finance_client, paid_order):
    with system_scope():
        order_flag(order=paid_order, actor="stripe:refused_refund", reason=FAILED_REFUND)
    assert paid_order.number in flagged_numbers(finance_client)

    settle(finance_client, reload(paid_order), "Told the customer why not.")

    assert paid_order.number not in flagged_numbers(finance_client)


def test_a_settle_form_sent_after_a_colleague_settled_names_who_settled_when_and_why(
    finance_client, superuser_client, failed_refund_order
):
    """Found by outside testers: the second form only said the order "has changed since this
    page was loaded", where VAT decisions name who decided and when."""
    settle(superuser_client, failed_refund_order, "Told them.")
    with system_scope():
        [settled] = reload(failed_refund_order).events.filter(data__has_key="settled")

    again = settle(finance_client, failed_refund_order, "Told them too.")

    assert [str(message) for message in again.context["messages"]] == [
        f"Nothing was done: {superuser_client.user.username} settled the failed refund of "
        f"order {failed_refund_order.number} at {settled.created_at.astimezone(UTC):%H:%M} "
        "UTC, without refunding (their reason: Told them.)."
    ]
    titles = [e.title for e in again.context["timeline"]]
    assert titles.count("Flag settled: the failed refund") == 1


def test_a_refund_previewed_after_a_settle_without_refunding_says_so_until_a_refund_follows(
    finance_client, failed_refund_order
):
    """Outside probe FF-2: the preview said nothing of a colleague's settle ("refunded by
    bank transfer instead"), and a refund through Stripe would have paid the customer twice."""
    settle(finance_client, failed_refund_order, "Refunded by bank transfer instead.")
    with system_scope():
        [settled] = reload(failed_refund_order).events.filter(data__has_key="settled")

    preview = unescape(preview_of(finance_client, failed_refund_order, "1.00", "retry"))

    assert (
        f"Since the last refund, {finance_client.user.username} settled the failed refund of "
        f"order {failed_refund_order.number} at {settled.created_at.astimezone(UTC):%H:%M} UTC, "
        "without refunding (their reason: Refunded by bank transfer instead.). Confirm only if "
        "the customer is still to be paid back through Stripe."
    ) in preview
    with system_scope():
        refund_create(
            order=reload(failed_refund_order), amount=100, reason="after all", actor="staff:ada"
        )
    assert 'id="refund-settled"' not in preview_of(
        finance_client, failed_refund_order, "1.00", "another"
    )


def test_a_stale_settle_form_with_a_failure_left_to_settle_says_the_page_is_out_of_date(
    finance_client, failed_refund_order
):
    again = settle(
        finance_client, failed_refund_order, "Told them.", version=failed_refund_order.version - 1
    )

    assert [clock_hidden(str(message)) for message in again.context["messages"]] == [
        f"Order {failed_refund_order.number} has changed since this page was loaded (the last "
        "change: flagged for staff by Stripe at HH:MM UTC). Nothing was done: look at it "
        "again and retry."
    ]
    assert reload(failed_refund_order).flagged_reason.startswith(REFUND_FAILED_FLAG)


def test_settling_a_failed_refund_needs_the_refund_permission(support_client, failed_refund_order):
    page = support_client.get(
        reverse("admin:orders_order_change", args=[failed_refund_order.pk])
    ).text

    response = settle(support_client, failed_refund_order, "Told them.")

    assert "Settle the failed refund" not in page
    assert response.status_code == 403
    assert reload(failed_refund_order).flagged_reason.startswith(REFUND_FAILED_FLAG)


def test_an_order_without_a_failed_refund_offers_no_settling(finance_client, paid_order):
    with system_scope():
        order_flag(order=paid_order, actor="stripe:evt_1", reason="Disputed: answer the bank.")

    page = finance_client.get(reverse("admin:orders_order_change", args=[paid_order.pk])).text

    assert "Settle the failed refund" not in page


def test_a_confirmed_refund_sent_as_a_put_refunds_nothing(finance_client, paid_order):
    url = refund_url(paid_order)
    form = as_confirmed(
        finance_client, url, {"version": paid_order.version, "amount": "5.50", "reason": "Late"}
    )

    response = finance_client.generic(
        "PUT", url, urlencode(form), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 405
    assert refunds_of(paid_order) == []
