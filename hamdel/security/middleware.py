"""Content-Security-Policy on every response: scripts only from our own static files.

No 'unsafe-inline' for scripts, so HTML that slips into a page (a customer's name, a
message) cannot run script; the templates carry no inline script or on* attribute.
Inline styles stay allowed: htmx and the admin set style attributes, and a style cannot
run code.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",  # includes ws(s):// to this host (CSP level 3)
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, POLICY)
        return response
