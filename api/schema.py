"""OpenAPI for JSON:API: drf-spectacular describes serializers as flat objects; here they
become resource objects inside JSON:API documents, and every operation lists its errors."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.relations import ManyRelatedField
from rest_framework_json_api.utils import (
    get_resource_type_from_serializer,
    is_relationship_field,
)

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
                        },
                    },
                },
            },
        },
        "meta": OBJECT,
    },
}


def _document(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": data,
            "included": {"type": "array", "items": OBJECT},
            "meta": OBJECT,
            "links": OBJECT,
        },
    }


def _relationship(field: Any) -> dict[str, Any]:
    if isinstance(field, ManyRelatedField):
        data = {"type": "array", "items": IDENTIFIER}
    else:
        data = {**IDENTIFIER, "nullable": True}
    return {"type": "object", "properties": {"data": data}}


class JsonApiAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        flat = super()._map_serializer(serializer, direction, bypass_extensions)
        fields = serializer.fields
        relationships = {
            name: _relationship(field)
            for name, field in fields.items()
            if is_relationship_field(field) and not (direction == "request" and field.read_only)
        }
        attributes = {
            "type": "object",
            "properties": {
                name: schema
                for name, schema in flat.get("properties", {}).items()
                if name not in relationships and name != "id"
            },
        }
        # Responses may leave attributes out: sparse fieldsets.
        if direction == "request" and flat.get("required"):
            attributes["required"] = [n for n in flat["required"] if n not in relationships]
        resource_type = get_resource_type_from_serializer(serializer)
        properties = {
            "type": {"type": "string", "pattern": f"^{resource_type}$"},
            "id": {"type": "string"},
            "attributes": attributes,
            "links": OBJECT,
        }
        if relationships:
            properties["relationships"] = {"type": "object", "properties": relationships}
        required = ["type"] if direction == "request" else ["type", "id"]
        return {"type": "object", "required": required, "properties": properties}

    def _get_paginator(self):
        """Lists are wrapped as whole documents below, pagination members included."""
        return None

    def _get_request_for_media_type(self, serializer, direction="request"):
        schema, required = super()._get_request_for_media_type(serializer, direction)
        return (_document(schema) if schema else schema), required

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        for content in response.get("content", {}).values():
            content["schema"] = _document(content["schema"])
        return response

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_STATUSES:
            responses.setdefault(
                code,
                {
                    "description": "JSON:API error objects",
                    "content": {MEDIA_TYPE: {"schema": ERROR_DOCUMENT}},
                },
            )
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
