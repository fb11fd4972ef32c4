import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.texts import page_words
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.tests.test_views_completion_lapsed import completion_pending

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_catalog_lists_comics_for_sale_with_prices_and_hides_withdrawn_ones(client):
    ComicFactory(title="Sleepwalker", price_amount=499)
    ComicFactory(title="Withdrawn Dream", is_active=False)

    response = client.get(reverse("catalog:list"))

    assert response.status_code == 200
    assert "Sleepwalker" in response.text
    assert "€4.99" in response.text
    assert "Withdrawn Dream" not in response.text


def test_an_active_comic_without_a_file_is_neither_listed_nor_shown(client):
    comic = ComicFactory(title="Yen Comic", file=False)

    listed = client.get(reverse("catalog:list"))
    page = client.get(reverse("catalog:detail", args=[comic.slug]))

    assert "Yen Comic" not in listed.text
    assert page.status_code == 404


def test_comic_page_shows_description_price_and_a_csrf_protected_add_to_cart_form(client):
    comic = ComicFactory(description="A lucid voyage.", price_amount=1250)

    response = client.get(reverse("catalog:detail", args=[comic.slug]))

    assert "A lucid voyage." in response.text
    assert "€12.50" in response.text
    assert reverse("orders:cart_add", args=[comic.pk]) in response.text
    assert "csrfmiddlewaretoken" in response.text


@pytest.mark.parametrize("prices_include_tax", [False, True], ids=["net", "with VAT"])
def test_net_prices_say_plus_vat_on_the_catalogue_and_comic_page(
    client, settings, prices_include_tax
):
    """Outside probe BA (BA-6): net prices read as what the card pays until the cart."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    comic = ComicFactory(price_amount=499)

    listed = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    net = not prices_include_tax
    assert (
        "Prices are before VAT: the cart adds the VAT of the country you live in." in listed
    ) is net
    assert ('€4.99 <span class="hint" data-testid="plus-vat">plus VAT</span>' in page) is net


def test_with_tax_mode_none_net_prices_say_nothing_of_vat(client, settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_MODE = "none"
    comic = ComicFactory(price_amount=499)

    assert "VAT" not in page_words(client.get(reverse("catalog:list")).text)
    assert "VAT" not in page_words(client.get(reverse("catalog:detail", args=[comic.slug])).text)


def test_withdrawn_comic_page_is_not_found(client):
    comic = ComicFactory(is_active=False)

    assert client.get(reverse("catalog:detail", args=[comic.slug])).status_code == 404


def test_comic_without_cover_gets_a_generated_svg_placeholder(client):
    comic = ComicFactory(title="No <Cover>")

    response = client.get(reverse("catalog:cover", args=[comic.slug]))

    assert response["Content-Type"] == "image/svg+xml"
    assert b"No &lt;Cover&gt;" in response.content


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("The Sleepwalker's Atlas of Forgotten Dreams", ">The Sleepwalker&#x27;s Atlas…<"),
        ("Paper Moons over the Sleeping City", ">Paper Moons over the…<"),
        ("A" * 200, f">{'A' * 23}…<"),
        ("Short", ">Short<"),
    ],
)
def test_a_placeholder_cover_shows_a_long_title_to_a_whole_word_and_says_it_goes_on(
    client, title, shown
):
    """Outside probe GO-3: the title was cut at 24 characters, mid-word, with nothing saying
    so, and a long one ran off both edges of the cover."""
    comic = ComicFactory(title=title)

    svg = client.get(reverse("catalog:cover", args=[comic.slug])).text

    assert shown in svg
    size = int(re.search(r'font-size="(\d+)"', svg)[1])
    assert size * len(unescape(shown.strip("<>"))) <= 22 * 18


def test_uploaded_cover_is_served_from_default_storage(client):
    comic = ComicFactory(cover=ContentFile(PNG_BYTES, name="cover.png"))

    response = client.get(reverse("catalog:cover", args=[comic.slug]))

    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_cover_that_is_not_an_image_is_not_served(client):
    comic = ComicFactory(cover=ContentFile(b"<script>", name="cover.html"))

    assert client.get(reverse("catalog:cover", args=[comic.slug])).status_code == 404


def test_an_svg_cover_is_not_served_for_it_could_carry_a_script(client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    comic = ComicFactory(cover=ContentFile(svg, name="evil.svg"))

    response = client.get(reverse("catalog:cover", args=[comic.slug]))

    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_a_draft_comics_cover_and_title_show_no_more_than_a_slug_nobody_uses(client):
    ComicFactory(
        title="Unannounced Sequel",
        slug="unannounced-sequel",
        is_active=False,
        cover=ContentFile(PNG_BYTES, name="sequel.png"),
    )
    ComicFactory(title="Untitled Draft", slug="untitled-draft", is_active=False)

    drafted = client.get(reverse("catalog:cover", args=["unannounced-sequel"]))
    uncovered = client.get(reverse("catalog:cover", args=["untitled-draft"]))
    unknown = client.get(reverse("catalog:cover", args=["no-such-comic"]))

    for response in (drafted, uncovered):
        assert response.status_code == unknown.status_code == 200
        assert response["Content-Type"] == unknown["Content-Type"] == "image/svg+xml"
        assert response.content == unknown.content
        assert response["Cache-Control"] == unknown["Cache-Control"]
    assert b"Draft" not in uncovered.content
    assert "public" not in drafted["Cache-Control"]


def test_a_withdrawn_comics_cover_is_still_shown_to_its_buyer_and_to_nobody_else(client):
    comic = ComicFactory(title="Withdrawn Dream", cover=ContentFile(PNG_BYTES, name="dream.png"))
    order = create_order(comics=[comic], status=OrderStatus.FULFILLED)
    with system_scope():
        Comic.objects.filter(pk=comic.pk).update(is_active=False)
    url = reverse("catalog:cover", args=[comic.slug])
    stranger = client.get(url)
    client.force_login(UserFactory())
    other_customer = client.get(url)
    client.force_login(order.customer)

    buyer = client.get(url)

    assert buyer["Content-Type"] == "image/png"
    assert b"".join(buyer.streaming_content) == PNG_BYTES
    assert buyer["Cache-Control"] == "private, max-age=3600"
    for refused in (stranger, other_customer):
        assert refused["Content-Type"] == "image/svg+xml"
        assert b"Withdrawn" not in refused.content


def test_catalog_and_comic_page_show_each_comics_formats_and_file_sizes(client):
    asset = ComicAssetFactory(comic__title="Sleepwalker", content=b"x" * 2048)
    ComicAssetFactory(comic=asset.comic, format="cbz", content=b"y" * 4096)

    catalog = client.get(reverse("catalog:list")).text
    detail = client.get(reverse("catalog:detail", args=[asset.comic.slug])).text

    assert '<li class="format">CBZ</li><li class="format">PDF</li>' in catalog
    assert '<td>CBZ</td><td class="num">4.0\xa0KB</td>' in detail
    assert '<td>PDF</td><td class="num">2.0\xa0KB</td>' in detail


def test_a_comic_that_costs_nothing_reads_free(client):
    comic = ComicFactory(price_amount=0)

    catalog = client.get(reverse("catalog:list")).text
    detail = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert '<span class="price free">Free</span>' in catalog
    assert '<p class="price big">Free</p>' in detail
    assert "€0.00" not in catalog + detail


def test_a_comic_the_customer_owns_shows_in_your_library_with_a_link_instead_of_the_cart(client):
    comic = ComicFactory(title="Owned Dream")
    order = create_order(comics=[comic], status=OrderStatus.FULFILLED)
    page = client.get(reverse("catalog:detail", args=[comic.slug]))
    client.force_login(order.customer)

    owned = client.get(reverse("catalog:detail", args=[comic.slug]))

    assert "Add to cart" in page.text
    assert "In your library" not in page.text
    assert "In your library" in owned.text
    assert f'href="{reverse("delivery:library")}"' in owned.text
    assert reverse("orders:cart_add", args=[comic.pk]) not in owned.text


def test_every_storefront_page_says_where_to_write_about_an_order(client, settings):
    """Outside probe GH-3: pages said "Please contact us", and none said how."""
    settings.DEFAULT_FROM_EMAIL = "Morpheus Orders <help@comics.example>"

    page = client.get(reverse("catalog:list")).text

    assert (
        'Questions about an order? Write to <a href="mailto:help@comics.example" '
        'data-testid="shop-address">help@comics.example</a>.'
    ) in page


def test_the_catalog_marks_the_comics_the_signed_in_customer_owns_and_no_one_elses(client):
    """Outside probe GH-2: the catalog offered a comic its customer owned like any other."""
    owned, other = ComicFactory(title="Owned Dream"), ComicFactory(title="Other Dream")
    order = create_order(comics=[owned], status=OrderStatus.FULFILLED)
    as_visitor = client.get(reverse("catalog:list")).text
    client.force_login(UserFactory())
    as_someone_else = client.get(reverse("catalog:list")).text
    client.force_login(order.customer)

    as_owner = client.get(reverse("catalog:list")).text

    assert as_owner.count('data-testid="owned"') == 1
    card = as_owner[as_owner.index(owned.title) : as_owner.index('data-testid="owned"')]
    assert other.title not in card
    assert 'data-testid="owned"' not in as_visitor
    assert 'data-testid="owned"' not in as_someone_else


def test_a_comic_in_an_order_awaiting_payment_points_to_that_order_on_the_catalog_and_its_page(
    client,
):
    """Outside probe GH-4: a customer who left the pay page was offered the comic again
    with no word of the order waiting for it, and placed a second one."""
    comic = ComicFactory(title="Waiting Dream")
    order = create_order(comics=[comic], status=OrderStatus.PENDING)
    client.force_login(UserFactory())
    someone_else = client.get(reverse("catalog:detail", args=[comic.slug])).text
    client.force_login(order.customer)

    catalog = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert 'data-testid="awaiting-payment">Awaiting payment<' in catalog
    assert f"Your order {order.number} for this comic is waiting for your payment" in page
    assert f'href="{reverse("orders:pay", args=[order.number])}"' in page
    assert "Add to cart" in page
    assert order.number not in someone_else


def test_a_comic_whose_order_was_canceled_or_paid_no_longer_says_it_awaits_payment(client):
    canceled, paid = ComicFactory(), ComicFactory()
    customer = UserFactory()
    create_order(customer=customer, comics=[canceled], status=OrderStatus.CANCELED)
    create_order(customer=customer, comics=[paid], status=OrderStatus.FULFILLED)
    client.force_login(customer)

    catalog = client.get(reverse("catalog:list")).text

    assert 'data-testid="awaiting-payment"' not in catalog
    assert (
        "waiting for your payment"
        not in client.get(reverse("catalog:detail", args=[canceled.slug])).text
    )


def test_an_order_that_cannot_be_paid_is_not_pointed_to_from_the_catalog_or_comic_page(client):
    """Outside probe GN-4: an unpaid order holding a comic bought since in another order
    was marked "Awaiting payment", its link leading to a pay page that refuses payment."""
    waiting, bought_since = ComicFactory(title="Waiting Dream"), ComicFactory(price_amount=0)
    order = create_order(comics=[waiting, bought_since], status=OrderStatus.PENDING)
    create_order(customer=order.customer, comics=[bought_since], status=OrderStatus.FULFILLED)
    client.force_login(order.customer)

    catalog = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[waiting.slug])).text

    assert 'data-testid="awaiting-payment"' not in catalog
    assert order.number not in page


def test_an_order_with_nothing_to_pay_is_said_to_wait_for_the_customer_not_for_a_payment(
    client,
):
    """Outside probe GN-1: a free order not completed yet read "Awaiting payment" on the
    catalog, where its own page and My orders say "Waiting for you"."""
    comic = ComicFactory(title="Free Dream", price_amount=0)
    order = create_order(comics=[comic], status=OrderStatus.PENDING)
    client.force_login(order.customer)

    catalog = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert 'data-testid="awaiting-payment">Waiting for you<' in catalog
    assert f"Your order {order.number} for this comic is not complete yet" in page
    assert "waiting for your payment" not in page


def test_an_order_whose_comic_another_order_is_paying_for_is_not_pointed_to(client):
    """Outside probe GP-4: an unpaid order was marked "Awaiting payment" while another order
    of the customer's paid for its comic (3-D Secure left open), and its pay page refused it."""
    comic = ComicFactory(title="Twice Dream")
    order = create_order(comics=[comic], status=OrderStatus.PENDING)
    create_order(customer=order.customer, comics=[comic], status=OrderStatus.PROCESSING)
    client.force_login(order.customer)

    page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert order.number not in page
    assert 'data-testid="awaiting-payment"' not in client.get(reverse("catalog:list")).text


def test_a_comic_whose_payment_waits_for_the_customers_bank_points_to_finishing_it(client):
    """Outside probe HZ-7: a comic whose order's payment waited for the customer's 3-D
    Secure (the tab closed at the bank's prompt) was marked nowhere; a payment at the bank,
    which needs nothing from the customer, is not pointed to."""
    at_the_prompt, at_the_bank = ComicFactory(title="Prompt Dream"), ComicFactory()
    customer = UserFactory()
    waiting = create_order(customer=customer, comics=[at_the_prompt], status=OrderStatus.PROCESSING)
    PaymentFactory(order=waiting, status=PaymentStatus.REQUIRES_ACTION)
    under_way = create_order(customer=customer, comics=[at_the_bank], status=OrderStatus.PROCESSING)
    PaymentFactory(order=under_way, status=PaymentStatus.PROCESSING)
    client.force_login(customer)

    catalog = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[at_the_prompt.slug])).text

    assert catalog.count('data-testid="awaiting-payment">Waiting for you<') == 1
    assert (
        f"Your order {waiting.number} for this comic is not paid yet: your bank is waiting "
        "for you to confirm its payment" in page_words(page)
    )
    assert f'href="{reverse("orders:pay", args=[waiting.number])}"' in page
    assert (
        under_way.number not in client.get(reverse("catalog:detail", args=[at_the_bank.slug])).text
    )


@pytest.mark.parametrize("refunded", [False, True])
def test_a_series_completion_whose_price_no_longer_holds_is_not_pointed_to(client, refunded):
    """Outside probe GR-7: once the comic a completion's price relied on was refunded, the
    catalog and the comic's page still pointed to the order, whose pay page refuses it."""
    customer, completion, _ = completion_pending(refunded=refunded)
    comic = completion.items.first().comic
    client.force_login(customer)

    catalog = client.get(reverse("catalog:list")).text
    page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert ('data-testid="awaiting-payment"' in catalog) is not refunded
    assert (completion.number in page) is not refunded
