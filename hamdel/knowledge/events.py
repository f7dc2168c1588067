"""Audit events of the knowledge base; called only from knowledge.actions."""

from django.contrib.auth.models import User

from hamdel.audit.models import Event
from hamdel.audit.record import record_event
from hamdel.knowledge.models import Article, Macro, Translation
from hamdel.tickets.models import Conversation


def translation_saved(
    translation: Translation, actor: User, *, created: bool, old_title: str
) -> Event:
    return record_event(
        "knowledge.article_written" if created else "knowledge.article_changed",
        subject_type="article",
        subject_id=translation.article_id,
        actor=actor,
        old={"title": old_title} if not created else None,
        new={"title": translation.title, "version": translation.version},
        data={"language": translation.language},
    )


def article_visibility(article: Article, actor: User, old: str) -> Event:
    return record_event(
        "knowledge.article_visibility",
        subject_type="article",
        subject_id=article.pk,
        actor=actor,
        old=old,
        new=article.visibility,
    )


def macro_saved(macro: Macro, actor: User) -> Event:
    return record_event(
        "knowledge.macro_saved",
        subject_type="macro",
        subject_id=macro.pk,
        actor=actor,
        new={"name": macro.name},
    )


def macro_deleted(macro: Macro, actor: User) -> Event:
    return record_event(
        "knowledge.macro_deleted",
        subject_type="macro",
        subject_id=macro.pk,
        actor=actor,
        old={"name": macro.name},
    )


def macro_applied(macro: Macro, conversation: Conversation, actor: User) -> Event:
    return record_event(
        "knowledge.macro_applied",
        subject_type="macro",
        subject_id=macro.pk,
        actor=actor,
        conversation_id=conversation.pk,
        customer_id=conversation.customer_id,
        data={"name": macro.name},
    )
