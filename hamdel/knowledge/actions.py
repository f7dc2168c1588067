"""Writing articles (each save a new version, indexed for search), reader votes, images,
canned replies and applying one to a conversation."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hamdel.knowledge import events, indexing, queries
from hamdel.knowledge.markup import fill, render_markdown
from hamdel.knowledge.models import (
    LANGUAGES,
    Article,
    HelpCentre,
    Image,
    Macro,
    MacroText,
    Translation,
    Version,
    Visibility,
)
from hamdel.lib import localise
from hamdel.promises.actions import PromiseDraft, check_feasibility, make_promise
from hamdel.promises.models import Kind
from hamdel.tickets.actions import add_tags, change_status
from hamdel.tickets.models import Conversation, Status

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# The first bytes of each image type an article may show; anything else is refused.
IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValidationError(
            {"language": _("Choose one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}}
        )
    return language


def _slug(title: str, language: str, wanted: str, translation_id: int | None) -> str:
    base = slugify(wanted or title, allow_unicode=True)[:100] or "article"
    taken = Translation.objects.filter(language=language, slug__startswith=base)
    if translation_id is not None:
        taken = taken.exclude(pk=translation_id)
    existing = set(taken.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in existing:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_article(
    *,
    language: str,
    title: str,
    body: str,
    actor: User,
    visibility: str = Visibility.PUBLIC,
    slug: str = "",
    help_centres: list[HelpCentre] | None = None,
) -> Translation:
    """A new article with its first translation."""
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Unknown visibility.")})
    with transaction.atomic():
        article = Article.objects.create(visibility=visibility, created_by=actor)
        if help_centres:
            article.help_centres.set(help_centres)
        return save_translation(article, language, title=title, body=body, actor=actor, slug=slug)


def save_translation(
    article: Article, language: str, *, title: str, body: str, actor: User, slug: str = ""
) -> Translation:
    """Create or change the article's text in one language: a new version, kept in the
    history, its HTML sanitised, its search entry rewritten."""
    language = _language(language)
    title, body = title.strip(), body.strip()
    if not title:
        raise ValidationError({"title": _("Give the article a title.")})
    if not body:
        raise ValidationError({"body": _("Write the article's text.")})
    with transaction.atomic():
        translation = (
            Translation.objects.select_for_update()
            .filter(article=article, language=language)
            .first()
        )
        created = translation is None
        if translation is None:
            translation = Translation(article=article, language=language, version=0)
        elif translation.title == title and translation.body == body and not slug:
            return translation  # nothing changed: no new version
        old_title = translation.title
        translation.title = title
        translation.body = body
        translation.body_html = render_markdown(body)
        translation.slug = _slug(title, language, slug or translation.slug, translation.pk)
        translation.version += 1
        translation.updated_by = actor
        translation.save()
        Version.objects.create(
            translation=translation,
            number=translation.version,
            title=title,
            body=body,
            edited_by=actor,
        )
        indexing.index_translations([translation.pk])
        events.translation_saved(translation, actor, created=created, old_title=old_title)
    return translation


def set_visibility(article: Article, visibility: str, actor: User) -> Article:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Unknown visibility.")})
    with transaction.atomic():
        old = article.visibility
        article.visibility = visibility
        article.save(update_fields=["visibility"])
        indexing.index_translations(list(article.translations.values_list("pk", flat=True)))
        events.article_visibility(article, actor, old)
    return article


def restore_version(version: Version, actor: User) -> Translation:
    """Make an old version the current text again (as a new version: history only grows)."""
    translation = version.translation
    return save_translation(
        translation.article,
        translation.language,
        title=version.title,
        body=version.body,
        actor=actor,
    )


def vote(translation: Translation, reader: str, helpful: bool) -> bool:
    """A reader's "did this help?"; a second vote by the same reader changes nothing.

    Returns whether the vote was counted.
    """
    try:
        with transaction.atomic():
            translation.votes.create(reader=reader[:64], helpful=helpful)
            field = "helpful" if helpful else "not_helpful"
            Translation.objects.filter(pk=translation.pk).update(**{field: F(field) + 1})
    except IntegrityError:
        return False
    return True


def upload_image(upload: UploadedFile, actor: User) -> Image:
    """Keep a picture for articles: PNG, JPEG or GIF by its content, up to 5 MB."""
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": _("The image is larger than %(size)s MB.") % {"size": MAX_IMAGE_BYTES >> 20}}
        )
    head = upload.read(8)
    upload.seek(0)
    extension = next(
        (kind for signature, kind in IMAGE_SIGNATURES.items() if head.startswith(signature)), None
    )
    if extension is None:
        raise ValidationError({"image": _("Upload a PNG, JPEG or GIF picture.")})
    image = Image(token=secrets.token_hex(16), extension=extension, uploaded_by=actor)
    image.file.save(f"{image.token}.{extension}", upload, save=False)
    image.save()
    return image


@dataclass(frozen=True)
class MacroInput:
    name: str
    texts: dict[str, str]  # language -> text with placeholders
    set_status: str = ""
    add_tags: tuple[str, ...] = ()
    promise_kind: str = ""
    promise_minutes: int = 0
    good_conduct: bool = False


def _check_macro(data: MacroInput) -> None:
    if not data.name.strip():
        raise ValidationError({"name": _("Give the canned reply a name.")})
    if not any(text.strip() for text in data.texts.values()):
        raise ValidationError({"texts": _("Write the text in at least one language.")})
    for language in data.texts:
        _language(language)
    if data.set_status and data.set_status not in Status.values:
        raise ValidationError({"set_status": _("Unknown status.")})
    if data.promise_kind and data.promise_kind not in Kind.values:
        raise ValidationError({"promise_kind": _("Unknown kind of promise.")})
    if data.promise_kind and data.promise_minutes <= 0:
        raise ValidationError({"promise_minutes": _("Say in how many minutes the promise is due.")})


def save_macro(data: MacroInput, actor: User, macro: Macro | None = None) -> Macro:
    _check_macro(data)
    with transaction.atomic():
        macro = macro or Macro(created_by=actor)
        macro.name = data.name.strip()
        macro.set_status = data.set_status
        macro.add_tags = [tag.strip().lower() for tag in data.add_tags if tag.strip()]
        macro.promise_kind = data.promise_kind
        macro.promise_minutes = data.promise_minutes if data.promise_kind else 0
        macro.good_conduct = data.good_conduct
        macro.save()
        for language, text in data.texts.items():
            if text.strip():
                MacroText.objects.update_or_create(
                    macro=macro, language=language, defaults={"body": text.strip()}
                )
            else:
                MacroText.objects.filter(macro=macro, language=language).delete()
        events.macro_saved(macro, actor)
    return macro


def delete_macro(macro: Macro, actor: User) -> None:
    with transaction.atomic():
        events.macro_deleted(macro, actor)
        macro.delete()


@dataclass(frozen=True)
class Applied:
    text: str  # the reply's text, placeholders filled, for the agent to edit and send
    language: str
    promise_id: int | None


def macro_text(macro: Macro, language: str) -> tuple[str, str]:
    """The macro's text in the language, else in English, else in any language it has."""
    texts = dict(macro.texts.values_list("language", "body"))
    for wanted in (language, "en", *sorted(texts)):
        if wanted in texts:
            return texts[wanted], wanted
    return "", language


def apply_macro(macro: Macro, conversation: Conversation, actor: User) -> Applied:
    """Do what the macro does to the conversation (status, tags, a promise), each an event
    of its own, and give back its text filled in for the reply box.

    A promise is made for the realistic time when the macro's own would be unlikely: the
    canned words then name a time the team can keep.
    """
    language = conversation.language or conversation.customer.language or "en"
    template, language = macro_text(macro, language)
    promise_id = None
    with transaction.atomic():
        due_text = ""
        if macro.promise_kind:
            due = timezone.now() + timedelta(minutes=macro.promise_minutes)
            draft = PromiseDraft(
                kind=macro.promise_kind,
                due_at=due,
                owner_agent=actor,
                words=macro.name,
                language=language,
            )
            check = check_feasibility(draft, conversation, timezone.now())
            if not check.likely:
                draft = PromiseDraft(
                    kind=macro.promise_kind,
                    due_at=check.realistic_due_at,
                    owner_agent=actor,
                    words=macro.name,
                    language=language,
                )
            promise = make_promise(
                draft,
                customer=conversation.customer,
                conversation=conversation,
                actor=actor,
                told_in_reply=True,
                shown_realistic=draft.due_at,
            )
            promise_id = promise.pk
            due_text = localise.format_moment(promise.due_at, language)
        if not due_text:  # {promise_due}: the conversation's next open promise, if any
            next_due = queries.next_open_promise_due(conversation)
            due_text = localise.format_moment(next_due, language) if next_due else ""
        if macro.add_tags:
            add_tags(conversation, macro.add_tags, actor)
        if macro.set_status and macro.set_status != conversation.status:
            change_status(conversation, macro.set_status, actor)
        events.macro_applied(macro, conversation, actor)
    agent_name = actor.get_full_name() or actor.get_username()
    values = {
        "customer_name": conversation.customer.name,
        "agent_name": agent_name,
        "promise_due": due_text,
        "conversation_number": localise.digits(conversation.number, language),
    }
    return Applied(text=fill(template, values), language=language, promise_id=promise_id)
