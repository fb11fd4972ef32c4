"""The ECB's file of the day's euro reference rates, fetched over HTTP (ECB_RATES_URL): the
zip the ECB publishes (eurofxref.zip, holding eurofxref.csv), or the CSV itself."""

import io
import urllib.request
import zipfile

from django.conf import settings

from invoicing.euro_rates import EuroRateRefused

# The ECB's zip is under a kilobyte, its whole history a few hundred.
FILE_AT_MOST = 4 * 1024 * 1024


class EcbUnavailable(Exception):
    """The ECB's file could not be had; the job tries again."""


def ecb_rates_file() -> str:
    """The text of the CSV file at ECB_RATES_URL."""
    try:
        with urllib.request.urlopen(  # noqa: S310 (settings checks ECB_RATES_URL is http(s))
            settings.ECB_RATES_URL, timeout=settings.ECB_RATES_TIMEOUT_SECONDS
        ) as response:
            body = response.read(FILE_AT_MOST + 1)
    except OSError as exc:
        raise EcbUnavailable(f"The ECB's file could not be fetched: {exc}") from exc
    if len(body) > FILE_AT_MOST:
        raise EuroRateRefused("This file is larger than any of the ECB's.")
    if zipfile.is_zipfile(io.BytesIO(body)):
        body = _csv_in_zip(body)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EuroRateRefused("This is not the ECB's CSV file (not text).") from exc


def _csv_in_zip(body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = [name for name in archive.namelist() if name.lower().endswith(".csv")]
        if len(names) != 1:
            raise EuroRateRefused("The ECB's zip holds one CSV file; this one does not.")
        if archive.getinfo(names[0]).file_size > FILE_AT_MOST:
            raise EuroRateRefused("This file is larger than any of the ECB's.")
        return archive.read(names[0])
