"""The JSON:API media type rules: it is never sent or accepted with media type parameters."""

from rest_framework.exceptions import NotAcceptable, UnsupportedMediaType
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings
from rest_framework.utils.mediatypes import _MediaType

MEDIA_TYPE = "application/vnd.api+json"


def _is_json_api(media_type: _MediaType) -> bool:
    return f"{media_type.main_type}/{media_type.sub_type}".lower() == MEDIA_TYPE


def _has_parameters(media_type: _MediaType) -> bool:
    return any(name != "q" for name in media_type.params)  # q weighs the choice, no parameter


def body_media_type_refusal() -> UnsupportedMediaType:
    return UnsupportedMediaType(
        "",
        detail=f'Send the request body as JSON:API, with the header "Content-Type: {MEDIA_TYPE}".',
        code="body_media_type",
    )


def content_type_check(content_type: str, *, has_body: bool) -> None:
    """415 when the request body is declared JSON:API with parameters, or not declared at
    all (the parsers would read such a body as no document)."""
    media_type = _MediaType(content_type)
    if content_type and _is_json_api(media_type) and _has_parameters(media_type):
        raise UnsupportedMediaType(
            content_type, detail="Send the JSON:API media type without media type parameters."
        )
    if has_body and not content_type:
        raise body_media_type_refusal()


def _refused(media_type: _MediaType) -> bool:
    """Weighted `q=0`: a media type the client says it does not accept (RFC 9110 §12.4.2)."""
    try:
        return float(media_type.params.get("q", 1)) == 0
    except ValueError:
        return False


class JsonApiContentNegotiation(DefaultContentNegotiation):
    def get_accept_list(self, request) -> list[str]:
        """Django REST framework's, without the media types the client refuses: it weighs
        none and served JSON:API to `Accept: application/vnd.api+json;q=0` (outside probe
        FH-5)."""
        accepted = super().get_accept_list(request)
        return [item for item in accepted if not _refused(_MediaType(item))]

    def select_renderer(self, request, renderers, format_suffix=None):
        accepted = [_MediaType(item) for item in self.get_accept_list(request)]
        json_api = [media_type for media_type in accepted if _is_json_api(media_type)]
        if json_api and all(_has_parameters(media_type) for media_type in json_api):
            raise NotAcceptable(
                "The JSON:API media type is only served without media type parameters."
            )
        return super().select_renderer(request, renderers, format_suffix)


class _NoFormatParameter:
    """Django REST framework's settings, but for `?format=`, which picks no renderer."""

    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name: str):
        return getattr(api_settings, name)


class ResourceContentNegotiation(JsonApiContentNegotiation):
    """The resources' negotiation: by `Accept` alone. `format` is then a query parameter
    like any other, which no operation takes (a 400 naming it, `api.query`), rather than a
    404 for `?format=json` and the browsable HTML page for `?format=api`. The schema keeps
    its `?format=` (OpenAPI as JSON or YAML)."""

    settings = _NoFormatParameter()
