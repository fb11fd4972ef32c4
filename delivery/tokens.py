"""Link tokens: 256 bits from the OS CSPRNG, shown once; only their SHA-256 digest is kept."""

import hashlib
import secrets

TOKEN_BYTES = 32


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
