"""What the order page shows beside the order's own fields."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import guest_account_create, guest_orders_claim
from backoffice import admin_orders
from backoffice.admin_orders import OrderAdmin
from backoffice.tests.helpers import as_confirmed, refund_not_sent
from delivery.library import library_download_link
from delivery.models import DownloadLink, StampedCopy
from delivery.services import download_links_fulfil
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
    order_links_suspend,
)
from morpheus_testing.geoip import geoip_database
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.services import order_flag, order_transition
from orders.transitions import OrderStatus
from payments.models import PaymentStatus, Refund
from payments.services import refund_create, refund_unanswered_fail
from payments.services.refund_failures import refund_fail_after_paid
from payments.tests.helpers import (
    charge_json,
    intent_json,
    localstripe_call,
    run_stripe_jobs,
    started_payment,
)
from payments.tests.test_refunds_items import (  # noqa: F401 (fixtures)
    paid_and_free,
    paid_back_keeping_the_free_comic,
)
from promotions.models import Bundle
from promotions.services import discount_apply
from promotions.tests.factories import make_code
from tax.models import OrderTaxEvidence
from tax.services import evidence_card_country_record, evidence_decide


def page_html(client, order) -> str:
    response = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_probe_of_a_files_first_bytes_is_not_in_the_timeline_as_a_download(support_client):
    order, (link,) = fulfilled_order()
    Client().get(link.path, HTTP_RANGE="bytes=0-0")
    Client().get(link.path)

    timeline = page_html(support_client, order).split('id="timeline"')[1]

    assert timeline.count("Downloaded ") == 1


def test_a_download_names_the_customer_only_when_made_in_their_signed_in_session(
    support_client,
):
    """Outside probe BF-6: the emailed link fetched with curl, signed in to nobody, read
    "Downloaded Paper Moons · carol (customer)" while staff looked into link sharing."""
    carol = UserFactory(username="carol")
    asset = ComicAssetFactory(comic__title="Paper Moons")
    order, (link,) = fulfilled_order(customer=carol, assets=[asset])
    Client().get(link.path, REMOTE_ADDR="127.0.9.9", HTTP_USER_AGENT="curl/8.5.0")
    library = Client()
    library.force_login(carol)
    item = order.items.get()
    started = library.post(reverse("delivery:library_download", args=[item.pk, asset.pk]))
    library.get(started.url, REMOTE_ADDR="127.0.9.10", HTTP_USER_AGENT="Firefox/140.0")

    timeline = unescape(page_html(support_client, order).split('id="timeline"')[1])

    emailed, from_library = re.findall(r"<li class=\"kind-download\">(.*?)</li>", timeline, re.S)
    assert "Downloaded Paper Moons through the emailed link" in emailed
    assert f'title="download-link:{link.link_id}">Download link #{link.link_id}</span>' in emailed
    assert "carol" not in emailed
    assert "<div>127.0.9.9 · curl/8.5.0</div>" in emailed
    assert "Downloaded Paper Moons through a link from the library" in from_library
    assert f'title="customer:{carol.pk}">carol (customer)</span>' in from_library
    assert "<div>127.0.9.10 · Firefox/140.0</div>" in from_library


def test_a_failed_payment_shows_a_badge_then_the_reason_then_the_code(support_client):
    order = create_order()
    PaymentFactory(
        order=order,
        status=PaymentStatus.FAILED,
        failure_code="card_declined",
        failure_message="Your card was declined.",
    )
    payments = page_html(support_client, order).split('id="payments"')[1].split("</section>")[0]
    assert (
        '<span class="bo-badge bad">Failed</span><p class="bo-reason">Your card was declined.</p>'
        '<p class="bo-muted bo-code">Code: <code>card_declined</code></p>'
    ) in payments


def test_the_timeline_names_people_and_systems_with_the_raw_id_on_hover(support_client):
    customer = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    order = create_order(customer=customer)
    order_flag(order=order, actor="stripe:evt_123", reason="Looks odd")
    timeline = page_html(support_client, order).split('id="timeline"')[1]
    assert '<span class="bo-actor" title="stripe:evt_123">Stripe webhook</span>' in timeline


def test_the_payment_attempt_is_the_customers_by_name(support_client):
    customer = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    order = create_order(customer=customer, status=OrderStatus.PROCESSING)
    PaymentFactory(order=order)
    timeline = page_html(support_client, order).split('id="timeline"')[1]
    assert (
        f'<span class="bo-actor" title="customer:{customer.pk}">Alice Dreamer (customer)</span>'
        in timeline
    )


def test_a_claimed_guest_orders_payment_attempt_stays_the_guests(support_client):
    """Found by an outside probe: once the order joined an account, the attempt its guest
    had made was credited to that account's customer."""
    guest = guest_account_create(email="reader@example.com")
    order = create_order(customer=guest, status=OrderStatus.PROCESSING)
    PaymentFactory(order=order)
    reader = UserFactory(username="alice", first_name="Alice", email="reader@example.com")
    guest_orders_claim(user=reader, email="reader@example.com")
    PaymentFactory(order=order, attempt=2)

    timeline = page_html(support_client, order).split('id="timeline"')[1]

    attempts = re.findall(
        r"<strong>Payment attempt (\d)</strong>.*?title=\"customer:(\d+)\"", timeline, re.S
    )
    assert attempts == [("1", str(guest.pk)), ("2", str(reader.pk))]


def test_the_field_grid_has_two_fields_on_every_row():
    assert all(isinstance(row, tuple) and len(row) == 2 for row in OrderAdmin.fields)


def test_the_vat_evidence_panel_shows_each_piece_and_finances_decision(
    support_client, tmp_path, settings
):
    settings.GEOIP_PATH = str(geoip_database(tmp_path / "ip.mmdb", {"203.0.113.0/24": "FR"}))
    UserFactory(username="fiona", first_name="Fiona", last_name="Finance")
    order = create_order(declaration=BuyerDeclaration(country="DE", ip_address="203.0.113.9"))
    evidence_card_country_record(order_id=order.pk, card_country="CH", actor="test")
    with system_scope():
        evidence_decide(order=order, decision="accepted", actor="staff:fiona", reason="Invoice")
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    rows = [
        "<tr><th>Declared country</th><td>Germany (DE)</td></tr>",
        "<tr><th>Card issued in</th><td>Switzerland (CH)</td></tr>",
        "<tr><th>IP address in</th><td>France (FR)</td></tr>",
        '<tr><th>VAT number</th><td><span class="bo-muted">none (consumer)</span></td></tr>',
        "<tr><th>Reverse charge</th><td>No</td></tr>",
        '<span class="bo-badge good">Declared country accepted</span>',
        '<span class="bo-actor" title="staff:fiona">Staff: Fiona Finance</span>',
    ]
    assert [row for row in rows if row not in panel] == []


def test_the_vat_evidence_panel_says_a_business_abroad_pays_by_reverse_charge(
    support_client, settings
):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert (
        "<tr><th>Reverse charge</th><td>Yes: 0 % VAT; the business paid the prices less the "
        "VAT a consumer would pay (0.33 EUR taken off)</td></tr>"
    ) in panel
    assert (
        '<tr><th>VAT number</th><td><code>DE136695976</code> · <span class="bo-badge">'
        "Not yet confirmed by VIES</span></td></tr>"
    ) in panel


def test_the_vat_evidence_panel_names_the_business_and_its_billing_address(support_client):
    """Outside probe BK-5: staff asked what an invoice would say opened the VAT evidence
    list or the PDF: the panel showed the VAT number, not the business it named."""
    order = create_order(
        declaration=BuyerDeclaration(
            country="DE",
            vat_number="DE136695976",
            business_name="Acme <b>GmbH</b>",
            billing_address="Hauptstraße 1\n10115 Berlin",
        )
    )
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert (
        '<tr><th>Business name</th><td><span class="bo-free-text">Acme &lt;b&gt;GmbH&lt;/b&gt;'
        "</span></td></tr>"
    ) in panel
    assert (
        '<tr><th>Billing address</th><td><span class="bo-free-text">Hauptstraße 1<br>10115 '
        "Berlin</span></td></tr>"
    ) in panel


def test_the_vat_evidence_panel_says_a_vat_number_came_without_a_business(support_client):
    """An order of the release before business names (its evidence names none): staff read
    that its invoice names no business, and a consumer's panel has no business rows."""
    order = create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=order).update(business_name="", billing_address="")
    consumer = create_order(declaration=BuyerDeclaration(country="DE"))

    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]

    assert "none given: the invoice names no business" in panel
    assert "Business name" not in page_html(support_client, consumer)


def test_the_vat_evidence_panel_marks_a_number_vies_never_answered_about_as_a_problem(
    support_client, settings
):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=order).update(vies_status="unanswered")
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert '<span class="bo-badge bad">VIES never answered: Finance to check</span>' in panel


def test_the_vat_evidence_panel_says_a_declaration_was_not_asked_for_the_order(
    support_client,
):
    first = create_order(declaration=BuyerDeclaration(country="DE"))
    order = create_order_beside_cart(
        customer=first.customer, comics=[ComicFactory()], status=OrderStatus.PENDING
    )
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert (
        "<tr><th>Declared country</th><td>Germany (DE) "
        '<span class="bo-muted" data-testid="declaration-not-asked">· not asked: placed '
        "without the cart, with the customer's last declaration (else the default country)"
        "</span></td></tr>"
    ) in unescape(panel)


def test_the_vat_evidence_panel_says_the_order_took_the_default_country(support_client, settings):
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = create_order(declaration=BuyerDeclaration(country=None, asked=False))
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert (
        "<tr><th>Declared country</th><td>France (FR) "
        '<span class="bo-muted" data-testid="country-defaulted">· the default country: the '
        "customer had declared none we offer, and the order was placed without the cart"
        "</span></td></tr>"
    ) in unescape(panel)


def test_the_vat_evidence_panel_says_where_elsewhere_is(support_client):
    order = create_order(declaration=BuyerDeclaration(country="ZZ"))
    panel = page_html(support_client, order).split('id="vat-evidence"')[1].split("</section>")[0]
    assert (
        "<tr><th>Declared country</th><td>Elsewhere (outside the EU, the UK, Norway and "
        "Switzerland)</td></tr>"
    ) in panel


def test_the_customer_links_to_their_orders_not_to_an_account_page_support_cannot_open(
    support_client,
):
    customer = UserFactory(username="dana-reader")
    order = create_order(customer=customer)

    page = page_html(support_client, order)
    their_orders = support_client.get(
        reverse("admin:orders_order_changelist"), {"customer": "dana-reader"}
    )

    assert f'{reverse("admin:orders_order_changelist")}?customer=dana-reader">dana-reader<' in page
    assert reverse("admin:auth_user_change", args=[customer.pk]) not in page
    assert their_orders.status_code == 200
    assert [o.pk for o in their_orders.context["cl"].result_list] == [order.pk]


def test_the_items_add_up_to_the_total_with_the_codes_discount_shown(support_client):
    order = create_order(comics=[ComicFactory(price_amount=399), ComicFactory(price_amount=699)])
    make_code("TENPC", percent_off=10)
    with system_scope():
        discount_apply(order=order, code="TENPC", customer=order.customer, actor="test")

    cells = _items_table(support_client, order)[1:]
    cheap, dear = (item.title for item in order.items.order_by("unit_amount"))

    assert sorted(cells[:2]) == sorted(
        [
            [cheap, "3.99 EUR", "\N{MINUS SIGN}0.40 EUR", "0.00 EUR 0 % Ireland (IE)", "3.59 EUR"],
            [dear, "6.99 EUR", "\N{MINUS SIGN}0.70 EUR", "0.00 EUR 0 % Ireland (IE)", "6.29 EUR"],
        ]
    )
    assert cells[3] == ["Total", "9.88 EUR"]


def test_each_refund_in_the_timeline_says_how_much_it_was(
    support_client, stripe_webhook, send_event
):
    comic = ComicAssetFactory(comic__price_amount=1000, comic__currency="JPY").comic
    order, payment = started_payment(order=create_order(comics=[comic]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    for amount, reason in ((300, "Late delivery"), (200, "Goodwill")):
        refund_create(order=order, amount=amount, reason=reason, actor="staff:finance")
        run_stripe_jobs()

    timeline = page_html(support_client, order).split('id="timeline"')[1]

    titles = re.findall(r"<strong>(Refund[^<]*)</strong>", timeline)
    assert titles == [
        "Refund of 300 JPY requested",
        "Refunded 300 JPY",
        "Refund of 200 JPY requested",
        "Refunded 200 JPY",
    ]


def test_a_refund_stripe_paid_after_it_failed_here_reads_as_paid_in_the_timeline(
    support_client, stripe_webhook, send_event
):
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    row = refund_create(order=order, amount=200, reason="Goodwill", actor="staff:finance")
    refund_unanswered_fail(refund_id=row.pk)  # its job gave up, Stripe out of reach
    localstripe_call(  # the request had reached Stripe all the same
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 200,
            "metadata": {"refund_id": str(row.pk)},
        },
    )
    send_event(build_event("charge.refunded", charge_json(payment)))

    timeline = page_html(support_client, order).split('id="timeline"')[1]

    titles = re.findall(r"<strong>(Refund[^<]*)</strong>", timeline)
    assert titles == [
        "Refund of 2.00 EUR requested",
        "Refund of 2.00 EUR failed",
        "Refund of 2.00 EUR paid by Stripe after all",
        "Refunded 2.00 EUR",
    ]


def test_a_lifted_suspension_is_one_row_and_its_fresh_links_another_saying_so(support_client):
    """Found by outside testers: the lift and the fresh links it sends were two rows
    "Download links" with the same reason, as if the lift were written twice."""
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="system")
    alert = order_links_suspend(order)
    support_client.post(
        reverse("admin:delivery_downloadabusealert_changelist"),
        {"action": "lift_suspension", "_selected_action": [alert.pk]},
    )
    run_queued_jobs()

    timeline = page_html(support_client, order).split('id="timeline"')[1]

    lifted = "Suspension lifted by staff: the customer's explanation was accepted"
    rows = re.findall(r"<strong>([^<]*)</strong>.*?(?:<div>([^<]*)</div>\s*)?</li>", timeline, re.S)
    assert [title for title, detail in rows if unescape(detail) == lifted] == [
        "Downloads given back",
        "Download links replaced by fresh ones",
    ]


def test_a_suspension_reads_in_staff_words_in_the_links_table_and_the_timeline(support_client):
    """Outside probe AQ (AQ-4): both read the customer's "Your links were used from 6
    different networks within 60 minutes."."""
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="system")
    order_links_suspend(order)

    page = page_html(support_client, order)
    links, timeline = page.split('id="timeline"')

    staff_words = "Suspended for sharing: downloaded from 5 networks within 60 minutes."
    assert staff_words in unescape(links) and staff_words in unescape(timeline)
    assert "Your links were used" not in page


def test_a_guest_customer_is_named_guest_and_still_links_to_their_orders(support_client):
    """Found by an outside probe: the order page named a guest `guest:2ebf1e…`."""
    guest = guest_account_create(email="reader@example.com")
    order = create_order(customer=guest)

    page = page_html(support_client, order)

    assert re.search(r'\?customer=guest%3A[0-9a-f]+">Guest<', page)
    assert f">{guest.username}<" not in page


def test_each_item_shows_all_refunds_paid_back_for_it_its_shares_of_amounts_too(
    finance_client, stripe_webhook, send_event
):
    """Found by an outside probe: after a refund of an amount and a refund of each item, the
    order was refunded in full, yet each item read as refunded only in part (the amount's
    shares, which the credit notes took from each line, showed nowhere)."""
    paper, ghost = (
        ComicAssetFactory(comic__title=title, comic__price_amount=price).comic
        for title, price in (("Paper Moons", 399), ("Ghost", 899))
    )
    order, payment = started_payment(order=create_order(comics=[paper, ghost]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_create(order=order, amount=200, reason="Late", actor="staff:finance")
    run_stripe_jobs()
    order.refresh_from_db()
    url = reverse("admin:orders_order_refund", args=[order.pk])
    asked = {
        "version": order.version,
        "items": [order.items.get(comic=ghost).pk],
        "reason": "Blank",
    }
    finance_client.post(url, as_confirmed(finance_client, url, asked))
    waiting = item_cells(page_html(finance_client, order))
    run_stripe_jobs()

    refunded = item_cells(page_html(finance_client, order))

    assert waiting["Ghost"] == (
        "8.99 EUR|refunded 1.39 EUR|(its share of refunds of amounts)"
        "|refund of 7.60 EUR waiting for Stripe"
    )
    assert refunded == {
        "Paper Moons": "3.99 EUR|refunded 0.61 EUR|(its share of refunds of amounts)",
        "Ghost": "8.99 EUR|refunded 8.99 EUR"
        "|(7.60 EUR as the item, 1.39 EUR as its share of refunds of amounts)",
    }


def test_each_items_split_of_its_refunds_matches_the_credit_notes_after_a_refund_rounded_down(
    finance_client, stripe_webhook, send_event
):
    """Outside probe AO (AO-3): in KWD, after a refund of 0.100 and a refund of each item
    (Night's rounded down to tens of fils, 1.610 of its 1.615), Day's refund of 0.890 was
    credited as Day 0.885 and Night 0.005 (what Night's line had left), yet the page said
    Day got 0.890 as the item and 0.030 as its share of the amount: 0.005 off the notes.
    The page counts the refunds that stayed paid (`items_paid_back`): these did, and it
    splits them as their credit notes do."""
    night, day = (
        ComicAssetFactory(
            comic__title=title, comic__price_amount=price, comic__currency="KWD"
        ).comic
        for title, price in (("Kuwait Night", 2500), ("Kuwait Day", 1370))
    )
    make_code("K33", percent_off=33)
    order = create_order(comics=[night, day], declaration=BuyerDeclaration(country="FR"))
    with system_scope():
        discount_apply(order=order, code="K33", customer=order.customer, actor="test")
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_create(order=order, amount=100, reason="Goodwill", actor="staff:finance")
    run_stripe_jobs()
    url = reverse("admin:orders_order_refund", args=[order.pk])
    for comic in (night, day):
        order.refresh_from_db()
        asked = {"version": order.version, "items": [order.items.get(comic=comic).pk]}
        finance_client.post(url, as_confirmed(finance_client, url, {**asked, "reason": "Blank"}))
        run_stripe_jobs()

    cells = item_cells(page_html(finance_client, order))

    with system_scope():
        notes = [
            {line["title"]: line["gross"] for line in note.lines}
            for note in Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE).order_by(
                "pk"
            )
        ]
    assert notes == [
        {"Kuwait Night": 65, "Kuwait Day": 35},
        {"Kuwait Night": 1610},
        {"Kuwait Night": 5, "Kuwait Day": 885},
    ]
    assert cells["Kuwait Night"].endswith(
        "|refunded 1.680 KWD|(1.615 KWD as the item, 0.065 KWD as its share of refunds of amounts)"
    )
    assert cells["Kuwait Day"].endswith(
        "|refunded 0.920 KWD|(0.885 KWD as the item, 0.035 KWD as its share of refunds of amounts)"
    )


def test_an_items_refund_that_came_back_is_no_longer_shown_refunded_on_the_item(
    finance_client, stripe_webhook, send_event
):
    """Outside probe BO (after BO-3): the items table split what the credit notes credited,
    so after Atlas's refund came back from the customer's bank (its credit note then stayed) Atlas
    still read "refunded 4.99 EUR", as the item, though the customer got none of it back."""
    atlas, neon = (
        ComicAssetFactory(comic__title=title, comic__price_amount=price).comic
        for title, price in (("Atlas", 499), ("Neon Tide", 699))
    )
    order = create_order(comics=[atlas, neon], declaration=BuyerDeclaration(country="FR"))
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_create(order=order, amount=100, reason="Goodwill", actor="staff:finance")
    run_stripe_jobs()
    url = reverse("admin:orders_order_refund", args=[order.pk])
    order.refresh_from_db()
    asked = {"version": order.version, "items": [order.items.get(comic=atlas).pk]}
    finance_client.post(url, as_confirmed(finance_client, url, {**asked, "reason": "Broken"}))
    run_stripe_jobs()
    before = item_cells(page_html(finance_client, order))

    with system_scope():
        bounced = Refund.objects.get(order=order, lines__isnull=False)
        refund_fail_after_paid(bounced, message="expired_or_canceled_card", data={})
        notes = Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE).count()
    cells = item_cells(page_html(finance_client, order))

    assert before["Atlas"].endswith(
        "|refunded 4.99 EUR|(4.57 EUR as the item, 0.42 EUR as its share of refunds of amounts)"
    )
    assert notes == 2
    assert cells == {
        "Atlas": "4.99 EUR|refunded 0.42 EUR|(its share of refunds of amounts)",
        "Neon Tide": "6.99 EUR|refunded 0.58 EUR|(its share of refunds of amounts)",
    }


def item_cells(html: str) -> dict[str, str]:
    """The items table's rows: the comic's title -> its Paid cell's texts."""
    table = html.split('id="items"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><td>([^<]*)</td>.*?<td data-label="Paid">(.*?)</td></tr>', table)
    texts = {title: re.sub(r"\s*<[^>]+>\s*", "|", cell) for title, cell in rows}
    return {title: re.sub(r"\|+", "|", text).strip("|") for title, text in texts.items()}


def test_each_item_bought_in_a_bundle_names_the_bundle(support_client):
    """Found by an outside probe: a bundle's comics showed at their shares of its price with
    no word of the bundle."""
    with system_scope():
        arc = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        arc.comics.set([ComicFactory(price_amount=499), ComicFactory(price_amount=699)])
    customer = UserFactory()
    shopper = Client()
    shopper.force_login(customer)
    shopper.post(reverse("promotions:bundle_buy", args=["arc"]))
    with system_scope():
        order = Order.objects.get(customer=customer)

    items = page_html(support_client, order).split('id="items"')[1].split("</table>")[0]

    assert items.count('<span class="bo-muted">in Arc</span>') == 2


def test_finance_is_offered_a_refund_only_when_something_can_be_refunded(
    finance_client, stripe_webhook, send_event
):
    paid, payment = started_payment(order=create_order(comics=[ComicFactory(price_amount=500)]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    canceled = create_order(status=OrderStatus.CANCELED)
    never_paid_but_completed = create_order(status=OrderStatus.FULFILLED)
    assert 'id="refund-link"' in page_html(finance_client, paid)
    assert 'id="refund-link"' not in page_html(finance_client, canceled)
    assert 'id="refund-link"' not in page_html(finance_client, never_paid_but_completed)

    refund_create(order=paid, amount=500, reason="Goodwill", actor="staff:finance")
    # Still waiting for Stripe: the refund screen would only say nothing is left.
    assert 'id="refund-link"' not in page_html(finance_client, paid)


def test_the_order_page_and_the_order_list_name_the_links_action_alike(support_client):
    """Found by outside testers: "Re-issue download links" on the page, "Re-send download
    links (fresh links)" in the list, for one action."""
    order = create_order(status=OrderStatus.FULFILLED)

    page = page_html(support_client, order)
    listing = support_client.get(reverse("admin:orders_order_changelist")).content.decode()

    assert "<summary>Re-send download links</summary>" in page
    assert ">Re-send download links…</option>" in listing


def test_a_charge_after_the_cancel_reads_as_its_refund_asked_for_then_made(
    support_client, stripe_webhook, send_event
):
    """Outside probe AT (AT-15): the refund asked for and the refund made read as two
    identical "Charged after the order was canceled: paid back automatically" rows."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_stripe_jobs()

    timeline = unescape(page_html(support_client, order).split('id="timeline"')[1])

    titles = re.findall(r"<strong>([^<]*does not count[^<]*)</strong>", timeline)
    assert titles[0] == "Charge of 4.99 EUR the order does not count"
    assert titles[1] == "Refund of 4.99 EUR asked for (a charge the order does not count)"
    assert re.fullmatch(
        r"Refunded 4\.99 EUR \(a charge the order does not count\): re_\w+", titles[2]
    )
    assert len(titles) == 3
    # Outside probe FF-3: the one charge read "a duplicate charge".
    assert (
        "Payment attempt 1 succeeded (after the order was canceled: not counted by the order)"
        in timeline
    )


def test_a_charge_after_the_cancel_whose_refund_came_back_reads_so_and_is_flagged(
    support_client, stripe_webhook, send_event
):
    """Stripe paid the charge back, then its refund failed (the customer's bank sent the
    money back): the history and the flag said nothing, the charge read as paid back."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_stripe_jobs()
    with system_scope():
        stripe_refund_id = payment.duplicate.stripe_refund_id
    refund = localstripe_call("POST", f"/v1/refunds/{stripe_refund_id}", {"status": "failed"})

    send_event(build_event("refund.failed", refund))

    timeline = unescape(page_html(support_client, order).split('id="timeline"')[1])
    titles = re.findall(r"<strong>([^<]*does not count[^<]*)</strong>", timeline)
    assert titles[-1] == (
        "Refund of 4.99 EUR came back from the customer's bank (a charge the order does not "
        f"count): {stripe_refund_id}"
    )
    flag = Order.objects.get(pk=order.pk).flagged_reason
    assert flag.startswith("A refund Stripe paid came back: 4.99 EUR")
    assert "the customer was charged after the order was canceled and is not paid back" in flag


def _timeline_rows(client, order) -> list[tuple[str, str, str]]:
    """The timeline's rows: (title, who, detail)."""
    timeline = page_html(client, order).split('id="timeline"')[1]
    rows = re.findall(
        r'<strong>([^<]*)</strong>.*?class="bo-actor"[^>]*>([^<]*)</span>'
        r".*?(?:<div>([^<]*)</div>\s*)?</li>",
        timeline,
        re.S,
    )
    return [tuple(unescape(part) for part in row) for row in rows]


def test_a_stamped_copy_made_again_for_its_missing_file_reads_so_in_the_timeline(
    support_client,
):
    """Support could not tell a customer why their download said "Preparing your copy"."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide"))
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    Client().get(link.path)
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)
    Client().get(link.path)

    title = order.items.get().title
    assert (
        "Stamped copy made again: its file was missing",
        "Download check",
        f"The customer's copy of {title} ({asset.file_name}) was missing from the storage at "
        "a download: a new one is being made, the link says “Preparing your copy” until then",
    ) in _timeline_rows(support_client, order)


def test_a_stamped_copy_not_made_for_its_missing_original_reads_so_in_the_timeline(
    support_client,
):
    """Support could not tell a customer why their download said "Download temporarily
    unavailable"."""
    asset = ComicAssetFactory(comic__stamp_downloads=True)
    asset.file.storage.delete(asset.file.name)
    order, _ = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})

    title = order.items.get().title
    assert (
        "Stamped copy not made: the original file is missing",
        "Worker (stamped copy)",
        f"The original of {title} ({asset.file.name}) is missing from the storage: its "
        "downloads answer “Download temporarily unavailable” until the file is put back, "
        "then the next download has the copy made",
    ) in _timeline_rows(support_client, order)


def test_a_stamped_copy_gone_with_its_original_reads_so_in_the_timeline(support_client):
    """Outside probe AX (AX-7): its downloads answered 503 and the timeline said nothing."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide"))
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)
    asset.file.storage.delete(asset.file.name)
    Client().get(link.path)

    title = order.items.get().title
    assert (
        "Download unavailable: the original file is missing",
        "Download check",
        f"The customer's copy of {title} and its original ({asset.file.name}) are missing "
        "from the storage: its downloads answer “Download temporarily unavailable” until "
        "the original is put back, then the next download has the copy made",
    ) in _timeline_rows(support_client, order)


def test_a_refund_not_sent_as_stripe_paid_the_earlier_one_after_all_reads_not_sent(
    support_client, stripe_webhook, send_event
):
    """Left from outside probe BG (BG-7): it read "Failed", its timeline row "Refund of
    2.00 EUR failed", though it never reached Stripe."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    again = refund_not_sent(order, payment)

    page = page_html(support_client, order)
    refunds = page.split('id="refunds"')[1].split("</section>")[0]
    timeline = page.split('id="timeline"')[1]

    row = refunds.split("Refund again")[0].rsplit("<tr>", 1)[1]
    assert re.findall(r'<span class="bo-badge ?([^"]*)">([^<]*)</span>', row) == [("", "Not sent")]
    with system_scope():
        again.refresh_from_db()
    assert again.failure_message.startswith("Stripe had paid back refund ")
    assert again.failure_message in unescape(row)
    titles = re.findall(r"<strong>(Refund[^<]*)</strong>", timeline)
    assert titles[-1] == "Refund of 2.00 EUR not sent"


def test_an_order_paid_back_in_full_keeping_its_free_comic_says_so_beside_its_status(
    support_client,
    paid_back_keeping_the_free_comic,  # noqa: F811
):
    """Left from outside probe BF-2: its status read "Fulfilled" alone, the money all paid
    back."""
    page = page_html(support_client, paid_back_keeping_the_free_comic)

    (heading,) = re.findall(r"<h2>(Status: .*?)</h2>", page)
    assert re.sub(r"<[^>]+>", "", heading) == "Status: Fulfilled Refunded, free comic kept"


def _items_table(client, order) -> list[list[str]]:
    table = page_html(client, order).split('data-testid="order-items"')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in rows
    ]


def test_the_items_show_each_rate_and_vat_included_and_the_orders_vat(support_client, settings):
    """Outside probe BJ (BJ-13): an order with VAT included showed Price, Discount and Paid,
    no rate nor VAT anywhere: Finance opened the PDF to tell its VAT."""
    comics = [
        ComicFactory(price_amount=price, title=title) for price, title in ((1070, "A"), (535, "B"))
    ]
    order = create_order(comics=comics, declaration=BuyerDeclaration(country="DE"))

    rows = [[unescape(cell) for cell in row] for row in _items_table(support_client, order)]

    assert rows == [
        ["Comic", "Price", "VAT included", "To pay"],
        ["A", "10.70 EUR", "0.70 EUR 7 % Germany (DE)", "10.70 EUR"],
        ["B", "5.35 EUR", "0.35 EUR 7 % Germany (DE)", "5.35 EUR"],
        ["VAT included", "1.05 EUR", ""],
        ["Total", "16.05 EUR"],
    ]


def test_the_items_show_each_rate_and_vat_added_and_reverse_charge_by_name(
    support_client, settings
):
    settings.TAX_PRICES_INCLUDE_TAX = False
    make_code("TENTH", percent_off=10)
    order = create_order(
        comics=[ComicFactory(price_amount=1000, title="A")],
        declaration=BuyerDeclaration(country="HU"),
    )
    with system_scope():
        discount_apply(order=order, code="TENTH", customer=order.customer, actor="test")
    business = create_order(
        comics=[ComicFactory(price_amount=1000, title="B")],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )

    rows = [[unescape(cell) for cell in row] for row in _items_table(support_client, order)]
    reverse_charged = _items_table(support_client, business)

    assert rows == [
        ["Comic", "Price", "Discount", "VAT added", "To pay"],
        ["A", "10.00 EUR", "\N{MINUS SIGN}1.00 EUR", "2.43 EUR 27 % Hungary (HU)", "11.43 EUR"],
        ["VAT added", "2.43 EUR", ""],
        ["Total", "11.43 EUR"],
    ]
    assert reverse_charged[1] == ["B", "10.00 EUR", "0.00 EUR reverse charge", "10.00 EUR"]


def test_a_reverse_charge_order_at_prices_with_vat_shows_the_vat_taken_off_each_item(
    support_client,
):
    """Outside probe BJ (BJ-4): the business pays each price less its discount and the VAT a
    consumer of its country pays; the table says what was taken off, the evidence the sum."""
    make_code("TENTH", percent_off=10)
    order = create_order(
        comics=[
            ComicFactory(price_amount=price, title=t) for price, t in ((1070, "A"), (499, "B"))
        ],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )
    with system_scope():
        discount_apply(order=order, code="TENTH", customer=order.customer, actor="test")

    rows = [[unescape(cell) for cell in row] for row in _items_table(support_client, order)]
    evidence = unescape(page_html(support_client, order).split('id="vat-evidence"')[1])

    minus = "\N{MINUS SIGN}"
    assert rows == [
        ["Comic", "Price", "Discount", "VAT included", "To pay"],
        [
            "A",
            "10.70 EUR",
            f"{minus}1.07 EUR",
            "0.00 EUR reverse charge: 0.63 EUR of VAT taken off its price",
            "9.00 EUR",
        ],
        [
            "B",
            "4.99 EUR",
            f"{minus}0.50 EUR",
            "0.00 EUR reverse charge: 0.29 EUR of VAT taken off its price",
            "4.20 EUR",
        ],
        ["VAT included", "0.00 EUR", ""],
        ["Total", "13.20 EUR"],
    ]
    assert (
        "Yes: 0 % VAT; the business paid the prices less the VAT a consumer would pay "
        "(0.92 EUR taken off)"
    ) in evidence


def test_the_items_of_an_order_from_elsewhere_say_no_vat_as_the_customers_pages_do(
    support_client,
):
    """Outside probe BK-9: under "VAT included", "0.00 EUR 0 % Elsewhere (outside the EU,
    …)" read as a rate of VAT charged; the customer's pages say why there is none."""
    order = create_order(
        comics=[ComicFactory(price_amount=500, title="A")],
        declaration=BuyerDeclaration(country="ZZ"),
    )

    rows = _items_table(support_client, order)

    assert rows[1] == [
        "A",
        "5.00 EUR",
        "0.00 EUR No VAT: outside the EU, the UK, Norway and Switzerland",
        "5.00 EUR",
    ]


def test_the_items_table_reads_as_a_card_per_item_on_a_phone(support_client):
    """Outside probe BK-8: five columns (a code's discount beside the VAT) were wider than a
    phone: the page scrolled sideways. Each value carries its header for the phone's cards,
    in a region that scrolls on its own."""
    make_code("TENTH", percent_off=10)
    order = create_order(
        comics=[ComicFactory(price_amount=1000)], declaration=BuyerDeclaration(country="DE")
    )
    with system_scope():
        discount_apply(order=order, code="TENTH", customer=order.customer, actor="test")

    items = page_html(support_client, order).split('id="items"')[1].split("</section>")[0]

    assert '<div class="bo-scroll" tabindex="0" role="region" aria-label="Items">' in items
    assert '<table class="bo-cards" data-testid="order-items">' in items
    labels = re.findall(r'<td data-label="([^"]*)"', items)
    # Outside probe BL-9: the sums below read as card rows too, each value beside its label.
    assert labels == ["Price", "Discount", "VAT included", "To pay", "VAT included", "Total"]


def test_the_page_draws_the_order_as_read_once_though_it_changes_while_drawn(
    support_client, monkeypatch
):
    """Outside probe CM-1: the webhook paid the order between the page's two reads of it: its
    fields said Paid, version 3, and its diagram, buttons and forms' version were those of
    Processing, version 2, offering a paid order "Cancel"."""
    order = create_order(status=OrderStatus.PROCESSING)
    context_of = admin_orders.order_page_context

    def paid_meanwhile(shown, *args, **kwargs):
        context = context_of(shown, *args, **kwargs)
        with system_scope():
            order_transition(order=order, name="mark_paid", actor="stripe", reason="Paid")
        return context

    monkeypatch.setattr(admin_orders, "order_page_context", paid_meanwhile)

    page = unescape(page_html(support_client, order))

    def field(label: str) -> str:
        found = re.search(rf">{label}</label>.*?<div class=\"readonly[^>]*>([^<]*)<", page, re.S)
        return found.group(1)

    assert (field("Status"), field("Version")) == ("Processing", "2")
    assert "<h2>Status: Processing</h2>" in page
    assert set(re.findall(r'name="version" value="(\d+)"', page)) == {"2"}


def test_the_library_links_that_no_longer_work_are_folded_apart_and_say_why(support_client):
    """Outside probe HG-3: a customer's library clicks listed dozens of expired links of one
    download among the live ones, none marked expired."""
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(assets=[asset])
    with system_scope():
        item = order.items.get()
        expired, used, _live = (
            library_download_link(
                customer=order.customer, item_id=item.pk, asset_id=asset.pk, actor="test"
            )
            for _ in range(3)
        )
        DownloadLink.objects.filter(pk=expired.link_id).update(expires_at=timezone.now())
        DownloadLink.objects.filter(pk=used.link_id).update(download_count=1)

    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    listed, folded = page.split('<details class="bo-spent-links">')

    assert "Download links (4)" in listed
    assert listed.count('"Issued as">Emailed</td>') == 1
    assert listed.count('"Issued as">Library download</td>') == 1
    assert "2 links of one download from the library or the API that no longer work<" in folded
    assert "(expired)" in folded and "(used up)" in folded


def test_the_order_page_says_why_the_customer_cannot_pay_an_order_as_their_pay_page_does(
    support_client,
):
    """Outside probe HH-3: an order whose comics the customer bought since in other orders
    read as any unpaid order, naming neither the reason nor those orders."""
    comic = ComicFactory(title="Neon Tide")
    customer = UserFactory()
    unpaid = create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
    paid = create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)
    payable = create_order_beside_cart(
        customer=customer, comics=[ComicFactory()], status=OrderStatus.PENDING
    )

    def page(order):
        return support_client.get(reverse("admin:orders_order_change", args=[order.pk])).text

    assert (
        "The customer cannot pay this order. Their pay page says: “You already own Neon Tide "
        f"(your order {paid.number}): this order cannot be paid.”"
    ) in page(unpaid)
    assert 'id="unpayable"' not in page(payable)


def test_the_items_last_column_says_paid_only_of_an_order_paid(support_client):
    """Outside probe HH-3: an order never paid listed its prices under "Paid"."""
    customer = UserFactory()
    orders = [
        create_order_beside_cart(customer=customer, comics=[ComicFactory()], status=status)
        for status in (OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.CANCELED)
    ]

    headings = [_items_table(support_client, order)[0][-1] for order in orders]

    assert headings == ["To pay", "Paid", "Not paid"]
