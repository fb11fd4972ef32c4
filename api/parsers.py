import io
from typing import Any, NoReturn

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework_json_api.exceptions import Conflict
from rest_framework_json_api.parsers import JSONParser
from rest_framework_json_api.utils import get_resource_type_from_serializer

from api.exceptions import (
    ClientGeneratedId,
    MalformedMember,
    PayloadTooLarge,
    Unknown,
    UnknownMember,
)


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
        _require_resource_object(result)
        if isinstance(data, dict):
            _require_type(data)
            _require_object(data, "attributes")
            _require_object(data, "relationships")
        if isinstance(result, dict):
            _refuse_unknown_members(result, parser_context.get("view"))
        if isinstance(data, dict):
            if "id" in data and parser_context["request"].method == "POST":
                raise ClientGeneratedId()
            for name, relationship in (data.get("relationships") or {}).items():
                _require_linkage(name, relationship)
        try:
            return super().parse_data(result, parser_context)
        except Conflict as exc:  # the library's grammar: "the type that constitute"
            conflict = Conflict(
                str(exc.detail).replace(" constitute ", " constitutes "), code="type_conflict"
            )
            conflict.source = {"pointer": "/data/type"}  # outside probe FH-3: none
            raise conflict from exc


# The members the specification gives a document, a resource object, a relationship and a
# resource identifier: a misspelt one (`attribute`) would carry what it holds past every
# check, ignored.
DOCUMENT_MEMBERS = frozenset({"data", "meta", "jsonapi", "links", "included"})
RESOURCE_MEMBERS = frozenset({"type", "id", "attributes", "relationships", "links", "meta"})
RELATIONSHIP_MEMBERS = frozenset({"data", "links", "meta"})
IDENTIFIER_MEMBERS = frozenset({"type", "id", "meta"})
# Errors for unknown members in one answer: enough to fix a document by, not one per key of
# a 64 KB document.
MOST_UNKNOWN_MEMBERS_SAID = 20
# The serializer fields a resource takes as relationships (the others are attributes).
RELATIONS = (RelatedField, ManyRelatedField)


def _refuse_unknown_members(document: dict[str, Any], view: Any) -> None:
    """A member the specification does not give a document, a resource object, a
    relationship or a resource identifier, and an attribute or relationship the resource
    cannot be given, are refused (400) rather than ignored: a misspelt `discount_code` would
    otherwise place the order at full price without a word. Found by outside probes; each
    unknown member has its own error, up to MOST_UNKNOWN_MEMBERS_SAID."""
    found = _members_beyond(document, DOCUMENT_MEMBERS, "")
    data = document.get("data")
    if isinstance(data, dict):
        found += _members_beyond(data, RESOURCE_MEMBERS, "/data")
        found += _fields_beyond(data, view)
        for name, relationship in (data.get("relationships") or {}).items():
            found += _relationship_members_beyond(
                relationship, f"/data/relationships/{_pointer_token(name)}"
            )
    if found:
        raise UnknownMember(found[:MOST_UNKNOWN_MEMBERS_SAID])


def _relationship_members_beyond(relationship: Any, at: str) -> list[Unknown]:
    if not isinstance(relationship, dict):
        return []
    found = _members_beyond(relationship, RELATIONSHIP_MEMBERS, at)
    linkage = relationship.get("data")
    identifiers = enumerate(linkage) if isinstance(linkage, list) else [(None, linkage)]
    for index, identifier in identifiers:
        if isinstance(identifier, dict):
            where = f"{at}/data" if index is None else f"{at}/data/{index}"
            found += _members_beyond(identifier, IDENTIFIER_MEMBERS, where)
    return found


def _members_beyond(found: dict[str, Any], known: frozenset[str], at: str) -> list[Unknown]:
    return [
        (
            f"{at}/{_pointer_token(name)}",
            f"{at or 'The document'} has no member {name!r}: only {', '.join(sorted(known))}.",
        )
        for name in sorted(set(found) - known)
    ]


def _fields_beyond(data: dict[str, Any], view: Any) -> list[Unknown]:
    """Attributes and relationships the resource cannot be given, each where it was sent:
    a relationship sent as an attribute, or the other way round, too (outside probes EY-1,
    EY-2: a `discount_code` sent as a relationship was dropped without a word)."""
    if view is None:
        return []
    serializer = view.get_serializer_class()()
    writable = {name: field for name, field in serializer.fields.items() if not field.read_only}
    related = [name for name, field in writable.items() if isinstance(field, RELATIONS)]
    taken = {
        "attributes": [name for name in writable if name not in related],
        "relationships": related,
    }
    resource = get_resource_type_from_serializer(serializer)
    return [
        (f"/data/{member}/{_pointer_token(name)}", _field_beyond(resource, member, name, taken))
        for member in taken
        for name in sorted(set(data.get(member) or {}) - set(taken[member]))
    ]


def _field_beyond(resource: str, member: str, name: str, taken: dict[str, list[str]]) -> str:
    other = "relationships" if member == "attributes" else "attributes"
    if name in taken[other]:
        return f"{resource} take {name} under {other}, not {member}."
    if not taken[member]:  # outside probe FH-3: "only none under relationships"
        return f"{resource} have no {name}: they take no {member}."
    return f"{resource} have no {name}: only {', '.join(taken[member])} under {member}."


def _pointer_token(name: str) -> str:
    """A member's name as a JSON Pointer reference token (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def _require_resource_object(document: Any) -> None:
    """A document's primary data is one resource object here: none, null or an array was
    refused without a pointer, and null as not "a Resource Identifier Object" (outside
    probe FH-3)."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        refuse_missing_resource_object()


def refuse_missing_resource_object() -> NoReturn:
    """Also for a request without a body, which no parser is given (outside probe GA-3: it
    was told to give the comics to order)."""
    raise MalformedMember(
        "/data",
        'The document\'s data must be a resource object: {"data": {"type": …, "attributes": …}}.',
    )


def _require_type(data: dict[str, Any]) -> None:
    """A resource object names its type, a string (outside probe EY-3: without one, the
    answer was a 409 naming the type None)."""
    if not isinstance(data.get("type"), str):
        raise MalformedMember("/data/type", "The resource object needs its type, a string.")


def _require_linkage(name: str, relationship: Any) -> None:
    """A relationship is an object whose data is null, a resource identifier object or an
    array of them (outside probe EY-1: a string there was dropped without a word)."""
    at = f"/data/relationships/{_pointer_token(name)}"
    if not isinstance(relationship, dict) or "data" not in relationship:
        raise MalformedMember(at, f"Relationship {name} must be an object with a data member.")
    linkage = relationship["data"]
    identifiers = linkage if isinstance(linkage, list) else [linkage]
    if not all(isinstance(each, dict) for each in identifiers) and linkage is not None:
        raise MalformedMember(
            at,
            f"Relationship {name}'s data must be null, a resource identifier object "
            '({"type": …, "id": …}) or an array of them.',
        )


def _require_object(data: dict[str, Any], member: str) -> None:
    if member in data and not isinstance(data[member], dict):
        raise MalformedMember(
            f"/data/{member}", f"The resource object's {member} must be an object."
        )
