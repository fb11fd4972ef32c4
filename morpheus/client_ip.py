"""The client's IP address, for abuse limits and the download audit log alike.

Behind TRUSTED_PROXY_COUNT proxies each proxy appends the address it received the request
from to X-Forwarded-For, so the client is the n-th address from the right; anything further
left was written by the client and proves nothing. With no proxy it is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # the request skipped a proxy: only the direct peer is known
    return _valid(forwarded[-proxies]) or remote


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None
