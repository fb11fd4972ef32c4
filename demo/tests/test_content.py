import hashlib
import io
import time
import zipfile

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from backoffice.staff_groups import FINANCE, SUPPORT
from catalog.models import Comic, ComicAsset
from demo.content import DEMO_PASSWORD
from demo.files import comic_cbz, comic_pdf
from promotions.models import Bundle, DiscountCode


@pytest.mark.django_db
def test_seed_demo_loads_comics_with_real_files_and_prints_logins(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    output = capsys.readouterr().out
    assert "staff / morpheus-demo" in output
    assert "alice / morpheus-demo" in output
    assert Comic.objects.count() == 5
    assert Comic.objects.filter(price_amount=0).count() == 1  # the free comic
    assert sorted(DiscountCode.objects.values_list("code", flat=True)) == [
        "FIVEOFF",
        "TRILOGY20",
        "WELCOME10",
    ]
    bundle = Bundle.objects.get()
    assert bundle.comics.count() == 3
    assert list(DiscountCode.objects.get(code="TRILOGY20").bundles.all()) == [bundle]
    for asset in ComicAsset.objects.all():
        content = asset.file.open("rb").read()
        assert hashlib.sha256(content).hexdigest() == asset.sha256
        assert len(content) == asset.size_bytes
        if asset.format == "pdf":
            pages = pypdf.PdfReader(io.BytesIO(content)).pages
            assert len(pages) == 6
            assert f"{asset.comic.title} - page 6" in pages[5].extract_text()
        else:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
            assert names == ["ComicInfo.xml", *(f"page-{n:03d}.png" for n in range(1, 7))]


@pytest.mark.django_db
def test_a_demo_login_whose_password_was_changed_is_not_printed_with_the_demo_password(capsys):
    """Found by an outside probe: `make run` went on printing bob's demo password after bob
    had changed it."""
    call_command("seed_demo")
    bob = get_user_model().objects.get(username="bob")
    bob.set_password("bobs-own-secret-42")
    bob.save()
    capsys.readouterr()

    call_command("seed_demo")

    output = capsys.readouterr().out
    assert "bob / (its own password, changed since the demo began)  - customer" in output
    assert "alice / morpheus-demo  - customer" in output


@pytest.mark.django_db
def test_seed_demo_adds_a_support_and_a_finance_member_who_can_sign_in(capsys, client):
    call_command("seed_demo")

    output = capsys.readouterr().out
    assert "support / morpheus-demo  - staff: Support (admin at /admin/)" in output
    assert "finance / morpheus-demo  - staff: Finance (admin at /admin/)" in output
    for username, group in (("support", SUPPORT), ("finance", FINANCE)):
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.is_staff and not user.is_superuser
        assert client.login(username=username, password=DEMO_PASSWORD)


def test_a_comic_file_made_again_in_another_second_is_the_same_file():
    """Publishing a file that is the current version already is refused by its digest, so
    the demo's and the tests' files must not change with the clock (PDF /ID, zip dates)."""
    first_pdf, first_cbz = comic_pdf("Same"), comic_cbz("Same")
    time.sleep(1.05 - time.time() % 1)  # into the next second of the clock

    assert comic_pdf("Same") == first_pdf
    assert comic_cbz("Same") == first_cbz
