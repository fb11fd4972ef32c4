"""The cart shows the VAT of the country the buyer picks; checkout records it with the
order, and a business's VAT number with it."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    UserFactory,
    create_order,
    order_move,
)
from morpheus_testing.jobs import queued_jobs
from morpheus_testing.texts import page_words
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from promotions.bundles import cart_add_bundle
from promotions.models import Bundle
from promotions.services import discount_apply
from promotions.tests.factories import make_code
from tax.checkout import business_buys_now, declaration_not_asked
from tax.countries import OUTSIDE_EVERY_SCHEME
from tax.models import ItemTax, OrderTaxEvidence, TaxRule, ViesStatus
from tax.tasks import check_vat_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(client):
    customer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=1070))
    client.force_login(customer)
    return customer


def test_the_cart_shows_the_vat_of_the_chosen_country(client, buyer, settings):
    settings.TAX_DEFAULT_COUNTRY = "IE"
    assert "Includes VAT 0 % (Ireland)" in client.get(reverse("orders:cart")).content.decode()
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "Includes VAT 7 % (Germany)" in page
    assert 'data-testid="cart-vat">€0.70<' in page
    assert '<input type="hidden" name="country" value="DE">' in page
    elsewhere = client.get(reverse("orders:cart"), {"country": "ZZ"}).content.decode()
    assert "No VAT: outside the EU, the UK, Norway and Switzerland" in elsewhere
    assert "VAT 0 %" not in elsewhere


def test_the_cart_lists_each_country_once_by_name_with_elsewhere_last(client, buyer):
    """Found by outside probes: sorted by code, Switzerland came after Bulgaria; then a
    country with a standard and an e-book rate was listed twice, both selected."""
    page = client.get(reverse("orders:cart")).content.decode()

    select = re.search(r'<select name="country" id="id_country">(.*?)</select>', page).group(1)
    names = re.findall(r"<option[^>]*>([^<]+)</option>", select)
    assert names[-1] == "Elsewhere"
    assert names[:-1] == sorted(set(names[:-1])) and len(names) > 3
    assert names.count("Germany") == 1
    assert select.count("selected") == 1


def test_the_cart_starts_from_the_country_declared_last_time(client, buyer):
    create_order(customer=buyer, declaration=BuyerDeclaration(country="FR"))  # takes the cart
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory())
    assert "(France)" in client.get(reverse("orders:cart")).content.decode()


def test_the_cart_says_a_country_it_starts_from_is_a_guess_and_not_one_chosen_or_declared(
    client, buyer, settings
):
    """Outside probe GQ-4: every new visitor's cart read "Includes VAT 5.5 % (France)",
    France selected, nothing saying it was assumed."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    guessed = client.get(reverse("orders:cart")).text
    chosen = client.get(reverse("orders:cart"), {"country": "DE"}).text
    create_order(customer=buyer, declaration=BuyerDeclaration(country="IE"))  # takes the cart
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory())
    declared = client.get(reverse("orders:cart")).text

    guess = "France is our guess: you pay the VAT of the country you live in, so choose yours."
    assert guess in guessed
    assert "is our guess" not in chosen
    assert "is our guess" not in declared and "(Ireland)" in declared


def test_a_country_declared_last_that_is_offered_no_more_is_no_choice_the_cart_guesses(
    client, buyer, settings
):
    """Outside probe HT-2: Finance ended Luxembourg's rules; the cart said "0 %
    (Luxembourg)" above a list that could not show it, and the checkout took the country the
    list showed first (Austria)."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    create_order(customer=buyer, declaration=BuyerDeclaration(country="LU"))  # takes the cart
    with system_scope():
        TaxRule.objects.filter(country="LU").update(valid_to=timezone.now().date())
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory())

    cart = client.get(reverse("orders:cart")).text

    assert "(Luxembourg)" not in cart
    assert "France is our guess" in cart
    assert '<option value="FR" selected>' in cart


@pytest.mark.parametrize(
    "declaration",
    [None, BuyerDeclaration(country=None), BuyerDeclaration(country=None, asked=False)],
    ids=["placed-by-code", "form-without-the-field", "bundle-or-api"],
)
def test_an_order_placed_without_a_country_takes_none_offered_no_more(buyer, settings, declaration):
    """Outside probe HU-1: after Finance ended Cyprus's rule, orders placed without a country
    (a bundle bought at once, the API, a form without the field) took Cyprus at 0 %."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    create_order(customer=buyer, declaration=BuyerDeclaration(country="LU"))
    with system_scope():
        TaxRule.objects.filter(country="LU").update(valid_to=timezone.now().date())

    order = create_order(customer=buyer, declaration=declaration)

    with system_scope():
        assert OrderTaxEvidence.objects.get(order=order).declared_country == "FR"


def test_a_business_declared_last_in_a_country_offered_no_more_is_quoted_no_reverse_charge(
    buyer, settings
):
    """Outside probe HV-2: the bundle page quoted "Bought now with your VAT number
    ATU13585627 (Austria)… reverse charge", and the order took France's VAT."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    declared = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    create_order(customer=buyer, declaration=declared)
    assert business_buys_now(customer_id=buyer.pk, amounts=[1070], currency="EUR")
    with system_scope():
        TaxRule.objects.filter(country="DE").update(valid_to=timezone.now().date())

    assert business_buys_now(customer_id=buyer.pk, amounts=[1070], currency="EUR") is None


def test_an_order_that_took_the_default_says_the_country_declared_last_is_offered_no_more(
    buyer, settings
):
    """Outside probe HV-1: its pay page said "Bought without the cart, it takes them from
    your last order" of an order that took France, the last one being Luxembourg."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    create_order(customer=buyer, declaration=BuyerDeclaration(country="LU"))
    with system_scope():
        TaxRule.objects.filter(country="LU").update(valid_to=timezone.now().date())
    order = create_order(customer=buyer, declaration=BuyerDeclaration(country=None, asked=False))

    with system_scope():
        words = declaration_not_asked(order=Order.objects.get(pk=order.pk))

    assert (
        "it takes our default country, as the one of your last order is no longer offered" in words
    )


def test_the_default_country_an_order_took_for_want_of_one_is_no_declaration(client, settings):
    """Outside probe HT-4: an API order placed without a country took France, the default;
    the cart then no longer called France our guess, and the next such order's pay page
    said it took France "from your last order"."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    customer = UserFactory()
    not_asked = BuyerDeclaration(country=None, asked=False)
    create_order(customer=customer, declaration=not_asked)
    order = create_order(customer=customer, declaration=not_asked)
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory())
        words = declaration_not_asked(order=Order.objects.get(pk=order.pk))
    client.force_login(customer)

    assert "it takes our default country, as you have not told us where you live yet" in words
    assert "France is our guess" in client.get(reverse("orders:cart")).text


def test_a_country_declared_after_a_default_one_is_the_one_taken_next(settings):
    settings.TAX_DEFAULT_COUNTRY = "FR"
    customer = UserFactory()
    not_asked = BuyerDeclaration(country=None, asked=False)
    create_order(customer=customer, declaration=not_asked)
    create_order(customer=customer, declaration=BuyerDeclaration(country="DE"))

    order = create_order(customer=customer, declaration=not_asked)

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert (evidence.declared_country, evidence.country_defaulted) == ("DE", False)


def test_the_default_country_stays_offered_when_finance_ends_its_rules(client, buyer, settings):
    """Outside probe HU-2: the cart said "0 % (France)" above a list without France, which
    showed Austria, and the checkout charged Austria's VAT."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    with system_scope():
        TaxRule.objects.filter(country="FR").update(valid_to=timezone.now().date())

    cart = client.get(reverse("orders:cart")).text

    assert '<option value="FR" selected>' in cart
    assert "France is our guess" in cart


def test_with_net_prices_the_cart_adds_the_vat(client, buyer, settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "Plus VAT 7 % (Germany)" in page
    assert 'data-testid="cart-to-pay-with-vat">€11.45<' in page


@pytest.mark.parametrize(
    ("percent", "discount", "subtotal", "vat", "to_pay"),
    [(33, "-€2.11", "€4.29", "€1.16", "€5.45"), (100, "-€6.40", "€0.00", None, "€0.00")],
)
def test_with_net_prices_and_a_code_the_cart_says_to_pay_once_with_the_vat(
    client, settings, percent, discount, subtotal, vat, to_pay
):
    """Outside probe AG (F5): the cart read "To pay €4.29 · Plus VAT 27 % (Hungary) €1.16 ·
    To pay €5.45", and with a 100 % code "To pay €0.00 · To pay €0.00"."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    customer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=640))
    client.force_login(customer)
    make_code("OFF", percent_off=percent)
    client.post(reverse("promotions:cart_code"), {"code": "OFF"})

    page = client.get(reverse("orders:cart"), {"country": "HU"}).content.decode()

    rows = re.findall(r'<p class="cart-(?:total|line)">([^<]*)<strong[^>]*>([^<]+)<', page)
    assert [(label.strip(), amount) for label, amount in rows] == [
        ("Total", "€6.40"),
        ("Code OFF", discount),
        ("Subtotal", subtotal),
        *([("Plus VAT 27 % (Hungary)", vat)] if vat else []),
        ("To pay", to_pay),
    ]


def test_with_tax_mode_none_the_cart_shows_no_vat(client, buyer, settings):
    settings.TAX_MODE = "none"
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "VAT" not in page_words(page)


@pytest.mark.parametrize(
    ("placed_net", "country", "rows"),
    [
        (
            False,
            "FR",
            [("Total", "$11.98"), ("Includes VAT 5.5 % (France)", "$0.63")],
        ),
        (
            True,
            "ZZ",
            [("Total", "$14.98"), (f"No VAT: {OUTSIDE_EVERY_SCHEME}", "$0.00")],
        ),
    ],
    ids=["placed with VAT included, prices now net", "placed net, prices now include VAT"],
)
def test_an_order_shows_its_vat_as_it_was_priced_after_the_shop_switches(
    client, settings, placed_net, country, rows
):
    """Outside probe BA (BA-5): switched to net prices, an order placed with VAT included
    read "… Discount -$3.00 / VAT 5.5 % (France) $0.63 / Total $11.98", 0.63 more than its
    lines."""
    settings.TAX_PRICES_INCLUDE_TAX = not placed_net
    comics = [ComicFactory(price_amount=price, currency="USD") for price in (499, 999)]
    order = create_order(comics=comics, declaration=BuyerDeclaration(country=country))
    if not placed_net:
        make_code("USD3", currencies=[("USD", 300, 0)])
        with system_scope():
            discount_apply(order=order, code="USD3", customer=order.customer, actor="test")

    settings.TAX_PRICES_INCLUDE_TAX = placed_net
    client.force_login(order.customer)
    page = client.get(reverse("orders:pay", args=[order.number])).content.decode()

    footer = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    shown = re.findall(r'<th scope="row">([^<]+)</th><td class="num[^"]*"[^>]*>([^<]+)<', footer)
    assert [row for row in shown if not row[0].startswith("Discount")] == rows


@pytest.mark.parametrize("page", ["orders:pay", "orders:detail", "orders:confirmation"])
@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_a_reverse_charge_order_reads_no_vat_by_reverse_charge_on_its_pages(
    client, settings, page, prices_include_tax
):
    """Outside probe BE (BE-1): with net prices, a Hungarian business's order read "VAT 0 %
    (Hungary) 0.000 KWD" on the pay, order and confirmation pages, where its invoice says
    reverse charge. With prices including VAT it pays them less Hungary's 27 %, each line's
    VAT rounded to 10 fils (outside probe BJ, BJ-4)."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    comics = [ComicFactory(price_amount=price, currency="KWD") for price in (1250, 2370)]
    order = create_order(
        comics=comics,
        declaration=BuyerDeclaration(country="HU", vat_number="HU12345676", **BUSINESS),
    )
    client.force_login(order.customer)

    html = client.get(reverse(page, args=[order.number])).content.decode()

    footer = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    shown = re.findall(r'<th scope="row">([^<]+)</th><td class="num[^"]*"[^>]*>([^<]+)<', footer)
    total = [("Total", "3.620 KWD")]
    if prices_include_tax:  # 1.250 - 0.270, 2.370 - 0.500
        total = [("Less VAT (reverse charge)", "-0.770 KWD"), ("Total", "2.850 KWD")]
    assert shown == [*total, ("No VAT: reverse charge", "0.000 KWD")]


def test_a_business_price_in_dinars_says_the_vat_taken_off_is_rounded_to_10_fils(client):
    """Outside probe BL-8: the cart said the prices include 0.237 KWD of VAT, then the pay
    page that the business pays them less the 0.240 KWD "they include": each line's VAT is
    taken off rounded to 10 fils, as a card is charged, and nothing said so."""
    customer = UserFactory()
    with system_scope():
        for price in (1250, 2370):
            order_services.cart_add_comic(
                customer=customer, comic=ComicFactory(price_amount=price, currency="KWD")
            )
    client.force_login(customer)

    cart = unescape(client.get(reverse("orders:cart"), {"country": "DE"}).text)
    placed = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )
    pay = unescape(client.get(placed.url).text)
    euros = create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )
    client.force_login(euros.customer)
    pay_in_euros = unescape(client.get(reverse("orders:pay", args=[euros.number])).text)

    rounded = "rounded to the nearest 0.010 KWD, so that a card can be charged"
    assert "0.237 KWD" in cart and "a business pays 3.380 KWD" in cart
    assert f"(each price's {rounded})" in cart
    assert f"they include (0.240 KWD: each price's VAT {rounded})." in pay
    assert "rounded to the nearest" not in pay_in_euros


@pytest.mark.parametrize("page", ["orders:pay", "orders:detail", "orders:confirmation"])
@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_an_order_from_elsewhere_reads_no_vat_outside_the_eu_on_its_pages(
    client, settings, page, prices_include_tax
):
    """Outside probe BJ (BJ-8): an order declared from Elsewhere read "Includes VAT 0 %
    (Elsewhere) ¥0" on its pages, where the invoice says why there is no VAT."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    comics = [ComicFactory(price_amount=1000, currency="JPY")]
    order = create_order(comics=comics, declaration=BuyerDeclaration(country="ZZ"))
    client.force_login(order.customer)

    html = client.get(reverse(page, args=[order.number])).content.decode()

    footer = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    shown = re.findall(r'<th scope="row">([^<]+)</th><td class="num[^"]*"[^>]*>([^<]+)<', footer)
    assert shown == [
        ("Total", "¥1,000"),
        ("No VAT: outside the EU, the UK, Norway and Switzerland", "¥0"),
    ]


def vat_number_hint(page: str) -> str | None:
    found = re.search(r'data-testid="vat-number-hint">([^<]+)<', page)
    return unescape(found[1]) if found else None


@pytest.mark.parametrize(
    ("prices_include_tax", "country", "hint"),
    [
        (
            True,
            "DE",
            "With a valid VAT number from Germany, a business pays €10.00: the prices less "
            "their 7 % VAT, as no VAT is charged (reverse charge: you account for the VAT "
            "yourself).",
        ),
        (
            False,
            "HU",
            "With a VAT number, a business from Hungary pays €10.70: no VAT is added (reverse "
            "charge: you account for the VAT yourself).",
        ),
        (  # outside probe DD-2: "from Netherlands"
            True,
            "NL",
            "With a valid VAT number from the Netherlands, a business pays €9.82: the prices "
            "less their 9 % VAT, as no VAT is charged (reverse charge: you account for the "
            "VAT yourself).",
        ),
        (True, "IE", None),  # the seller's country: its VAT is charged, number or not
        (True, "ZZ", None),
    ],
)
def test_the_cart_says_where_the_vat_number_is_typed_what_a_business_pays(
    client, buyer, settings, prices_include_tax, country, hint
):
    """Outside probe BJ (BJ-4): with prices including VAT a business from another EU country
    paid the consumer's price, all of it net; it pays the price less the VAT the cart shows."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    settings.TAX_SELLER_COUNTRY = "IE"

    page = client.get(reverse("orders:cart"), {"country": country}).content.decode()

    assert vat_number_hint(page) == hint
    assert ('aria-describedby="vat-number-hint"' in page) == bool(hint)


def test_the_guest_form_says_what_a_business_pays_too(client, settings):
    settings.TAX_SELLER_COUNTRY = "IE"
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=1070).pk]))

    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()

    assert 'data-testid="guest-checkout"' in page
    assert vat_number_hint(page).startswith("With a valid VAT number from Germany, a business")
    assert 'aria-describedby="guest-vat-number-hint"' in page


@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_the_pay_page_of_a_business_says_it_pays_the_prices_less_their_vat(
    client, settings, prices_include_tax
):
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = create_order(
        comics=[ComicFactory(price_amount=1070)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )
    client.force_login(order.customer)

    page = unescape(client.get(reverse("orders:pay", args=[order.number])).content.decode())

    assert order.total_amount == (1000 if prices_include_tax else 1070)
    said = (
        "No VAT is charged on this order (reverse charge: you account for the VAT yourself), "
        "so you pay its prices less the VAT of Germany they include (€0.70)."
    )
    assert (said in page) == prices_include_tax


def test_the_cart_shows_the_business_price_once_a_vat_number_is_typed(client, buyer, settings):
    """Outside probe BJ (BJ-4): with the number typed the cart kept saying "Includes VAT 7 %";
    the business price shows (hidden until a number is typed: cart-country.js) with the
    number the checkout kept."""
    settings.TAX_SELLER_COUNTRY = "IE"
    cart = reverse("orders:cart")

    typed_none = client.get(cart, {"country": "DE"}).content.decode()
    # refused without the business name: the cart keeps the number
    client.post(reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976"})
    typed = client.get(cart, {"country": "DE"}).content.decode()

    business = r'<div data-business-price data-testid="cart-business"( hidden)?>'
    assert re.search(business, typed_none)[1] == " hidden"
    assert re.search(business, typed)[1] is None
    assert 'data-testid="cart-business-price">€10.00<' in typed
    assert "No VAT: reverse charge, if the VAT number is valid" in typed


def test_checkout_records_the_declared_country_and_vat_number(client, buyer):
    response = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )
    with system_scope():
        order = Order.objects.get(customer=buyer)
        evidence = OrderTaxEvidence.objects.get(order=order)
        tax = ItemTax.objects.get(order=order)
    assert response.url == reverse("orders:pay", args=[order.number])
    assert (evidence.declared_country, evidence.vat_number) == ("DE", "DE136695976")
    assert (tax.country, tax.rate, tax.tax) == ("DE", 0, 0)  # reverse charge
    page = client.get(response.url).content.decode()
    assert "No VAT: reverse charge" in page


@pytest.mark.parametrize(
    ("business", "missing"),
    [
        ({"billing_address": BUSINESS["billing_address"]}, "business name"),
        ({"business_name": "Acme GmbH", "billing_address": " \r\n "}, "billing address"),
        ({}, "business name and billing address"),
    ],
)
def test_a_vat_number_without_the_business_name_or_address_keeps_the_cart_and_says_why(
    client, buyer, business, missing
):
    """Outside probe BJ-3: a business's invoice named only an email address (an EU VAT
    invoice names the customer and their address, Directive 2006/112/EC Art. 226(5))."""
    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", **business},
        follow=True,
    )
    page = unescape(response.content.decode())
    assert f"To buy with a VAT number, give your {missing} too" in page
    # Outside probe BK-9: "…leave it empty" could be read as the VAT number's box.
    assert "Without a VAT number, leave the business name and billing address empty." in page
    assert 'value="DE136695976"' in page  # kept to be completed, with what was typed
    assert business.get("business_name", "") in page
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1


UNPRINTABLE = (
    "Your {} holds a character an invoice cannot print (a control character, an invisible "
    "one or one that changes the direction of the text): type it again without it."
)


@pytest.mark.parametrize(
    ("business", "said"),
    [
        # Outside probe BK-1: a NUL character was a 500 (the database refuses it).
        ({"business_name": "Acme\x00GmbH"}, UNPRINTABLE.format("business name")),
        ({"billing_address": "Street 1\x00"}, UNPRINTABLE.format("billing address")),
        # Outside probe BK-6: a right-to-left override printed the name reversed on the
        # invoice; the other characters were cut or printed without a word.
        ({"business_name": "\u202eHbmG emca\u202c Lines Ltd"}, UNPRINTABLE.format("business name")),
        ({"business_name": "Acme\u2067GmbH"}, UNPRINTABLE.format("business name")),
        ({"business_name": "Acme\r\nGmbH"}, UNPRINTABLE.format("business name")),
        ({"billing_address": "Weg 1\t\x07\n10115 Berlin"}, UNPRINTABLE.format("billing address")),
        # Outside probe BL-4: a name or address of only invisible characters was taken as
        # given (the invoice named no business); direction marks passed too.
        ({"business_name": "\u200b"}, UNPRINTABLE.format("business name")),
        ({"business_name": "\ufeff"}, UNPRINTABLE.format("business name")),
        ({"billing_address": "\u2060"}, UNPRINTABLE.format("billing address")),
        ({"business_name": "Acme\u200fGmbH"}, UNPRINTABLE.format("business name")),
        # A joiner where no script needs it (between Latin letters) prints nothing.
        ({"business_name": "Acme\u200dGmbH"}, UNPRINTABLE.format("business name")),
        ({"business_name": "Acme\u200eGmbH"}, UNPRINTABLE.format("business name")),
        ({"business_name": "Acme\u061cGmbH"}, UNPRINTABLE.format("business name")),
        # Outside probe BM-2: letters and symbols that print nothing passed as given.
        *(
            ({field: blank}, UNPRINTABLE.format(field.replace("_", " ")))
            for field in ("business_name", "billing_address")
            for blank in (
                "\u3164",
                "\u2800",
                "\u115f\u1160",
                "\uffa0",
                "\u180e",
                "Acme\u3164GmbH",
                "\u034f",
                "\U000e0041",
            )
        ),
        (
            {"business_name": "\u0301\u0301"},
            "To buy with a VAT number, give your business name too",
        ),
        (
            {"business_name": "A" * 250},
            "Your business name can be at most 200 characters long (this one has 250): shorten it.",
        ),
        (
            {"billing_address": "Hauptstraße 1\r\n" + "B" * 500},
            "Your billing address can be at most 500 characters long (this one has 514): "
            "shorten it.",
        ),
        (
            {"billing_address": "a\n" * 249 + "Z"},
            "Your billing address can be at most 6 lines long (this one has 250): put more on "
            "each line.",
        ),
    ],
)
def test_a_business_name_or_address_an_invoice_cannot_print_keeps_the_cart_and_says_why(
    client, buyer, business, said
):
    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", **BUSINESS, **business},
        follow=True,
    )

    assert response.status_code == 200
    assert said in unescape(response.content.decode())
    assert 'value="DE136695976"' in response.content.decode()
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1


def test_an_address_as_long_as_the_form_takes_is_kept_whole_its_line_breaks_counted_once(
    client, buyer
):
    """Outside probe BK-6: a browser counts a line break as one character against the
    textarea's 500 and sends two (CRLF): the address was cut at 500 as sent."""
    lines = ["Acme GmbH Rechnungsstelle", "Hauptstraße 1", "10115 Berlin"]
    lines.append("C" * (500 - len("\n".join(lines)) - 1))
    client.post(
        reverse("promotions:checkout"),
        {
            "country": "DE",
            "vat_number": "DE136695976",
            "business_name": "B" * 200,
            "billing_address": "\r\n".join(lines),
        },
    )

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order__customer=buyer)
    assert evidence.billing_address == "\n".join(lines)
    assert len(evidence.billing_address) == 500
    assert evidence.business_name == "B" * 200


def test_a_business_name_and_address_with_the_joiners_their_script_needs_are_kept(client, buyer):
    """Outside probe GZ-3: Sinhala's "ශ්‍රී" (Sri, written with a zero-width joiner) was
    refused as a character an invoice cannot print; a comic's title takes it."""
    name = "\u0dc1\u0dca\u200d\u0dbb\u0dd3 \u0dbd\u0d82\u0d9a\u0dcf Telecom"
    address = "\u0639\u0644\u06cc\u200c\u0631\u0636\u0627 Street 1\nColombo"

    client.post(
        reverse("promotions:checkout"),
        {
            "country": "DE",
            "vat_number": "DE136695976",
            "business_name": name,
            "billing_address": address,
        },
    )

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order__customer=buyer)
    assert (evidence.business_name, evidence.billing_address) == (name, address)


def test_a_business_checkout_keeps_its_name_and_address_with_the_vat_evidence(client, buyer):
    client.post(
        reverse("promotions:checkout"),
        {
            "country": "DE",
            "vat_number": "DE136695976",
            "business_name": " Acme GmbH ",
            "billing_address": "Hauptstraße 1\r\n\r\n 10115 Berlin \r\n",
        },
    )
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order__customer=buyer)
    assert (evidence.business_name, evidence.billing_address) == (
        "Acme GmbH",
        "Hauptstraße 1\n10115 Berlin",
    )


def test_a_consumer_checkout_asks_no_business_and_ignores_one_sent(client, buyer):
    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": " ", "business_name": "Not a business"},
    )
    with system_scope():
        order = Order.objects.get(customer=buyer)
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert response.url == reverse("orders:pay", args=[order.number])
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")


def test_an_invalid_vat_number_keeps_the_cart_and_says_why(client, buyer):
    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE123", **BUSINESS},
        follow=True,
    )
    assert "DE123 is not a valid EU VAT number." in response.content.decode()
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1


@pytest.mark.parametrize(
    ("sent", "field", "hint"),
    [
        ({"country": "DE", "vat_number": "DE123", **BUSINESS}, "id_vat_number", "vat-number-hint"),
        ({"country": "DE", "vat_number": "DE129273398"}, "id-business-name", "id-business-hint"),
        ({"country": "EL"}, "id_country", ""),
    ],
    ids=["vat-number", "business-name", "country"],
)
def test_a_checkout_refused_for_one_field_ties_its_words_to_that_field(
    client, buyer, sent, field, hint
):
    """Outside probe FT-1: the refusal stood only in the banner at the top of the cart (a
    screen away from the field on a phone), the field unmarked and nothing announced."""
    page = client.post(reverse("promotions:checkout"), sent, follow=True).content.decode()
    again = client.get(reverse("orders:cart")).content.decode()

    tag = re.search(rf'<(?:input|select|textarea)[^>]* id="{field}"[^>]*>', page).group(0)
    described = f"{field}-problem {hint}".strip()
    assert f'aria-describedby="{described}"' in tag
    assert 'aria-invalid="true"' in tag and "autofocus" in tag
    problem = re.search(rf'<p [^>]*id="{field}-problem" role="alert">([^<]*)</p>', page)
    assert problem and page.count(problem.group(1)) == 2  # the page's banner says it too
    assert f'id="{field}-problem"' not in again and 'aria-invalid="true"' not in again


def test_the_business_price_is_not_offered_for_the_vat_number_just_refused(client, buyer):
    """Outside probe FT-4: the cart came back headlining "Business price" for the number
    its banner had just refused."""
    refused = {"country": "DE", "vat_number": "DE123", **BUSINESS}
    page = client.post(reverse("promotions:checkout"), refused, follow=True).content.decode()
    typed_again = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()

    assert '<div data-business-price data-testid="cart-business" hidden>' in page
    assert '<div data-business-price data-testid="cart-business">' in typed_again


def test_a_country_not_in_the_list_keeps_the_cart_and_says_why(client, buyer):
    response = client.post(reverse("promotions:checkout"), {"country": "EL"}, follow=True)
    assert "EL is not one of the countries you can choose" in response.content.decode()
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1


@pytest.fixture
def declared_ireland_before(client):
    """A customer whose last order declared Ireland, with a comic in the cart."""
    customer = UserFactory()
    create_order(customer=customer, declaration=BuyerDeclaration(country="IE"))
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=1070))
    client.force_login(customer)
    return customer


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        ("FRA", "FRA is not one of the countries you can choose"),
        ("fr", "fr is not one of the countries you can choose"),
        ("FRANCE-AND-MORE", "FRANCE-AND is not one of the countries you can choose"),
        ("", "No country was chosen"),
        (" ", "No country was chosen"),
    ],
)
def test_a_country_sent_other_than_a_code_of_the_list_keeps_the_cart_and_says_why(
    client, declared_ireland_before, sent, said
):
    """Outside probe BJ-10: "FRA" was cut to France, and an empty country took the one
    declared last (Ireland), each placing an order."""
    response = client.post(reverse("promotions:checkout"), {"country": sent}, follow=True)

    assert f"{said}: pick the country you live in from the list, or Elsewhere." in response.text
    with system_scope():
        assert Order.objects.filter(customer=declared_ireland_before).count() == 1
        assert declared_ireland_before.cart.items.count() == 1


def test_the_cart_shows_a_country_sent_other_than_a_code_of_the_list_as_none_chosen(
    client, declared_ireland_before
):
    """Outside probe BK-9: the cart read `?country=fr` as France, chosen and charged, above
    the checkout's refusal of "fr"; it starts from the country declared last, as without one."""
    page = client.get(reverse("orders:cart"), {"country": "fr"}).content.decode()

    assert "Includes VAT 0 % (Ireland)" in page
    assert '<option value="IE" selected>' in page
    assert '<option value="FR" selected>' not in page
    assert '<input type="hidden" name="country" value="IE">' in page


def test_a_checkout_sending_no_country_takes_the_one_declared_last(client, declared_ireland_before):
    response = client.post(reverse("promotions:checkout"))

    with system_scope():
        order = Order.objects.filter(customer=declared_ireland_before).latest("pk")
        assert OrderTaxEvidence.objects.get(order=order).declared_country == "IE"
    assert response.url == reverse("orders:pay", args=[order.number])


def shown(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]+)<', page)[1]


def test_the_cart_shows_the_vat_the_order_then_records_with_a_bundle_code(client):
    comics = [ComicFactory(price_amount=price) for price in (499, 699, 399)]
    with system_scope():
        trilogy = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        trilogy.comics.set(comics)
    make_code("TRILOGY20", percent_off=20, bundles=[trilogy])
    customer = UserFactory()
    with system_scope():
        cart_add_bundle(customer=customer, bundle=trilogy)
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=899))
    client.force_login(customer)
    client.post(reverse("promotions:cart_code"), {"code": "TRILOGY20"})

    cart = client.get(reverse("orders:cart"), {"country": "FR"}).content.decode()
    placed = client.post(reverse("promotions:checkout"), {"country": "FR"})
    pay_page = client.get(placed.url).content.decode()

    assert shown(cart, "cart-to-pay") == "€19.38"
    assert shown(cart, "cart-vat") == shown(pay_page, "order-vat") == "€1.02"


def test_a_business_pays_the_business_price_the_cart_showed_with_a_bundle_code(client):
    """Outside probe BJ (BJ-4): the cart's business price is what the order then charges,
    line by line after the code, and paying less than the cart's total is not a rise."""
    comics = [ComicFactory(price_amount=price) for price in (499, 699, 399)]
    with system_scope():
        trilogy = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        trilogy.comics.set(comics)
    make_code("TRILOGY20", percent_off=20, bundles=[trilogy])
    customer = UserFactory()
    with system_scope():
        cart_add_bundle(customer=customer, bundle=trilogy)
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=899))
    client.force_login(customer)
    client.post(reverse("promotions:cart_code"), {"code": "TRILOGY20"})

    cart = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    shown_total = re.search(r'name="shown_total" value="(\d+)"', cart)[1]
    placed = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", "shown_total": shown_total, **BUSINESS},
    )
    pay_page = unescape(client.get(placed.url).content.decode())

    with system_scope():
        order = Order.objects.get(customer=customer)
    assert (shown(cart, "cart-to-pay"), shown(cart, "cart-vat")) == ("€19.38", "€1.27")
    assert shown(cart, "cart-business-price") == "€18.11"
    assert (order.total_amount, order.discount_amount, order.tax_removed_amount) == (
        1811,
        260,
        127,
    )
    assert "Less VAT (reverse charge)" in pay_page and "€18.11" in pay_page
    assert "your cart showed" not in pay_page


@pytest.mark.parametrize(
    ("sent_again", "said"),
    [
        # The number left out: a consumer would pay with no VAT.
        ({"country": "DE", "vat_number": ""}, ""),
        ({"country": "HU", "vat_number": ""}, ""),
        # Refused as at a checkout, then what the order has.
        (
            {"country": "DE", "vat_number": "DE00123456789", **BUSINESS},
            "DE00123456789 is not a valid EU VAT number. ",
        ),
        (
            {"country": "US", "vat_number": ""},
            "US is not one of the countries you can choose: "
            "pick the country you live in from the list, or Elsewhere. ",
        ),
    ],
)
def test_a_checkout_sent_again_with_another_country_or_vat_number_says_what_the_order_has(
    client, buyer, sent_again, said
):
    """Outside probe AG (F6): the form sent again after the order was placed (the Back
    button) with the VAT number taken out, another country, an invalid number or an unlisted
    country opened the order, reverse charge and all, saying only "is placed: pay for it
    here"."""
    placed = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )

    again = client.post(reverse("promotions:checkout"), sent_again, follow=True)

    with system_scope():
        (order,) = Order.objects.filter(customer=buyer)
        tax = ItemTax.objects.get(order=order)
    assert again.redirect_chain[-1][0] == placed.url
    notice = re.search(r'data-testid="declared-differently">\s*<p[^>]*>([^<]+)<', again.text)[1]
    assert notice == (
        f"{said}Your order {order.number} was placed with Germany as the country you live in "
        "and VAT number DE136695976: no VAT, by reverse charge. To check out with another "
        "country or VAT number, cancel this order and check out again."
    )
    assert "is placed: pay for it here" not in again.text
    assert (tax.country, tax.rate) == ("DE", 0)
    assert "No VAT: reverse charge" in again.text
    reloaded = client.get(placed.url).content.decode()
    assert 'data-testid="declared-differently"' not in reloaded  # said once


@pytest.mark.parametrize(
    "sent_again",
    [
        {"country": "DE", "vat_number": "de 136 695 976", **BUSINESS},
        {"vat_number": "DE136695976", **BUSINESS},
    ],
)
def test_a_checkout_sent_again_as_it_was_opens_the_order_it_placed(client, buyer, sent_again):
    placed = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )

    again = client.post(reverse("promotions:checkout"), sent_again, follow=True)

    with system_scope():
        (order,) = Order.objects.filter(customer=buyer)
    assert again.redirect_chain[-1][0] == placed.url
    assert f"Your order {order.number} is placed: pay for it here." in again.text
    assert 'data-testid="declared-differently"' not in again.text


def test_a_checkout_sent_again_with_another_business_name_says_which_its_invoice_names(
    client, buyer
):
    """Outside probe BK-5: a second tab's checkout with "Other BV" landed on the order placed
    as "Erin BV" and spoke of the country and VAT number alone: nothing said the invoice
    keeps "Erin BV"."""
    declared = {"country": "NL", "vat_number": "NL004495445B01"}
    client.post(
        reverse("promotions:checkout"),
        {**declared, "business_name": "Erin BV", "billing_address": "Kade 1\n1011 AA Amsterdam"},
    )

    again = client.post(
        reverse("promotions:checkout"),
        {**declared, "business_name": "Other BV", "billing_address": "Kade 1\n1011 AA Amsterdam"},
        follow=True,
    )
    moved = client.post(
        reverse("promotions:checkout"),
        {**declared, "business_name": "Erin BV", "billing_address": "Dam 2\n1012 JS Amsterdam"},
        follow=True,
    )

    with system_scope():
        (order,) = Order.objects.filter(customer=buyer)
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert (evidence.business_name, evidence.billing_address) == (
        "Erin BV",
        "Kade 1\n1011 AA Amsterdam",
    )
    kept = (
        "Its invoice will name the business it was placed for: Erin BV, Kade 1, 1011 AA Amsterdam"
    )
    tail = (
        "To check out with another business name or billing address, cancel this order and "
        "check out again."
    )
    assert f"{kept} (not Other BV). {tail}" in unescape(again.text)
    assert f"{kept} (not the address you sent). {tail}" in unescape(moved.text)


def test_the_pay_and_order_pages_of_a_business_order_show_what_its_invoice_names(client):
    """Outside probe BK-5: the pay page of a reverse-charge order showed neither the business
    name nor the billing address, so a typo in them reached the invoice unseen."""
    order = create_order(
        declaration=BuyerDeclaration(
            country="DE",
            vat_number="DE136695976",
            business_name="Acme & <Söhne>",
            billing_address="Hauptstraße 1\n10115 Berlin",
        )
    )
    consumer = create_order(declaration=BuyerDeclaration(country="DE"))
    client.force_login(order.customer)

    pay = client.get(reverse("orders:pay", args=[order.number])).text
    detail = client.get(reverse("orders:detail", args=[order.number])).text

    said = (
        "Your invoice will name <strong>Acme &amp; &lt;Söhne&gt;</strong>, VAT number "
        "DE136695976, at this billing address:</p>\n  <address>Hauptstraße 1<br>10115 Berlin"
        "</address>"
    )
    assert said in pay and said in detail
    assert reverse("orders:checkout_again", args=[order.number]) in pay
    order_move(order, to=OrderStatus.PAID)
    paid = client.get(reverse("orders:detail", args=[order.number])).text
    assert "Your invoice names <strong>Acme &amp; &lt;Söhne&gt;</strong>" in paid
    client.force_login(consumer.customer)
    assert (
        'data-testid="business-buyer"'
        not in client.get(reverse("orders:pay", args=[consumer.number])).text
    )


def test_a_consumer_order_sent_again_with_a_vat_number_says_it_pays_vat(client, buyer):
    client.post(reverse("promotions:checkout"), {"country": "HU"})

    again = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", **BUSINESS},
        follow=True,
    )

    with system_scope():
        (order,) = Order.objects.filter(customer=buyer)
    assert (
        f"Your order {order.number} was placed with Hungary as the country you live in and no "
        "VAT number: VAT 27 %. To check out with another country or VAT number, cancel this "
        "order and check out again."
    ) in again.text


def test_a_refused_vat_number_keeps_the_country_the_buyer_declared(client, buyer):
    """Found by an outside probe: the cart went back to the default country (and its VAT),
    so checking out again without the number declared a German buyer Irish."""
    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE123", **BUSINESS},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("orders:cart") + "?country=DE"
    assert "DE123 is not a valid EU VAT number." in page
    assert '<input type="hidden" name="country" value="DE">' in page
    assert "(Germany)" in page


def test_a_free_cart_shows_its_comic_as_free_and_no_vat_of_nothing(client):
    """Found by an outside probe: the cart said "€0.00" and "Includes VAT 5.5 % €0.00" for
    a comic the shop calls "Free" everywhere else."""
    customer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=0))
    client.force_login(customer)

    cart = client.get(reverse("orders:cart")).content.decode()

    assert '<span class="price">Free</span>' in cart
    assert 'data-testid="cart-vat"' not in cart
    assert "Country you live in" in cart  # still declared with the order


def test_a_business_checkout_netted_below_what_a_card_can_be_charged_is_refused(client):
    """A 0.50 EUR comic less Germany's 7 % comes to 0.47 EUR, less than Stripe charges: the
    checkout is refused as a code bringing the total that low is, and the cart kept."""
    customer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=50))
    client.force_login(customer)

    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", **BUSINESS},
        follow=True,
    )

    page = unescape(response.content.decode())
    assert (
        "Without VAT (reverse charge), this order would come to 0.47 EUR, less than a card can "
        "be charged (0.50 EUR): add another comic, or check out without a VAT number."
    ) in page
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()
        assert customer.cart.items.count() == 1


@pytest.mark.parametrize("signed_in", [True, False], ids=["customer", "visitor"])
def test_a_cart_that_costs_nothing_asks_for_no_vat_number_and_quotes_no_business_price(
    client, settings, signed_in
):
    """Outside probe BQ (BQ-3): a cart of the free comic alone said "a business pays €0.00:
    the prices less their 5.5 % VAT … reverse charge", and asked for a VAT number, a
    business name and a billing address."""
    settings.TAX_SELLER_COUNTRY = "IE"
    if signed_in:
        client.force_login(UserFactory())
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=0).pk]))

    page = client.get(reverse("orders:cart"), {"country": "DE"}).text

    assert 'data-testid="cart-total">€0.00<' in page
    assert '<input type="hidden" name="country" value="DE">' in page
    assert ('data-testid="guest-checkout"' in page) is not signed_in
    for asked in ('name="vat_number"', 'name="business_name"', 'name="billing_address"'):
        assert asked not in page
    assert "businesses only" not in page and "reverse charge" not in page
    assert 'data-testid="cart-business"' not in page


def test_a_vat_number_and_business_sent_with_a_checkout_that_costs_nothing_are_not_kept(
    client, settings
):
    """Outside probe BQ (BQ-3): a hand-made post, or a page from before the cart became
    free, records a consumer's order: no VAT number, business or VIES check."""
    settings.TAX_SELLER_COUNTRY = "IE"
    client.force_login(UserFactory())
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=0).pk]))

    placed = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )

    with system_scope():
        order = Order.objects.get()
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert placed.url == reverse("orders:pay", args=[order.number])
    assert order.total_amount == 0
    assert evidence.declared_country == "DE"
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")
    assert (evidence.reverse_charge, evidence.vies_status) == (False, ViesStatus.NONE)
    assert queued_jobs({check_vat_number.name}) == []


@pytest.mark.parametrize(
    ("country", "evidence_country"), [("FR", "FR"), ("DE", "DE")], ids=["another", "its own"]
)
def test_a_checkout_a_100_percent_code_makes_free_takes_no_vat_number_sent_with_it(
    client, settings, country, evidence_country
):
    """A cart that a 100 % code brings to nothing shows no VAT-number box, yet its checkout
    checked a number sent all the same on the order's full price: a German number with
    France refused ("… is from Germany, not from France"), with Germany kept with a reverse
    charge and a VIES check on an order of nothing. As a free comic's cart: not checked, not
    kept."""
    settings.TAX_SELLER_COUNTRY = "IE"
    client.force_login(UserFactory())
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=1070).pk]))
    make_code("GIFT", percent_off=100)
    client.post(reverse("promotions:cart_code"), {"code": "GIFT"})

    placed = client.post(
        reverse("promotions:checkout"),
        {"country": country, "vat_number": "DE136695976", **BUSINESS},
    )

    with system_scope():
        order = Order.objects.get()
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert placed.url == reverse("orders:pay", args=[order.number])
    assert order.total_amount == 0
    assert evidence.declared_country == evidence_country
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")
    assert (evidence.reverse_charge, evidence.vies_status) == (False, ViesStatus.NONE)
    assert queued_jobs({check_vat_number.name}) == []


def test_a_checkout_a_code_leaves_something_to_pay_still_refuses_a_vat_number_of_another_country(
    client,
):
    """Beside the 100 % code: a 50 % code's cart still asks for a VAT number, and checks it."""
    client.force_login(UserFactory())
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=1070).pk]))
    make_code("HALF", percent_off=50)
    client.post(reverse("promotions:cart_code"), {"code": "HALF"})

    refused = client.post(
        reverse("promotions:checkout"),
        {"country": "FR", "vat_number": "DE136695976", **BUSINESS},
        follow=True,
    )

    assert "VAT number DE136695976 is from Germany, not from France" in unescape(refused.text)
    with system_scope():
        assert not Order.objects.exists()


def test_the_business_fields_fold_away_until_a_business_uses_them(client, buyer):
    """Outside probe GQ-4: on a phone a consumer scrolled past 600 px of a business's fields
    (VAT number, business name, billing address, their hints) to the guest's button."""
    folded = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    refused = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": "DE136695976", "business_name": "Acme GmbH"},
        follow=True,
    ).content.decode()

    assert '<details class="business-purchase">' in folded
    assert "Buying for a business, with an EU VAT number?" in folded
    assert '<details class="business-purchase" open>' in refused  # what was typed, and why
    assert "give your billing address too" in unescape(refused)
