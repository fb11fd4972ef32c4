"""How a granted file leaves the asset storage (`catalog.storage`): the one module that
knows whether it is S3, or whether the web server in front sends local files."""

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files import File
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from catalog.storage import asset_storage
from delivery.byte_ranges import ByteRange

PRESIGNED_URL_TTL_SECONDS = 60
COPY_CHUNK_BYTES = 1024 * 1024


def asset_present(*, name: str) -> bool:
    """Whether the asset storage holds the file `name`: a local file's stat, or a HEAD of
    the S3 object, asked before a presigned URL is handed out that would only answer an
    XML error. Without ListBucket, S3 answers a missing object's HEAD 403, not 404."""
    storage = asset_storage()
    try:
        return storage.exists(name)
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] in (403, 404):
            return False
        raise


def asset_response(
    *, name: str, file_name: str, content_type: str, byte_range: ByteRange | None = None
) -> HttpResponseBase:
    """The file itself: a short-lived presigned S3 URL, or from the local folder, handed to
    the web server (DOWNLOADS_SENDFILE_HEADER) or streamed; `byte_range` of it when asked
    (S3 and the web server answer the request's `Range` themselves)."""
    storage = asset_storage()
    disposition = content_disposition_header(True, file_name)
    if isinstance(storage, S3Storage):
        return HttpResponseRedirect(
            storage.url(
                name,
                parameters={
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type,
                },
                expire=PRESIGNED_URL_TTL_SECONDS,
            )
        )
    if settings.DOWNLOADS_SENDFILE_HEADER:
        return _sendfile_response(name=name, disposition=disposition, content_type=content_type)
    file = storage.open(name, "rb")
    if byte_range is not None:
        return _partial_response(file, byte_range, disposition, content_type)
    response = FileResponse(file, as_attachment=True, filename=file_name, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    return response


class _Slice:
    """`length` bytes of an open file from where it stands, read as a file, closed with it."""

    def __init__(self, file: File, length: int):
        self.file, self.left = file, length

    def read(self, size: int) -> bytes:
        chunk = self.file.read(min(size, self.left)) if self.left else b""
        self.left -= len(chunk)
        return chunk

    def close(self) -> None:
        self.file.close()


def _partial_response(
    file: File, byte_range: ByteRange, disposition: str, content_type: str
) -> HttpResponseBase:
    """206 with the bytes asked for, or 416 when the range starts past the file's end."""
    size = file.size
    span = byte_range.within(size)
    if span is None:
        file.close()
        return range_not_satisfiable_response(size_bytes=size)
    first, last = span
    file.seek(first)
    response = FileResponse(_Slice(file, last - first + 1), status=206, content_type=content_type)
    return _partial_headers(response, first, last, size, disposition)


def _partial_headers(
    response: HttpResponseBase, first: int, last: int, size: int, disposition: str
) -> HttpResponseBase:
    response["Content-Length"] = str(last - first + 1)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Disposition"] = disposition
    response["Accept-Ranges"] = "bytes"
    return response


def range_not_satisfiable_response(*, size_bytes: int) -> HttpResponse:
    """416: the range starts past the end of the file, whose size it gives."""
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size_bytes}"
    return response


def asset_probe_response(
    *, name: str, file_name: str, content_type: str, byte_range: ByteRange, size_bytes: int
) -> HttpResponseBase:
    """A probe's few first bytes (under a kibibyte, counted nothing), read here whatever the
    storage: a presigned S3 URL would give the whole file to whoever asked for one byte."""
    first, last = byte_range.within(size_bytes)
    storage = asset_storage()
    with storage.open(name, "rb") as file:
        if isinstance(storage, S3Storage):  # read alone, S3File would fetch the whole object
            data = file.obj.get(Range=f"bytes={first}-{last}")["Body"].read()
        else:
            file.seek(first)
            data = file.read(last - first + 1)
    response = HttpResponse(data, status=206, content_type=content_type)
    return _partial_headers(
        response, first, last, size_bytes, content_disposition_header(True, file_name)
    )


def _sendfile_response(*, name: str, disposition: str, content_type: str) -> HttpResponse:
    """An empty answer whose header tells the web server which file to send: nginx reads
    X-Accel-Redirect as a URI (so the name is percent-encoded), X-Sendfile is a path."""
    header = settings.DOWNLOADS_SENDFILE_HEADER
    target = quote(name) if header == "X-Accel-Redirect" else name
    response = HttpResponse(content_type=content_type)
    response[header] = settings.DOWNLOADS_SENDFILE_PREFIX + target
    response["Content-Disposition"] = disposition
    return response


def asset_head_response(*, file_name: str, content_type: str, size_bytes: int) -> HttpResponse:
    """What a GET would return, without the file and without a URL that could fetch it."""
    response = HttpResponse(content_type=content_type)
    response["Content-Length"] = str(size_bytes)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Accept-Ranges"] = "bytes"
    return response


def stamped_copy_store(
    *, source_name: str, target_name: str, stamp: Callable[[Path, Path], None]
) -> tuple[str, int]:
    """Make a private per-buyer copy of the asset `source_name` through `stamp(source,
    target)` (local files), stored as `target_name`. The asset is copied to a temporary
    file in chunks and the result stored from one, so memory stays bounded whatever the
    storage. Returns the stored name and size."""
    storage = asset_storage()
    with tempfile.TemporaryDirectory(prefix="morpheus-stamp-") as workdir:
        source, target = Path(workdir) / "source", Path(workdir) / "target"
        with storage.open(source_name, "rb") as original, source.open("wb") as local:
            shutil.copyfileobj(original, local, COPY_CHUNK_BYTES)
        stamp(source, target)
        if storage.exists(target_name):
            storage.delete(target_name)
        with target.open("rb") as stamped:
            stored = storage.save(target_name, File(stamped))
        return stored, target.stat().st_size


def stamped_copy_discard(*, name: str) -> None:
    storage = asset_storage()
    if name and storage.exists(name):
        storage.delete(name)
