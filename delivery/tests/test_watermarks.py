import hashlib
import io
import zipfile

import pikepdf
import pypdf
import pytest
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetFormat, Comic, ComicAsset
from delivery.models import DownloadEvent, DownloadLink, StampedCopy
from delivery.stamping import CREDITS_PAGE_NAME, METADATA_KEY
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order
from delivery.watermarks import stamped_copy_make, stamped_copy_request_late
from demo.files import comic_cbz, comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory
from morpheus_testing.jobs import run_queued_jobs
from orders.models import OrderEvent, OrderEventType

pytestmark = pytest.mark.django_db

PAGES = 5


def _pdf_asset(*, stamp: bool = True):
    content = comic_pdf("Neon Tide", pages=PAGES)
    return ComicAssetFactory(comic__stamp_downloads=stamp, content=content)


def _cbz_asset():
    content = comic_cbz("Paper Moons", pages=3)
    return ComicAssetFactory(
        comic__stamp_downloads=True,
        content=content,
        format=AssetFormat.CBZ,
        content_type="application/vnd.comicbook+zip",
        file_name="paper-moons.cbz",
    )


def _buy(asset):
    order, (link,) = fulfilled_order(
        customer=UserFactory(email="reader.one@example.com"), assets=[asset]
    )
    return order, link


def _stamp_all() -> list[str]:
    return run_queued_jobs(names={stamp_copy.name})


def _downloaded(client, link) -> bytes:
    response = client.get(link.path)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_every_page_of_the_downloaded_pdf_and_its_metadata_name_the_buyer_and_order(client):
    order, link = _buy(_pdf_asset())
    assert _stamp_all() == [stamp_copy.name]

    reader = pypdf.PdfReader(io.BytesIO(_downloaded(client, link)))

    line = f"Licensed to reader.one@example.com - order {order.number}"
    assert len(reader.pages) == PAGES
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert line in text, f"page {number}"
        assert f"Neon Tide - page {number}" in text
    assert reader.metadata[METADATA_KEY] == line
    assert line in reader.xmp_metadata.dc_rights.values()


def _pdf_described(*, xmp: dict[str, str] | None = None) -> bytes:
    """A comic PDF whose information dictionary names its title and author, and (`xmp`)
    with XMP entries of its own."""
    with pikepdf.open(io.BytesIO(comic_pdf("Neon Tide", pages=2))) as pdf:
        pdf.docinfo["/Author"] = "Iris Vale"
        pdf.docinfo["/Subject"] = "Issue 1"
        if xmp:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                for key, value in xmp.items():
                    meta[key] = value
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_the_downloaded_pdf_keeps_the_title_and_author_of_the_original(client):
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=_pdf_described())
    order, link = _buy(asset)
    _stamp_all()

    with pikepdf.open(io.BytesIO(_downloaded(client, link))) as copy:
        info = {str(key): str(value) for key, value in copy.docinfo.items()}
        meta = copy.open_metadata()
        xmp = {key: meta[key] for key in ("dc:title", "dc:creator", "dc:description")}
        rights = meta["dc:rights"]

    line = f"Licensed to reader.one@example.com - order {order.number}"
    assert info == {
        "/Title": "Neon Tide",
        "/Author": "Iris Vale",
        "/Subject": "Issue 1",
        METADATA_KEY: line,
    }
    assert xmp == {
        "dc:title": "Neon Tide",
        "dc:creator": ["Iris Vale"],
        "dc:description": "Issue 1",
    }
    assert rights == line


def test_the_downloaded_pdf_keeps_the_originals_own_xmp_entries(client):
    content = _pdf_described(xmp={"dc:title": "Neon Tide (XMP)", "xmp:CreatorTool": "Inkwell"})
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=content)
    _, link = _buy(asset)
    _stamp_all()

    with pikepdf.open(io.BytesIO(_downloaded(client, link))) as copy:
        title = str(copy.docinfo["/Title"])
        meta = copy.open_metadata()
        xmp = {key: meta[key] for key in ("dc:title", "xmp:CreatorTool", "dc:creator")}

    assert title == "Neon Tide"
    assert xmp == {
        "dc:title": "Neon Tide (XMP)",
        "xmp:CreatorTool": "Inkwell",
        "dc:creator": ["Iris Vale"],
    }


def test_the_library_shows_the_size_of_the_file_a_download_serves_once_it_is_stamped(client):
    asset = _pdf_asset()
    order, link = _buy(asset)
    client.force_login(order.customer)
    library = reverse("delivery:library")
    before = client.get(library).text
    _stamp_all()

    served = _downloaded(client, link)
    after = client.get(library).text

    assert len(served) != asset.size_bytes
    shown = 'PDF</button>\n            <span class="hint">{}<'
    assert shown.format(filesizeformat(asset.size_bytes)) in before
    assert shown.format(filesizeformat(len(served))) in after
    # Outside probe HY-4: "licensed to you by name", of copies stamped with the address.
    assert "Your copies carry your email address and order number, as licensed to you" in after


def test_once_staff_switch_stamping_off_the_library_gives_the_originals_size_and_no_stamp(
    client,
):
    """Outside probe HZ-1: the library still said the copies carry the buyer's address, and
    gave the stamped copy's size, while the original was served."""
    asset = _pdf_asset()
    order, link = _buy(asset)
    client.force_login(order.customer)
    _stamp_all()
    _downloaded(client, link)
    with system_scope():
        Comic.objects.filter(pk=asset.comic_id).update(stamp_downloads=False)

    served = _downloaded(client, link)
    page = client.get(reverse("delivery:library")).text

    assert len(served) == asset.size_bytes
    shown = 'PDF</button>\n            <span class="hint">{}<'
    assert shown.format(filesizeformat(asset.size_bytes)) in page
    assert "Your copies carry your email address" not in page


def test_a_library_of_stamped_and_unstamped_comics_says_which_copies_carry_the_address(
    client,
):
    """Outside probe IA-1: the library said of every copy that it carries the buyer's
    address, and that its sizes differ from the comic's page, where one comic was not
    stamped and its sizes were its page's."""
    stamped, plain = _pdf_asset(), _pdf_asset(stamp=False)
    customer = UserFactory(email="reader.one@example.com")
    fulfilled_order(customer=customer, assets=[stamped, plain])
    client.force_login(customer)

    page = client.get(reverse("delivery:library")).text

    entries = {
        title: entry
        for entry in page.split('data-testid="library-entry"')[1:]
        for title in (stamped.comic.title, plain.comic.title)
        if f"<h2>{title}</h2>" in entry
    }
    assert "Your copies carry your email address" not in page
    said = "Your copies of this comic carry your email address and order number"
    assert said in entries[stamped.comic.title]
    assert said not in entries[plain.comic.title]


def test_the_downloaded_cbz_ends_with_a_credits_page_and_its_comment_holds_the_line(client):
    asset = _cbz_asset()
    order, link = _buy(asset)
    _stamp_all()

    archive = zipfile.ZipFile(io.BytesIO(_downloaded(client, link)))

    original = zipfile.ZipFile(asset.file.open("rb"))
    assert archive.namelist() == [*original.namelist(), CREDITS_PAGE_NAME]
    for name in original.namelist():
        assert archive.read(name) == original.read(name)
    assert archive.read(CREDITS_PAGE_NAME).startswith(b"\x89PNG\r\n\x1a\n")
    assert archive.comment.decode() == (
        f"Licensed to reader.one@example.com - order {order.number}"
    )


def test_before_the_copy_is_made_the_link_page_says_so_reloads_and_counts_nothing(client, settings):
    settings.STAMPED_COPY_REFRESH_SECONDS = 5
    order, link = _buy(_pdf_asset())

    response = client.get(link.path)

    assert response.status_code == 202
    assert b'<meta http-equiv="refresh" content="5">' in response.content
    assert b"reloads by itself every 5 seconds" in response.content
    assert b"Preparing your copy" in response.content
    assert response["Retry-After"] == "5"
    assert DownloadLink.objects.get(order=order).download_count == 0


def test_a_refused_link_is_refused_even_while_its_copy_is_being_made(client):
    order, link = _buy(_pdf_asset())
    DownloadLink.objects.filter(order=order).update(download_count=5, max_downloads=5)

    response = client.get(link.path)

    assert response.status_code == 403


def test_with_stamping_off_for_the_comic_the_original_file_is_served_at_once(client):
    asset = _pdf_asset(stamp=False)
    _, link = _buy(asset)

    assert _stamp_all() == []
    assert _downloaded(client, link) == asset.file.open("rb").read()


def test_a_link_without_a_copy_asks_for_one_when_used(client):
    asset = _pdf_asset(stamp=False)
    order, link = _buy(asset)
    ComicFactory._meta.model.objects.filter(pk=asset.comic_id).update(stamp_downloads=True)

    assert client.get(link.path).status_code == 202
    assert _stamp_all() == [stamp_copy.name]
    body = _downloaded(client, link)

    assert order.number in pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_the_copy_is_stored_privately_per_order_item_and_a_rerun_job_changes_nothing():
    asset = _pdf_asset()
    order, _ = _buy(asset)
    _stamp_all()
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    stored = asset.file.storage.open(copy.storage_name, "rb").read()

    assert stamped_copy_make(copy_id=copy.pk, requested_at=copy.requested_at) is False
    assert copy.storage_name.startswith(f"stamped/{order.number}/{copy.order_item_id}/")
    assert copy.size_bytes == len(stored)
    assert hashlib.sha256(stored).hexdigest() != asset.sha256


def test_asking_for_the_copies_of_several_stamped_comics_reads_their_files_at_once():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from delivery.watermarks import stamped_copies_request

    order, _ = fulfilled_order(assets=[_pdf_asset(), _cbz_asset(), _pdf_asset(stamp=False)])

    with system_scope(), CaptureQueriesContext(connection) as queries:
        requested = stamped_copies_request(order_id=order.pk)

    assert requested == 2
    asset_reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and 'FROM "catalog_comicasset"' in q["sql"]
    ]
    assert len(asset_reads) == 1
    with system_scope():
        assert StampedCopy.objects.filter(order=order).count() == 2


def test_a_stamped_copy_whose_file_is_gone_is_made_again_counting_nothing(client):
    order, link = _buy(_pdf_asset())
    _stamp_all()
    assert client.get(link.path).status_code == 200  # delivers the order
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    copy.asset.file.storage.delete(copy.storage_name)  # a clean-up of the stamped folder

    waiting = client.get(link.path)

    assert waiting.status_code == 202
    assert b"Preparing your copy" in waiting.content
    assert DownloadLink.objects.get(order=order).download_count == 1
    assert DownloadEvent.objects.filter(link__order=order).count() == 1
    assert _stamp_all() == [stamp_copy.name]
    body = _downloaded(client, link)
    assert order.number in pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert DownloadLink.objects.get(order=order).download_count == 2


def _copy_history(order) -> list[tuple[str, str, str]]:
    """The order's stamped copy rows: (action, actor, reason)."""
    with system_scope():
        rows = OrderEvent.objects.filter(order=order, type=OrderEventType.STAMPED_COPY)
        return [(e.data["action"], e.actor, e.reason) for e in rows.order_by("pk")]


def test_a_copy_made_again_for_its_missing_file_is_one_row_of_the_orders_history(client):
    """Support could not tell a customer why their download said "Preparing your copy":
    only the log said the copy was gone."""
    asset = _pdf_asset()
    order, link = _buy(asset)
    _stamp_all()
    client.get(link.path)
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)

    assert client.get(link.path).status_code == 202
    assert client.get(link.path).status_code == 202  # reloaded while it is made

    title = order.items.get().title
    assert _copy_history(order) == [
        (
            "remade",
            "system:downloads",
            f"The customer's copy of {title} ({asset.file_name}) was missing from the "
            "storage at a download: a new one is being made, the link says “Preparing "
            "your copy” until then",
        )
    ]


@pytest.mark.django_db(transaction=True)
def test_two_downloads_at_once_finding_the_copy_missing_ask_for_it_and_record_it_once():
    order, link = _buy(_pdf_asset())
    _stamp_all()
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    copy.asset.file.storage.delete(copy.storage_name)

    statuses = at_once(lambda: Client().get(link.path).status_code, times=2)

    assert statuses == [202, 202]
    assert [action for action, _, _ in _copy_history(order)] == ["remade"]
    assert _stamp_all() == [stamp_copy.name]


def test_two_downloads_finding_the_copy_of_the_version_before_ask_for_the_new_one_once():
    asset = _pdf_asset()
    order, _ = _buy(asset)
    _stamp_all()
    ComicAsset.objects.filter(pk=asset.pk).update(version=2, version_published_at=timezone.now())

    for _download in range(2):
        stamped_copy_request_late(order_id=order.pk, asset_id=asset.pk)

    assert _stamp_all() == [stamp_copy.name]


def test_a_copy_dropped_for_its_missing_original_is_one_row_of_the_orders_history():
    """Support could not tell a customer why their download said "Download temporarily
    unavailable": only the log named the missing file."""
    asset = _pdf_asset()
    order, _ = _buy(asset)
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(asset.file.name)

    assert _stamp_all() == [stamp_copy.name]
    assert stamped_copy_make(copy_id=copy.pk, requested_at=copy.requested_at) is False

    title = order.items.get().title
    assert _copy_history(order) == [
        (
            "dropped",
            "system:stamping",
            f"The original of {title} ({asset.file.name}) is missing from the storage: its "
            "downloads answer “Download temporarily unavailable” until the file is put "
            "back, then the next download has the copy made",
        )
    ]


def _used_up_with_its_copy_gone(client):
    """A link whose one download was served, then its stamped copy deleted."""
    asset = _pdf_asset()
    order, link = _buy(asset)
    _stamp_all()
    with system_scope():
        DownloadLink.objects.filter(order=order).update(max_downloads=1)
        copy = StampedCopy.objects.get(order=order)
    _downloaded(client, link)
    asset.file.storage.delete(copy.storage_name)
    return asset, order, link


def test_a_used_up_link_whose_copy_went_missing_says_download_limit_reached_and_asks_nothing(
    client,
):
    """Outside probe AY (AY-3): it said "Preparing your copy", had the copy made again and
    told Support the link said so until then, then answered "Download limit reached"."""
    _, order, link = _used_up_with_its_copy_gone(client)

    responses = [client.get(link.path) for _ in range(3)]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert b"Download limit reached" in responses[0].content
    assert b"used for its one download" in responses[0].content
    assert _copy_history(order) == []
    assert _stamp_all() == []
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_used_up_link_whose_copy_and_original_went_missing_says_download_limit_reached(
    client,
):
    asset, order, link = _used_up_with_its_copy_gone(client)
    asset.file.storage.delete(asset.file.name)

    response = client.get(link.path)

    assert response.status_code == 403
    assert b"Download limit reached" in response.content
    assert _copy_history(order) == []


def test_a_stamped_copy_gone_with_its_original_answers_503_and_logs_the_file(client, caplog):
    asset = _pdf_asset()
    order, link = _buy(asset)
    _stamp_all()
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    storage = asset.file.storage
    storage.delete(copy.storage_name)
    storage.delete(asset.file.name)

    response = client.get(link.path)

    assert response.status_code == 503
    assert b"Download temporarily unavailable" in response.content
    assert b"Nothing was counted" in response.content
    assert DownloadLink.objects.get(order=order).download_count == 0
    assert _stamp_all() == []
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(asset.file.name in message for message in errors)


def test_a_copy_gone_with_its_original_is_one_row_of_the_orders_history_however_often_asked(
    client,
):
    """Outside probe AX (AX-7): every download of it answered 503 "Download temporarily
    unavailable" and only the log said why; the order's timeline said nothing."""
    asset = _pdf_asset()
    order, link = _buy(asset)
    _stamp_all()
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    storage = asset.file.storage
    with storage.open(asset.file.name, "rb") as original:
        content = original.read()
    storage.delete(copy.storage_name)
    storage.delete(asset.file.name)

    missing = [client.get(link.path).status_code for _ in range(3)]
    storage.save(asset.file.name, io.BytesIO(content))
    asked_again = client.get(link.path).status_code
    _stamp_all()

    assert missing == [503, 503, 503]
    assert asked_again == 202
    assert (
        order.number
        in pypdf.PdfReader(io.BytesIO(_downloaded(client, link))).pages[0].extract_text()
    )
    title = order.items.get().title
    assert _copy_history(order) == [
        (
            "unavailable",
            "system:downloads",
            f"The customer's copy of {title} and its original ({asset.file.name}) are missing "
            "from the storage: its downloads answer “Download temporarily unavailable” until "
            "the original is put back, then the next download has the copy made",
        )
    ]


def test_a_copy_asked_for_while_its_original_is_missing_answers_503_then_is_made_once_back(
    client, caplog
):
    """Outside probe AU (AU-1): the copy's job failed on the missing original and every
    later download read "Yours is being made right now" for ever, the original put back
    or not."""
    asset = _pdf_asset()
    order, link = _buy(asset)
    storage = asset.file.storage
    with storage.open(asset.file.name, "rb") as original:
        content = original.read()
    storage.delete(asset.file.name)

    assert _stamp_all() == [stamp_copy.name]  # it finds the original missing
    missing = client.get(link.path)
    storage.save(asset.file.name, io.BytesIO(content))
    asked_again = client.get(link.path)
    _stamp_all()

    assert missing.status_code == 503
    assert b"Download temporarily unavailable" in missing.content
    assert asked_again.status_code == 202
    assert (
        order.number
        in pypdf.PdfReader(io.BytesIO(_downloaded(client, link))).pages[0].extract_text()
    )
    assert DownloadLink.objects.get(order=order).download_count == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(asset.file.name in message for message in errors)
