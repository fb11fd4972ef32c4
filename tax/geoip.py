"""The country of the buyer's IP address, from the MaxMind DB file GEOIP_PATH names
(GeoLite2 or GeoIP2 Country or City: any record with `country.iso_code`). A local file
read, so it may run inside the transaction that places the order."""

import logging
from functools import lru_cache

import maxminddb
from django.conf import settings

logger = logging.getLogger(__name__)


def ip_country(address: str) -> str:
    """The ISO code of the address's country; "" when no database is configured, the
    address is unknown to it, or the file cannot be read (logged: the order goes on
    without this piece of evidence)."""
    if not settings.GEOIP_PATH or not address:
        return ""
    try:
        record = _reader(settings.GEOIP_PATH).get(address)
    except (OSError, ValueError, maxminddb.InvalidDatabaseError):
        logger.exception("GeoIP lookup failed in %s", settings.GEOIP_PATH)
        return ""
    country = record.get("country", {}) if isinstance(record, dict) else {}
    code = str(country.get("iso_code", "")).upper() if isinstance(country, dict) else ""
    return code if len(code) == 2 and code.isalpha() else ""


@lru_cache(maxsize=1)
def _reader(path: str) -> maxminddb.Reader:
    return maxminddb.open_database(path)
