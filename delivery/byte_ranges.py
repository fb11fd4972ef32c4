"""A download's `Range` header (RFC 9110, section 14): the one range of bytes a client asks
for to get the rest of a file whose download was cut short."""

import re
from typing import NamedTuple

from django.http import HttpRequest

# One range, first byte to last (or to the end); the unit in any case, blanks around the
# range (RFC 9110's list syntax), as outside probe HG-4 sent them. `bytes=-0`, the last
# none of the file's bytes, is no range any file satisfies.
_ONE_RANGE = re.compile(r"bytes=[ \t]*(\d+)-(\d*)[ \t]*", re.IGNORECASE)
_NO_BYTES = re.compile(r"bytes=[ \t]*-0+[ \t]*", re.IGNORECASE)
# A position of more digits is past the end of any file (and of PostgreSQL's bigint): a first
# byte that far is unsatisfiable, a last one is the end (outside probe HF-2: the range was not
# read, and a one-download link served the whole file for it).
_DIGITS = 18
_PAST_ANY_FILE = 10**_DIGITS


class ByteRange(NamedTuple):
    first: int
    last: int | None  # inclusive; None: to the end of the file

    def within(self, size: int) -> tuple[int, int] | None:
        """The first and last byte to send of a file of `size` bytes; None when the range
        starts past its end."""
        if self.first >= size:
            return None
        return self.first, size - 1 if self.last is None else min(self.last, size - 1)


def requested_range(request: HttpRequest) -> ByteRange | None:
    """The byte range a GET asks for, or None for the whole file: no `Range`, several
    ranges, a suffix range (`bytes=-500`, but `bytes=-0`, which no file satisfies), one we
    cannot read, or an `If-Range` (whose validator the download does not give), which RFC
    9110 lets a server answer in full."""
    value = request.headers.get("Range", "")
    if request.method != "GET" or not value or "If-Range" in request.headers:
        return None
    if _NO_BYTES.fullmatch(value.strip()):
        return ByteRange(_PAST_ANY_FILE, None)
    match = _ONE_RANGE.fullmatch(value.strip())
    if match is None:
        return None
    first = _position(match[1])
    last = _position(match[2]) if match[2] else None
    if last == _PAST_ANY_FILE:
        last = None
    return ByteRange(first, last) if last is None or last >= first else None


def _position(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _DIGITS else _PAST_ANY_FILE
