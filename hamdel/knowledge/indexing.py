"""Search entries of article translations (hamdel.text's index): one kind per language for
public articles, which the help centre searches, and one for internal ones."""

from django.db.models import QuerySet

from hamdel.knowledge.models import LANGUAGES, Translation, Visibility
from hamdel.text.actions import replace_entries, unindex
from hamdel.text.models import SearchEntry
from hamdel.text.normalise import index_text

INTERNAL_KIND = "kb_internal"
# A hit's snippet is looked for in the title and this much of the text.
SNIPPET_SOURCE_CHARS = 1000


def public_kind(language: str) -> str:
    return f"kb_{language}"


ALL_KINDS = (*(public_kind(language) for language in LANGUAGES), INTERNAL_KIND)


def _kind(translation: Translation) -> str:
    if translation.article.visibility == Visibility.INTERNAL:
        return INTERNAL_KIND
    return public_kind(translation.language)


def entry_text(title: str, body: str, language: str) -> str:
    # The title counts twice, so an article about the words outranks one that mentions them.
    return index_text(f"{title}\n{title}\n{body}", language)


def index_translations(ids: list[int]) -> None:
    """(Re)write the entries of these translations; each lives under one kind only."""
    translations = list(Translation.objects.filter(pk__in=ids).select_related("article"))
    by_kind: dict[str, list[SearchEntry]] = {}
    for translation in translations:
        entry = SearchEntry(
            kind=_kind(translation),
            object_id=translation.pk,
            conversation_id=None,
            created_at=translation.updated_at,
            tokens=entry_text(translation.title, translation.body, translation.language),
        )
        by_kind.setdefault(entry.kind, []).append(entry)
    for kind in ALL_KINDS:
        # an entry moved to another kind (visibility changed) leaves its old one
        unindex(kind, [t.pk for t in translations if _kind(t) != kind])
    for kind, entries in by_kind.items():
        replace_entries(kind, [entry.object_id for entry in entries], entries)


def translation_texts(ids: list[int]) -> dict[int, str]:
    """The text a search hit on a translation is shown with: its title and text."""
    rows: QuerySet[Translation] = Translation.objects.filter(pk__in=ids).only("title", "body")
    return {row.pk: f"{row.title} — {row.body[:SNIPPET_SOURCE_CHARS]}" for row in rows}
