"""Knowledge endpoints under /api/v1/knowledge. Thin: parse, call one query or action."""

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hamdel.knowledge import actions, queries
from hamdel.knowledge.models import Article, Macro, Translation, Version, Visibility
from hamdel.lib.pagination import CURSOR_MAX_LENGTH, DEFAULT_LIMIT, MAX_LIMIT, paginate
from hamdel.lib.schemas import PageOut
from hamdel.people.permissions import caller
from hamdel.tickets.queries import conversation_for

router = Router(tags=["knowledge"])


class TranslationOut(Schema):
    id: int
    language: str
    title: str
    slug: str
    body: str
    body_html: str
    version: int
    updated_at: datetime
    helpful: int
    not_helpful: int


class ArticleOut(Schema):
    id: int
    visibility: str
    translations: list[TranslationOut]
    missing: list[str]


class ArticleIn(Schema):
    language: str
    title: str = Field(max_length=200)
    body: str = Field(max_length=200_000)
    visibility: str = Visibility.PUBLIC
    slug: str = ""


class TranslationIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field(max_length=200_000)


class VersionOut(Schema):
    number: int
    title: str
    body: str
    edited_by: str | None
    edited_at: datetime


class ArticleHitOut(Schema):
    id: int
    article: int
    language: str
    title: str
    slug: str
    snippet: str


class MacroTextOut(Schema):
    language: str
    body: str


class MacroOut(Schema):
    id: int
    name: str
    set_status: str
    add_tags: list[str]
    promise_kind: str
    promise_minutes: int
    good_conduct: bool
    texts: list[MacroTextOut]


class MacroIn(Schema):
    name: str = Field(max_length=120)
    texts: dict[str, str]
    set_status: str = ""
    add_tags: list[str] = []
    promise_kind: str = ""
    promise_minutes: int = Field(0, ge=0)
    good_conduct: bool = False


class ApplyIn(Schema):
    conversation: int


class AppliedOut(Schema):
    text: str
    language: str
    promise_id: int | None


class SuggestionsOut(Schema):
    language: str
    articles: list[ArticleHitOut]
    macros: list[MacroOut]


class ListFilters(Schema):
    missing: str = ""
    visibility: str = ""
    q: str = Field("", max_length=200)
    cursor: str | None = Field(None, max_length=CURSOR_MAX_LENGTH)
    limit: int = DEFAULT_LIMIT


def _article(article: Article) -> ArticleOut:
    row = queries.article_row(article)
    return ArticleOut(
        id=article.pk,
        visibility=article.visibility,
        translations=[TranslationOut.from_orm(t) for t in row.translations.values()],
        missing=row.missing,
    )


def _hit(translation: Translation, snippet: str) -> ArticleHitOut:
    return ArticleHitOut(
        id=translation.pk,
        article=translation.article_id,
        language=translation.language,
        title=translation.title,
        slug=translation.slug,
        snippet=snippet,
    )


def _macro(macro: Macro) -> MacroOut:
    return MacroOut(
        id=macro.pk,
        name=macro.name,
        set_status=macro.set_status,
        add_tags=macro.add_tags,
        promise_kind=macro.promise_kind,
        promise_minutes=macro.promise_minutes,
        good_conduct=macro.good_conduct,
        texts=[MacroTextOut(language=t.language, body=t.body) for t in macro.texts.all()],
    )


@router.get("/articles", response=PageOut[ArticleOut])
def list_articles(request: HttpRequest, filters: Query[ListFilters]) -> PageOut[ArticleOut]:
    """Articles, newest first; `missing=fa` lists those without a Persian translation."""
    caller(request)
    found = queries.articles_for_authors(
        missing=filters.missing, visibility=filters.visibility, text=filters.q
    )
    page = paginate(
        found,
        list_name="articles",
        sort="-created_at",
        allowed_sorts=("-created_at",),
        cursor=filters.cursor,
        limit=min(filters.limit, MAX_LIMIT),
    )
    return PageOut(items=[_article(a) for a in page.items], next_cursor=page.next_cursor)


@router.post("/articles", response={201: ArticleOut})
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[ArticleOut]:
    translation = actions.create_article(
        language=payload.language,
        title=payload.title,
        body=payload.body,
        visibility=payload.visibility,
        slug=payload.slug,
        actor=caller(request),
    )
    return Status(201, _article(translation.article))


@router.get("/articles/{int:article_id}", response=ArticleOut)
def get_article(request: HttpRequest, article_id: int) -> ArticleOut:
    caller(request)
    return _article(get_object_or_404(Article, pk=article_id))


@router.put("/articles/{int:article_id}/translations/{language}", response=ArticleOut)
def put_translation(
    request: HttpRequest, article_id: int, language: str, payload: TranslationIn
) -> ArticleOut:
    """Write or change one translation: a new version, kept in the history."""
    article = get_object_or_404(Article, pk=article_id)
    actions.save_translation(
        article, language, title=payload.title, body=payload.body, actor=caller(request)
    )
    return _article(article)


@router.get(
    "/articles/{int:article_id}/translations/{language}/versions", response=list[VersionOut]
)
def versions(request: HttpRequest, article_id: int, language: str) -> list[VersionOut]:
    caller(request)
    translation = get_object_or_404(Translation, article_id=article_id, language=language)
    rows = Version.objects.filter(translation=translation).select_related("edited_by")
    return [
        VersionOut(
            number=v.number,
            title=v.title,
            body=v.body,
            edited_by=v.edited_by.get_username() if v.edited_by else None,
            edited_at=v.edited_at,
        )
        for v in rows
    ]


class HelpSearchFilters(Schema):
    q: str = Field(max_length=200)
    language: str = "en"
    help_centre: str | None = None
    limit: int = Field(queries.SEARCH_LIMIT, ge=1, le=100)


@router.get("/search", response=list[ArticleHitOut])
def search(request: HttpRequest, filters: Query[HelpSearchFilters]) -> list[ArticleHitOut]:
    """The help centre's search over public articles, as the public page finds them."""
    caller(request)
    centre = queries.help_centre(filters.help_centre)
    if centre is None:
        return []
    found = queries.search_help(centre, filters.language, filters.q, filters.limit)
    return [_hit(translation, snippet) for translation, snippet in found]


@router.get("/suggestions", response=SuggestionsOut)
def suggestions(request: HttpRequest, conversation: int) -> SuggestionsOut:
    """Articles and canned replies that fit the conversation, in its language."""
    found = conversation_for(caller(request), conversation)
    language = found.language or found.customer.language or "en"
    text = queries.customer_text(found)
    return SuggestionsOut(
        language=language,
        articles=[_hit(t, s) for t, s in queries.suggested_articles(text, language)],
        macros=[_macro(m) for m in queries.suggested_macros(text, language)],
    )


@router.get("/macros", response=list[MacroOut])
def list_macros(request: HttpRequest, language: str = "") -> list[MacroOut]:
    caller(request)
    return [_macro(m) for m in queries.macros_list(language)[:500]]


def _input(payload: MacroIn) -> actions.MacroInput:
    return actions.MacroInput(
        name=payload.name,
        texts=payload.texts,
        set_status=payload.set_status,
        add_tags=tuple(payload.add_tags),
        promise_kind=payload.promise_kind,
        promise_minutes=payload.promise_minutes,
        good_conduct=payload.good_conduct,
    )


@router.post("/macros", response={201: MacroOut})
def create_macro(request: HttpRequest, payload: MacroIn) -> Status[MacroOut]:
    macro = actions.save_macro(_input(payload), caller(request))
    return Status(201, _macro(macro))


@router.put("/macros/{int:macro_id}", response=MacroOut)
def update_macro(request: HttpRequest, macro_id: int, payload: MacroIn) -> MacroOut:
    macro = get_object_or_404(Macro, pk=macro_id)
    return _macro(actions.save_macro(_input(payload), caller(request), macro))


@router.post("/macros/{int:macro_id}/apply", response=AppliedOut)
def apply_macro(request: HttpRequest, macro_id: int, payload: ApplyIn) -> AppliedOut:
    """Apply a canned reply to a conversation: status, tags and promise now; the text
    back, filled in, for the reply."""
    conversation = conversation_for(caller(request), payload.conversation)
    macro = get_object_or_404(Macro, pk=macro_id)
    applied = actions.apply_macro(macro, conversation, caller(request))
    return AppliedOut(text=applied.text, language=applied.language, promise_id=applied.promise_id)
