"""Staff type prices and amounts as people write them, in the form's currency."""

import html

import pytest
from django.urls import reverse

from backoffice.tests.helpers import code_form, page_version
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus.money import parse
from morpheus_testing.factories import ComicFactory
from promotions.models import Bundle, DiscountCode

pytestmark = pytest.mark.django_db

NO_INLINE_ROWS = {"assets-TOTAL_FORMS": "0", "assets-INITIAL_FORMS": "0"}


def comic_form(comic: Comic, **changes) -> dict:
    return {
        "title": comic.title,
        "slug": comic.slug,
        "description": "",
        "price_amount": "4.99",
        "currency": comic.currency,
        "is_active": "on",
        "version": page_version(comic),
        **NO_INLINE_ROWS,
        **changes,
    }


def test_a_comic_price_is_shown_and_typed_in_its_currency(superuser_client):
    comic = ComicFactory(price_amount=499, currency="EUR")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    shown = superuser_client.get(url).content.decode()
    saved = superuser_client.post(url, comic_form(comic, price_amount="5.49"))

    assert 'name="price_amount" value="4.99"' in shown
    assert saved.status_code == 302
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 549


def test_staff_who_may_only_view_comics_see_the_price_read_only(support_client):
    comic = ComicFactory(price_amount=499)

    page = support_client.get(reverse("admin:catalog_comic_change", args=[comic.pk]))

    assert page.status_code == 200
    assert 'name="price_amount"' not in page.content.decode()
    assert "4.99 EUR" in page.content.decode()


@pytest.mark.parametrize(
    ("typed", "currency", "refusal"),
    [
        ("4.999", "EUR", "at most 2 decimal places"),
        ("500.5", "JPY", "JPY amounts have no decimal places"),
    ],
)
def test_a_price_with_more_decimals_than_its_currency_is_refused(
    superuser_client, typed, currency, refusal
):
    comic = ComicFactory(price_amount=499, currency="EUR")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    response = superuser_client.post(url, comic_form(comic, price_amount=typed, currency=currency))

    assert refusal in response.content.decode()
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 499


def test_a_dinar_price_stripe_could_not_charge_is_refused(superuser_client):
    comic = ComicFactory(price_amount=1250, currency="KWD")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    response = superuser_client.post(url, comic_form(comic, price_amount="1.255"))

    assert "KWD amounts must end in 0" in response.content.decode()
    assert "1.250 or 1.260, not 1.255" in response.content.decode()
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 1250


def test_a_bundle_price_is_typed_as_written(superuser_client):
    response = superuser_client.post(
        reverse("admin:promotions_bundle_add"),
        {
            "title": "Trilogy",
            "slug": "trilogy",
            "price_amount": "12.99",
            "currency": "EUR",
            "comics": [ComicFactory(price_amount=999).pk, ComicFactory(price_amount=999).pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        assert Bundle.objects.get(slug="trilogy").price_amount == 1299


@pytest.mark.parametrize(
    ("currency", "typed", "told"),
    [
        (
            "EUR",
            "30000000",
            "A card is charged no more than 999,999.99 EUR at once (Stripe's maximum), so "
            "30,000,000.00 EUR could not be paid: make it 999,999.99 EUR or less.",
        ),
        ("EUR", "1000000.00", "so 1,000,000.00 EUR could not be paid"),
        ("JPY", "100000000", "no more than 99,999,999 JPY at once"),
        ("KWD", "100000.000", "no more than 99,999.990 KWD at once"),
        (
            "KWD",
            "99999.995",
            "KWD amounts must end in 0 (Stripe charges them in steps of 0.010): 99999.990, "
            "not 99999.995.",
        ),
    ],
)
def test_a_price_beyond_what_a_card_can_be_charged_at_once_is_refused_in_the_units_typed(
    superuser_client, currency, typed, told
):
    """Stripe charges at most eight digits of minor units: a comic priced 2,000,000 EUR
    (which the column held) made an order no card could pay. Outside probes CD-4 (refused
    as "less than or equal to 2147483647", in cents) and CF-2 (a limit named that the next
    refusal refused)."""
    comic = ComicFactory(price_amount=4990, currency=currency)
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    response = superuser_client.post(url, comic_form(comic, price_amount=typed))

    page = html.unescape(response.content.decode())
    assert told in page
    assert "2147483647" not in page
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 4990


@pytest.mark.parametrize(("currency", "typed"), [("EUR", "999999.99"), ("KWD", "99999.990")])
def test_the_most_a_card_can_be_charged_at_once_is_a_price(superuser_client, currency, typed):
    comic = ComicFactory(price_amount=4990, currency=currency)
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    response = superuser_client.post(url, comic_form(comic, price_amount=typed))

    assert response.status_code == 302, html.unescape(response.content.decode())[-2000:]
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 99_999_999 - (currency == "KWD") * 9


def test_an_unsold_currency_is_the_only_refusal_of_its_row(finance_client):
    """Found by an outside probe: "1.00" was refused too, as "“1.00” value must be an
    integer", the minor units it is stored as."""
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"), code_form(rows=[("XXX", "1.00", "0")])
    )

    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "must be an integer" not in page
    assert 'name="currencies-0-amount_off" value="1.00"' in page


def test_finance_types_a_code_amounts_in_each_currency(finance_client):
    ComicFactory(currency="EUR")
    ComicFactory(currency="JPY", price_amount=700)
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(rows=[("EUR", "5", "10.00"), ("JPY", "700", "1500")]),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        terms = DiscountCode.objects.get().currencies.order_by("currency")
        rows = [(t.currency, t.amount_off, t.min_basket_amount) for t in terms]
    assert rows == [("EUR", 500, 1000), ("JPY", 700, 1500)]


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({"percent_off": "10", "rows": [("EUR", "1", "0")]}, "takes no amount off"),
        ({}, "Give a percentage, or an amount off"),
        ({"percent_off": "101"}, "A percentage from 1 to 100"),
        ({"rows": [("XXX", "1", "0")]}, "Select a valid choice"),
        ({"rows": [("KWD", "0.505", "0")]}, "KWD amounts must end in 0"),
        (
            {
                "percent_off": "10",
                "starts_at_0": "2027-01-01",
                "starts_at_1": "00:00",
                "ends_at_0": "2026-01-01",
                "ends_at_1": "00:00",
            },
            "must end after it starts",
        ),
        ({"percent_off": "10", "max_uses": "0"}, "At least 1: leave it empty for no limit."),
        (
            {"percent_off": "10", "max_uses_per_customer": "0"},
            "At least 1: leave it empty for no limit.",
        ),
    ],
    ids=[
        "percent-and-amount",
        "neither",
        "percent-101",
        "unsold-currency",
        "unchargeable-dinars",
        "ends-first",
        "no-uses-at-all",
        "no-uses-per-customer",
    ],
)
def test_a_code_whose_terms_contradict_is_refused_in_words(finance_client, fields, refusal):
    ComicFactory(currency="EUR")
    ComicFactory(currency="KWD", price_amount=1250)
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"), code_form(**fields)
    )

    assert refusal in response.content.decode()
    with system_scope():
        assert not DiscountCode.objects.exists()


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({"percent_off": "0"}, "A percentage from 1 to 100: leave it empty for an amount off"),
        ({"percent_off": "101"}, "A percentage from 1 to 100: leave it empty for an amount off"),
        ({"percent_off": "-5"}, "A percentage from 1 to 100: leave it empty for an amount off"),
        ({"rows": [("EUR", "4.999", "0")]}, "EUR amounts have at most 2 decimal places"),
    ],
    ids=["percent-0", "percent-101", "percent-minus-5", "amount-with-3-decimals"],
)
def test_a_mistyped_percentage_or_amount_is_refused_once_in_words(finance_client, fields, refusal):
    """Found by an outside probe: 101 % was also refused as "Give a percentage, or an amount
    off…", and -5 % as below 0 and below 1."""
    ComicFactory(currency="EUR")

    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"), code_form(**fields)
    )

    page = response.content.decode()
    assert page.count(refusal) == 1
    assert "Give a percentage" not in page
    assert "Ensure this value" not in page  # Django's own bounds, said besides
    with system_scope():
        assert not DiscountCode.objects.exists()


@pytest.mark.parametrize("page", ["admin:catalog_comic_add", "admin:promotions_bundle_add"])
@pytest.mark.parametrize(
    ("given", "shown"), [("499", "4.99"), ("abc", ""), ("1.5", ""), ("1e400", "")]
)
def test_an_add_pages_starting_price_from_its_address_is_shown_when_it_is_an_amount(
    superuser_client, page, given, shown
):
    response = superuser_client.get(f"{reverse(page)}?price_amount={given}")

    assert response.status_code == 200
    field = response.content.decode().split('name="price_amount"')[1].split(">")[0]
    assert (f'value="{shown}"' in field) if shown else ("value=" not in field)


@pytest.mark.parametrize(("price", "warned"), [("999999.99", True), ("700000.00", False)])
def test_a_net_price_no_consumer_could_pay_with_vat_on_top_is_saved_with_a_warning(
    superuser_client, settings, price, warned
):
    """Outside probe CJ-1: with net prices, a comic at the maximum passed without a word,
    and no consumer in a country charging VAT could ever buy it."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    comic = ComicFactory(price_amount=499, currency="EUR")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    page = superuser_client.post(url, comic_form(comic, price_amount=price), follow=True)

    told = html.unescape(page.content.decode())
    assert ("With VAT added on top, a consumer in" in told) is warned
    if warned:
        assert "more than a card can be charged at once (999,999.99 EUR)" in told
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == parse(price, "EUR")


def test_a_price_including_vat_at_the_most_a_card_is_charged_is_saved_without_a_warning(
    superuser_client,
):
    comic = ComicFactory(price_amount=499, currency="EUR")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    page = superuser_client.post(url, comic_form(comic, price_amount="999999.99"), follow=True)

    assert "With VAT added on top" not in html.unescape(page.content.decode())
