import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from catalog.models import ComicAsset
from catalog.services import (
    AssetVersionRefused,
    asset_file_store,
    asset_version_record,
    comic_save,
)
from morpheus.models import SettingChange
from morpheus.transactions import NetworkCallInTransaction
from morpheus_testing.factories import ComicAssetFactory, ComicFactory

pytestmark = pytest.mark.django_db


def test_a_new_file_is_stored_before_any_transaction_and_recorded_as_the_next_version():
    asset = ComicAssetFactory()

    stored = asset_file_store(asset=asset, upload=ContentFile(b"%PDF-1.4 v2\n", name="v2.pdf"))
    published = asset_version_record(asset=asset, stored=stored, actor="staff:test")

    assert published.version == 2
    assert ComicAsset.objects.get(pk=asset.pk).file.open("rb").read() == b"%PDF-1.4 v2\n"


def test_storing_a_file_inside_a_transaction_is_refused():
    asset = ComicAssetFactory()

    with pytest.raises(NetworkCallInTransaction), transaction.atomic():
        asset_file_store(asset=asset, upload=ContentFile(b"%PDF-1.4 v2\n", name="v2.pdf"))


def test_the_current_file_again_is_refused():
    asset = ComicAssetFactory()
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
