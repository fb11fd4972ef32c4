import io
import re

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction

from catalog.models import Comic, ComicAsset
from catalog.services import (
    AssetChangedMeanwhile,
    AssetFileRefused,
    AssetVersionRefused,
    ComicKept,
    asset_file_store,
    asset_version_record,
    comic_delete,
    comic_save,
)
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus.models import SettingChange
from morpheus.setting_changes import SettingChangedMeanwhile, setting_version
from morpheus.transactions import NetworkCallInTransaction
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, create_order

pytestmark = pytest.mark.django_db


def pikepdf_without_pages() -> bytes:
    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


def test_a_new_file_is_stored_before_any_transaction_and_recorded_as_the_next_version():
    asset = ComicAssetFactory()
    v2 = comic_pdf("Version 2")

    stored = asset_file_store(asset=asset, upload=ContentFile(v2, name="v2.pdf"))
    published = asset_version_record(asset=asset, stored=stored, actor="staff:test")

    assert published.version == 2
    assert ComicAsset.objects.get(pk=asset.pk).file.open("rb").read() == v2


def test_a_version_uploaded_as_the_next_of_one_published_since_is_refused_after_storing():
    """Outside probe FJ-2: two uploads from pages showing the same version both passed the
    page's check, then each was published over the other."""
    asset = ComicAssetFactory()
    mine = asset_file_store(asset=asset, upload=ContentFile(comic_pdf("Mine"), name="m.pdf"))
    theirs = asset_file_store(asset=asset, upload=ContentFile(comic_pdf("Theirs"), name="t.pdf"))
    asset_version_record(asset=asset, stored=theirs, actor="staff:colleague", version_shown=1)

    with pytest.raises(AssetChangedMeanwhile, match="since this page showed version 1"):
        asset_version_record(asset=asset, stored=mine, actor="staff:test", version_shown=1)

    kept = ComicAsset.objects.get(pk=asset.pk)
    assert kept.version == 2
    assert kept.file.open("rb").read() == comic_pdf("Theirs")


def test_a_pdf_read_from_a_temporary_upload_file_is_kept_whole():
    asset = ComicAssetFactory()
    v2 = comic_pdf("Version 2", pages=3)
    with TemporaryUploadedFile("v2.pdf", "application/pdf", len(v2), None) as upload:
        upload.write(v2)
        stored = asset_file_store(asset=asset, upload=upload)

    assert asset.file.storage.open(stored.name).read() == v2
    assert stored.size_bytes == len(v2)


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (comic_pdf("Cut", pages=6)[:1400], "cut.pdf is not a readable PDF: can't find startxref."),
        (b"%PDF-1.7\nthis is not really a pdf", "cut.pdf is not a readable PDF"),
        (pikepdf_without_pages(), "cut.pdf is not a readable PDF: it has no pages."),
    ],
    ids=["truncated", "fake", "no-pages"],
)
def test_a_pdf_that_cannot_be_read_is_refused_in_words(content, refusal):
    asset = ComicAssetFactory()

    with pytest.raises(AssetFileRefused, match=re.escape(refusal)):
        asset_file_store(asset=asset, upload=ContentFile(content, name="cut.pdf"))

    assert ComicAsset.objects.get(pk=asset.pk).version == 1


def test_storing_a_file_inside_a_transaction_is_refused():
    asset = ComicAssetFactory()

    with pytest.raises(NetworkCallInTransaction), transaction.atomic():
        asset_file_store(asset=asset, upload=ContentFile(comic_pdf("Version 2"), name="v2.pdf"))


def test_the_current_file_again_is_refused():
    asset = ComicAssetFactory(content=comic_pdf("Current"))
    current = asset.file.open("rb").read()

    with pytest.raises(AssetVersionRefused):
        asset_file_store(asset=asset, upload=ContentFile(current, name="same.pdf"))


def test_saving_a_comic_records_what_changed_and_nothing_when_nothing_did():
    comic = ComicFactory(price_amount=499, title="Old title")
    comic.title, comic.currency = "New title", "USD"

    comic_save(comic=comic, actor="staff:editor")
    comic_save(comic=comic, actor="staff:editor")

    [change] = SettingChange.objects.filter(model="catalog.comic", object_id=str(comic.pk))
    assert change.changes == {
        "price_amount": [{"amount": 499, "currency": "EUR"}, {"amount": 499, "currency": "USD"}],
        "title": ["Old title", "New title"],
    }
    assert (change.actor, change.object_repr) == ("staff:editor", "New title")


def test_a_comic_edited_on_a_page_older_than_its_last_change_is_refused_and_kept():
    comic = ComicFactory(price_amount=999, currency="JPY", description="")
    loaded = setting_version(comic)
    repriced = Comic.objects.get(pk=comic.pk)
    repriced.price_amount = 1099
    comic_save(comic=repriced, actor="staff:finance", version=loaded)
    comic.description = "Now with a sketchbook."

    with pytest.raises(SettingChangedMeanwhile) as refused:
        comic_save(comic=comic, actor="staff:staff", version=loaded)

    assert [change.actor for change in refused.value.changes] == ["staff:finance"]
    kept = Comic.objects.get(pk=comic.pk)
    assert (kept.price_amount, kept.description) == (1099, "")
    assert "by staff:finance at" in str(refused.value)


def test_deleting_a_draft_records_its_terms_in_the_history():
    draft = ComicFactory(is_active=False, title="Unfinished", price_amount=450)

    with system_scope():
        comic_delete(comic=draft, actor="staff:1")
        (change,) = SettingChange.objects.filter(model="catalog.comic", object_id=str(draft.pk))

    assert change.changes["title"] == ["Unfinished", None]
    assert change.changes["price_amount"] == [{"amount": 450, "currency": "EUR"}, None]


def test_an_ordered_comic_is_kept_and_nothing_is_recorded():
    sold = ComicFactory(title="Sold Out")
    create_order(comics=[sold])

    with system_scope(), pytest.raises(ComicKept, match="Sold Out was ordered"):
        comic_delete(comic=sold, actor="staff:1")

    with system_scope():
        assert Comic.objects.filter(pk=sold.pk).exists()
        assert not SettingChange.objects.filter(model="catalog.comic", object_id=str(sold.pk))
