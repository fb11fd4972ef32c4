import io
import json
import re
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import account_erase, erasure_request
from catalog.models import Comic
from catalog.services import AssetVersionRefused, asset_file_store, asset_version_record
from delivery.models import DownloadLink, StampedCopy
from delivery.selectors import download_links_active
from delivery.services import download_links_fulfil
from delivery.tasks import announce_file_update, send_file_update, send_fresh_links, stamp_copy
from delivery.tests.conftest import fulfilled_order
from delivery.updates import file_update_announce
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    PaymentFactory,
    UserFactory,
    create_order_beside_cart,
    order_move,
)
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from notifications.models import EmailDelivery, EmailKind
from notifications.services import email_preference_set
from orders.actors import SYSTEM
from orders.models import Order
from payments.models import PaymentStatus
from payments.services import refund_create_for_items
from promotions.bundles import bundle_order_create
from promotions.models import Bundle

pytestmark = pytest.mark.django_db

UPDATE_JOBS = {announce_file_update.name, send_file_update.name}


CORRECTED = comic_pdf("Corrected")


def _publish(asset, content: bytes = CORRECTED):
    stored = asset_file_store(asset=asset, upload=ContentFile(content, name="fixed.pdf"))
    return asset_version_record(asset=asset, stored=stored, actor="staff:test")


def _paid_twice(customer, asset) -> list[Order]:
    """Two fulfilled orders of one customer holding the same comic: both placed before
    either was paid (two tabs)."""
    orders = [
        create_order_beside_cart(customer=customer, comics=[asset.comic], status="pending")
        for _ in range(2)
    ]
    for order in orders:
        order_move(order, to="paid")
        with system_scope():
            download_links_fulfil(order_id=order.pk, actor=SYSTEM)
    return orders


def test_a_new_version_sends_exactly_one_email_per_entitled_order():
    asset = ComicAssetFactory()
    alice, bob = UserFactory(), UserFactory()
    alice_orders = _paid_twice(alice, asset)
    bob_order, _ = fulfilled_order(customer=bob, assets=[asset])
    disputed, _ = fulfilled_order(assets=[asset])
    Order.objects.filter(pk=disputed.pk).update(disputed_at=timezone.now())
    fulfilled_order(assets=[ComicAssetFactory()])  # another comic
    opted_out = UserFactory()
    fulfilled_order(customer=opted_out, assets=[asset])
    email_preference_set(user_id=opted_out.pk, file_updates=False)

    published = _publish(asset)
    run_queued_jobs(names=UPDATE_JOBS)
    file_update_announce(asset_id=asset.pk, version=published.version)  # a repeated run
    run_queued_jobs(names=UPDATE_JOBS)

    expected = {order.number for order in [*alice_orders, bob_order]}
    assert sorted(message.subject for message in mail.outbox) == sorted(
        f"Updated comics in your order {number}" for number in expected
    )
    for message in mail.outbox:
        assert "version 2" in message.body
        assert "/downloads/" in message.body
        # Found by an outside probe: the fresh links stop after their downloads as any do.
        assert "(up to 5 downloads, until " in message.body
        assert "Up to 5 downloads, until " in message.alternatives[0][0]
    assert (
        EmailDelivery.objects.filter(kind=EmailKind.FILE_UPDATED, sent_at__isnull=False).count()
        == 3
    )


def test_the_updated_comics_email_names_the_bundle_the_comic_was_bought_in():
    """Outside probe GV-3: the order's lines said "(in Trilogy)", the fresh link did not."""
    asset = ComicAssetFactory(comic__title="Dawn")
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=999)
        bundle.comics.set([asset.comic, ComicAssetFactory().comic])
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
    order_move(order, to="paid")
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor=SYSTEM)

    _publish(asset)
    run_queued_jobs(names=UPDATE_JOBS)

    (message,) = mail.outbox
    assert re.search(r"- Dawn \(in Trilogy\) \(\S+\): http://\S+/downloads/", message.body)
    assert re.search(r">Dawn</a> <span[^>]*>in Trilogy</span>", message.alternatives[0][0])


def test_the_order_page_rows_show_the_new_version_after_an_update():
    asset = ComicAssetFactory()
    order, _ = fulfilled_order(assets=[asset])

    _publish(asset)
    run_queued_jobs(names=UPDATE_JOBS)

    (row,) = download_links_active(order=order)
    assert row.version == 2


def test_each_batch_of_orders_is_scheduled_one_interval_after_the_previous(settings):
    settings.FILE_UPDATE_EMAIL_BATCH = 2
    settings.FILE_UPDATE_EMAIL_BATCH_SECONDS = 60
    asset = ComicAssetFactory()
    for _ in range(5):
        fulfilled_order(assets=[asset])

    before = timezone.now()
    assert file_update_announce(asset_id=asset.pk, version=1) == 5

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at FROM procrastinate_jobs WHERE task_name = %s ORDER BY id",
            [send_file_update.name],
        )
        delays = [
            (at - before if at else timedelta(0)).total_seconds() for (at,) in cursor.fetchall()
        ]
    assert [round(delay / 60) for delay in delays] == [0, 0, 1, 1, 2]


def test_a_job_for_an_outdated_version_sends_nothing():
    asset = ComicAssetFactory()
    fulfilled_order(assets=[asset])
    _publish(asset)
    _publish(asset, comic_pdf("Corrected twice"))

    run_queued_jobs(names=UPDATE_JOBS)

    assert [message.body.count("version 3") for message in mail.outbox] == [1]


def test_the_same_file_again_is_refused():
    asset = ComicAssetFactory(content=comic_pdf("Same"))

    with pytest.raises(AssetVersionRefused):
        _publish(asset, comic_pdf("Same"))


def test_buyers_stamped_copies_are_remade_from_the_new_file():
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    order, _ = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})

    _publish(asset, comic_pdf("Director's cut", pages=3))
    run_queued_jobs(names={*UPDATE_JOBS, stamp_copy.name})

    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    reader = pypdf.PdfReader(io.BytesIO(asset.file.storage.open(copy.storage_name).read()))
    assert copy.ready_at is not None
    assert len(reader.pages) == 3
    assert "Director's cut - page 3" in reader.pages[2].extract_text()
    assert order.number in reader.pages[2].extract_text()


@pytest.mark.parametrize("address_confirmed", [True, False])
def test_an_order_disputed_as_a_version_came_out_gets_it_once_the_dispute_is_won(
    address_confirmed,
):
    """Outside probe EJ-2: the update skipped the disputed order, and the links the won
    dispute sent served the copy made from the old file, for good. EK-1: a customer whose
    address is unconfirmed, emailed no links, kept that copy in the library."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    customer = UserFactory(email_verified=address_confirmed)
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    Order.objects.filter(pk=order.pk).update(disputed_at=timezone.now())
    _publish(asset, comic_pdf("Director's cut", pages=3))
    run_queued_jobs(names={*UPDATE_JOBS, stamp_copy.name})
    Order.objects.filter(pk=order.pk).update(disputed_at=None)

    send_fresh_links(order_id=order.pk, actor="stripe", reason="Dispute won", request_key="won")
    run_queued_jobs(names={stamp_copy.name})

    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    reader = pypdf.PdfReader(io.BytesIO(asset.file.storage.open(copy.storage_name).read()))
    assert copy.ready_at is not None
    assert "Director's cut - page 3" in reader.pages[2].extract_text()
    assert len(mail.outbox) == address_confirmed


def test_a_link_used_before_its_orders_update_job_ran_waits_for_the_new_version(client):
    """Outside probe EJ-1: until the order's own file-update job ran (a later batch, a killed
    worker), the link served the buyer's copy of the version before."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    _, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    _publish(asset, comic_pdf("Director's cut", pages=3))

    waiting = [client.get(link.path).status_code for _ in range(2)]
    assert run_queued_jobs(names={stamp_copy.name}) == [stamp_copy.name]
    served = pypdf.PdfReader(io.BytesIO(b"".join(client.get(link.path).streaming_content)))
    run_queued_jobs(names={*UPDATE_JOBS, stamp_copy.name})

    (message,) = mail.outbox
    emailed = re.search(r"/downloads/[A-Za-z0-9_-]{43}/", message.body).group(0)
    assert waiting == [202, 202]
    assert "Director's cut - page 3" in served.pages[2].extract_text()
    assert client.get(emailed).status_code == 200
    assert run_queued_jobs(names={stamp_copy.name}) == []
    # Outside probe EZ-3: the link waited on, replaced, said only "replaced by a newer one".
    replaced = client.get(link.path)
    assert replaced.status_code == 403
    assert (
        "This link was replaced when a new version of a comic in its order came out: fresh "
        "links went to the order&#x27;s email address." in replaced.content.decode()
    )


def test_a_library_download_waiting_for_the_new_copy_gets_it_once_the_orders_job_ran(client):
    """Outside probe ET-2: the order's file-update job replaced the link the library's
    download waited on ("Preparing your copy"), which then read "replaced by a newer one"."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    customer = UserFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    _publish(asset, comic_pdf("Director's cut", pages=3))
    client.force_login(customer)
    item = order.items.get()
    waiting = client.post(reverse("delivery:library_download", args=[item.pk, asset.pk]))

    assert client.get(waiting["Location"]).status_code == 202
    run_queued_jobs(names={*UPDATE_JOBS, stamp_copy.name})
    served = client.get(waiting["Location"])

    assert served.status_code == 200
    pdf = pypdf.PdfReader(io.BytesIO(b"".join(served.streaming_content)))
    assert "Director's cut - page 3" in pdf.pages[2].extract_text()
    assert len(mail.outbox) == 1


def test_a_file_update_job_run_again_leaves_the_remade_copy_downloadable(client):
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    order, _ = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    _publish(asset, comic_pdf("Director's cut", pages=3))
    run_queued_jobs(names={*UPDATE_JOBS, stamp_copy.name})
    (message,) = mail.outbox
    path = re.search(r"/downloads/[A-Za-z0-9_-]{43}/", message.body).group(0)

    send_file_update(order_id=order.pk, asset_id=asset.pk, version=2)  # a retry, a re-run

    assert client.get(path).status_code == 200
    assert run_queued_jobs(names={stamp_copy.name}) == []
    assert len(mail.outbox) == 1


def test_an_announcement_failing_part_way_queues_each_order_once_when_retried(
    settings, monkeypatch
):
    settings.FILE_UPDATE_EMAIL_BATCH = 2
    asset = ComicAssetFactory()
    orders = [fulfilled_order(assets=[asset])[0] for _ in range(4)]
    configure = send_file_update.configure
    second_batch_fails = iter([False, True])

    def configure_failing_once(**options):
        if next(second_batch_fails, False):
            raise ConnectionError("the database connection dropped")
        return configure(**options)

    monkeypatch.setattr(send_file_update, "configure", configure_failing_once)
    with pytest.raises(ConnectionError):
        file_update_announce(asset_id=asset.pk, version=1)
    file_update_announce(asset_id=asset.pk, version=1)

    queued = [json.loads(args)["order_id"] for _, _, args in queued_jobs({send_file_update.name})]
    assert sorted(queued) == [order.pk for order in orders]


@pytest.mark.parametrize("erased", ["before the update", "after its announcement"])
def test_a_new_version_gives_an_erased_customers_order_no_links_copies_or_email(erased):
    """Found by an outside probe: a new file version gave an erased customer's order fresh
    working links and stamped copies, emailed to its placeholder address, undoing what the
    erasure withdrew."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("First cut", pages=2))
    customer = UserFactory()
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    with system_scope():
        assert StampedCopy.objects.filter(order_item__order=order).exists()

    def erase():
        with system_scope():
            account_erase(erasure_id=erasure_request(user=customer).pk)

    if erased == "before the update":
        erase()
    _publish(asset)
    run_queued_jobs(names={announce_file_update.name})
    if erased == "after its announcement":
        erase()
    run_queued_jobs(names={send_file_update.name, stamp_copy.name})

    assert [m for m in mail.outbox if m.subject.startswith("Updated comics")] == []
    with system_scope():
        assert not DownloadLink.objects.filter(order=order, revoked_at__isnull=True).exists()
        assert not StampedCopy.objects.filter(order_item__order=order).exists()


def test_a_new_version_of_a_comic_refunded_from_an_order_sends_that_order_nothing():
    """Found by an outside probe: the buyer was told the comic they had been refunded for had
    a new version, and the working link of the order's other comic was replaced."""
    updated, other = ComicAssetFactory(), ComicAssetFactory()
    order, _ = fulfilled_order(assets=[updated, other])
    PaymentFactory(order=order, stripe_payment_intent_id="pi_u", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        item = order.items.get(comic=updated.comic)
        refund_create_for_items(order=order, item_ids=[item.pk], reason="wrong", actor="t")
        kept = DownloadLink.objects.get(order=order, order_item__comic=other.comic)

    _publish(updated)
    run_queued_jobs(names=UPDATE_JOBS)

    assert [m for m in mail.outbox if m.subject.startswith("Updated comics")] == []
    with system_scope():
        kept.refresh_from_db()
    assert kept.revoked_at is None


def test_the_update_email_names_the_format_that_changed_and_each_links_file():
    """Outside probe FX-5: a new PDF and then a new CBZ of one comic sent two emails that
    read the same ("has a new version (version 2)"), naming no format, no file."""
    pdf = ComicAssetFactory(comic__title="Neon Tide")
    fulfilled_order(assets=[pdf])

    _publish(pdf)
    run_queued_jobs(names=UPDATE_JOBS)

    (message,) = mail.outbox
    ((html, _),) = message.alternatives
    assert "Neon Tide from your order" in message.body
    assert "has a new PDF file (version 2)." in message.body
    assert "has a new PDF file (version 2)." in html
    assert f"- Neon Tide ({pdf.file_name}): " in message.body
    assert "/downloads/library/" in message.body and "/downloads/library/" in html


def test_the_update_email_names_a_renamed_comic_as_sold_then_as_called_now():
    """Outside probe FJ-3: "FJ Renamed Comic … has a new version", then its link named
    "FJ Probe Comic", the title the order sold."""
    asset = ComicAssetFactory(comic__title="Probe Comic")
    fulfilled_order(assets=[asset])
    with system_scope():
        Comic.objects.filter(pk=asset.comic_id).update(title="Renamed Comic")

    _publish(asset)
    run_queued_jobs(names=UPDATE_JOBS)

    (message,) = mail.outbox
    assert message.body.startswith("Probe Comic (now called Renamed Comic) from your order ")
    assert "- Probe Comic" in message.body
