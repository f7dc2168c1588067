"""Reading the knowledge base: the help centre's pages and search, the authors' lists,
and the suggestions beside the reply box."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from hamdel.knowledge.indexing import INTERNAL_KIND, public_kind, translation_texts
from hamdel.knowledge.models import LANGUAGES, Article, HelpCentre, Macro, Translation, Visibility
from hamdel.promises.models import Promise, State
from hamdel.text.normalise import query_terms, tokens
from hamdel.text.queries import search, snippet
from hamdel.tickets.models import Conversation, Direction, Message

SEARCH_LIMIT = 20
SUGGESTIONS = 5
# The customer's last messages the suggestions read, and how much of each.
SUGGESTION_MESSAGES = 3
SUGGESTION_CHARS = 1500


def default_help_centre() -> HelpCentre:
    centre = HelpCentre.objects.filter(is_default=True).first()
    if centre is None:
        centre, _created = HelpCentre.objects.get_or_create(
            slug="default", defaults={"name": "Help centre", "is_default": True}
        )
    return centre


def help_centre(slug: str | None) -> HelpCentre | None:
    if slug is None:
        return default_help_centre()
    return HelpCentre.objects.filter(slug=slug).first()


def _in_centre(centre: HelpCentre) -> Q:
    """Articles shown in this help centre: those of no help centre in particular, and its own."""
    return Q(article__help_centres__isnull=True) | Q(article__help_centres=centre)


def public_translations(centre: HelpCentre, language: str) -> QuerySet[Translation]:
    return (
        Translation.objects.filter(language=language, article__visibility=Visibility.PUBLIC)
        .filter(_in_centre(centre))
        .distinct()
        .order_by("title", "pk")
    )


def public_translation(centre: HelpCentre, language: str, slug: str) -> Translation | None:
    return public_translations(centre, language).filter(slug=slug).first()


def other_languages(translation: Translation) -> dict[str, str]:
    """language -> slug of the article's other translations (the language switcher)."""
    return dict(
        Translation.objects.filter(article_id=translation.article_id)
        .exclude(pk=translation.pk)
        .values_list("language", "slug")
    )


def search_help(
    centre: HelpCentre, language: str, query: str, limit: int = SEARCH_LIMIT
) -> list[tuple[Translation, str]]:
    """Public articles of the help centre in this language that match every word of the
    query, however the reader typed its letters (hamdel.text normalises both), with the
    snippet of each, best first."""
    hits = search(
        None, query, limit * 3, kinds=[public_kind(language)], language=language, snippets=False
    )
    shown = {
        translation.pk: translation
        for translation in public_translations(centre, language).filter(
            pk__in=[hit.id for hit in hits]
        )
    }
    found = [shown[hit.id] for hit in hits if hit.id in shown][:limit]
    return _with_snippets(found, query, language)


def _with_snippets(
    translations: list[Translation], query: str, language: str
) -> list[tuple[Translation, str]]:
    """Each translation with its text's snippet, the query's words marked: only for the
    hits shown, since marking reads the whole text."""
    terms = query_terms(query, language)
    texts = translation_texts([translation.pk for translation in translations])
    return [(t, snippet(texts.get(t.pk, ""), terms, language)) for t in translations]


@dataclass(frozen=True)
class ArticleRow:
    article: Article
    translations: dict[str, Translation]  # language -> translation
    missing: list[str]  # languages without a translation


def articles_for_authors(
    *, missing: str = "", visibility: str = "", text: str = ""
) -> QuerySet[Article]:
    articles = Article.objects.prefetch_related(
        Prefetch("translations", queryset=Translation.objects.order_by("language"))
    ).order_by("-pk")
    if missing in LANGUAGES:
        articles = articles.exclude(translations__language=missing)
    if visibility in Visibility.values:
        articles = articles.filter(visibility=visibility)
    if text:
        articles = articles.filter(translations__title__icontains=text).distinct()
    return articles


def article_row(article: Article) -> ArticleRow:
    translations = {t.language: t for t in article.translations.all()}
    return ArticleRow(
        article, translations, [code for code in LANGUAGES if code not in translations]
    )


def customer_text(conversation: Conversation) -> str:
    """What the customer last wrote in the conversation, for suggestions."""
    bodies = (
        Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
        .order_by("-pk")
        .values_list("body_text", flat=True)[:SUGGESTION_MESSAGES]
    )
    return "\n".join([conversation.subject, *(body[:SUGGESTION_CHARS] for body in bodies)])


def suggested_articles(
    text: str, language: str, limit: int = SUGGESTIONS
) -> list[tuple[Translation, str]]:
    """Articles in the language (public and internal) that fit the text: those sharing
    more of its words first."""
    kinds = [public_kind(language), INTERNAL_KIND]
    hits = search(
        None, text, limit * 4, kinds=kinds, language=language, any_term=True, snippets=False
    )
    found = Translation.objects.filter(pk__in=[hit.id for hit in hits], language=language)
    by_id = {translation.pk: translation for translation in found.select_related("article")}
    chosen = [by_id[hit.id] for hit in hits if hit.id in by_id][:limit]
    return [(translation, "") for translation in chosen]


def suggested_macros(text: str, language: str, limit: int = SUGGESTIONS) -> list[Macro]:
    """Canned replies with a text in the language, those sharing more words with the
    customer's text first, then the phrases of good conduct, then by name."""
    wanted = set(tokens(text, language))
    macros = list(
        Macro.objects.filter(texts__language=language)
        .prefetch_related("texts")
        .distinct()
        .order_by("name")
    )

    def overlap(macro: Macro) -> int:
        words = set()
        for each in macro.texts.all():
            if each.language == language:
                words.update(tokens(f"{macro.name} {each.body}", language))
        words.update(tokens(macro.name, language))
        return len(words & wanted)

    ranked = sorted(macros, key=lambda macro: (-overlap(macro), not macro.good_conduct, macro.name))
    return ranked[:limit]


def macros_list(language: str = "") -> QuerySet[Macro]:
    macros = Macro.objects.prefetch_related("texts").order_by("name")
    if language in LANGUAGES:
        macros = macros.filter(texts__language=language).distinct()
    return macros


def next_open_promise_due(conversation: Conversation) -> datetime | None:
    due: datetime | None = (
        Promise.objects.filter(conversation=conversation, state=State.OPEN)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return due
