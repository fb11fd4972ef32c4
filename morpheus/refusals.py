"""What a page does when a domain refuses a request: it says why and sends the person on."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from morpheus.errors import DomainError


def refused(
    request: HttpRequest,
    error: DomainError,
    to: str,
    *,
    query: dict[str, str] | None = None,
    **kwargs: object,
) -> HttpResponse:
    """Flash the error's message (written to be shown) and redirect to the URL named `to`,
    with `query` (what the person chose there, to keep) when given."""
    messages.error(request, str(error))
    url = reverse(to, kwargs=kwargs)
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form Django's CSRF check refused (most often a page left open while its visitor
    signed in or out in another tab): the shop's own page, in words, with a way back."""
    return render(request, "403_csrf.html", status=403)
