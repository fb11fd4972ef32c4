"""OpenAPI for JSON:API: drf-spectacular describes serializers as flat objects; here they
become resource objects inside JSON:API documents, and every operation lists its errors."""

from typing import Any

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import OpenApiParameter
from rest_framework.relations import HyperlinkedIdentityField, ManyRelatedField
from rest_framework.settings import api_settings
from rest_framework_json_api.utils import (
    get_resource_type_from_serializer,
    is_relationship_field,
)

from api.query import PAGE_NUMBER, PAGE_SIZE, QuerySpec

ERROR_STATUSES = ("400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "429")
MEDIA_TYPE = "application/vnd.api+json"
OBJECT = {"type": "object"}
IDENTIFIER = {
    "type": "object",
    "required": ["type", "id"],
    "properties": {"type": {"type": "string"}, "id": {"type": "string"}},
}
ERROR_DOCUMENT = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "status": {"type": "string"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "source": {
                        "type": "object",
                        "properties": {
                            "pointer": {"type": "string"},
                            "parameter": {"type": "string"},
                            "header": {"type": "string"},
                        },
                    },
                },
            },
        },
        "meta": OBJECT,
    },
}


def _document(data: dict[str, Any], *, request: bool = False) -> dict[str, Any]:
    """A whole document; a request's carries no member the specification does not name
    (`api.parsers` refuses one)."""
    document = {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": data,
            "included": {"type": "array", "items": OBJECT},
            "meta": OBJECT,
            "links": OBJECT,
        },
    }
    if request:
        document["properties"]["jsonapi"] = OBJECT
        document["additionalProperties"] = False
    return document


def request_relationships(declared: dict[str, Any]) -> dict[str, Any]:
    """Relationships a request may carry: the declared ones only (another is refused,
    `api.parsers`), each an object with a `data` member and those the specification gives
    it, its identifiers likewise."""
    return {
        "type": "object",
        "properties": {name: _members_given_only(schema) for name, schema in declared.items()},
        "additionalProperties": False,
    }


def _members_given_only(relationship: dict[str, Any]) -> dict[str, Any]:
    data = relationship["properties"]["data"]
    identifier = data.get("items", data)
    identifier = {
        **identifier,
        "properties": {**identifier["properties"], "meta": OBJECT},
        "additionalProperties": False,
    }
    data = {**data, "items": identifier} if "items" in data else {**data, **identifier}
    return {
        **relationship,
        "properties": {**relationship["properties"], "data": data, "links": OBJECT, "meta": OBJECT},
        "additionalProperties": False,
    }


def _relationship(field: Any) -> dict[str, Any]:
    if isinstance(field, ManyRelatedField):
        data = {"type": "array", "items": IDENTIFIER}
    else:
        data = {**IDENTIFIER, "nullable": True}
    return {"type": "object", "properties": {"data": data}}


def _is_self_link(name: str, field: Any) -> bool:
    """A resource's `url` identity field is its `links.self`: no attribute, no relationship."""
    return name == api_settings.URL_FIELD_NAME and isinstance(field, HyperlinkedIdentityField)


class JsonApiAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        flat = super()._map_serializer(serializer, direction, bypass_extensions)
        fields = serializer.fields
        relationships = {
            name: _relationship(field)
            for name, field in fields.items()
            if is_relationship_field(field)
            and not _is_self_link(name, field)
            and not (direction == "request" and field.read_only)
        }
        attributes = {
            "type": "object",
            "properties": {
                name: schema
                for name, schema in flat.get("properties", {}).items()
                if name not in relationships
                and name != "id"
                and not _is_self_link(name, fields.get(name))
            },
        }
        # Responses may leave attributes out: sparse fieldsets. Requests carry no other.
        if direction == "request":
            attributes["additionalProperties"] = False
            if flat.get("required"):
                attributes["required"] = [n for n in flat["required"] if n not in relationships]
        resource_type = get_resource_type_from_serializer(serializer)
        properties = {
            "type": {"type": "string", "pattern": f"^{resource_type}$"},
            "id": {"type": "string"},
            "attributes": attributes,
            "links": OBJECT,
        }
        if direction == "request":  # the server assigns ids: a client's is a 403
            del properties["id"], properties["links"]
            properties["relationships"] = request_relationships(relationships)
        elif relationships:
            properties["relationships"] = {"type": "object", "properties": relationships}
        required = ["type"] if direction == "request" else ["type", "id"]
        if attributes.get("required"):
            required.append("attributes")
        resource = {"type": "object", "required": required, "properties": properties}
        if direction == "request":
            resource["additionalProperties"] = False
        return resource

    def _get_paginator(self):
        """Lists are wrapped as whole documents below, pagination members included."""
        return None

    def _get_filter_parameters(self):
        """The query parameters come from the view's declaration (`get_override_parameters`)."""
        return []

    def get_override_parameters(self):
        spec = getattr(self.view, "query_spec", None)
        declared = query_parameters(spec()) if spec else []
        return [*super().get_override_parameters(), *declared]

    def _get_request_for_media_type(self, serializer, direction="request"):
        """A body is required unless its serializer requires no field (a download link's
        names its file or leaves it to the server)."""
        schema, _ = super()._get_request_for_media_type(serializer, direction)
        required = not is_serializer(serializer) or any(
            field.required for field in force_instance(serializer).fields.values()
        )
        return (_document(schema, request=True), required) if schema else (schema, False)

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        for content in response.get("content", {}).values():
            content["schema"] = _document(content["schema"])
        return response

    def _get_response_bodies(self, direction="response"):
        """Every operation's error statuses, and those it declares itself (an
        `OpenApiResponse` with a description only), as JSON:API error documents."""
        responses = super()._get_response_bodies(direction)
        for code in ERROR_STATUSES:
            responses.setdefault(code, {"description": "JSON:API error objects"})
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                response.setdefault("content", {MEDIA_TYPE: {"schema": ERROR_DOCUMENT}})
        return responses

    def map_renderers(self, attribute):
        return [MEDIA_TYPE] if attribute == "media_type" else super().map_renderers(attribute)

    def map_parsers(self):
        return [MEDIA_TYPE]


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from your account page: `Authorization: Bearer mo_…`.",
        }


class AccountSessionScheme(SessionScheme):
    """The site's session cookie, as drf-spectacular states it for Django REST framework's
    session authentication, which ours narrows to accounts' sessions."""

    target_class = "api.authentication.AccountSessionAuthentication"


def _list_parameter(name: str, allowed: tuple[str, ...]) -> OpenApiParameter:
    """A comma-separated list of allowed values (`style: form`, not exploded)."""
    return OpenApiParameter(
        name,
        type={
            "type": "array",
            "items": {"type": "string", "enum": list(allowed)},
            "minItems": 1,
        },
        style="form",
        explode=False,
        required=False,
    )


def query_parameters(spec: QuerySpec) -> list[OpenApiParameter]:
    """The schema of exactly the query parameters `api.query.query_validate` lets through."""
    parameters = []
    if spec.sort:
        parameters.append(_list_parameter("sort", spec.sort_terms))
    if spec.include:
        parameters.append(_list_parameter("include", spec.include))
    for resource_type, names in spec.fields.items():
        parameters.append(_list_parameter(f"fields[{resource_type}]", names))
    for name, values in spec.filters.items():
        parameters.append(OpenApiParameter(name, enum=list(values), required=False))
    if spec.paginated:
        parameters += [
            OpenApiParameter(PAGE_NUMBER, type={"type": "integer", "minimum": 1}, required=False),
            OpenApiParameter(
                PAGE_SIZE,
                type={"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
                required=False,
            ),
        ]
    return parameters


def order_create_resource() -> dict[str, Any]:
    """A new order: either `comics` (to-many) or `from_cart: true`, never both, and
    optionally a `discount_code`, the buyer's `country` and `vat_number`
    (a business's with its `business_name` and `billing_address`)."""
    comic = {
        "type": "object",
        "required": ["type", "id"],
        "properties": {
            "type": {"type": "string", "enum": ["comics"]},
            "id": {"type": "string", "pattern": "^[1-9][0-9]{0,17}$"},
        },
    }
    comics = {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {
                "type": "array",
                "items": comic,
                "minItems": 1,
                "maxItems": settings.API_MAX_COMICS_PER_ORDER,
                "uniqueItems": True,
            }
        },
    }
    attributes = {
        "type": "object",
        "properties": {
            "from_cart": {"type": "boolean"},
            # No NUL character: text fields refuse it (400), so the schema does not offer it.
            # Empty or spaces alone: no code.
            "discount_code": {"type": "string", "maxLength": 40, "pattern": "^[^\\u0000]*$"},
            "country": {
                "type": "string",
                "minLength": 2,
                "maxLength": 2,
                "pattern": "^[A-Z]{2}$",
                "description": "The country the buyer lives in, for VAT: its ISO 3166-1 "
                "alpha-2 code, one of those the cart offers (ZZ: elsewhere; another is a "
                "422). Without it, the order takes the country and VAT number the customer "
                "declared last, else the shop's default country without a number; an order "
                "that costs nothing (free comics, a 100 % `discount_code`) takes that "
                "country alone, without the VAT number and business: a consumer's order.",
            },
            "vat_number": {
                "type": "string",
                "maxLength": 20,
                "pattern": "^[^\\u0000]*$",
                "description": "A business's EU VAT number, from `country` (sent without "
                "it, or invalid: a 422); empty: none, a consumer's order. With a `country`, "
                "an order that costs nothing (free comics, a 100 % `discount_code`) leaves "
                "it out, with `business_name` and `billing_address`: neither checked nor "
                "kept, a consumer's order.",
            },
            "business_name": {
                "type": "string",
                "maxLength": 200,
                "pattern": "^[^\\u0000]*$",
                "description": "The business's name, for its invoice: required with a "
                "`vat_number` (a 422 without it) but on an order that costs nothing, "
                "ignored without one. One line, with something visible, without control "
                "or format characters (Unicode categories Cc and Cf: invisible ones, those "
                "that change the direction of the text) nor others that print nothing "
                "(Default_Ignorable_Code_Point, U+2800): a 422. More than 200 characters "
                "or a NUL character does not fit this schema: a 400, pointing at it as well.",
            },
            "billing_address": {
                "type": "string",
                "maxLength": 500,
                "pattern": "^[^\\u0000]*$",
                "description": "The business's billing address, lines separated by "
                '"\\n", for its invoice: required with a `vat_number` (a 422 without it) '
                "but on an order that costs nothing, ignored without one. At most 6 lines, "
                "with something visible, without control or format characters (Unicode "
                "categories Cc and Cf: invisible ones, those that change the direction of "
                "the text) nor others that print nothing (Default_Ignorable_Code_Point, "
                "U+2800): a 422. More than 500 characters as sent or a NUL character does "
                "not fit this schema: a 400, pointing at it as well.",
            },
        },
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"type": "string", "enum": ["orders"]},
            "attributes": attributes,
            "relationships": request_relationships({"comics": comics}),
        },
        "additionalProperties": False,
        "oneOf": [
            {
                "title": "comics",
                "required": ["relationships"],
                "properties": {
                    "relationships": {"required": ["comics"]},
                    "attributes": {"properties": {"from_cart": {"enum": [False]}}},
                },
            },
            {
                "title": "from_cart",
                "required": ["attributes"],
                "properties": {
                    "attributes": {
                        "required": ["from_cart"],
                        "properties": {"from_cart": {"enum": [True]}},
                    },
                    "relationships": {"not": {"required": ["comics"]}},
                },
            },
        ],
    }


IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
# Printable ASCII, no space at either end (HTTP would drop it), and no comma: a header sent
# twice arrives as its two values joined by one (outside probe GA-2: "a,b" was a third key,
# matching neither of the client's retries).
IDEMPOTENCY_KEY_PATTERN = "^[!-+\\--~](?:[ -+\\--~]{0,253}[!-+\\--~])?$"
IDEMPOTENCY_KEY = OpenApiParameter(
    IDEMPOTENCY_KEY_HEADER,
    location=OpenApiParameter.HEADER,
    type={"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN, "maxLength": 255},
    required=False,
    description="A key of the client's (a UUID, say) that makes retrying safe: sent again "
    "within 24 hours with the same document, it places no second order but answers 201 with "
    "the order it placed, and the header `Idempotent-Replayed: true`. With another document "
    "it is a 422 (`idempotency_key_reused`). Keys are the caller's own, and a key older "
    "than 24 hours is a new key. A request that failed placed nothing: its key is still free.",
)


ORDER_ID = {"id": "$response.body#/data/id"}
# What a client does next with an answer: the stateful fuzz run follows these.
LINKS = {
    ("orders_create", "201"): {
        "GetOrder": ("orders_retrieve", ORDER_ID),
        "PayOrder": ("orders_payments_create", ORDER_ID),
        "CancelOrder": ("orders_cancel_create", ORDER_ID),
        "CompleteFreeOrder": ("orders_complete_free_create", ORDER_ID),
        "ListDownloads": ("orders_downloads_list", ORDER_ID),
    },
    ("orders_payments_create", "202"): {
        "GetPayment": (
            "orders_payments_retrieve",
            {"id": "$request.path.id", "payment": "$response.body#/data/id"},
        ),
    },
    # While the attempt waits for 3-D Secure, its client secret is asked for once.
    ("orders_payments_retrieve", "200"): {
        "AuthenticatePayment": (
            "orders_payments_authenticate_create",
            {"id": "$request.path.id", "payment": "$request.path.payment"},
        ),
    },
}


def links_add(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: OpenAPI links between operations."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for status_code, response in operation["responses"].items():
                links = LINKS.get((operation["operationId"], status_code))
                if links:
                    response["links"] = {
                        name: {"operationId": target, "parameters": parameters}
                        for name, (target, parameters) in links.items()
                    }
    return result
