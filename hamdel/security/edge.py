"""The edge of every request: input no view should see is refused, and a validation
error no view caught is a 400 with its message, never a 500.

- A NUL character (in the path, a query or form value, a JSON string or a header)
  cannot be stored by PostgreSQL and means nothing in text: 400 in the agent UI,
  422 in the API (the API's error shape), before any view runs.
- A ValidationError that reaches this middleware (a bad cursor, an unknown choice, a
  number too large in a list's filter; hamdel.lib.params) is answered 400 with its
  translated messages. The API answers its own (422, hamdel.api.root).
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

NUL = "\x00"


def _strings(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """(field, text) of every key and string in parsed JSON, fields named as the API does."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield name, str(key)
            yield from _strings(item, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, name)


def _fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    yield "path", request.path
    for key, values in request.GET.lists():
        yield key, key
        yield from ((key, value) for value in values)
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            yield key[5:].replace("_", "-").title(), value
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return
    if request.content_type == "application/json":
        try:
            yield from _strings(json.loads(request.body), "")
        except (ValueError, UnicodeDecodeError):
            return  # malformed JSON: the API says so itself
    elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        for key, values in request.POST.lists():
            yield key, key
            yield from ((key, value) for value in values)


def nul_field(request: HttpRequest) -> str | None:
    """The first field whose text holds a NUL character, if any."""
    return next((name or "body" for name, text in _fields(request) if NUL in text), None)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def refuse(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 (agent UI) or 422 (API) with the error's messages."""
    errors = [
        {"field": field, "message": message}
        for field, messages in (
            error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        )
        for message in messages
    ]
    if _is_api(request):
        first = errors[0]
        body = {"detail": first["message"], "field": first["field"] or None, "errors": errors}
        return JsonResponse(body, status=422)
    # Rendered without the request: a NUL refusal comes before authentication, so the
    # context processors (which read request.user) must not run.
    page = render_to_string("security/bad_request.html", {"errors": errors})
    return HttpResponse(page, status=400)


class RequestEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = nul_field(request)
        if field is not None:
            message = _("Text may not contain the NUL character (\\u0000).")
            return refuse(request, ValidationError({field: message}))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ValidationError):
            return refuse(request, exception)
        return None


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for a URL no pattern matches; the API's JSON shape under /api/."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found."), "field": None}, status=404)
    return page_not_found(request, exception)
