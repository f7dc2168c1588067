"""The public help centre at /help/: no login, no script, four languages, RTL for Persian."""

import secrets

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation as i18n
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from hamdel.knowledge import actions, queries
from hamdel.knowledge.models import LANGUAGES, HelpCentre, Image

READER_COOKIE = "hamdel_reader"
PER_PAGE = 30


def _centre(brand: str | None) -> HelpCentre:
    centre = queries.help_centre(brand)
    if centre is None:
        raise Http404
    return centre


def _base(centre: HelpCentre, language: str) -> str:
    if centre.is_default:
        return reverse("help-home", args=[language])
    return reverse("help-brand-home", args=[centre.slug, language])


def _page(
    request: HttpRequest, template: str, centre: HelpCentre, language: str, **context: object
) -> HttpResponse:
    with i18n.override(language):
        asked: dict[str, str] | None = context.pop("switch", None)  # type: ignore[assignment]
        urls = asked or {code: _base(centre, code) for code in LANGUAGES}
        names = dict(settings.LANGUAGES)
        switch = [(code, names[code], urls[code]) for code in LANGUAGES]
        response = render(
            request,
            template,
            {
                "centre": centre,
                "language": language,
                "home": _base(centre, language),
                "switch": switch,
                **context,
            },
        )
    response.headers["Content-Language"] = language
    return response


def entry(request: HttpRequest, brand: str | None = None) -> HttpResponse:
    """/help/: to the visitor's language (?lang=, else the browser's)."""
    centre = _centre(brand)
    asked = request.GET.get("lang", "")
    language = asked if asked in LANGUAGES else i18n.get_language_from_request(request)
    language = language if language in LANGUAGES else "en"
    response = redirect(_base(centre, language))
    response.headers["Vary"] = "Accept-Language"
    return response


def home(request: HttpRequest, language: str, brand: str | None = None) -> HttpResponse:
    """The help centre in one language: a search box, and every article (or what the
    search found)."""
    centre = _centre(brand)
    text = request.GET.get("q", "").strip()[:200]
    if text:
        found = queries.search_help(centre, language, text)
        return _page(
            request, "knowledge/help_search.html", centre, language, text=text, found=found
        )
    page = Paginator(queries.public_translations(centre, language), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _page(request, "knowledge/help_home.html", centre, language, page=page, text=text)


def _article_url(centre: HelpCentre, language: str, slug: str) -> str:
    if centre.is_default:
        return reverse("help-article", args=[language, slug])
    return reverse("help-brand-article", args=[centre.slug, language, slug])


def article(
    request: HttpRequest, language: str, slug: str, brand: str | None = None
) -> HttpResponse:
    """One article; the language switcher goes to its translation where there is one."""
    centre = _centre(brand)
    found = queries.public_translation(centre, language, slug)
    if found is None:
        raise Http404
    others = queries.other_languages(found)
    switch = {
        code: _article_url(centre, code, others[code]) if code in others else _base(centre, code)
        for code in LANGUAGES
    }
    switch[language] = _article_url(centre, language, slug)
    voted = request.GET.get("voted") == "1"
    return _page(
        request, "knowledge/help_article.html", centre, language,
        article=found, switch=switch, voted=voted,
        vote_url=_article_url(centre, language, slug) + "vote",
    )  # fmt: skip


@require_POST
def vote(request: HttpRequest, language: str, slug: str, brand: str | None = None) -> HttpResponse:
    """ "Did this help?": one vote per reader (a random id in a cookie), counted for the author."""
    centre = _centre(brand)
    found = queries.public_translation(centre, language, slug)
    if found is None:
        raise Http404
    reader = request.COOKIES.get(READER_COOKIE) or secrets.token_hex(16)
    actions.vote(found, reader, request.POST.get("helpful") == "yes")
    response = redirect(_article_url(centre, language, slug) + "?voted=1")
    response.set_cookie(
        READER_COOKIE, reader, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public article of every help centre, each translation linked to the others."""
    rows = []
    for centre in HelpCentre.objects.all() or [queries.default_help_centre()]:
        for language in LANGUAGES:
            for translation in queries.public_translations(centre, language).only(
                "slug", "language", "updated_at", "article_id"
            ):
                rows.append(
                    (
                        request.build_absolute_uri(
                            _article_url(centre, language, translation.slug)
                        ),
                        translation,
                    )
                )
    response = render(
        request, "knowledge/sitemap.xml", {"rows": rows}, content_type="application/xml"
    )
    return response


@cache_control(public=True, max_age=7 * 24 * 3600)
def image(request: HttpRequest, token: str, extension: str) -> FileResponse:
    found = get_object_or_404(Image, token=token, extension=extension)
    content_types = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif"}
    response = FileResponse(found.file.open("rb"), content_type=content_types[extension])
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
