"""A comic goes on sale only with a file to deliver, in the currency of its bundles."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from backoffice.tests.helpers import inline_labels, page_version
from catalog.models import Comic, ComicAsset
from catalog.services import ComicKept, comic_delete
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from promotions.models import Bundle
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db

NO_FILE = "A comic without a file cannot be for sale"
NOT_A_PICTURE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)


def comic_form(**changes) -> dict:
    return {
        "title": "Yen Comic",
        "slug": "yen-comic",
        "description": "",
        "price_amount": "500",
        "currency": "JPY",
        "assets-TOTAL_FORMS": "0",
        "assets-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_new_comic_starts_inactive_and_cannot_be_put_on_sale_without_a_file(superuser_client):
    url = reverse("admin:catalog_comic_add")

    form = superuser_client.get(url).context["adminform"].form
    refused = superuser_client.post(url, comic_form(is_active="on"))
    saved = superuser_client.post(url, comic_form())

    assert form.initial["is_active"] is False
    assert NO_FILE in refused.content.decode()
    assert saved.status_code == 302
    with system_scope():
        assert Comic.objects.get(slug="yen-comic").is_active is False


def test_a_cover_must_be_a_picture_not_an_svg_or_a_file_named_like_one(superuser_client):
    url = reverse("admin:catalog_comic_add")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    png = io.BytesIO()
    Image.new("RGB", (3, 4), "teal").save(png, format="PNG")

    refused = [
        superuser_client.post(url, comic_form(cover=SimpleUploadedFile(name, content)))
        for name, content in (("evil.svg", svg), ("fake.png", svg))
    ]
    pdf = superuser_client.post(
        url, comic_form(cover=SimpleUploadedFile("cover.pdf", png.getvalue()))
    )
    saved = superuser_client.post(
        url, comic_form(cover=SimpleUploadedFile("cover.png", png.getvalue()))
    )

    for response in refused:
        assert response.context["adminform"].form.errors["cover"] == [NOT_A_PICTURE]
    assert "Allowed extensions are: png, jpg, jpeg, gif, webp." in html.unescape(pdf.text)
    assert saved.status_code == 302
    with system_scope():
        assert Comic.objects.get(slug="yen-comic").cover.name.endswith(".png")


def test_a_comic_without_a_file_can_only_be_saved_inactive(superuser_client):
    comic = ComicFactory(file=False, slug="yen-comic")
    url = reverse("admin:catalog_comic_change", args=[comic.pk])

    refused = superuser_client.post(url, comic_form(is_active="on", version=page_version(comic)))
    withdrawn = superuser_client.post(url, comic_form(version=page_version(comic)))

    assert NO_FILE in refused.content.decode()
    assert withdrawn.status_code == 302
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).is_active is False


def test_a_comic_with_a_file_stays_on_sale(superuser_client):
    comic = ComicFactory(slug="yen-comic")

    saved = superuser_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]),
        comic_form(is_active="on", version=page_version(comic)),
    )

    assert saved.status_code == 302
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).is_active is True


def test_a_comic_in_a_euro_bundle_cannot_be_priced_in_yen_and_the_form_names_the_bundle(
    superuser_client,
):
    comic = ComicFactory(slug="yen-comic", price_amount=699, currency="EUR")
    with system_scope():
        bundle = Bundle.objects.create(title="Neon Trilogy", slug="neon", price_amount=1299)
        bundle.comics.set([comic, ComicFactory(price_amount=699, currency="EUR")])

    refused = superuser_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]), comic_form(is_active="on")
    )

    assert refused.status_code == 200
    assert "in bundles priced in another currency: Neon Trilogy (EUR)" in refused.content.decode()
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).currency == "EUR"


def test_a_comic_repriced_so_its_bundle_would_give_another_comic_away_is_refused(
    superuser_client,
):
    """Found by an outside probe: raised to 999.99 EUR, the other comic of a 0.02 EUR bundle
    got a share of nothing, and completing the series gave it away."""
    comic = ComicFactory(slug="yen-comic", price_amount=499, currency="EUR")
    with system_scope():
        bundle = Bundle.objects.create(title="Penny Pair", slug="penny", price_amount=2)
        bundle.comics.set([comic, ComicFactory(title="Neon Tide", price_amount=699)])

    refused = superuser_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]),
        comic_form(is_active="on", currency="EUR", price_amount="999.99"),
    )

    assert refused.status_code == 200
    assert "In the bundle Penny Pair: At 0.02 EUR, the share of Neon Tide" in html.unescape(
        refused.content.decode()
    )
    with system_scope():
        assert Comic.objects.get(pk=comic.pk).price_amount == 499


@pytest.mark.parametrize(
    ("price", "currency", "least"),
    [("0.49", "EUR", "0.50 EUR"), ("49", "JPY", "50 JPY"), ("0.150", "KWD", "0.160 KWD")],
)
def test_a_price_below_what_a_card_can_be_charged_is_refused_and_free_or_the_minimum_saves(
    superuser_client, price, currency, least
):
    """Found by an outside probe: a comic priced below Stripe's minimum charge sold as an
    order no card could pay."""
    url = reverse("admin:catalog_comic_add")

    refused = superuser_client.post(url, comic_form(price_amount=price, currency=currency))
    free = superuser_client.post(url, comic_form(price_amount="0", currency=currency))
    least_amount = least.split()[0]
    at_least = superuser_client.post(
        url,
        comic_form(
            title="Yen Comic 2", slug="yen-comic-2", price_amount=least_amount, currency=currency
        ),
    )

    assert f"A card is charged no less than {least}" in html.unescape(refused.content.decode())
    assert [free.status_code, at_least.status_code] == [302, 302]


def test_a_sold_comic_is_kept_and_only_a_comic_nobody_ordered_can_be_deleted(superuser_client):
    """Found by an outside probe: "Delete selected comics" was offered, then refused for
    the download links of a sold comic's orders."""
    sold, draft = ComicFactory(), ComicFactory(is_active=False, file=False)
    create_order(comics=[sold])

    listed = superuser_client.get(reverse("admin:catalog_comic_changelist"))
    sold_page = superuser_client.get(reverse("admin:catalog_comic_change", args=[sold.pk]))
    sold_delete = superuser_client.get(reverse("admin:catalog_comic_delete", args=[sold.pk]))
    deleted = superuser_client.post(
        reverse("admin:catalog_comic_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert "delete_selected" not in listed.content.decode()
    assert reverse("admin:catalog_comic_delete", args=[sold.pk]) not in sold_page.content.decode()
    assert sold_delete.status_code == 403
    assert deleted.status_code == 302
    with system_scope():
        assert list(Comic.objects.filter(pk__in=[sold.pk, draft.pk])) == [sold]


def test_a_comic_a_bundle_holds_or_a_code_is_limited_to_is_kept_saying_which(superuser_client):
    """Outside probes EH-1, EH-2: deleting a comic nobody ordered took it out of the code
    limited to it, which then took 50 % off every comic, and out of its bundle, then sold at
    the price of two for the one left."""
    comic, other = ComicFactory(title="Probe X", is_active=False), ComicFactory()
    with system_scope():
        bundle = Bundle.objects.create(title="Pair", slug="pair", price_amount=800)
        bundle.comics.set([comic, other])
    code = make_code("ONLYX", percent_off=50, comics=[comic])
    url = reverse("admin:catalog_comic_delete", args=[comic.pk])

    page = superuser_client.get(url)
    posted = superuser_client.post(url, {"post": "yes"})
    with system_scope(), pytest.raises(ComicKept):
        comic_delete(comic=comic, actor="shell")

    assert [page.status_code, posted.status_code] == [403, 403]
    assert "Probe X cannot be deleted: bundle Pair, code ONLYX name it." in html.unescape(
        page.content.decode()
    )
    with system_scope():
        assert list(code.comics.all()) == [comic]
        assert set(bundle.comics.all()) == {comic, other}


def test_a_draft_comic_with_a_file_is_deleted_with_its_file(superuser_client):
    """Found by an outside probe: a draft that had a file could not be deleted, the page
    asking for a right to delete comic files that nobody has (a file changes only by a new
    version)."""
    draft = ComicFactory(is_active=False, title="Unfinished")
    url = reverse("admin:catalog_comic_delete", args=[draft.pk])

    confirm = superuser_client.get(url)
    deleted = superuser_client.post(url, {"post": "yes"})

    assert "permission to delete" not in confirm.content.decode()
    assert "Unfinished" in confirm.content.decode()
    assert deleted.status_code == 302
    with system_scope():
        assert not Comic.objects.filter(pk=draft.pk).exists()
        assert not ComicAsset.objects.filter(comic_id=draft.pk).exists()


def test_a_title_another_comic_has_is_refused(superuser_client):
    """Found by an outside probe: two comics of one title made the back office's messages
    ambiguous."""
    ComicFactory(title="Neon Tide")

    refused = superuser_client.post(
        reverse("admin:catalog_comic_add"), comic_form(title="neon tide ")
    )

    assert refused.status_code == 200
    assert "Another comic is called Neon Tide: give this one its own title." in refused.text


def test_a_title_that_turns_its_text_around_is_refused(superuser_client):
    """Outside probe ES-2: refused in a buyer's address, a direction override was taken in a
    title, and the invoice then named the comic otherwise than the shop and its emails."""
    refused = superuser_client.post(
        reverse("admin:catalog_comic_add"), comic_form(title="Neon \u202eediT\u202c")
    )

    assert refused.status_code == 200
    assert "The title holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character" in refused.text
    with system_scope():
        assert not Comic.objects.filter(title__startswith="Neon").exists()


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("Paper\u200b Moons", "U+200B ZERO WIDTH SPACE"),
        ("Paper\u2060Moons", "U+2060 WORD JOINER"),
        ("Paper\u2028Moons", "U+2028 LINE SEPARATOR"),
        ("Paper\u200dMoons", "U+200D ZERO WIDTH JOINER"),
        ("Paper Moons\ufffb", "U+FFFB INTERLINEAR ANNOTATION TERMINATOR"),
    ],
)
def test_a_title_with_a_character_that_prints_nothing_is_refused_naming_it(
    superuser_client, title, named
):
    """Outside probe FB-2: once the joiners were taken, a title of nothing visible, or one
    told from another's only by an invisible character, was taken too."""
    refused = superuser_client.post(reverse("admin:catalog_comic_add"), comic_form(title=title))

    assert f"The title holds {named}, an invisible character" in refused.text
    with system_scope():
        assert not Comic.objects.filter(title=title).exists()


@pytest.mark.parametrize(
    "title",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "Astronaut \U0001f469\u200d\U0001f680",
        "Love \u2764\ufe0f",
        "Keycap 1\ufe0f\u20e3",
        "\u0915\u094d\u200d\u0937",  # a Devanagari half form, joined after its virama
    ],
)
def test_a_title_with_the_joiners_a_script_or_an_emoji_needs_is_taken(superuser_client, title):
    """Outside probe EZ-1: Persian's zero-width non-joiner, an emoji's joiner and a
    variation selector were refused as characters an invoice cannot print."""
    superuser_client.post(reverse("admin:catalog_comic_add"), comic_form(title=title))

    with system_scope():
        assert Comic.objects.filter(title=title).exists()


def test_a_title_a_bundle_has_is_refused_to_a_comic(superuser_client):
    """Found by an outside probe: a comic could take a bundle's title, and the shop then
    listed two products of one name at two prices."""
    with system_scope():
        Bundle.objects.create(title="The Dreamlands Trilogy", slug="dreamlands", price_amount=1299)

    refused = superuser_client.post(
        reverse("admin:catalog_comic_add"), comic_form(title="the dreamlands trilogy")
    )

    assert refused.status_code == 200
    assert (
        "A bundle is called The Dreamlands Trilogy: give this comic its own title." in refused.text
    )


def test_a_comics_files_read_on_a_phone_as_their_headers(superuser_client):
    """Found by outside testers: at 390 px, where each file is a card, its read-only cells
    read "File Name" and "Size Bytes" while the headers read "File name"."""
    comic = ComicFactory()

    page = superuser_client.get(reverse("admin:catalog_comic_change", args=[comic.pk])).text

    headers, labels = inline_labels(page, "assets-group")
    assert labels == headers
    assert labels[:2] == ["Format", "File name"]
    assert "before:capitalize" not in page.split('id="assets-group"')[1].split("</table>")[0]


def test_taking_a_comic_off_sale_names_the_bundles_it_takes_off_sale_with_it(superuser_client):
    """Outside probe DF-1: the admin said only "changed successfully"."""
    comic = ComicFactory(slug="yen-comic", price_amount=500, currency="JPY")
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=700, currency="JPY")
        bundle.comics.set([comic, ComicFactory(price_amount=500, currency="JPY")])

    saved = superuser_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]),
        comic_form(version=page_version(comic)),
        follow=True,
    )

    assert "Off sale with it, until it is back on sale: the bundles holding it (Arc)." in [
        str(message) for message in saved.context["messages"]
    ]
