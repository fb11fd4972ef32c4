import re
from types import SimpleNamespace

import pytest

from accounts.services import guest_account_create
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, create_order
from notifications.emails import compose
from notifications.models import EmailKind
from orders.buyer import BuyerDeclaration
from orders.services import order_complete_free
from promotions.services import discount_apply
from promotions.tests.factories import make_code

TITLE = "The Sleepwalker's Atlas & Co <1>"
DOCUMENT = SimpleNamespace(
    number="INV-2026-000001",
    total_amount=499,
    currency="EUR",
    credited_invoice=SimpleNamespace(number="INV-2026-000001"),
)
LINK = {"title": TITLE, "url": "http://shop.test/downloads/abc/", "expires_at": None}
CONTEXTS = {
    EmailKind.ORDER_RECEIVED: {
        "links_emailed": True,
        "repriced_reason": "VIES did not confirm the VAT number & more.",
    },
    EmailKind.PAYMENT_FAILED: {"reason": "Declined.", "retry_url": "http://shop.test/pay/"},
    EmailKind.DOWNLOADS_READY: {"links": [LINK]},
    EmailKind.REFUND_ISSUED: {"amount": 100, "refunded_so_far": 100},
    EmailKind.FILE_UPDATED: {
        "links": [LINK],
        "updated_title": TITLE,
        "version": 2,
        "preferences_url": "http://shop.test/account/emails/",
    },
    EmailKind.LINKS_SUSPENDED: {"reason": "Shared links & more."},
    EmailKind.PAYMENT_RECEIVED: {"document": DOCUMENT},
    EmailKind.CREDIT_NOTE: {"document": DOCUMENT},
    EmailKind.DEBIT_NOTE: {
        "document": SimpleNamespace(
            number="DN-2026-000001",
            total_amount=-100,
            total_shown=100,
            currency="EUR",
            reversed_note=SimpleNamespace(number="CN-2026-000001"),
        )
    },
    EmailKind.CHARGE_REFUNDED: {"amount": 499},
    EmailKind.REFUND_FAILED: {
        "amount": 499,
        "reason": "your bank did not accept it & sent the money back to us",
    },
    EmailKind.ORDER_REPRICED: {
        "was_total": 400,
        "reason": "VIES did not confirm the VAT number & more.",
        "retry_url": "http://shop.test/pay/",
    },
    EmailKind.ORDER_CANCELED: {"was_being_paid": False, "catalog_url": "http://shop.test/"},
    EmailKind.INVOICE_COPY: {
        "document": DOCUMENT,
        "credit_notes": [
            SimpleNamespace(number="CN-2026-000001", total_amount=100, currency="EUR")
        ],
        "refunded": 100,
        "refund_pending": 200,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(EmailKind))
def test_every_email_has_an_inline_styled_html_part_and_a_text_part_without_markup(kind):
    order = create_order(comics=[ComicFactory(title=TITLE)])

    message = compose(kind=kind, order=order, **CONTEXTS[kind])

    ((html, mime),) = message.alternatives
    assert mime == "text/html"
    assert html.lstrip().startswith("<!doctype html>") and '<html lang="en">' in html
    assert "<style" not in html and 'style="' in html
    assert order.number in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    assert "<" not in message.body.replace("<1>", "")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
def test_both_parts_show_the_discount_and_its_code_so_their_lines_add_up(kind):
    order = create_order(comics=[ComicFactory(price_amount=699), ComicFactory(price_amount=399)])
    make_code("TENOFF", percent_off=10)
    with system_scope():
        discount_apply(order=order, code="TENOFF", customer=order.customer, actor="test")
        order.refresh_from_db()

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    # Found by an outside probe: the pages said "Discount (TENOFF)", the emails "Discount".
    assert "Discount (TENOFF): -€1.10" in message.body
    assert "Total: €9.88" in message.body
    assert ">Discount (TENOFF)</td>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
def test_with_net_prices_both_parts_show_the_vat_added_so_their_lines_add_up(kind, settings):
    """Outside probe AG (F3): with VAT added on top, the emails listed the items, the
    discount and the total, but not the VAT: 9.87 - 3.26 read as a total of 8.40."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_DEFAULT_COUNTRY = "HU"  # 27 %
    order = create_order(comics=[ComicFactory(price_amount=price) for price in (551, 89, 347)])
    make_code("PCT33", percent_off=33)
    with system_scope():
        discount_apply(order=order, code="PCT33", customer=order.customer, actor="test")
        order.refresh_from_db()

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    assert "Discount (PCT33): -€3.26\nVAT 27 % (Hungary): €1.79\nTotal: €8.40" in message.body
    assert ">VAT 27 % (Hungary)</td>" in html and ">€1.79</td>" in html
    assert html.index("€1.79") < html.index("€8.40")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
def test_with_prices_including_vat_both_parts_show_the_vat_included_as_the_pages_do(kind):
    """Outside probe AI (AI-11): the receipt page said "Includes VAT 5.5 % (France) €0.56",
    the emails said nothing of the VAT."""
    order = create_order(
        comics=[ComicFactory(price_amount=1070)], declaration=BuyerDeclaration(country="FR")
    )

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    assert "Total: €10.70\nIncludes VAT 5.5 % (France): €0.56\n" in message.body
    assert ">Includes VAT 5.5 % (France)</td>" in html and ">€0.56</td>" in html
    assert html.index("€10.70</td>") < html.index("€0.56")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_a_reverse_charge_order_says_so_in_both_parts(kind, prices_include_tax, settings):
    """Outside probe BE (BE-1): with net prices, both parts read "VAT 0 % (Germany): €0.00"
    above the total, where the invoice says reverse charge. With prices including VAT the
    business pays them less the VAT, which both parts take off above the total (outside
    probe BJ, BJ-4: it paid the consumer's price)."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = create_order(
        comics=[ComicFactory(price_amount=1070)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    total = "Total: €10.70\n"
    if prices_include_tax:
        total = "Less VAT (reverse charge): -€0.70\nTotal: €10.00\n"
        assert ">Less VAT (reverse charge)</td>" in html and ">-€0.70</td>" in html
    assert f"{total}No VAT: reverse charge\n" in message.body
    assert ">No VAT: reverse charge</td>" in html
    assert "VAT 0 %" not in message.body and "VAT 0 %" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_an_order_from_elsewhere_says_no_vat_outside_the_eu_in_both_parts(
    kind, prices_include_tax, settings
):
    """Outside probe BJ (BJ-8): "Payment received" read "Includes VAT 0 % (Elsewhere) ¥0"."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = create_order(
        comics=[ComicFactory(price_amount=1000, currency="JPY")],
        declaration=BuyerDeclaration(country="ZZ"),
    )

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    words = "No VAT: outside the EU, the UK, Norway and Switzerland"
    assert f"Total: ¥1,000\n{words}\n" in message.body
    assert f">{words}</td>" in html
    assert "VAT 0 %" not in message.body and "VAT 0 %" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.ORDER_RECEIVED, EmailKind.PAYMENT_RECEIVED])
def test_a_free_comic_reads_free_but_a_total_of_nothing_stays_an_amount(kind):
    """Outside probe AI (AI-11): the catalogue and cart said "Free", the emails "€0.00"."""
    order = create_order(comics=[ComicFactory(title="Free One", price_amount=0)])

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    assert "- Free One: Free\nTotal: €0.00\n" in message.body
    assert 'white-space: nowrap;">Free</td>' in html and "€0.00</td>" in html


@pytest.mark.django_db
def test_a_guest_is_sent_to_their_order_not_to_a_library_they_cannot_sign_in_to():
    guest = guest_account_create(email="guest@example.com")
    order = create_order(customer=guest, comics=[ComicFactory()])

    message = compose(kind=EmailKind.DOWNLOADS_READY, order=order, links=[LINK])
    ((html, _),) = message.alternatives

    assert "/downloads/library/" not in message.body and "/downloads/library/" not in html
    assert "/accounts/guest/order/" in message.body
    # Outside probe ID-1: "your comics, in every format they come in" of one comic.
    assert "Your order page takes you to your comic, in every format it comes in," in message.body
    # Outside probe FI-2: "to download whenever you like", the link lasting 30 days.
    for part in (message.body, html):
        assert "through this link for 30 days (to keep them for good, sign up" in part
        assert "whenever you like" not in part
        # Outside probe HM-1: the owner of an account with the address was told to sign up.
        assert (
            "if you have an account with this address already, sign in: its account page "
            "offers to add the order)"
        ) in part


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", [EmailKind.DOWNLOADS_READY, EmailKind.REFUND_ISSUED, EmailKind.CHARGE_REFUNDED]
)
@pytest.mark.parametrize("guest", [False, True], ids=["customer", "guest"])
def test_the_text_part_links_the_order_page_the_html_part_links(kind, guest):
    """A refund's credit note is on the order page; a guest's order page opens through
    their signed link, not /orders/..., which needs a password."""
    customer = guest_account_create(email="guest@example.com") if guest else None
    order = create_order(customer=customer, comics=[ComicFactory()])

    message = compose(kind=kind, order=order, **CONTEXTS[kind])
    ((html, _),) = message.alternatives

    (order_url,) = re.findall(r'<a href="([^"]+)"[^>]*>view your order</a>', html)
    assert ("/accounts/guest/order/" if guest else f"/orders/{order.number}/") in order_url
    assert order_url in message.body.split()


@pytest.mark.django_db
@pytest.mark.parametrize("guest", [False, True], ids=["customer", "guest"])
def test_a_free_order_not_completed_yet_says_to_press_get_it_for_free_on_its_order_page(guest):
    """Outside probe AO (AO-2): the email of a free order, sent when it was placed, said
    "We will email your download links in a moment", but no links come until the customer
    presses Get it for free."""
    customer = guest_account_create(email="gina@example.com") if guest else None
    order = create_order(customer=customer, comics=[ComicFactory(price_amount=0)])

    message = compose(kind=EmailKind.ORDER_RECEIVED, order=order)
    ((html, _),) = message.alternatives

    (order_url,) = re.findall(r'<a href="([^"]+)"[^>]*>view your order</a>', html)
    assert ("/accounts/guest/order/" if guest else f"/orders/{order.number}/") in order_url
    asks = "to get your comic, press Get it for free on your order page"  # one (ID-1)
    assert f"{asks}:\n{order_url}\n" in message.body
    assert asks in html and f'<a href="{order_url}"' in html.split(asks)[1]
    assert "in a moment" not in message.body + html


@pytest.mark.django_db
def test_a_free_order_completed_before_its_email_went_says_its_links_follow():
    order = create_order(comics=[ComicFactory(price_amount=0)])
    with system_scope():
        order_complete_free(order=order, actor="test")

    message = compose(kind=EmailKind.ORDER_RECEIVED, order=order, links_emailed=True)

    assert "We will email your download links in a moment." in message.body
    assert "Get it for free" not in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EmailKind.DOWNLOADS_READY, EmailKind.FILE_UPDATED])
@pytest.mark.parametrize(("quota", "said"), [(1, "1 download,"), (5, "5 downloads,")])
def test_both_parts_say_a_links_downloads_in_the_right_number(kind, quota, said):
    order = create_order(comics=[ComicFactory(title=TITLE)])
    context = {**CONTEXTS[kind], "links": [{**LINK, "max_downloads": quota}]}

    message = compose(kind=kind, order=order, **context)

    ((html, _mime),) = message.alternatives
    assert said in message.body and said in html
