from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from ninja.openapi.views import openapi_view

from hamdel.api.root import api
from hamdel.lib import registry


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


def api_docs(request: HttpRequest) -> HttpResponse:
    return openapi_view(request, api)


# A URL no pattern matches under /api/ answers the API's JSON 404, not an HTML page.
handler404 = "hamdel.security.edge.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
    path("", include("hamdel.workspace.urls")),
    path("", include("hamdel.people.urls")),
    path("", include("hamdel.sla.urls")),
    path("", include("hamdel.api.urls")),
]
# Each app's own pages, as its declarations mount them (hamdel.lib.registry). Django reads
# this module when it first resolves a URL, after every app's ready() has declared.
urlpatterns += [path(mount.prefix, include(mount.target)) for mount in registry.url_mounts()]
