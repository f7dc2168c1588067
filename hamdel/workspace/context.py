"""What every workspace page's sidebar shows, so no view has to remember it."""

from typing import Any

from django.http import HttpRequest

from hamdel.workspace.queries import VIEWS, saved_views_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The inbox views and the agent's saved views, for the sidebar of every page.

    The inbox passes its own `nav_views` with each view's count, which wins over these
    (a view's context is applied after the context processors); elsewhere the views are
    listed without counts, which would cost two grouped queries per page.
    """
    if not request.user.is_authenticated:
        return {}
    return {
        "nav_views": [{"slug": view.slug, "label": view.label, "count": None} for view in VIEWS],
        # A queryset: read only when a full page renders the sidebar.
        "saved_views": saved_views_of(request.user),
    }
