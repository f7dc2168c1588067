"""The API's OpenAPI document declares every status an operation can answer.

Ninja declares the successes each handler names; the errors every operation shares are
added here, each with the JSON error shape (hamdel.lib.schemas.ErrorOut), so a client
and the schemathesis run (hamdel/api/tests/test_schemathesis.py) know them all:
401 without a valid token; 403 when the role does not allow it; 404 when a path or body
names a row that is missing or not the caller's to see; 409 for a POST whose
Idempotency-Key is in use; 422 when the request does not fit the schema or an action
refuses it.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from hamdel.lib.schemas import ErrorOut

ERRORS = {
    "400": "The body is not valid JSON (or not UTF-8).",
    "401": "No valid API token (or staff session) was sent.",
    "403": "The caller's role does not allow this.",
    "404": "What the path or body names does not exist, or the caller may not see it.",
    "409": "A request with this Idempotency-Key is still running, or its answer held a secret.",
    "422": "The request does not fit this schema, or the action refused it.",
}


REF = "#/components/schemas/{model}"


def _names_a_row(operation: dict[str, Any], path: str) -> bool:
    return "{" in path or "requestBody" in operation


class HamdelAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                codes = ["401", "403", "422"]
                if _names_a_row(operation, path) or method == "get":
                    codes.append("404")
                if method == "post":
                    codes.append("409")
                if "requestBody" in operation:
                    codes.append("400")
                responses = operation.setdefault("responses", {})
                for code in codes:
                    responses.setdefault(code, {"description": ERRORS[code], "content": error})
        return schema
