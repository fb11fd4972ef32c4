import io
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework_json_api.parsers import JSONParser
from rest_framework_json_api.utils import get_resource_type_from_serializer

from api.exceptions import ClientGeneratedId, PayloadTooLarge, UnknownMember


class BoundedJSONParser(JSONParser):
    """JSON:API documents up to API_MAX_DOCUMENT_BYTES, shaped as the specification says.

    DRF's parsers read the request stream themselves, past Django's upload size check,
    hence the bound here. The shape checks turn malformed documents into 400s; a new
    resource with an id of the client's is refused (403), as the specification requires
    of a server that assigns ids.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context=None) -> Any:
        limit = settings.API_MAX_DOCUMENT_BYTES
        body = stream.read(limit + 1) if stream else b""
        if len(body) > limit:
            raise PayloadTooLarge(f"The document exceeds {limit} bytes.")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # a small body can nest deeper than the decoder goes
            raise ParseError("The document is nested too deeply.") from exc

    def parse_data(self, result: Any, parser_context: Any) -> Any:
        data = result.get("data") if isinstance(result, dict) else None
        if isinstance(result, dict):
            _refuse_members_beyond(result, DOCUMENT_MEMBERS, "")
        if isinstance(data, dict):
            _refuse_members_beyond(data, RESOURCE_MEMBERS, "/data")
            if "id" in data and parser_context["request"].method == "POST":
                raise ClientGeneratedId()
            _require_object(data, "attributes")
            _require_object(data, "relationships")
            for name, relationship in (data.get("relationships") or {}).items():
                if not isinstance(relationship, dict) or "data" not in relationship:
                    raise ParseError(f"Relationship {name} must be an object with a data member.")
            _refuse_unknown_members(data, parser_context.get("view"))
        return super().parse_data(result, parser_context)


# The members the specification gives a document and a resource object: a misspelt one
# (`attribute`) would carry what it holds past every check, ignored.
DOCUMENT_MEMBERS = frozenset({"data", "meta", "jsonapi", "links", "included"})
RESOURCE_MEMBERS = frozenset({"type", "id", "attributes", "relationships", "links", "meta"})


def _refuse_members_beyond(found: dict[str, Any], known: frozenset[str], at: str) -> None:
    unknown = sorted(set(found) - known)
    if unknown:
        raise UnknownMember(
            f"{at}/{_pointer_token(unknown[0])}",
            f"{at or 'The document'} has no member {unknown[0]!r}: "
            f"only {', '.join(sorted(known))}.",
        )


def _pointer_token(name: str) -> str:
    """A member's name as a JSON Pointer reference token (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def _refuse_unknown_members(data: dict[str, Any], view: Any) -> None:
    """An attribute or relationship the resource cannot be given is refused (400) rather
    than ignored: a misspelt `discount_code` would otherwise place the order at full price
    without a word. Found by an outside probe."""
    if view is None:
        return
    serializer = view.get_serializer_class()()
    writable = [name for name, field in serializer.fields.items() if not field.read_only]
    for member in ("attributes", "relationships"):
        unknown = sorted(set(data.get(member) or {}) - set(writable))
        if unknown:
            resource = get_resource_type_from_serializer(serializer)
            raise UnknownMember(
                f"/data/{member}/{_pointer_token(unknown[0])}",
                f"{resource} have no {unknown[0]}: only {', '.join(writable)}.",
            )


def _require_object(data: dict[str, Any], member: str) -> None:
    if member in data and not isinstance(data[member], dict):
        raise ParseError(f"The resource object's {member} must be an object.")
