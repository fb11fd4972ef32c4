"""What a page does when a domain refuses a request: it says why and sends the person on."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from morpheus.errors import DomainError

FIELD_PROBLEM_SESSION_KEY = "refusals.field_problem"


def refused(
    request: HttpRequest,
    error: DomainError,
    to: str,
    *,
    query: dict[str, str] | None = None,
    field_id: str = "",
    **kwargs: object,
) -> HttpResponse:
    """Flash the error's message (written to be shown) and redirect to the URL named `to`,
    with `query` (what the person chose there, to keep) when given. With `field_id` (the
    element id of the form field the error is about) that page also ties the words to
    the field (`field_problem_pop`)."""
    messages.error(request, str(error))
    if field_id:
        request.session[FIELD_PROBLEM_SESSION_KEY] = {"id": field_id, "message": str(error)}
    url = reverse(to, kwargs=kwargs)
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def field_problem_pop(request: HttpRequest) -> dict[str, str] | None:
    """The field a refusal sent this page back about, and its words, once: the page marks
    the field invalid, puts the words under it (announced) and the focus in it (outside
    probe FT-1: they stood only in the banner at the page's top, a screen away on a phone,
    the field unmarked)."""
    return request.session.pop(FIELD_PROBLEM_SESSION_KEY, None)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form Django's CSRF check refused (most often a page left open while its visitor
    signed in or out in another tab): the shop's own page, in words, with a way back."""
    return render(request, "403_csrf.html", status=403)
