"""Every error leaves the API as a JSON:API error object, domain refusals included."""

from typing import Any

from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    NotAuthenticated,
    NotFound,
    ParseError,
    PermissionDenied,
    Throttled,
    UnsupportedMediaType,
    ValidationError,
)
from rest_framework.response import Response
from rest_framework_json_api.exceptions import exception_handler as json_api_exception_handler

from api.negotiation import body_media_type_refusal
from delivery import errors as delivery_errors
from morpheus.errors import DomainError
from morpheus.throttles import Decision
from orders import errors
from payments import errors as payment_errors
from promotions import errors as promotion_errors

STATUS_BY_ERROR = {
    errors.OrderNotFound: status.HTTP_404_NOT_FOUND,
    delivery_errors.ItemUnknown: status.HTTP_404_NOT_FOUND,
    delivery_errors.NotEntitled: status.HTTP_409_CONFLICT,
    payment_errors.PaymentNotAllowed: status.HTTP_409_CONFLICT,
    # Stripe refused or could not answer a question asked while the client waits.
    payment_errors.PaymentProviderError: status.HTTP_502_BAD_GATEWAY,
    errors.TransitionNotAllowed: status.HTTP_409_CONFLICT,
    errors.StaleOrder: status.HTTP_409_CONFLICT,
    errors.NotFree: status.HTTP_409_CONFLICT,
    # The customer owns a comic of the order already (or is paying for it in another).
    errors.AlreadyOwned: status.HTTP_409_CONFLICT,
    errors.NoLongerForSale: status.HTTP_409_CONFLICT,
    # The order completes a series at a price relying on comics the customer no longer owns.
    promotion_errors.CompletionLapsed: status.HTTP_409_CONFLICT,
}


class DomainRefusal(APIException):
    """A `DomainError` with the HTTP status that tells the client what kind of refusal."""

    def __init__(self, error: DomainError) -> None:
        self.status_code = next(
            (code for kind, code in STATUS_BY_ERROR.items() if isinstance(error, kind)),
            status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
        super().__init__(
            detail=error.api_message or str(error), code=_snake_case(type(error).__name__)
        )


class AttributeRefused(ValidationError):
    """A well-formed attribute refused for what it names (a code that does not exist or does
    not apply): 422, as the schema promises for a schema-valid request, pointing at it."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class InvalidQueryParameter(ValidationError):
    """A bad query parameter: its error's source names the parameter, not a pointer."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.source = {"parameter": parameter}


class InvalidHeader(ValidationError):
    """A bad request header: its error's source names the header."""

    def __init__(self, header: str, message: str) -> None:
        super().__init__(message)
        self.source = {"header": header}


class LimitReached(Throttled):
    """A 429 worded as the site's limits ("Too many orders. Please try again in 52
    minutes."), without Django REST framework's "Request was throttled. Expected available
    in 3112 seconds."; `Retry-After` still says when."""

    def __init__(self, decision: Decision) -> None:
        APIException.__init__(self, decision.message, self.default_code)
        self.wait = decision.retry_after_seconds


class CallerNeeded(NotAuthenticated):
    """A query parameter that is about the caller, sent without credentials: 401 (with
    `WWW-Authenticate`), naming the parameter, rather than an answer for nobody."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.source = {"parameter": parameter}


class PageNotFound(NotFound):
    """A page number past the last page."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.source = {"parameter": parameter}


class RelatedResourceNotFound(NotFound):
    """A relationship names a resource that does not exist."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.source = {"pointer": pointer}


# A member of a request's document the server does not know: its JSON Pointer, and why.
Unknown = tuple[str, str]


class UnknownMember(ValidationError):
    """Members the document or the resource does not have: one error each, pointing at it."""

    def __init__(self, found: list[Unknown]) -> None:
        super().__init__([message for _, message in found])
        self.sources = [{"pointer": pointer} for pointer, _ in found]


class MalformedMember(ParseError):
    """A member of the document that is not what the specification makes it: its error
    points at it."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.source = {"pointer": pointer}


class ClientGeneratedId(PermissionDenied):
    default_detail = "The server assigns ids: leave `id` out of a new resource."
    default_code = "client_generated_id"
    source = {"pointer": "/data/id"}


def _snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        exc = DomainRefusal(exc)
    elif isinstance(exc, Http404):
        # Django's wording names the model and a query (outside probe GA-4).
        exc = NotFound(_not_found_words(context))
    elif isinstance(exc, UnsupportedMediaType) and exc.detail.code == "unsupported_media_type":
        # Django REST framework's wording names the media type the server saw: "text/plain"
        # for a body sent without any, under the development server.
        exc = body_media_type_refusal()
    response = json_api_exception_handler(exc, context)
    if response is not None:
        sources = getattr(exc, "sources", [])
        for index, error in enumerate(response.data):
            _set_source(error, exc, sources[index] if index < len(sources) else None)
    return response


def _set_source(error: dict[str, Any], exc: Exception, source: dict[str, str] | None) -> None:
    """The library points every error at `/data`; only a serializer's validation error is
    about the document's data, the others name their own source (one for each of their
    errors, or one for all) or none."""
    if source or getattr(exc, "source", None):
        error["source"] = source or exc.source
    elif not isinstance(exc, ValidationError):
        error.pop("source", None)


def id_shown(identifier: str) -> str:
    """An id as a refusal repeats it: at most 20 characters (a page of digits is no id)."""
    return identifier if len(identifier) <= 20 else f"{identifier[:19]}…"


def _not_found_words(context: dict[str, Any]) -> str:
    """ "There is no comic 99.": what the view serves, by the id asked for."""
    kind = getattr(context.get("view"), "basename", None)
    identifier = str(context.get("kwargs", {}).get("pk", ""))
    if not kind or not identifier:
        return "There is no such resource."
    return f"There is no {kind} {id_shown(identifier)}."
