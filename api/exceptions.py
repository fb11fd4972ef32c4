"""Every error leaves the API as a JSON:API error object, domain refusals included."""

from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework_json_api.exceptions import exception_handler as json_api_exception_handler

from morpheus.errors import DomainError
from orders import errors

STATUS_BY_ERROR = {
    errors.OrderNotFound: status.HTTP_404_NOT_FOUND,
    errors.TransitionNotAllowed: status.HTTP_409_CONFLICT,
    errors.StaleOrder: status.HTTP_409_CONFLICT,
}


class DomainRefusal(APIException):
    """A `DomainError` with the HTTP status that tells the client what kind of refusal."""

    def __init__(self, error: DomainError) -> None:
        self.status_code = next(
            (code for kind, code in STATUS_BY_ERROR.items() if isinstance(error, kind)),
            status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
        super().__init__(detail=str(error), code=_snake_case(type(error).__name__))


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class InvalidQueryParameter(ValidationError):
    """A bad query parameter: its error's source names the parameter, not a pointer."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def _snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        exc = DomainRefusal(exc)
    response = json_api_exception_handler(exc, context)
    if response is not None and isinstance(exc, InvalidQueryParameter):
        for error in response.data:
            error["source"] = {"parameter": exc.parameter}
    return response
