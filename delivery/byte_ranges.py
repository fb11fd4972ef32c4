"""A download's `Range` header (RFC 9110, section 14): the one range of bytes a client asks
for to get the rest of a file whose download was cut short."""

import re
from typing import NamedTuple

from django.http import HttpRequest

# One range, first byte to last (or to the end); 18 digits bound what `int` is given.
_ONE_RANGE = re.compile(r"bytes=(\d{1,18})-(\d{0,18})")


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
    ranges, a suffix range (`bytes=-500`), one we cannot read, or an `If-Range` (whose
    validator the download does not give), which RFC 9110 lets a server answer in full."""
    value = request.headers.get("Range", "")
    if request.method != "GET" or not value or "If-Range" in request.headers:
        return None
    match = _ONE_RANGE.fullmatch(value.strip())
    if match is None:
        return None
    first, last = int(match[1]), int(match[2]) if match[2] else None
    return ByteRange(first, last) if last is None or last >= first else None
