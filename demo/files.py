"""Real, small comic files for the demo shop and the tests: a multi-page PDF (one panel and
a caption per page) and a CBZ (one PNG per page)."""

import io
import zipfile
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont

from delivery.stamping import helvetica

PAGE_SIZE = (612, 792)
CBZ_PAGE_SIZE = (600, 850)
# A zip entry carries a date (the current time unless given): every entry gets this one, so
# the same comic is the same bytes whenever it is made.
CBZ_ENTRY_DATE = (1980, 1, 1, 0, 0, 0)
PAGE_COLOURS = ("#3b2f63", "#1f4e5f", "#6b2d3c", "#2f5a3a", "#5a4a1f", "#2d3f6b")


def comic_pdf(title: str, *, pages: int = 4, filler_bytes: int = 0) -> bytes:
    out = io.BytesIO()
    write_comic_pdf(out, title, pages=pages, filler_bytes=filler_bytes)
    return out.getvalue()


def write_comic_pdf(
    target: Path | io.BytesIO, title: str, *, pages: int, filler_bytes: int
) -> None:
    """`filler_bytes` adds an incompressible image of that size to every page (benchmarks)."""
    pdf = pikepdf.new()
    font = helvetica(pdf)
    for number in range(1, pages + 1):
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        drawing = _page_drawing(title, number)
        if filler_bytes:
            resources.XObject = pikepdf.Dictionary(Im1=_noise_image(pdf, number, filler_bytes))
            drawing += b" q 200 0 0 200 206 260 cm /Im1 Do Q"
        page = pdf.add_blank_page(page_size=PAGE_SIZE)
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(drawing)
    pdf.docinfo["/Title"] = title
    # qpdf's default /ID hashes the current time: the same comic made a second later would
    # be another file, and the same file published again must be recognised as the same.
    pdf.save(target, deterministic_id=True)


def _page_drawing(title: str, number: int) -> bytes:
    colour = PAGE_COLOURS[number % len(PAGE_COLOURS)]
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    caption = f"{title} - page {number}".encode("cp1252", errors="replace")
    caption = caption.replace(b"(", b"\\(").replace(b")", b"\\)")
    return (
        b"%.3f %.3f %.3f rg 54 160 504 560 re f "
        b"BT /F1 20 Tf 0 g 72 110 Td (%s) Tj ET "
        b"BT /F1 12 Tf 72 86 Td (Panel %d: the dream goes on.) Tj ET" % (r, g, b, caption, number)
    )


def _noise_image(pdf: pikepdf.Pdf, number: int, size: int) -> pikepdf.Stream:
    side = max(1, int((size / 3) ** 0.5))
    data = _noise(side * side * 3, seed=number)
    image = pdf.make_stream(data)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width = image.Height = side
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    return image


def _noise(length: int, *, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(length)  # noqa: S311 (filler, not a secret)


def comic_cbz(title: str, *, pages: int = 4) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            _cbz_entry("ComicInfo.xml"),
            f"<ComicInfo><Title>{title}</Title></ComicInfo>",
        )
        for number in range(1, pages + 1):
            archive.writestr(
                _cbz_entry(f"page-{number:03d}.png"),
                _cbz_page(title, number),
            )
    return out.getvalue()


def _cbz_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, CBZ_ENTRY_DATE)
    entry.external_attr = 0o644 << 16  # a readable file when unpacked
    return entry


def _cbz_page(title: str, number: int) -> bytes:
    page = Image.new("RGB", CBZ_PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 560, 680), fill=PAGE_COLOURS[number % len(PAGE_COLOURS)])
    font = ImageFont.load_default(size=26)
    draw.text((300, 740), f"{title} - page {number}", fill="#222222", font=font, anchor="mm")
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
