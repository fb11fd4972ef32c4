"""Secrets shown once and the digests we keep instead of them: download links, API tokens,
throttle buckets. A digest is an HMAC-SHA256 keyed by SECRET_KEY and a purpose, so a
digest made for one purpose never matches in another, and a stolen table of digests is
useless without the key (rotating SECRET_KEY retires every outstanding token)."""

import secrets

from django.utils.crypto import salted_hmac

TOKEN_BYTES = 32


def new(*, prefix: str = "") -> str:
    """256 bits from the OS CSPRNG, URL-safe, after an optional recognisable prefix."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def digest(value: str, *, purpose: str) -> str:
    """64 lowercase hex digits, stable for (SECRET_KEY, purpose, value)."""
    return salted_hmac(f"morpheus.{purpose}", value, algorithm="sha256").hexdigest()
