import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import ComicAsset
from delivery.tasks import announce_file_update
from morpheus_testing.factories import ComicAssetFactory
from morpheus_testing.jobs import queued_jobs

pytestmark = pytest.mark.django_db


def test_staff_upload_a_new_version_and_its_announcement_is_queued(superuser_client):
    asset = ComicAssetFactory()
    url = reverse("admin:catalog_comicasset_change", args=[asset.pk])
    upload = SimpleUploadedFile("fixed.pdf", b"%PDF-1.4 fixed panel 3\n")

    response = superuser_client.post(url, {"new_file": upload}, follow=True)

    assert b"Version 2 published" in response.content
    asset = ComicAsset.objects.get(pk=asset.pk)
    assert (asset.version, asset.size_bytes) == (2, len(b"%PDF-1.4 fixed panel 3\n"))
    assert asset.file.open("rb").read() == b"%PDF-1.4 fixed panel 3\n"
    assert [name for _, name, _ in queued_jobs({announce_file_update.name})] == [
        announce_file_update.name
    ]


def test_saving_without_a_file_changes_nothing(superuser_client):
    asset = ComicAssetFactory()

    superuser_client.post(reverse("admin:catalog_comicasset_change", args=[asset.pk]), {})

    assert ComicAsset.objects.get(pk=asset.pk).version == 1


def test_uploading_the_current_file_again_is_refused_with_a_warning(superuser_client):
    asset = ComicAssetFactory()
    current = asset.file.open("rb").read()
    url = reverse("admin:catalog_comicasset_change", args=[asset.pk])

    response = superuser_client.post(
        url, {"new_file": SimpleUploadedFile("same.pdf", current)}, follow=True
    )

    assert b"This file is the current version already." in response.content
    assert ComicAsset.objects.get(pk=asset.pk).version == 1


def test_the_change_page_shows_the_upload_field(superuser_client):
    asset = ComicAssetFactory()

    response = superuser_client.get(reverse("admin:catalog_comicasset_change", args=[asset.pk]))

    assert response.status_code == 200
    assert b'name="new_file"' in response.content
