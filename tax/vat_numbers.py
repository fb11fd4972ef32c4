"""Business VAT numbers: checked offline by their checksum (python-stdnum), then by VIES,
the EU's own register, over HTTP with a timeout."""

import json
import urllib.error
import urllib.request

from django.conf import settings
from stdnum.eu import vat as eu_vat

from tax.countries import EU_MEMBER_STATES
from tax.errors import InvalidVatNumber, ViesUnavailable

# VAT numbers say EL for Greece, ISO 3166 says GR. python-stdnum takes a Greek number typed
# with GR too, but VIES knows only EL, and the invoice must show the number as issued.
_ISO_FOR_PREFIX = {"EL": "GR"}
_PREFIX_FOR_ISO = {"GR": "EL"}


def vat_number_clean(text: str) -> str:
    """The number in compact form (`DE136695976`, a Greek one `EL…` even typed `GR…`), or
    InvalidVatNumber, which a number of no EU country (python-stdnum takes Northern
    Ireland's and one-stop-shop numbers) is too: no country it could be used with is listed."""
    if not eu_vat.is_valid(text):
        typed = text.strip()
        shown = typed if typed.isprintable() else "That"  # no control character read back
        raise InvalidVatNumber(f"{shown} is not a valid EU VAT number.")
    number = eu_vat.compact(text)
    number = _PREFIX_FOR_ISO.get(number[:2], number[:2]) + number[2:]
    if number.startswith("XI"):
        raise InvalidVatNumber(
            f"{number} is a Northern Ireland VAT number, which is for trade in goods: comics "
            "are sold to the UK without a VAT number, so leave the field empty."
        )
    if vat_number_country(number) not in EU_MEMBER_STATES:  # a one-stop-shop number (EU…)
        raise InvalidVatNumber(
            f"{number} is not the VAT number of a business in an EU country: give yours, "
            "or leave the field empty."
        )
    return number


def vat_number_country(number: str) -> str:
    """The ISO country of a clean number."""
    return _ISO_FOR_PREFIX.get(number[:2], number[:2])


def vies_valid(number: str) -> bool:
    """Whether VIES knows the number as valid; ViesUnavailable when it cannot say."""
    body = json.dumps({"countryCode": number[:2], "vatNumber": number[2:]}).encode()
    request = urllib.request.Request(  # noqa: S310 (settings checks VIES_URL is http(s))
        settings.VIES_URL,
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.VIES_TIMEOUT_SECONDS
        ) as response:
            answer = json.load(response)
    except (OSError, ValueError) as exc:
        raise ViesUnavailable(f"VIES did not answer: {exc}") from exc
    if not isinstance(answer.get("valid"), bool):
        raise ViesUnavailable(f"VIES could not check {number}: {answer}")
    return answer["valid"]
