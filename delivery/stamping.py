"""Per-buyer stamps on comic files: file in, file out, in bounded memory.

PDF: qpdf (pikepdf) reads objects lazily from the source file and copies every stream's
bytes as they are (no decoding), so memory follows the number of objects, not the file's
size; each page gets one small content stream drawing the licence line along its bottom
edge, and the line joins the document information and XMP metadata, which keep their
entries.
CBZ: every entry is copied chunk by chunk into a new archive, then a credits page (a PNG
holding the licence line) is added last and the line becomes the archive comment.
"""

import io
import shutil
import zipfile
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont

COPY_CHUNK_BYTES = 1024 * 1024
CREDITS_PAGE_NAME = "zzzz-licensed-copy.png"
CREDITS_PAGE_SIZE = (1200, 1700)
STAMP_FONT_SIZE = 7
STAMP_MARGIN = 12
STAMP_GREY = 0.45
METADATA_KEY = "/MorpheusLicense"


def licence_line(*, email: str, order_number: str) -> str:
    return f"Licensed to {email} - order {order_number}"


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """PDF's built-in Helvetica (no file embedded), for a document's own text."""
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def stamp_pdf(*, source: Path, target: Path, line: str) -> None:
    with pikepdf.open(source) as pdf:
        font = helvetica(pdf)
        text = _pdf_string(line)
        for page in pdf.pages:
            _stamp_page(pdf, page, font=font, text=text)
        _add_licence_metadata(pdf, line)
        pdf.save(
            target,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        )


def _add_licence_metadata(pdf: pikepdf.Pdf, line: str) -> None:
    """The line joins what the file already says of itself. The information dictionary
    keeps every entry (title, author, dates...) and gains the line; the XMP keeps its own
    entries and gains the line and the information entries it lacks (a file without XMP
    gets one that agrees with its information dictionary). pikepdf's default would rebuild
    the information dictionary from the XMP, dropping the title of a file without XMP."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        missing = {
            str(name): pdf.docinfo[name]
            for uri, element, name, _ in meta.DOCINFO_MAPPING
            if name in pdf.docinfo and f"{{{uri}}}{element}" not in meta
        }
        meta.load_from_docinfo(missing)
        meta["dc:rights"] = line
    pdf.docinfo[METADATA_KEY] = line


def _stamp_page(pdf: pikepdf.Pdf, page: pikepdf.Page, *, font, text: bytes) -> None:
    name = page.add_resource(font, pikepdf.Name.Font, prefix="MorpheusStamp")
    left, bottom = float(page.mediabox[0]), float(page.mediabox[1])
    drawing = b"Q q BT %s %d Tf %.2f g %.2f %.2f Td (%s) Tj ET Q" % (
        bytes(name).replace(b" ", b""),
        STAMP_FONT_SIZE,
        STAMP_GREY,
        left + STAMP_MARGIN,
        bottom + STAMP_MARGIN,
        text,
    )
    # The page's own drawing is wrapped in q ... Q so its graphics state cannot move ours.
    page.contents_add(pdf.make_stream(b"q"), prepend=True)
    page.contents_add(pdf.make_stream(drawing), prepend=False)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def stamp_cbz(*, source: Path, target: Path, line: str) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as stamped:
        for entry in original.infolist():
            if entry.filename == CREDITS_PAGE_NAME:
                continue
            with original.open(entry) as reader, stamped.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer, COPY_CHUNK_BYTES)
        stamped.writestr(CREDITS_PAGE_NAME, credits_page_png(line), zipfile.ZIP_STORED)
        stamped.comment = line.encode("utf-8")


def credits_page_png(line: str) -> bytes:
    page = Image.new("RGB", CREDITS_PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    width = CREDITS_PAGE_SIZE[0]
    title = ImageFont.load_default(size=64)
    body = ImageFont.load_default(size=34)
    draw.text((width / 2, 700), "Licensed copy", fill="#222222", font=title, anchor="mm")
    draw.text(
        (width / 2, 800), line, fill="#444444", font=_fitting(draw, line, width - 80), anchor="mm"
    )
    draw.text(
        (width / 2, 870),
        "Please do not share this file.",
        fill="#777777",
        font=body,
        anchor="mm",
    )
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fitting(draw: ImageDraw.ImageDraw, text: str, width: int) -> ImageFont.ImageFont:
    size = 34
    while size > 12 and draw.textlength(text, font=ImageFont.load_default(size=size)) > width:
        size -= 2
    return ImageFont.load_default(size=size)
