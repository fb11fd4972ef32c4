import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from morpheus_testing.factories import ComicAssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_assets_and_an_empty_bucket(s3_asset_storage, tmp_path):
    """A shop whose comic files are in its local folder, switched to a new, empty bucket."""
    assets = [ComicAssetFactory(content=f"%PDF-1.4 comic {n}\n".encode() * 40) for n in range(2)]
    for asset in assets:
        local = tmp_path / asset.file.name
        local.parent.mkdir(parents=True, exist_ok=True)
        with s3_asset_storage.open(asset.file.name, "rb") as stored:
            local.write_bytes(stored.read())
        s3_asset_storage.delete(asset.file.name)
    return assets, tmp_path


def test_checking_a_bucket_without_the_shops_files_fails_naming_each(
    local_assets_and_an_empty_bucket, capsys
):
    """Found by an outside probe: switched to S3, the shop started clean and every download
    failed at the bucket."""
    assets, _ = local_assets_and_an_empty_bucket

    with pytest.raises(CommandError, match="lacks 2 comic file"):
        call_command("assets_sync_to_storage", "--check")

    errors = capsys.readouterr().err
    assert all(f"missing: {asset.file.name}" in errors for asset in assets)


def test_syncing_copies_the_local_files_into_the_bucket_once(
    local_assets_and_an_empty_bucket, s3_asset_storage, capsys
):
    assets, folder = local_assets_and_an_empty_bucket

    call_command("assets_sync_to_storage", "--source", str(folder))
    call_command("assets_sync_to_storage", "--source", str(folder))

    output = capsys.readouterr().out
    assert "Copied 2 file(s); 0 already there" in output
    assert "Copied 0 file(s); 2 already there at the same size" in output
    assert "The asset storage holds every comic's file." in output
    for asset in assets:
        with s3_asset_storage.open(asset.file.name, "rb") as stored:
            assert stored.read() == (folder / asset.file.name).read_bytes()
    call_command("assets_sync_to_storage", "--check")
