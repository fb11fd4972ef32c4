"""The back office's CSV files: UTF-8 beginning with a byte order mark, the one way Excel
reads a CSV file opened from the downloads as UTF-8 (without it, it reads the machine's
legacy code page: a customer's "山田" showed as "å±±ç”°"; outside probe ES-3). Python's
`csv` reads them with `encoding="utf-8-sig"`."""

from django.http import HttpResponse

CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"


def csv_response(*, file_name: str, body: str = "") -> HttpResponse:
    """A CSV download named `file_name`, the mark and `body` written (`csv.writer` may write
    the rest into it)."""
    response = HttpResponse(BYTE_ORDER_MARK + body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
