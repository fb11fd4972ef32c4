import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import ComicAsset
from delivery.tasks import announce_file_update
from demo.files import comic_cbz, comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory
from morpheus_testing.jobs import queued_jobs

pytestmark = pytest.mark.django_db
FAKE_PDF = b"%PDF-1.7\nthis is not really a pdf"
WHOLE_PDF = comic_pdf("Cut", pages=6)
HALF_A_PDF = WHOLE_PDF[: len(WHOLE_PDF) // 2]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_entry(name: str) -> bytes:
    """A CBZ of real pages, with one more page named `name`."""
    pages = zipfile.ZipFile(io.BytesIO(comic_cbz("Slip", pages=1)))
    return _zip({**{n: pages.read(n) for n in pages.namelist()}, name: pages.read("page-001.png")})


def test_staff_upload_a_new_version_and_its_announcement_is_queued(superuser_client):
    asset = ComicAssetFactory()
    url = reverse("admin:catalog_comicasset_change", args=[asset.pk])
    fixed = comic_pdf("Fixed panel 3")
    upload = SimpleUploadedFile("fixed.pdf", fixed)

    response = superuser_client.post(url, {"new_file": upload}, follow=True)

    assert b"Version 2 published" in response.content
    asset = ComicAsset.objects.get(pk=asset.pk)
    assert (asset.version, asset.size_bytes) == (2, len(fixed))
    assert asset.file.open("rb").read() == fixed
    assert [name for _, name, _ in queued_jobs({announce_file_update.name})] == [
        announce_file_update.name
    ]


def test_a_new_version_from_a_page_showing_an_older_one_is_refused_naming_the_one_since(
    superuser_client,
):
    """Outside probe FJ-2: two staff uploading from pages showing the same version were both
    told "published"; one file replaced the other without a word."""
    asset = ComicAssetFactory()
    url = reverse("admin:catalog_comicasset_change", args=[asset.pk])
    page = superuser_client.get(url).content.decode()
    shown = re.search(r'name="version_shown" value="(\d+)"', page).group(1)
    superuser_client.post(url, {"new_file": SimpleUploadedFile("a.pdf", comic_pdf("A's"))})

    late = superuser_client.post(
        url,
        {"new_file": SimpleUploadedFile("b.pdf", comic_pdf("B's")), "version_shown": shown},
        follow=True,
    )

    assert "Version 2 of" in late.text and "since this page showed version 1" in late.text
    assert "Nothing was published" in late.text
    asset = ComicAsset.objects.get(pk=asset.pk)
    assert asset.version == 2
    assert asset.file.open("rb").read() == comic_pdf("A's")


def test_saving_without_a_file_changes_nothing(superuser_client):
    asset = ComicAssetFactory()

    superuser_client.post(reverse("admin:catalog_comicasset_change", args=[asset.pk]), {})

    assert ComicAsset.objects.get(pk=asset.pk).version == 1


def test_uploading_the_current_file_again_is_refused_with_a_warning(superuser_client):
    asset = ComicAssetFactory(content=comic_pdf("Current"))
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


@pytest.mark.parametrize("viewer", ["support_client", "finance_client"])
def test_staff_who_may_only_view_files_are_offered_no_upload(request, viewer):
    """Outside probe FJ: Support and Finance were shown the upload's row, "New file", with
    nothing to upload in it."""
    asset = ComicAssetFactory()

    response = request.getfixturevalue(viewer).get(
        reverse("admin:catalog_comicasset_change", args=[asset.pk])
    )

    assert response.status_code == 200
    assert asset.sha256 in response.text
    assert ">New file</label>" not in response.text
    assert ">Version shown</label>" not in response.text


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("empty.pdf", b"", "The file is empty"),
        ("notes.pdf", b"just some text\n", "is not a PDF"),
        ("pages.cbz", comic_cbz("Wrong slot", pages=1), "is not a PDF"),
        ("cut.pdf", HALF_A_PDF, "cut.pdf is not a readable PDF: can&#x27;t find startxref"),
        ("fake.pdf", FAKE_PDF, "fake.pdf is not a readable PDF"),
    ],
    ids=["empty", "text", "cbz-in-a-pdf-slot", "truncated-pdf", "fake-pdf"],
)
def test_a_new_version_that_is_not_a_file_of_its_format_is_refused_and_nobody_is_emailed(
    superuser_client, name, content, refusal
):
    asset = ComicAssetFactory()
    url = reverse("admin:catalog_comicasset_change", args=[asset.pk])

    response = superuser_client.post(
        url, {"new_file": SimpleUploadedFile(name, content)}, follow=True
    )

    assert refusal in response.content.decode()
    assert ComicAsset.objects.get(pk=asset.pk).version == 1
    assert queued_jobs({announce_file_update.name}) == []


def first_file(client, comic, fmt: str, name: str, content: bytes):
    return client.post(
        reverse("admin:catalog_comicasset_add"),
        {"comic": comic.pk, "format": fmt, "upload": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_new_comic_gets_its_first_files_and_can_then_go_on_sale(superuser_client):
    comic = ComicFactory(file=False, is_active=False)
    comic_page = superuser_client.get(reverse("admin:catalog_comic_change", args=[comic.pk]))

    pdf = first_file(superuser_client, comic, "pdf", "book.pdf", comic_pdf("First", pages=1))
    cbz = first_file(superuser_client, comic, "cbz", "book.cbz", comic_cbz("First", pages=1))
    again = first_file(superuser_client, comic, "pdf", "other.pdf", comic_pdf("Another"))

    assert f"{reverse('admin:catalog_comicasset_add')}?comic={comic.pk}&amp;format=pdf" in (
        comic_page.content.decode()
    )
    assert "added" in pdf.content.decode() and "added" in cbz.content.decode()
    assert "Comic asset with this Comic and Format already exists." in again.content.decode()
    with system_scope():
        files = dict(ComicAsset.objects.filter(comic=comic).values_list("format", "version"))
        assert files == {"pdf": 1, "cbz": 1}
        assert ComicAsset.objects.get(comic=comic, format="pdf").file.open("rb").read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("fmt", "name", "content", "refusal"),
    [
        ("cbz", "text.cbz", b"not a zip", "text.cbz is not a CBZ (not a ZIP archive)"),
        ("epub", "text.epub", b"not a zip", "text.epub is not an EPUB (not a ZIP archive)"),
        ("cbz", "empty.cbz", _zip({"notes.txt": b"x"}), "holds no page images"),
        ("cbz", "junk.cbz", _zip({"page-001.jpg": b"x" * 40}), "its page page-001.jpg is no image"),
        ("pdf", "fake.pdf", FAKE_PDF, "fake.pdf is not a readable PDF"),
        ("pdf", "cut.pdf", HALF_A_PDF, "cut.pdf is not a readable PDF"),
        ("epub", "book.epub", _zip({"chapter.xhtml": b"<p/>"}), "no EPUB mimetype entry"),
        ("cbz", "up.cbz", _with_entry("../../tmp/x.png"), "entry named ../../tmp/x.png: a step up"),
        ("cbz", "root.cbz", _with_entry("/abs/x.png"), "entry named /abs/x.png: an absolute path"),
        ("cbz", "win.cbz", _with_entry("..\\x.png"), "entry named ..\\x.png: a backslash, which"),
        (
            "cbz",
            "dir.cbz",
            _with_entry("dir\\x.png"),
            "named dir\\x.png: a backslash, which unzips",
        ),
        ("cbz", "drive.cbz", _with_entry("C:/x.png"), "entry named C:/x.png: a drive, which"),
    ],
    ids=[
        "not-a-zip",
        "epub-not-a-zip",
        "no-pages",
        "junk-page",
        "fake-pdf",
        "truncated-pdf",
        "epub-without-mimetype",
        "entry-up-the-tree",
        "entry-from-the-root",
        "entry-with-backslashes",
        "entry-in-a-folder-named-with-a-backslash",
        "entry-on-a-drive",
    ],
)
def test_a_first_file_that_is_not_of_its_format_is_refused(
    superuser_client, fmt, name, content, refusal
):
    comic = ComicFactory(file=False, is_active=False)

    response = first_file(superuser_client, comic, fmt, name, content)

    assert refusal in response.content.decode()
    with system_scope():
        assert not ComicAsset.objects.filter(comic=comic).exists()
