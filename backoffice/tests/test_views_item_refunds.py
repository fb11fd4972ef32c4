"""The refund screen's item refunds: the preview names the items whose links close."""

from datetime import UTC

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.helpers import as_confirmed, paid_by_card
from backoffice.views import CHANGED_SINCE_PREVIEW
from delivery.models import DownloadLink
from delivery.services import download_links_fulfil
from invoicing.models import Invoice
from morpheus.db_context import system_scope
from morpheus.money import format_display
from morpheus.money import format_money as money
from morpheus_testing.factories import (
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    order_move,
)
from morpheus_testing.texts import clock_hidden
from orders.models import Order, OrderItem
from orders.services import (
    order_items_record_refunded,
    order_record_refunded_amount,
)
from orders.transitions import OrderStatus
from payments.models import PaymentStatus, Refund, RefundStatus
from payments.services import refund_create, refund_create_for_items
from payments.services.refund_failures import refund_fail_after_paid
from promotions.bundles import bundle_order_create
from promotions.models import Bundle
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def fulfilled_pair():
    comics = [ComicFactory(price_amount=700, title="Arc One"), ComicFactory(title="Arc Two")]
    order = create_order(status=OrderStatus.PAID, comics=comics)
    with system_scope():
        PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_items_{order.pk}",
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
        )
        download_links_fulfil(order_id=order.pk, actor="system")
        order = Order.objects.get(pk=order.pk)
        first = order.items.get(comic=comics[0])
    return order, first


def refund_url(order: Order) -> str:
    return reverse("admin:orders_order_refund", args=[order.pk])


def test_the_amount_field_is_an_alternative_only_beside_items_to_choose(
    finance_client, fulfilled_pair
):
    """Outside probe IB-4: "Or an amount" was offered below no item to choose."""
    order, _ = fulfilled_pair
    with_items = finance_client.get(refund_url(order)).text
    with system_scope():
        refund_create(order=order, amount=1000, reason="Partly", actor="staff:finance")

    without_items = finance_client.get(refund_url(order)).text

    assert '<label for="id_amount">Or an amount (EUR)</label>' in with_items
    assert 'id="refund-items"' not in without_items
    assert '<label for="id_amount">Amount (EUR)</label>' in without_items


def test_item_refund_preview_says_which_links_close(finance_client, fulfilled_pair):
    order, first = fulfilled_pair
    response = finance_client.post(
        refund_url(order), {"version": order.version, "items": [first.pk], "reason": "Broken"}
    )
    preview = response.context["preview"]
    assert (preview.amount, preview.closed_titles, preview.links_revoked) == (700, ("Arc One",), 1)
    assert not preview.is_full
    assert (
        b"Refunding Arc One: 1 active download link of these items will be revoked now; the "
        b"other items keep theirs." in response.content
    )


def test_an_item_sent_twice_is_previewed_and_checked_once(finance_client, fulfilled_pair):
    """Outside probe HF-4 (a hand-made POST): the item sent twice came to twice its price
    against what may be refunded, and was previewed once."""
    order, first = fulfilled_pair
    response = finance_client.post(
        refund_url(order),
        {"version": order.version, "items": [first.pk, first.pk], "reason": "Broken"},
    )

    assert response.context["form"].errors == {}
    assert response.context["preview"].amount == 700
    assert f'name="previewed" value="700:{first.pk}"' in response.text


def test_an_item_refund_preview_of_an_order_never_fulfilled_says_no_other_item_keeps_links(
    finance_client,
):
    """Found by an outside probe: an order held for its VAT evidence, which has no links,
    was told its other items "keep theirs"."""
    comics = [ComicFactory(price_amount=700, title="Arc One"), ComicFactory(title="Arc Two")]
    order = paid_by_card(comics)
    first = order.items.get(comic=comics[0])

    page = finance_client.post(
        refund_url(order), {"version": order.version, "items": [first.pk], "reason": "Broken"}
    ).text

    closes = "Refunding Arc One: no active download link of these items will be revoked now."
    assert f"{closes}</p>" in page


def test_a_full_refund_preview_counts_the_links_once_in_words(finance_client, fulfilled_pair):
    """Found by an outside probe: "1 active download link(s)" twice, one line after the
    other."""
    order, _ = fulfilled_pair
    both = [item.pk for item in order.items.all()]

    items = finance_client.post(
        refund_url(order), {"version": order.version, "items": both, "reason": "Broken"}
    ).text
    amount = finance_client.post(
        refund_url(order), {"version": order.version, "amount": "11.99", "reason": "All"}
    ).text

    assert "Refunding Arc One, Arc Two: 2 active download links of the order will be" in items
    assert "A full refund: the order becomes refunded.</p>" in items
    assert items.count("active download link") == 1
    assert (
        "A full refund: the order becomes refunded and 2 active download links will be revoked."
        in amount
    )


def test_the_last_items_refund_preview_and_refund_take_all_the_order_has_left(finance_client):
    """Found by an outside probe: in KWD, after a refund of an amount, the last item's
    refund was rounded down to the 0.010 Stripe pays back in, and 0.010 stayed unrefunded;
    outside probe CH-4: its label said 0.860 KWD, the rounded-down figure."""
    order = paid_by_card([ComicFactory(price_amount=p, currency="KWD") for p in (1250, 870)])
    with system_scope():  # 0.006 and 0.004 credited: 1.244 and 0.866 left on the invoice
        order_record_refunded_amount(order=order, refunded_total=10, actor="t", reason="Late")
        first, last = order.items.order_by("pk")
        refund_create_for_items(
            order=order, item_ids=[first.pk], reason="Broken", actor="t", amounts={first.pk: 1244}
        )
        order = Order.objects.get(pk=order.pk)
    asked = {"version": order.version, "items": [last.pk], "reason": "Broken"}

    page = finance_client.get(refund_url(order))
    preview = finance_client.post(refund_url(order), asked).context["preview"]
    finance_client.post(refund_url(order), as_confirmed(finance_client, refund_url(order), asked))

    assert dict(page.context["form"].fields["items"].choices)[last.pk].endswith("(0.870 KWD)")
    assert (preview.amount, preview.left_after) == (870, 0)
    with system_scope():
        refund = Refund.objects.filter(order=order).latest("pk")
        assert (refund.amount, [line.amount for line in refund.lines.all()]) == (870, [870])


def test_items_left_after_an_amount_refund_in_kwd_say_what_they_refund_together(finance_client):
    """Outside probe CJ-3: two items labelled 1.220 KWD each, ticked together, refunded
    2.450: nothing on the page said where the other 0.010 came from."""
    order = paid_by_card([ComicFactory(price_amount=1250, currency="KWD") for _ in range(2)])
    with system_scope():  # 0.005 credited of each: 1.245 left of each, 1.240 refundable alone
        order_record_refunded_amount(order=order, refunded_total=10, actor="t", reason="Late")
        order = Order.objects.get(pk=order.pk)

    page = finance_client.get(refund_url(order))

    assert [label[-11:] for _, label in page.context["form"].fields["items"].choices] == [
        "(1.240 KWD)",
        "(1.240 KWD)",
    ]
    assert (
        "Ticked together they refund 2.490 KWD, 0.010 KWD more than their amounts add up to: "
        "what rounding kept of earlier refunds goes with the last of them."
    ) in page.text


def test_items_whose_amounts_add_up_to_what_is_left_say_nothing_more(
    finance_client, fulfilled_pair
):
    order, _ = fulfilled_pair

    page = finance_client.get(refund_url(order)).text

    assert 'id="refund-items"' in page and 'id="refund-items-together"' not in page


def test_the_preview_counts_only_links_that_can_still_serve_a_download(
    finance_client, fulfilled_pair
):
    """Found by an outside probe: a used-up link was counted among those to be revoked."""
    order, first = fulfilled_pair
    with system_scope():
        used_up = first.download_links.get()
        DownloadLink.objects.filter(pk=used_up.pk).update(download_count=F("max_downloads"))

    items = finance_client.post(
        refund_url(order), {"version": order.version, "items": [first.pk], "reason": "Broken"}
    )
    whole = finance_client.post(
        refund_url(order), {"version": order.version, "amount": "11.99", "reason": "All"}
    )

    assert items.context["preview"].links_revoked == 0
    assert whole.context["preview"].links_revoked == 1  # Arc Two's


def test_items_ticked_with_an_amount_typed_are_refused_not_the_amount_ignored(
    finance_client, fulfilled_pair
):
    """Found by an outside probe: the amount typed was silently left out."""
    order, first = fulfilled_pair

    response = finance_client.post(
        refund_url(order),
        {"version": order.version, "items": [first.pk], "amount": "1.00", "reason": "Broken"},
    )

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert "Refund either the items ticked or an amount, not both" in response.content.decode()


def test_items_ticked_beside_the_amount_the_page_filled_in_refund_the_items(
    finance_client, fulfilled_pair
):
    """The amount box opens with what is left to refund: ticking items and previewing, as in
    a browser, refunds the items (an outside probe's re-test)."""
    order, first = fulfilled_pair
    page = finance_client.get(refund_url(order)).content.decode()
    left = money(order.total_amount, order.currency).split()[0]
    assert f'value="{left}"' in page

    response = finance_client.post(
        refund_url(order),
        {"version": order.version, "items": [first.pk], "amount": left, "reason": "Broken"},
    )

    assert response.context["preview"].amount == 700


def test_confirmed_item_refund_records_a_line_for_the_item(finance_client, fulfilled_pair):
    order, first = fulfilled_pair
    url, asked = (
        refund_url(order),
        {"version": order.version, "items": [first.pk], "reason": "Broken"},
    )
    response = finance_client.post(url, as_confirmed(finance_client, url, asked))
    assert response.status_code == 302
    with system_scope():
        [refund] = Refund.objects.filter(order=order)
        lines = [(line.order_item_id, line.amount) for line in refund.lines.all()]
        active = order.download_links.filter(revoked_at__isnull=True)
        assert list(active.values_list("order_item__title", flat=True)) == ["Arc Two"]
    assert (refund.amount, refund.status, lines) == (700, RefundStatus.PENDING, [(first.pk, 700)])


def test_an_item_refund_sent_again_says_it_was_made_not_a_wrong_choice(
    finance_client, fulfilled_pair
):
    order, first = fulfilled_pair
    asked = {"version": order.version, "items": [first.pk], "reason": "Broken"}
    form = as_confirmed(finance_client, refund_url(order), asked)
    finance_client.post(refund_url(order), form, follow=True)

    again = finance_client.post(refund_url(order), form, follow=True)

    told = [str(message) for message in again.context["messages"]]
    assert again.redirect_chain[-1][0] == reverse("admin:orders_order_change", args=[order.pk])
    with system_scope():
        [refund] = Refund.objects.filter(order=order)
    assert told == [
        f"This refund was made already at {refund.created_at.astimezone(UTC):%H:%M} UTC by "
        f"{finance_client.user.username} (7.00 EUR, “Broken”): nothing more was done."
    ]


def test_the_only_items_refund_sent_again_says_it_was_made_not_nothing_left(finance_client):
    """Outside probe DV-4: its first confirmation took all there was, and the second was
    told "has nothing left to refund"."""
    order = create_order(status=OrderStatus.PAID, comics=[ComicFactory(price_amount=700)])
    PaymentFactory(order=order, succeeded=True)
    with system_scope():
        only = order.items.get()
    asked = {"version": order.version, "items": [only.pk], "reason": "Broken"}
    form = as_confirmed(finance_client, refund_url(order), asked)
    finance_client.post(refund_url(order), form, follow=True)

    again = finance_client.post(refund_url(order), form, follow=True)

    told = [str(message) for message in again.context["messages"]]
    assert [text.startswith("This refund was made already at ") for text in told] == [True]
    with system_scope():
        assert Refund.objects.filter(order=order).count() == 1


@pytest.mark.parametrize(
    ("state", "label"),
    [("refunded_amount", "Refunded"), ("refund_pending_amount", "Being refunded")],
)
def test_customer_sees_which_item_was_refunded(client, fulfilled_pair, state, label):
    """The item is marked refunded without an amount: after a refund of part of the order's
    amount, an item refund pays back what is left of it, and an outside probe read "Refunded
    1.670 KWD" on an item of 2.000 KWD refunded in full. The refunded total is the order's.
    Found by an outside probe too: while the refund waited for Stripe, no mark at all."""
    order, first = fulfilled_pair
    with system_scope():
        type(first).objects.filter(pk=first.pk).update(**{state: 700})
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert page.count('data-testid="item-refunded"') == 1
    assert f'Arc One <span class="status status-refunded" data-testid="item-refunded">{label}<' in (
        page
    )


@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["vat-included", "vat-on-top"])
@pytest.mark.parametrize(
    ("state", "label"),
    [("refunded_amount", "Refunded"), ("refund_pending_amount", "Being refunded")],
)
def test_a_refunded_bundle_item_bought_with_a_code_shows_what_its_invoice_line_paid(
    client, settings, prices_include_tax, state, label
):
    """Outside probe BJ-7: "Neon Tide in The Dreamlands Trilogy Refunded €6.56", its share of
    the bundle before the code, where €5.25 was paid, as its invoice line says."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    settings.TAX_DEFAULT_COUNTRY = "FR"
    neon = ComicFactory(title="Neon Tide", price_amount=799)
    comics = [neon, ComicFactory(price_amount=599), ComicFactory(price_amount=499)]
    customer = UserFactory()
    with system_scope():
        trilogy = Bundle.objects.create(
            title="The Dreamlands Trilogy", slug="dreamlands", price_amount=1549
        )
        trilogy.comics.set(comics)
    make_code("TRILOGY20", percent_off=20)
    with system_scope():
        order = bundle_order_create(bundle=trilogy, customer=customer, actor="t")
        order = discount_apply(order=order, code="TRILOGY20", customer=customer, actor="t")
    order_move(order, to=OrderStatus.PAID)
    with system_scope():
        item = order.items.get(comic=neon)
        OrderItem.objects.filter(pk=item.pk).update(**{state: 1})
        # All of it paid back: less would read "Refunded €… of the €… paid for it".
        Order.objects.filter(pk=order.pk).update(**{state: order.total_amount})
        (invoice,) = Invoice.objects.filter(order=order)
    line = invoice.lines[list(order.items.order_by("pk")).index(item)]
    assert line["gross"] != item.unit_amount
    client.force_login(customer)

    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()

    assert (
        '<span class="hint" data-testid="item-bundle">in The Dreamlands Trilogy</span> '
        f'<span class="status status-refunded" data-testid="item-refunded">{label}</span> '
        '<span class="hint" data-testid="item-paid">'
        f"the {format_display(line['gross'], 'EUR')} paid for it</span>"
    ) in page
    assert page.count('data-testid="item-paid"') == 1


def test_an_item_bigger_than_what_is_left_after_an_amount_refund_is_not_offered(
    finance_client, fulfilled_pair
):
    order, first = fulfilled_pair
    with system_scope():  # leaves 6.99: Arc One (7.00) no longer fits
        refund_create(
            order=order, amount=order.total_amount - 699, reason="Partly", actor="staff:test"
        )
        order.refresh_from_db()  # the version the refund page shows now

    page = finance_client.get(refund_url(order))
    refused = finance_client.post(
        refund_url(order), {"version": order.version, "items": [first.pk], "reason": "Broken"}
    )

    offered = [pk for pk, _ in page.context["form"].fields["items"].choices]
    assert first.pk not in offered and offered
    assert refused.context["preview"] is None
    assert refused.context["form"].errors["items"]


def test_items_that_together_exceed_what_is_left_are_refused_before_any_preview(
    finance_client, fulfilled_pair
):
    order, _ = fulfilled_pair
    with system_scope():  # leaves what either item costs alone, not both together
        refund_create(order=order, amount=1, reason="Goodwill", actor="staff:test")
        both = list(order.items.values_list("pk", flat=True))
        order.refresh_from_db()  # the version the refund page shows now

    response = finance_client.post(
        refund_url(order), {"version": order.version, "items": both, "reason": "Broken"}
    )

    assert response.context["preview"] is None
    assert "These items come to" in response.context["form"].errors["items"][0]


def test_after_a_refund_that_came_back_each_item_is_offered_and_refunded_at_its_whole_price(
    finance_client,
):
    """Outside probe BO-1: a 2.00 refund Stripe paid, then failed (the customer's bank sent
    it back), no longer counted in the order's refunded total, but the refund screen still
    took its share off each item (4.37 for a 4.99 comic), and the item's refund paid that."""
    titles = {"Atlas": 499, "Neon Tide": 699, "Paper Moons": 399}
    order = paid_by_card([ComicFactory(title=t, price_amount=p) for t, p in titles.items()])
    with system_scope():
        bounced = Refund.objects.create(
            order=order,
            payment=order.payments.get(),
            amount=200,
            currency="EUR",
            reason="Late",
            actor="t",
            status=RefundStatus.SUCCEEDED,
            stripe_refund_id="re_came_back",
            succeeded_at=timezone.now(),
        )
        order_record_refunded_amount(order=order, refunded_total=200, actor="t", reason="Paid")
        refund_fail_after_paid(bounced, message="expired_or_canceled_card", data={})
        order = Order.objects.get(pk=order.pk)
        atlas = order.items.get(title="Atlas")

    page = finance_client.get(refund_url(order))
    asked = {"version": order.version, "items": [atlas.pk], "reason": "Broken"}
    preview = finance_client.post(refund_url(order), asked).context["preview"]

    offered = list(dict(page.context["form"].fields["items"].choices).values())
    assert offered == [f"{title} ({money(price, 'EUR')})" for title, price in titles.items()]
    assert preview.amount == 499


def test_an_item_refund_after_an_amount_refund_offers_and_credits_what_is_left_of_it(
    finance_client, settings
):
    """Probe 14, section 8: after 3.00 refunded over the order's lines, Neon Tide was
    offered at its whole 6.99, and its credit note credited the comics kept too."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    comics = [
        ComicFactory(price_amount=699, title="Neon Tide"),
        ComicFactory(price_amount=399, title="Paper Moons"),
        ComicFactory(price_amount=899, title="Ghost"),
    ]
    order = paid_by_card(comics)
    with system_scope():
        order_record_refunded_amount(order=order, refunded_total=300, actor="t", reason="Late")
        order = Order.objects.get(pk=order.pk)
        neon = order.items.get(comic=comics[0])

    page = finance_client.get(refund_url(order))
    asked = {"version": order.version, "items": [neon.pk], "reason": "Broken"}
    confirmed = finance_client.post(
        refund_url(order), as_confirmed(finance_client, refund_url(order), asked)
    )
    with system_scope():  # Stripe pays it back
        refund = Refund.objects.get(order=order)
        lines = [(line.order_item_id, line.amount) for line in refund.lines.all()]
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.SUCCEEDED)
        order_items_record_refunded(order=order, refunded={neon.pk: refund.amount})
        order_record_refunded_amount(
            order=order, refunded_total=300 + refund.amount, actor="t", reason="Confirmed"
        )
        invoice, _, note = Invoice.objects.filter(order=order).order_by("pk")
        order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="t", reason="The rest"
        )
        notes = list(Invoice.objects.filter(credited_invoice=invoice))

    offered = dict(page.context["form"].fields["items"].choices)
    assert offered[neon.pk] == f"Neon Tide ({money(594, 'EUR')})"
    assert confirmed.status_code == 302
    assert (refund.amount, lines) == (594, [(neon.pk, 594)])
    assert [(line["title"], line["gross"]) for line in note.lines] == [("Neon Tide", 594)]
    for index, invoiced in enumerate(invoice.lines):  # every line credited exactly, VAT too
        credited = [line for doc in notes for line in doc.lines if line["invoice_line"] == index]
        for key in ("gross", "net", "tax"):
            assert sum(line[key] for line in credited) == invoiced[key]


def test_a_confirmation_for_other_items_than_previewed_refunds_nothing_and_previews_them(
    finance_client, fulfilled_pair
):
    """Found by an outside probe: the preview's boxes could still be ticked (the site's
    content security policy blocked the script meant to hold them), and "Confirm refund of
    7.00 EUR" then refunded the other item."""
    order, first = fulfilled_pair
    with system_scope():
        second = order.items.exclude(pk=first.pk).get()
    url = refund_url(order)
    asked = {"version": order.version, "items": [first.pk], "reason": "Broken"}
    preview = finance_client.post(url, asked)
    page = preview.content.decode()
    assert f'<input type="hidden" name="items" value="{first.pk}">' in page
    assert 'name="items" value="' + str(second.pk) not in page

    swapped = finance_client.post(
        url, {**as_confirmed(finance_client, url, asked), "items": [second.pk]}
    )

    assert swapped.status_code == 200
    with system_scope():
        assert not Refund.objects.filter(order=order).exists()
    told = [str(message) for message in swapped.context["messages"]]
    assert told == [CHANGED_SINCE_PREVIEW]
    assert swapped.context["preview"].closed_titles == ("Arc Two",)
    confirmed = finance_client.post(url, swapped.context["form"].data)
    assert confirmed.status_code == 302
    with system_scope():
        assert Refund.objects.get(order=order).amount == second.paid_amount


def test_dinar_items_are_refunded_in_amounts_stripe_can_pay_back(finance_client):
    """Found by an outside probe: after refunds of amounts had taken shares of each item,
    an item was refunded for 0.085 KWD (Stripe pays dinars back in steps of 0.010), and
    what was left of the order could no longer be refunded as an amount."""
    comics = [
        ComicFactory(price_amount=price, currency="KWD", title=title)
        for title, price in [("Dinar A", 1250), ("Dinar B", 330), ("Dinar C", 170)]
    ]
    order = paid_by_card(comics)
    with system_scope():
        order_record_refunded_amount(order=order, refunded_total=1000, actor="t", reason="One")
        order_record_refunded_amount(order=order, refunded_total=1300, actor="t", reason="Two")
        order = Order.objects.get(pk=order.pk)
        dinar_b = order.items.get(comic=comics[1])

    offered = finance_client.get(refund_url(order)).context["form"].item_amounts
    asked = {"version": order.version, "items": [dinar_b.pk], "reason": "Broken"}
    finance_client.post(refund_url(order), as_confirmed(finance_client, refund_url(order), asked))

    assert all(amount % 10 == 0 for amount in offered.values()), offered
    with system_scope():
        refund = Refund.objects.get(order=order)
        order = Order.objects.get(pk=order.pk)
    assert refund.amount == offered[dinar_b.pk] > 0
    assert (order.refundable_amount - refund.amount) % 10 == 0  # an amount can take the rest


def test_an_item_refunded_already_and_sent_again_by_hand_is_named_as_such(
    finance_client, fulfilled_pair
):
    """Found by an outside probe: a hand-made confirmation naming a refunded item refunded
    nothing, rightly, but answered "Pick the items to refund or give an amount."."""
    order, first = fulfilled_pair
    with system_scope():
        refund_create_for_items(order=order, item_ids=[first.pk], reason="Broken", actor="t")
        order.refresh_from_db()

    response = finance_client.post(
        refund_url(order), {"version": order.version, "items": [first.pk], "reason": "Again"}
    )

    page = response.content.decode()
    assert response.context["preview"] is None
    assert f"{first.title} cannot be refunded: it is refunded already" in page
    assert f"Item {first.pk}" not in page  # outside probe GS-2: no page shows an item's id
    assert "Pick the items to refund or give an amount." not in page
    with system_scope():
        assert Refund.objects.filter(order=order).count() == 1


def test_items_that_together_exceed_what_is_left_say_so_on_the_page(finance_client, fulfilled_pair):
    order, _ = fulfilled_pair
    with system_scope():
        refund_create(order=order, amount=1, reason="Goodwill", actor="staff:test")
        both = list(order.items.values_list("pk", flat=True))
        order.refresh_from_db()

    response = finance_client.post(
        refund_url(order), {"version": order.version, "items": both, "reason": "Broken"}
    )

    assert 'id="refund-items-errors">These items come to' in response.content.decode()


def _refund_items_confirmed_by_stripe(finance_client, order: Order, item: OrderItem) -> Refund:
    with system_scope():
        order = Order.objects.get(pk=order.pk)
    asked = {"version": order.version, "items": [item.pk], "reason": "Broken"}
    finance_client.post(refund_url(order), as_confirmed(finance_client, refund_url(order), asked))
    with system_scope():
        refund = Refund.objects.get(order=order, lines__order_item=item)
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.SUCCEEDED)
        order_items_record_refunded(order=order, refunded={item.pk: refund.amount})
        order = Order.objects.get(pk=order.pk)
        order_record_refunded_amount(
            order=order,
            refunded_total=order.refunded_amount + refund.amount,
            actor="t",
            reason="Confirmed",
        )
    return refund


def test_with_net_prices_an_item_refund_pays_back_its_vat_and_credits_its_own_line(
    finance_client, settings
):
    """Outside probe AG (F1, F2): with VAT added on top, refunding an item paid back its net
    price alone, and the next item's credit note credited the first item's line."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_DEFAULT_COUNTRY = "HU"  # 27 %
    comics = [
        ComicFactory(price_amount=551, title="Many10"),
        ComicFactory(price_amount=89, title="Many4"),
        ComicFactory(price_amount=347, title="Many9"),
    ]
    order = paid_by_card(comics)
    with system_scope():
        many10, many4, _ = (order.items.get(comic=comic) for comic in comics)
    # 5.51 + 1.49 VAT, 0.89 + 0.24, 3.47 + 0.94: 12.54 in all.
    assert order.total_amount == 1254

    page = finance_client.get(refund_url(order))
    first = _refund_items_confirmed_by_stripe(finance_client, order, many10)
    second = _refund_items_confirmed_by_stripe(finance_client, order, many4)
    with system_scope():
        invoice, *notes = Invoice.objects.filter(order=order).order_by("pk")
        order = Order.objects.get(pk=order.pk)
    table = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text

    offered = dict(page.context["form"].fields["items"].choices)
    assert offered[many10.pk] == f"Many10 ({money(700, 'EUR')})"
    assert (first.amount, second.amount) == (700, 113)
    assert [[(line["title"], line["gross"]) for line in note.lines] for note in notes] == [
        [("Many10", 700)],
        [("Many4", 113)],
    ]
    for index, invoiced in enumerate(invoice.lines[:2]):  # each line credited to zero, VAT too
        credited = [line for note in notes for line in note.lines if line["invoice_line"] == index]
        assert {key: sum(line[key] for line in credited) for key in ("net", "tax")} == {
            key: invoiced[key] for key in ("net", "tax")
        }
    assert order.refunded_amount == 813
    assert "<th>VAT added</th>" in table
    assert f'{money(700, "EUR")} <span class="bo-bad">refunded {money(700, "EUR")}</span>' in table


@pytest.fixture
def paid_and_free():
    comics = [
        ComicFactory(price_amount=699, title="Neon Tide"),
        ComicFactory(price_amount=0, title="Dream Diary: Free Sample"),
    ]
    order = create_order(status=OrderStatus.PAID, comics=comics)
    with system_scope():
        PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_free_{order.pk}",
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
        )
        download_links_fulfil(order_id=order.pk, actor="system")
        order = Order.objects.get(pk=order.pk)
        paid = order.items.get(comic=comics[0])
    return order, paid


def test_refunding_the_one_paid_item_says_the_free_item_stays_the_customers(
    finance_client, paid_and_free
):
    """Outside probe BF-2: the preview announced a full refund revoking both links, and the
    free comic went with the paid one."""
    order, paid = paid_and_free

    page = finance_client.post(
        refund_url(order), {"version": order.version, "items": [paid.pk], "reason": "Broken"}
    ).text

    assert (
        "Refunding Neon Tide: 1 active download link of these items will be revoked now; the "
        "other items keep theirs." in page
    )
    assert (
        "Pays back all that is left, yet the order keeps its status: Dream Diary: Free Sample "
        "cost nothing and stays the customer's. To take it away too, refund the "
        "order's amount instead of its items." in page
    )
    assert "A full refund" not in page


def test_refunding_the_whole_amount_says_the_free_item_goes_with_the_order(
    finance_client, paid_and_free
):
    order, _ = paid_and_free

    page = finance_client.post(
        refund_url(order), {"version": order.version, "amount": "6.99", "reason": "All"}
    ).text

    assert (
        "A full refund: the order becomes refunded and 2 active download links will be "
        "revoked; Dream Diary: Free Sample, which cost nothing, goes with it." in page
    )


def test_refunding_the_one_paid_item_closes_its_links_alone_at_once(finance_client, paid_and_free):
    order, paid = paid_and_free
    url = refund_url(order)

    finance_client.post(
        url,
        as_confirmed(
            finance_client, url, {"version": order.version, "items": [paid.pk], "reason": "Broken"}
        ),
    )

    with system_scope():
        open_links = DownloadLink.objects.filter(order=order, revoked_at__isnull=True)
        assert [link.order_item.title for link in open_links] == ["Dream Diary: Free Sample"]


def test_a_refund_page_a_colleague_refunded_an_item_from_meanwhile_names_their_refund(
    finance_client, fulfilled_pair
):
    """Outside probe CQ-2: the refusal named the links the colleague's item refund revoked
    after it ("download links revoked by Staff: colleague"), not the refund."""
    order, first = fulfilled_pair
    url = refund_url(order)
    mine = as_confirmed(
        finance_client,
        url,
        {
            "version": order.version,
            "status_shown": order.status,
            "amount": "0.50",
            "reason": "mine",
        },
    )
    with system_scope():
        refund_create_for_items(
            order=order, item_ids=[first.pk], reason="theirs", actor="staff:colleague"
        )

    stale = finance_client.post(url, mine, follow=True)

    assert [clock_hidden(str(message)) for message in stale.context["messages"]] == [
        f"Order {order.number} has changed since this page was loaded (the last change: refund "
        "by Staff: colleague at HH:MM UTC). Nothing was done: look at it again and retry."
    ]


def test_the_refund_screen_names_the_bundle_an_item_was_bought_in(finance_client):
    """Outside probe GU-7: "Paper Moons (2.59 EUR)", a share of the bundle's price that read
    as a comic's price gone wrong; the invoice says "(in The Dreamlands Trilogy)"."""
    comics = [ComicFactory(title="Paper Moons", price_amount=399), ComicFactory(price_amount=599)]
    customer = UserFactory()
    with system_scope():
        trilogy = Bundle.objects.create(title="The Dreamlands Trilogy", slug="dl", price_amount=799)
        trilogy.comics.set(comics)
        order = bundle_order_create(bundle=trilogy, customer=customer, actor="t")
    order_move(order, to=OrderStatus.PAID)
    with system_scope():
        PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_bundle_{order.pk}",
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
        )
        share = order.items.get(comic=comics[0]).unit_amount

    page = finance_client.get(refund_url(order)).text

    assert f"Paper Moons (in The Dreamlands Trilogy) ({money(share, 'EUR')})" in page
