"""The library: every owned comic, and a fresh single-use link per "Download"."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetFormat
from catalog.services import asset_file_store, asset_version_record
from delivery.models import DownloadEvent, DownloadLink
from delivery.tasks import fulfil_order
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_links_suspend,
)
from morpheus_testing.jobs import run_queued_jobs
from orders.models import Order, OrderEvent, OrderEventType
from orders.services import order_comp, order_transition
from payments.models import PaymentStatus
from payments.services import refund_create, refund_create_for_items
from tax import services as tax_services

pytestmark = pytest.mark.django_db


def download_from_library(client, order, asset):
    item = order.items.get(comic=asset.comic)
    return client.post(reverse("delivery:library_download", args=[item.pk, asset.pk]))


def test_the_library_lists_every_owned_comic_with_formats_and_sizes(client):
    customer = UserFactory()
    first = ComicAssetFactory(content=b"x" * 2048)
    second = ComicAssetFactory(content=b"y" * 10)
    fulfilled_order(customer=customer, assets=[first])
    fulfilled_order(customer=customer, assets=[second])
    create_order(customer=customer, comics=[ComicAssetFactory().comic])  # unpaid: not owned
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    assert page.count('data-testid="library-entry"') == 2
    assert first.comic.title in page and second.comic.title in page
    assert re.search(r">Download PDF</button>\s*<span class=\"hint\">2.0\xa0KB<", page)
    assert re.search(r">Download PDF</button>\s*<span class=\"hint\">10\xa0bytes<", page)


def test_each_library_button_names_its_format(client):
    """Outside probe GQ-6: on a phone, "[Download] PDF · 5.8 KB [Download] CBZ · 69 KB" read
    as much as a heading of the next button as a caption of the one above."""
    customer = UserFactory()
    pdf = ComicAssetFactory()
    ComicAssetFactory(comic=pdf.comic, format=AssetFormat.CBZ, file_name="issue.cbz")
    fulfilled_order(customer=customer, assets=[pdf])
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    buttons = re.findall(r"<button[^>]*>(Download[^<]*)</button>", page)
    assert sorted(buttons) == ["Download CBZ", "Download PDF"]


def test_download_redirects_to_a_single_use_link_that_serves_the_file(client):
    customer = UserFactory()
    asset = ComicAssetFactory(content=b"%PDF-1.4 library\n" * 10)
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    client.force_login(customer)

    answer = download_from_library(client, order, asset)
    first = client.get(answer["Location"])
    second = client.get(answer["Location"])

    assert re.fullmatch(r"/downloads/[A-Za-z0-9_-]{43}/", answer["Location"])
    assert b"".join(first.streaming_content) == asset.file.open("rb").read()
    assert second.status_code == 403
    with system_scope():
        assert DownloadEvent.objects.filter(link__order=order).count() == 1


def test_a_download_press_records_a_link_asked_for_not_a_download(client):
    """Outside probe AN (AN-4): each press read "<title> downloaded from the library" in the
    staff timeline and the data export, though it only issues a link (its download, if any,
    is recorded on its own)."""
    customer = UserFactory()
    asset = ComicAssetFactory(comic__title="Neon Tide")
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    client.force_login(customer)

    download_from_library(client, order, asset)

    with system_scope():
        (event,) = OrderEvent.objects.filter(order=order, data__action="library")
        assert not DownloadEvent.objects.filter(link__order=order).exists()
    assert event.reason == "Link to Neon Tide asked for from the library"
    history = json.loads(client.get(reverse("privacy_export")).content)["orders"][0]["history"]
    assert {
        "type": OrderEventType.DOWNLOAD_LINKS,
        "what": "Link to Neon Tide asked for from the library",
    } in [{"type": e["type"], "what": e["what"]} for e in history]


def test_downloading_from_the_library_leaves_the_emailed_links_as_they_were(client):
    customer = UserFactory()
    asset = ComicAssetFactory()
    order, (emailed,) = fulfilled_order(customer=customer, assets=[asset])
    client.force_login(customer)

    download_from_library(client, order, asset)
    download_from_library(client, order, asset)

    with system_scope():
        link = DownloadLink.objects.get(pk=emailed.link_id)
    assert link.revoked_at is None and link.download_count == 0
    assert client.get(emailed.path).status_code == 200


@pytest.mark.parametrize("change", ["refunded", "disputed"])
def test_a_refunded_or_disputed_order_gives_no_download(client, change):
    customer = UserFactory()
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    with system_scope():
        if change == "disputed":
            Order.objects.filter(pk=order.pk).update(disputed_at=timezone.now())
        else:
            order_transition(name="refund", order=order, actor="test", reason="refund")
    client.force_login(customer)

    answer = download_from_library(client, order, asset)

    assert answer.status_code == 403
    with system_scope():
        assert DownloadLink.objects.filter(order=order, max_downloads=1).count() == 0


def one_of_two_items_refunded(client):
    """A signed-in customer's fulfilled order of two comics, one refunded on its own: the
    order, the refunded comic's asset and the kept one's."""
    customer = UserFactory()
    refunded, kept = ComicAssetFactory(), ComicAssetFactory()
    order, _ = fulfilled_order(customer=customer, assets=[refunded, kept])
    PaymentFactory(order=order, stripe_payment_intent_id="pi_one", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        item = order.items.get(comic=refunded.comic)
        refund_create_for_items(order=order, item_ids=[item.pk], reason="wrong file", actor="t")
    client.force_login(customer)
    return order, refunded, kept


def test_an_item_refunded_on_its_own_gives_no_download_but_the_others_do(client):
    order, refunded, kept = one_of_two_items_refunded(client)

    assert download_from_library(client, order, refunded).status_code == 403
    assert download_from_library(client, order, kept).status_code == 302


def test_the_library_marks_an_item_refunded_on_its_own_instead_of_offering_it(client):
    _, refunded, kept = one_of_two_items_refunded(client)

    page = client.get(reverse("delivery:library")).text

    entries = page.split('data-testid="library-entry"')[1:]
    (marked,) = [entry for entry in entries if refunded.comic.title in entry]
    (offered,) = [entry for entry in entries if kept.comic.title in entry]
    assert 'data-testid="library-refunded"' in marked and "Download" not in marked
    assert 'data-testid="library-refunded"' not in offered and "Download" in offered


def test_the_library_says_an_items_refund_is_under_way_until_stripe_confirms_it(client):
    """Found by an outside probe: while the refund waited for Stripe, the library said the
    comic was refunded and the receipt did not mark it at all."""
    order, refunded, _ = one_of_two_items_refunded(client)
    waiting = client.get(reverse("delivery:library")).text
    with system_scope():
        item = order.items.get(comic=refunded.comic)
        order.items.filter(pk=item.pk).update(
            refunded_amount=item.refund_pending_amount, refund_pending_amount=0
        )

    confirmed = client.get(reverse("delivery:library")).text

    assert "This comic is being refunded, so it can no longer be downloaded." in waiting
    assert "This comic was refunded" not in waiting
    assert "This comic was refunded, so it can no longer be downloaded." in confirmed
    assert "is being refunded" not in confirmed


def test_the_library_offers_no_download_of_an_order_whose_full_refund_is_under_way(client):
    """Found by an outside probe: while a full refund waited for Stripe, the library offered
    "Download" and every press of it was refused."""
    customer = UserFactory()
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    PaymentFactory(order=order, stripe_payment_intent_id="pi_1", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        refund_create(order=order, amount=order.total_amount, reason="asked", actor="t")
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    (entry,) = page.split('data-testid="library-entry"')[1:]
    assert f"Order {order.number} is being refunded: its downloads are closed." in entry
    assert "Download" not in entry
    assert download_from_library(client, order, asset).status_code == 403


def test_the_library_offers_no_download_of_an_order_whose_links_are_suspended(client):
    """Found by an outside probe: the library kept its Download buttons, and each was
    refused."""
    customer = UserFactory()
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    order_links_suspend(order)
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    (entry,) = page.split('data-testid="library-entry"')[1:]
    assert (
        f"Downloads of order {order.number} are paused: its links were used from many places. "
        "Reply to our email and we will send you fresh links." in entry
    )
    assert "<button" not in entry
    assert download_from_library(client, order, asset).status_code == 403


def test_the_library_reads_the_same_number_of_queries_for_one_order_or_five(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = UserFactory()
    client.force_login(customer)

    def queries_for_library() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("delivery:library")).status_code == 200
        return len(queries)

    fulfilled_order(customer=customer, assets=[ComicAssetFactory()])
    one = queries_for_library()
    for _ in range(4):
        fulfilled_order(customer=customer, assets=[ComicAssetFactory()])

    assert queries_for_library() == one


def test_another_customers_comic_is_not_found(client):
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(assets=[asset])
    client.force_login(UserFactory())

    assert download_from_library(client, order, asset).status_code == 404


def test_library_downloads_are_counted_per_customer(client, throttle_rates):
    throttle_rates("library_download", 2)
    customer = UserFactory()
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    client.force_login(customer)

    answers = [download_from_library(client, order, asset).status_code for _ in range(3)]

    assert answers == [302, 302, 429]


def test_refused_library_downloads_do_not_use_up_the_hours_downloads(client, throttle_rates):
    """Outside probe HF-1: a refunded comic's button pressed on a library page left open (403)
    and another customer's comic (404) each used up one of the hour's downloads."""
    throttle_rates("library_download", 2)
    order, refunded, kept = one_of_two_items_refunded(client)
    strangers, _ = fulfilled_order(assets=[kept])

    refused = [
        download_from_library(client, order, refunded).status_code,
        download_from_library(client, strangers, kept).status_code,
    ]
    given = [download_from_library(client, order, kept).status_code for _ in range(3)]

    assert refused == [403, 404]
    assert given == [302, 302, 429]


@pytest.mark.parametrize(
    ("seconds", "promise"),
    [(3600, "up to 2 downloads an hour"), (900, "up to 2 downloads every 15 minutes")],
)
def test_the_library_states_the_download_limit_it_enforces(
    client, throttle_rates, seconds, promise
):
    throttle_rates("library_download", 2, seconds=seconds)
    customer = UserFactory()
    fulfilled_order(customer=customer, assets=[ComicAssetFactory()])
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    assert promise in page
    assert "as often as you like" not in page


def test_an_order_held_for_its_vat_evidence_gives_no_download_until_finance_accepts_it(client):
    customer = UserFactory()
    asset = ComicAssetFactory()
    order = create_order_held_for_its_vat_evidence(customer=customer, comics=[asset.comic])
    client.force_login(customer)

    library = client.get(reverse("delivery:library")).text
    refused = download_from_library(client, order, asset)
    with system_scope():
        tax_services.evidence_decide(
            order=order, decision="accepted", actor="staff:finance", reason="German address"
        )
    run_queued_jobs(names={fulfil_order.name})
    accepted = download_from_library(client, order, asset)

    assert "Your comic waits for our check of the country you live in" in library
    assert 'aria-label="Download' not in library
    assert refused.status_code == 403
    assert "is paid. Your comic waits for our check" in refused.text
    assert accepted.status_code == 302 and client.get(accepted["Location"]).status_code == 200


def test_a_comic_staff_gave_says_so_instead_of_bought(client):
    customer = UserFactory()
    bought, given = ComicAssetFactory(), ComicAssetFactory()
    fulfilled_order(customer=customer, assets=[bought])
    with system_scope():
        order_comp(
            customer=customer,
            comics=[given.comic],
            reason="Sorry for the outage",
            actor="staff:sam",
        )
    run_queued_jobs(names={fulfil_order.name})
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    entries = dict(
        re.findall(r"<h2>(.*?)</h2>\s*<p class=\"hint\">(Bought|Given to you by the shop) ", page)
    )
    assert entries == {bought.comic.title: "Bought", given.comic.title: "Given to you by the shop"}
    # Outside probe FI-3: on a phone, "order MO-C3KJ-" then "VK4X" on the next line.
    numbers = re.findall(r'order <a class="order-number" href="[^"]+">(MO-[\w-]+)</a>', page)
    assert len(numbers) == 2


def test_only_an_order_paid_before_a_new_version_reads_updated(client):
    """Found by an outside probe: an order that bought version 2 read "updated: version 2",
    though its buyer never had another version."""
    asset = ComicAssetFactory()
    earlier, later = UserFactory(), UserFactory()
    fulfilled_order(customer=earlier, assets=[asset])
    stored = asset_file_store(asset=asset, upload=ContentFile(comic_pdf("Fixed"), name="v2.pdf"))
    asset_version_record(asset=asset, stored=stored, actor="staff:test")
    fulfilled_order(customer=later, assets=[asset])

    def badges(customer) -> list[str]:
        client.force_login(customer)
        page = client.get(reverse("delivery:library")).text
        assert page.count('data-testid="library-entry"') == 1
        return re.findall(r'data-testid="file-version">([^<]*)<', page)

    assert badges(earlier) == ["updated: version 2"]
    assert badges(later) == []
