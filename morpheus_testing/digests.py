"""The digest `morpheus.tokens` must store, computed here from first principles (HMAC-SHA256
with Django's salted_hmac key derivation) so a test compares against an independent oracle."""

import hashlib
import hmac

from django.conf import settings


def expected_digest(value: str, *, purpose: str) -> str:
    key = hashlib.sha256(f"morpheus.{purpose}{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
