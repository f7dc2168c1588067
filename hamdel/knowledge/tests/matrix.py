"""The knowledge app's entries of the authorization matrix (hamdel/security/tests).

`Made` paths create an article (or take the first canned reply) when the matrix formats
them, inside the case's own savepoint.
"""

from typing import Any

from django.contrib.auth.models import User

from hamdel.knowledge import actions
from hamdel.knowledge.models import Macro

UI_ANY = ("login", 200, 200, 200, 200)
UI_ANY_WRITE = ("login", "redirect", "redirect", "redirect", "redirect")
UI_TEAM = ("login", 404, 200, 200, 200)
PUBLIC = (200, 200, 200, 200, 200)
PUBLIC_REDIRECT = ("redirect",) * 5
API_ANY = (401, 200, 200, 200, 200)
API_ANY_CREATE = (401, 201, 201, 201, 201)
API_TEAM = (401, 404, 200, 200, 200)


class Made(str):
    """A path formatted with a fresh article's ids ({article}, {translation}, {version},
    {slug}) and the first canned reply's ({macro})."""

    def format(self, *args: Any, **ids: Any) -> str:
        alice = User.objects.get(username="alice")
        translation = actions.create_article(
            language="en", title="Matrix article", body="Text.", actor=alice
        )
        version = translation.versions.get()
        macro = Macro.objects.order_by("pk").first()
        made = {
            "article": translation.article_id,
            "translation": translation.pk,
            "version": version.pk,
            "slug": translation.slug,
            "macro": macro.pk if macro else 0,
        }
        return str.format(self, **made, **ids)


def _ui(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body}


def _api(method: str, path: str, expect: tuple[Any, ...], body: Any = None) -> dict[str, Any]:
    return {"method": method, "path": path, "expect": expect, "body": body, "api": True}


def _article_form(w: Any) -> dict[str, str]:
    return {"language": "en", "title": "How to pay", "body": "By card.", "visibility": "public"}


def _macro_form(w: Any) -> dict[str, str]:
    return {"name": "Greeting", "text_en": "Hello {customer_name}", "promise_minutes": "0"}


MATRIX: dict[str, list[dict[str, Any]]] = {
    "/knowledge/ [knowledge]": [_ui("GET", "/knowledge/?missing=fa", UI_ANY)],
    "/knowledge/new/ [knowledge-new]": [
        _ui("GET", "/knowledge/new/", UI_ANY),
        _ui("POST", "/knowledge/new/", UI_ANY_WRITE, _article_form),
    ],
    "/knowledge/<int:article_id>/<str:language>/ [knowledge-edit]": [
        _ui("GET", Made("/knowledge/{article}/fa/"), UI_ANY),
        _ui("POST", Made("/knowledge/{article}/fa/"), UI_ANY_WRITE, _article_form),
    ],
    "/knowledge/translations/<int:translation_id>/ [knowledge-open]": [
        _ui("GET", Made("/knowledge/translations/{translation}/"), UI_ANY_WRITE)
    ],
    "/knowledge/translations/<int:translation_id>/history/ [knowledge-history]": [
        _ui("GET", Made("/knowledge/translations/{translation}/history/"), UI_ANY)
    ],
    "/knowledge/versions/<int:version_id>/restore [knowledge-restore]": [
        _ui("POST", Made("/knowledge/versions/{version}/restore"), UI_ANY_WRITE)
    ],
    "/knowledge/preview [knowledge-preview]": [
        _ui("POST", "/knowledge/preview", UI_ANY, lambda w: {"body": "**bold**"})
    ],
    "/knowledge/images [knowledge-image]": [
        _ui("POST", "/knowledge/images", ("login", 400, 400, 400, 400), lambda w: {})
    ],
    "/knowledge/macros/ [knowledge-macros]": [_ui("GET", "/knowledge/macros/", UI_ANY)],
    "/knowledge/macros/new/ [knowledge-macro-new]": [
        _ui("GET", "/knowledge/macros/new/", UI_ANY),
        _ui("POST", "/knowledge/macros/new/", UI_ANY_WRITE, _macro_form),
    ],
    "/knowledge/macros/<int:macro_id>/ [knowledge-macro]": [
        _ui("GET", Made("/knowledge/macros/{macro}/"), UI_ANY)
    ],
    "/knowledge/macros/<int:macro_id>/delete [knowledge-macro-delete]": [
        _ui("POST", Made("/knowledge/macros/{macro}/delete"), UI_ANY_WRITE)
    ],
    "/knowledge/macros/<int:macro_id>/apply/<int:pk> [knowledge-macro-apply]": [
        _ui("POST", Made("/knowledge/macros/{macro}/apply/{conversation}"), UI_TEAM)
    ],
    "/help/ [help]": [_ui("GET", "/help/", PUBLIC_REDIRECT)],
    "/help/sitemap.xml [help-sitemap]": [_ui("GET", "/help/sitemap.xml", PUBLIC)],
    "/help/images/<str:token>.<str:extension> [help-image]": [
        _ui("GET", "/help/images/none.png", (404,) * 5)
    ],
    "/help/<language:language>/ [help-home]": [
        _ui("GET", "/help/en/", PUBLIC),
        _ui("GET", "/help/fa/?q=سفارش", PUBLIC),
    ],
    "/help/<language:language>/<str:slug>/ [help-article]": [
        _ui("GET", Made("/help/en/{slug}/"), PUBLIC)
    ],
    "/help/<language:language>/<str:slug>/vote [help-vote]": [
        _ui("POST", Made("/help/en/{slug}/vote"), PUBLIC_REDIRECT, lambda w: {"helpful": "yes"})
    ],
    "/help/<slug:brand>/ [help-brand]": [_ui("GET", "/help/nobrand/", (404,) * 5)],
    "/help/<slug:brand>/<language:language>/ [help-brand-home]": [
        _ui("GET", "/help/nobrand/en/", (404,) * 5)
    ],
    "/help/<slug:brand>/<language:language>/<str:slug>/ [help-brand-article]": [
        _ui("GET", "/help/nobrand/en/x/", (404,) * 5)
    ],
    "/help/<slug:brand>/<language:language>/<str:slug>/vote [help-brand-vote]": [
        _ui("POST", "/help/nobrand/en/x/vote", (404,) * 5)
    ],
    "GET /api/v1/knowledge/articles": [_api("GET", "/api/v1/knowledge/articles", API_ANY)],
    "POST /api/v1/knowledge/articles": [
        _api("POST", "/api/v1/knowledge/articles", API_ANY_CREATE, _article_form)
    ],
    "GET /api/v1/knowledge/articles/{article_id}": [
        _api("GET", Made("/api/v1/knowledge/articles/{article}"), API_ANY)
    ],
    "PUT /api/v1/knowledge/articles/{article_id}/translations/{language}": [
        _api(
            "PUT",
            Made("/api/v1/knowledge/articles/{article}/translations/tr"),
            API_ANY,
            lambda w: {"title": "Nasıl ödenir", "body": "Kartla."},
        )
    ],
    "GET /api/v1/knowledge/articles/{article_id}/translations/{language}/versions": [
        _api("GET", Made("/api/v1/knowledge/articles/{article}/translations/en/versions"), API_ANY)
    ],
    "GET /api/v1/knowledge/search": [
        _api("GET", "/api/v1/knowledge/search?q=order&language=en", API_ANY)
    ],
    "GET /api/v1/knowledge/suggestions": [
        _api("GET", "/api/v1/knowledge/suggestions?conversation={conversation}", API_TEAM)
    ],
    "GET /api/v1/knowledge/macros": [_api("GET", "/api/v1/knowledge/macros", API_ANY)],
    "POST /api/v1/knowledge/macros": [
        _api(
            "POST",
            "/api/v1/knowledge/macros",
            API_ANY_CREATE,
            lambda w: {"name": "Hi", "texts": {"en": "Hi {customer_name}"}},
        )
    ],
    "PUT /api/v1/knowledge/macros/{macro_id}": [
        _api(
            "PUT",
            Made("/api/v1/knowledge/macros/{macro}"),
            API_ANY,
            lambda w: {"name": "Hi", "texts": {"en": "Hi {customer_name}"}},
        )
    ],
    "POST /api/v1/knowledge/macros/{macro_id}/apply": [
        _api(
            "POST",
            Made("/api/v1/knowledge/macros/{macro}/apply"),
            API_TEAM,
            lambda w: {"conversation": w.conversation.pk},
        )
    ],
}

ANONYMOUS_ALLOWED = {
    "/help/ [help]",
    "/help/sitemap.xml [help-sitemap]",
    "/help/images/<str:token>.<str:extension> [help-image]",
    "/help/<language:language>/ [help-home]",
    "/help/<language:language>/<str:slug>/ [help-article]",
    "/help/<language:language>/<str:slug>/vote [help-vote]",
    "/help/<slug:brand>/ [help-brand]",
    "/help/<slug:brand>/<language:language>/ [help-brand-home]",
    "/help/<slug:brand>/<language:language>/<str:slug>/ [help-brand-article]",
    "/help/<slug:brand>/<language:language>/<str:slug>/vote [help-brand-vote]",
}
