"""Bundles in the cart: shown at what the customer would pay, checked out with the cart's
comics in one order, and codes that apply only to comics bought as a bundle."""

import html

import pytest
from django.urls import reverse

from catalog.models import Comic
from delivery.services import download_links_reissue_by_staff
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory, create_order
from morpheus_testing.stripe_signing import build_event
from orders.models import CartItem, Order
from orders.services import cart_add_comic
from orders.transitions import OrderStatus
from payments.tests.helpers import intent_json, issue_download_links, reload, started_payment
from promotions.bundles import cart_add_bundle
from promotions.checkout import cart_checkout
from promotions.errors import PromotionError
from promotions.models import Bundle, BundleItem, CartBundle
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def trilogy():
    comics = [ComicFactory(price_amount=p) for p in (499, 699, 399)]
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        bundle.comics.set(comics)
    return bundle, comics


def _fill_cart(customer, bundle, *comics):
    with system_scope():
        cart_add_bundle(customer=customer, bundle=bundle)
        for comic in comics:
            cart_add_comic(customer=customer, comic=comic)


def _prices(order) -> dict[int, int]:
    with system_scope():
        return dict(order.items.values_list("comic_id", "unit_amount"))


def test_a_bundle_and_comics_in_the_cart_check_out_as_one_order(trilogy):
    bundle, comics = trilogy
    customer, alone = UserFactory(), ComicFactory(price_amount=250)
    _fill_cart(customer, bundle, alone, comics[0])  # comics[0] is bought with the bundle

    with system_scope():
        order = cart_checkout(customer=customer, actor="test")
        bundled = set(BundleItem.objects.values_list("order_item__comic_id", "bundle_id"))
        left = CartItem.objects.count() + CartBundle.objects.count()

    assert _prices(order) == {
        comics[0].pk: 406,
        comics[1].pk: 569,
        comics[2].pk: 324,
        alone.pk: 250,
    }
    assert order.total_amount == 1299 + 250
    assert bundled == {(comic.pk, bundle.pk) for comic in comics}
    assert left == 0


@pytest.fixture
def gilded():
    """A bundle at 900,000.00 EUR of two comics at 600,000.00 EUR each: a card can be
    charged its price at once (at most 999,999.99 EUR), not its comics' prices."""
    comics = [ComicFactory(price_amount=60_000_000, currency="EUR") for _ in range(2)]
    with system_scope():
        bundle = Bundle.objects.create(title="Gilded", slug="gilded", price_amount=90_000_000)
        bundle.comics.set(comics)
    return bundle


def _orders_of(customer) -> list[Order]:
    with system_scope():
        return list(Order.objects.filter(customer=customer))


@pytest.mark.parametrize("bought", ["cart", "buy now"])
def test_a_bundle_a_card_can_pay_for_at_once_is_ordered_though_its_comics_cost_more_alone(
    gilded, client, bought
):
    """Outside probe CH-2: refused as "These comics come to €1,200,000.00…"."""
    customer = UserFactory()
    client.force_login(customer)
    if bought == "cart":
        client.post(reverse("promotions:cart_bundle_add", args=[gilded.slug]))
        client.post(reverse("promotions:checkout"))
    else:
        client.post(reverse("promotions:bundle_buy", args=[gilded.slug]))

    [order] = _orders_of(customer)
    assert order.total_amount == 90_000_000


@pytest.mark.parametrize("bought", ["cart", "buy now"])
def test_a_bundle_a_card_cannot_pay_for_at_once_is_not_said_to_be_bought_in_fewer_parts(
    gilded, client, bought
):
    """Outside probe CL-3: a bundle above it (net prices, VAT on top) was told "Buy fewer of
    them at a time": a bundle cannot be bought in part."""
    with system_scope():
        Bundle.objects.filter(pk=gilded.pk).update(price_amount=110_000_000)
    client.force_login(UserFactory())
    if bought == "cart":
        client.post(reverse("promotions:cart_bundle_add", args=[gilded.slug]))
        page = client.post(reverse("promotions:checkout"), follow=True).text
    else:
        page = client.post(reverse("promotions:bundle_buy", args=[gilded.slug]), follow=True).text

    assert (
        "These comics come to €1,100,000.00, more than a card can be charged at once "
        "(€999,999.99): nothing was ordered.<"
    ) in page
    assert "Buy fewer" not in page


def test_a_bundle_and_comics_a_card_cannot_pay_for_at_once_are_not_ordered_and_stay_in_the_cart(
    gilded, client
):
    customer = UserFactory()
    client.force_login(customer)
    client.post(reverse("promotions:cart_bundle_add", args=[gilded.slug]))
    client.post(reverse("orders:cart_add", args=[ComicFactory(price_amount=20_000_000).pk]))

    cart = client.post(reverse("promotions:checkout"), follow=True).text

    assert "These comics come to €1,100,000.00, more than a card can be charged" in cart
    assert "Buy fewer of them at a time." in cart
    assert not _orders_of(customer)
    with system_scope():
        assert CartBundle.objects.filter(cart__customer=customer).count() == 1
        assert CartItem.objects.filter(cart__customer=customer).count() == 1


def test_an_owner_completes_the_series_from_the_cart(trilogy, client):
    bundle, (owned, *rest) = trilogy
    customer = UserFactory()
    create_order(customer=customer, comics=[owned], status=OrderStatus.FULFILLED)
    client.force_login(customer)

    client.post(reverse("promotions:cart_bundle_add", args=[bundle.slug]))
    cart = client.get(reverse("orders:cart")).content.decode()
    client.post(reverse("promotions:checkout"))

    assert "completes the series: 2 of 3 comics" in cart
    assert 'data-testid="cart-bundle-price">€8.93<' in cart
    assert 'data-testid="cart-total">€8.93<' in cart
    with system_scope():
        order = Order.objects.filter(customer=customer).latest("created_at")
    assert _prices(order) == {rest[0].pk: 569, rest[1].pk: 324}


def test_a_bundle_already_owned_whole_cannot_be_put_in_the_cart(trilogy):
    bundle, comics = trilogy
    customer = UserFactory()
    create_order(customer=customer, comics=comics, status=OrderStatus.PAID)

    with pytest.raises(PromotionError, match="already have every comic"), system_scope():
        cart_add_bundle(customer=customer, bundle=bundle)


def test_a_bundle_is_removed_from_the_cart(trilogy, client):
    bundle, _ = trilogy
    customer = UserFactory()
    client.force_login(customer)
    client.post(reverse("promotions:cart_bundle_add", args=[bundle.slug]))
    listed = client.get(reverse("orders:cart")).content.decode()

    client.post(reverse("promotions:cart_bundle_remove", args=[bundle.pk]))

    assert 'Cart <span class="badge">1</span>' in listed

    assert "Your cart is empty" in client.get(reverse("orders:cart")).content.decode()


def test_a_bundle_removed_says_the_comics_added_on_their_own_stay_in_the_cart(trilogy, client):
    """Outside probe EC-3: the comics the bundle had taken in came back at a higher total,
    and the message said only that the bundle left."""
    bundle, comics = trilogy
    customer = UserFactory()
    with system_scope():
        for comic in comics[:2]:
            cart_add_comic(customer=customer, comic=comic)
        cart_add_bundle(customer=customer, bundle=bundle)
    client.force_login(customer)

    response = client.post(reverse("promotions:cart_bundle_remove", args=[bundle.pk]), follow=True)

    assert (
        f"Trilogy is no longer in your cart. {comics[0].title}, {comics[1].title}, added on "
        "their own, stay in it."
    ) in html.unescape(response.content.decode())


def test_the_cart_badge_counts_the_lines_the_cart_lists(trilogy, client):
    """Found by an outside probe: a cart listing one line, the bundle, with the three comics
    it holds added before it, showed a badge of 4."""
    bundle, comics = trilogy
    customer, alone = UserFactory(), ComicFactory()
    client.force_login(customer)
    with system_scope():
        for comic in [*comics, alone]:
            cart_add_comic(customer=customer, comic=comic)
    client.post(reverse("promotions:cart_bundle_add", args=[bundle.slug]))

    cart = client.get(reverse("orders:cart")).text

    assert cart.count('data-testid="cart-bundle-price"') == 1
    assert 'Cart <span class="badge">2</span>' in cart


def test_a_code_restricted_to_a_bundle_discounts_only_the_comics_bought_as_it(trilogy):
    bundle, comics = trilogy
    make_code("ARC", percent_off=50, bundles=[bundle])
    customer, alone = UserFactory(), ComicFactory(price_amount=1000)
    _fill_cart(customer, bundle, alone)

    with system_scope():
        order = cart_checkout(customer=customer, actor="test")
        discount_apply(order=order, code="ARC", customer=customer, actor="test")
        discounts = dict(order.items.values_list("comic_id", "discount_amount"))

    assert order.total_amount == 1299 - 650 + 1000  # half of 12.99, to the nearest cent
    assert discounts[alone.pk] == 0
    assert sum(discounts[comic.pk] for comic in comics) == 650


def test_a_code_restricted_to_a_bundle_does_not_apply_to_its_comics_bought_alone(trilogy):
    bundle, comics = trilogy
    make_code("ARC", percent_off=50, bundles=[bundle])
    order = create_order(comics=comics)

    with pytest.raises(PromotionError, match="does not apply"), system_scope():
        discount_apply(order=order, code="ARC", customer=order.customer, actor="test")


def test_the_cart_previews_a_bundle_code(trilogy, client):
    bundle, _ = trilogy
    make_code("ARC", percent_off=10, bundles=[bundle])
    customer = UserFactory()
    _fill_cart(customer, bundle, ComicFactory(price_amount=1000))
    client.force_login(customer)

    client.post(reverse("promotions:cart_code"), {"code": "arc"})
    cart = client.get(reverse("orders:cart")).content.decode()

    assert 'data-testid="cart-discount">-€1.30<' in cart
    assert 'data-testid="cart-to-pay">€21.69<' in cart


def test_the_cart_says_which_unpaid_order_of_the_customer_holds_their_code(trilogy, client):
    bundle, _ = trilogy
    make_code("ONCE", percent_off=10, max_uses_per_customer=1)
    customer = UserFactory()
    used = create_order(customer=customer, comics=[ComicFactory(price_amount=500)])
    with system_scope():
        discount_apply(order=used, code="ONCE", customer=customer, actor="test")
    _fill_cart(customer, bundle)
    client.force_login(customer)

    client.post(reverse("promotions:cart_code"), {"code": "once"})
    cart = client.get(reverse("orders:cart")).content.decode()

    assert f"Code ONCE is held by your order {used.number}, not paid yet" in cart
    assert "cart-discount" not in cart


def test_two_bundles_sharing_a_comic_are_bought_one_at_a_time(trilogy):
    bundle, comics = trilogy
    with system_scope():
        other = Bundle.objects.create(title="Best of", slug="best-of", price_amount=900)
        other.comics.set([comics[0], ComicFactory(price_amount=700)])
    customer = UserFactory()
    _fill_cart(customer, bundle)
    with system_scope():
        cart_add_bundle(customer=customer, bundle=other)

    with pytest.raises(PromotionError, match="buy them one at a time"), system_scope():
        cart_checkout(customer=customer, actor="test")
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()


def test_a_bundle_and_a_comic_from_the_cart_paid_with_a_code_give_a_download_of_each(
    stripe_webhook, send_event, client
):
    assets = [ComicAssetFactory(comic__price_amount=p) for p in (499, 699, 300)]
    *bundled, alone = assets
    with system_scope():
        bundle = Bundle.objects.create(title="Duo", slug="duo", price_amount=999)
        bundle.comics.set([asset.comic for asset in bundled])
    make_code("DUO", percent_off=10, bundles=[bundle])
    customer = UserFactory()
    _fill_cart(customer, bundle, alone.comic)
    with system_scope():
        order = cart_checkout(customer=customer, actor="test")
        discount_apply(order=order, code="DUO", customer=customer, actor="test")

    order, payment = started_payment(order=reload(order))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    links = download_links_reissue_by_staff(
        order=reload(order), actor="staff:test", reason="fresh links"
    )
    downloads = {link.title: client.get(link.path) for link in links}

    assert payment.amount == 999 - 100 + 300
    assert sorted(downloads) == sorted(asset.comic.title for asset in assets)
    assert all(response.status_code == 200 for response in downloads.values())


def test_adding_a_comic_a_cart_bundle_holds_says_it_is_in_the_cart_in_that_bundle(client):
    """Found by an outside probe: "X is in your cart." while the cart listed only the bundle
    holding X."""
    comics = [ComicAssetFactory(comic__title=t).comic for t in ("Sleepwalker Atlas", "Other")]
    with system_scope():
        bundle = Bundle.objects.create(
            title="Dreamlands Trilogy", slug="dreamlands", price_amount=999
        )
        bundle.comics.set(comics[:1])
    customer = UserFactory()
    with system_scope():
        cart_add_bundle(customer=customer, bundle=bundle)
    client.force_login(customer)

    bundled = client.post(reverse("orders:cart_add", args=[comics[0].pk]), follow=True).text
    alone = client.post(reverse("orders:cart_add", args=[comics[1].pk]), follow=True).text
    again = client.get(reverse("orders:cart")).text

    assert "Sleepwalker Atlas is in your cart, in Dreamlands Trilogy." in bundled
    assert "Other is in your cart." in alone and "Sleepwalker Atlas is in" not in alone
    assert "is in your cart" not in again


def _bundle_off_sale(bundle, comics) -> None:
    Bundle.objects.filter(pk=bundle.pk).update(is_active=False)


def _one_of_its_comics_off_sale(bundle, comics) -> None:
    Comic.objects.filter(pk=comics[1].pk).update(is_active=False)


# Outside probe DF-1: a bundle holding a comic taken off sale stayed in the cart, and its
# Checkout came back to the same cart without a word.
OFF_SALE = pytest.mark.parametrize(
    "taken_off_sale", [_bundle_off_sale, _one_of_its_comics_off_sale], ids=["bundle", "a-comic"]
)


@OFF_SALE
def test_the_cart_takes_out_a_bundle_taken_off_sale_and_says_so(trilogy, client, taken_off_sale):
    """Found by an outside probe (BI-2): a bundle staff deactivated stayed listed, totalled
    and offered at Checkout, which then refused it and showed the same cart again."""
    bundle, comics = trilogy
    kept = ComicFactory(title="Neon Tide", price_amount=699)
    customer = UserFactory()
    client.force_login(customer)
    _fill_cart(customer, bundle, kept)
    taken_off_sale(bundle, comics)

    page = client.get(reverse("orders:cart")).text
    again = client.get(reverse("orders:cart")).text

    assert "No longer for sale, so taken out of your cart: Trilogy." in page
    assert page.count('data-testid="cart-bundle-price"') == 0
    assert "€6.99" in page and "€19.98" not in page
    assert "Trilogy" not in again


def test_a_bundle_taken_off_sale_names_the_comics_added_on_their_own_that_stay(trilogy, client):
    """Outside probe EF-1: the comics the bundle had taken in came back unsaid."""
    bundle, comics = trilogy
    customer = UserFactory()
    with system_scope():
        cart_add_comic(customer=customer, comic=comics[0])
        cart_add_bundle(customer=customer, bundle=bundle)
    _bundle_off_sale(bundle, comics)
    client.force_login(customer)

    page = html.unescape(client.get(reverse("orders:cart")).text)

    assert (
        f"No longer for sale, so taken out of your cart: Trilogy. {comics[0].title}, added on "
        "its own, stays in it."
    ) in page


@OFF_SALE
def test_checking_out_a_cart_page_shown_before_its_bundle_was_taken_off_sale_says_it_once(
    trilogy, client, taken_off_sale
):
    bundle, comics = trilogy
    customer = UserFactory()
    client.force_login(customer)
    _fill_cart(customer, bundle, ComicFactory(title="Neon Tide"))
    taken_off_sale(bundle, comics)

    page = client.post(reverse("promotions:checkout"), follow=True).text

    assert "No longer for sale, so taken out of your cart: Trilogy." in page
    assert "Remove it from your cart" not in page
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()
