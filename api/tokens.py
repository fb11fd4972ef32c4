"""API token secrets: 256 bits from the OS CSPRNG, shown once; only their SHA-256 is kept."""

import hashlib
import secrets

PREFIX = "mo_"
PREFIX_SHOWN = 10


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
