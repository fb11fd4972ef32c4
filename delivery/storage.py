"""How a granted file leaves the asset storage (`catalog.storage`): the one module that
knows whether it is S3."""

from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from catalog.storage import asset_storage

PRESIGNED_URL_TTL_SECONDS = 60


def asset_response(*, name: str, file_name: str, content_type: str) -> HttpResponse:
    """The file itself: a short-lived presigned S3 URL, or streamed from the local folder."""
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
    return FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=file_name, content_type=content_type
    )


def asset_head_response(*, file_name: str, content_type: str, size_bytes: int) -> HttpResponse:
    """What a GET would return, without the file and without a URL that could fetch it."""
    response = HttpResponse(content_type=content_type)
    response["Content-Length"] = str(size_bytes)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response
