"""API v1: every app's router under /api/v1/, bearer tokens or the agent's session.

Errors are JSON a person can read: {"detail": ..., "field": ..., "errors": [...]}.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from hamdel.api.api import router as tokens_router
from hamdel.api.auth import BearerToken, StaffSession
from hamdel.api.errors import describe
from hamdel.api.openapi import HamdelAPI
from hamdel.lib import registry
from hamdel.live.api import router as live_router
from hamdel.people.api import router as people_router
from hamdel.sla.api import router as sla_router
from hamdel.tickets.api import router as tickets_router

api = HamdelAPI(
    title="Hamdel API",
    version="1",
    urls_namespace="api-v1",
    auth=[BearerToken(), StaffSession()],
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("/", people_router)
api.add_router("/", tickets_router)
api.add_router("/", tokens_router)
api.add_router("/", live_router)
api.add_router("/", sla_router)
# Each app's own router, as its declarations mount it (hamdel.lib.registry); this module is
# first imported by the URL conf, after every app's ready() has declared.
if not apps.ready:
    raise ImproperlyConfigured("hamdel.api.root was imported before every app was ready")
for mount in registry.api_mounts():
    api.add_router(mount.prefix, registry.load(mount.target))


def _errors(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = _errors(error)
    first = errors[0]
    return api.create_response(
        request,
        {"detail": first["message"], "field": first["field"] or None, "errors": errors},
        status=422,
    )


# Names of the handlers' schema arguments, which are not part of what the client sent.
SCHEMA_ARGUMENTS = {"payload", "filters", "page"}


def _field_of(location: tuple[object, ...]) -> str:
    """("body", "payload", "message", "body") -> "message.body": the client's own words."""
    parts = [str(part) for part in location[1:]]
    if parts and parts[0] in SCHEMA_ARGUMENTS:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(SchemaError)
def malformed(request: HttpRequest, error: SchemaError) -> HttpResponse:
    errors = [
        {
            "field": _field_of(item.get("loc", ())),
            "message": describe(item),
        }
        for item in error.errors
    ]
    first = errors[0] if errors else {"field": "body", "message": _("Invalid request.")}
    return api.create_response(
        request,
        {
            "detail": f"{first['field']}: {first['message']}",
            "field": first["field"],
            "errors": errors,
        },
        status=422,
    )


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    message = str(error) or _("You may not do this.")
    return api.create_response(request, {"detail": message, "field": None}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    message = str(error) or _("Not found.")
    if message.startswith("No ") and "matches the given query" in message:
        message = _("Not found.")
    return api.create_response(request, {"detail": message, "field": None}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Send a valid API token: Authorization: Bearer <token>."), "field": None},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(error), "field": None}, status=error.status_code
    )
