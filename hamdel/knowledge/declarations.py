"""What the knowledge app adds (hamdel.lib.registry): articles in four languages and the
public help centre, canned replies, suggestions in the reply box."""

from django.utils.translation import gettext_lazy as _

from hamdel.lib.registry import Declarations, Label, Mount, NavLink, Panel, SearchKind

TEXTS = "hamdel.knowledge.indexing:translation_texts"


def _kind(label: Label) -> SearchKind:
    return SearchKind(label, TEXTS, in_conversation=False, url_name="knowledge-open")


DECLARED = Declarations(
    event_verbs={
        "knowledge.article_written": _("wrote an article"),
        "knowledge.article_changed": _("changed an article"),
        "knowledge.article_visibility": _("changed who sees an article"),
        "knowledge.macro_saved": _("saved a canned reply"),
        "knowledge.macro_deleted": _("deleted a canned reply"),
        "knowledge.macro_applied": _("used a canned reply"),
    },
    search_kinds={
        "kb_en": _kind(_("Article (English)")),
        "kb_fa": _kind(_("Article (Persian)")),
        "kb_tr": _kind(_("Article (Turkish)")),
        "kb_ru": _kind(_("Article (Russian)")),
        "kb_internal": _kind(_("Internal article")),
    },
    matrix="hamdel.knowledge.tests.matrix",
    demo="hamdel.knowledge.demo:load",
    urls=[
        Mount("knowledge/", "hamdel.knowledge.urls"),
        Mount("help/", "hamdel.knowledge.public_urls"),
    ],
    api_routers=[Mount("/knowledge", "hamdel.knowledge.api:router")],
    nav_links=[
        NavLink(_("Knowledge base"), "knowledge", order=20),
        NavLink(_("Canned replies"), "knowledge-macros", order=21),
    ],
    panels=[Panel("conversation.composer", "hamdel.knowledge.views:composer_panel")],
)
