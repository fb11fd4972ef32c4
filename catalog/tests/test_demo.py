import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command

from catalog.models import Comic, ComicAsset


@pytest.mark.django_db
def test_seed_demo_loads_comics_with_real_files_and_prints_logins(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    output = capsys.readouterr().out
    assert "staff / morpheus-demo" in output
    assert "alice / morpheus-demo" in output
    assert Comic.objects.count() == 4
    for asset in ComicAsset.objects.all():
        content = asset.file.open("rb").read()
        assert hashlib.sha256(content).hexdigest() == asset.sha256
        assert len(content) == asset.size_bytes
        if asset.format == "pdf":
            assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
        else:
            assert "ComicInfo.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()
