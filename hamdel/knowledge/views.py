"""The authors' pages (articles, history, canned replies) and the reply box's suggestions."""

import difflib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.knowledge import actions, queries
from hamdel.knowledge.forms import ArticleForm, MacroForm
from hamdel.knowledge.markup import PLACEHOLDERS, render_markdown
from hamdel.knowledge.models import LANGUAGES, Article, Macro, Translation, Version, Visibility
from hamdel.lib.web import attempt, back, is_htmx
from hamdel.people.permissions import agent_required, me
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import conversation_for

PER_PAGE = 25


@agent_required
def articles(request: HttpRequest) -> HttpResponse:
    """Every article with the languages it has and lacks; filter by a missing language."""
    missing = request.GET.get("missing", "")
    visibility = request.GET.get("visibility", "")
    text = request.GET.get("q", "").strip()[:200]
    found = queries.articles_for_authors(missing=missing, visibility=visibility, text=text)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [queries.article_row(article) for article in page.object_list],
        "languages": LANGUAGES,
        "missing": missing,
        "visibility": visibility,
        "visibilities": Visibility.choices,
        "text": text,
    }
    return render(request, "knowledge/articles.html", context)


def _editor(
    request: HttpRequest, form: ArticleForm, article: Article | None, language: str, **extra: Any
) -> HttpResponse:
    translations = {} if article is None else {t.language: t for t in article.translations.all()}
    context = {
        "form": form,
        "article": article,
        "language": language,
        "languages": LANGUAGES,
        "translations": translations,
        "missing": [code for code in LANGUAGES if code not in translations],
        "source": next(iter(translations.values()), None),
        **extra,
    }
    return render(request, "knowledge/edit.html", context)


@agent_required
def new_article(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language") or request.POST.get("language") or "en"
    language = language if language in LANGUAGES else "en"
    form = ArticleForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
            return _editor(request, form, None, language, preview=preview)
        try:
            translation = actions.create_article(
                language=form.cleaned_data["language"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                slug=form.cleaned_data["slug"],
                actor=me(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = reverse("knowledge-edit", args=[translation.article_id, translation.language])
            return redirect(url)
    return _editor(request, form, None, language)


@agent_required
def edit_article(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    """Write or change the article in one language; the other translations are listed
    beside it, missing ones marked."""
    article = get_object_or_404(Article, pk=article_id)
    if language not in LANGUAGES:
        return redirect("knowledge-edit", article_id, "en")
    current = article.translations.filter(language=language).first()
    initial = {"language": language, "visibility": article.visibility}
    if current is not None:
        initial.update(title=current.title, body=current.body, slug=current.slug)
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
            return _editor(request, form, article, language, preview=preview, current=current)
        try:
            if form.cleaned_data["visibility"] != article.visibility:
                actions.set_visibility(article, form.cleaned_data["visibility"], me(request))
            actions.save_translation(
                article,
                language,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                slug=form.cleaned_data["slug"] if current is None else "",
                actor=me(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("knowledge-edit", article.pk, language)
    return _editor(request, form, article, language, current=current)


@agent_required
def open_translation(request: HttpRequest, translation_id: int) -> HttpResponse:
    """A search hit on an article: its editor in that language."""
    translation = get_object_or_404(Translation, pk=translation_id)
    return redirect("knowledge-edit", translation.article_id, translation.language)


@agent_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The editor's preview (an htmx fragment): the Markdown as it will be stored, sanitised."""
    html = render_markdown(request.POST.get("body", "")[:200_000])
    return render(request, "knowledge/_preview.html", {"preview": html})


@agent_required
def history(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Who changed what: every version, and each one's changes against the one before."""
    translation = get_object_or_404(
        Translation.objects.select_related("article"), pk=translation_id
    )
    versions = list(translation.versions.select_related("edited_by"))
    changes = []
    for index, version in enumerate(versions):
        before = versions[index + 1] if index + 1 < len(versions) else None
        old = [] if before is None else [before.title, *before.body.splitlines()]
        diff = difflib.unified_diff(
            old, [version.title, *version.body.splitlines()], lineterm="", n=1
        )
        changes.append((version, list(diff)[2:]))
    context = {"translation": translation, "changes": changes}
    return render(request, "knowledge/history.html", context)


@agent_required
@require_POST
def restore(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(Version.objects.select_related("translation"), pk=version_id)
    attempt(request, actions.restore_version, version, me(request))
    return redirect("knowledge-history", version.translation_id)


@agent_required
@require_POST
def upload_image(request: HttpRequest) -> HttpResponse:
    """Keep a picture; answer with the Markdown that shows it (JSON for the editor's
    script, else back to the editor with the snippet as a message)."""
    upload = request.FILES.get("image")
    if upload is None:
        error = _("Choose a picture to upload.")
        return JsonResponse({"error": error}, status=400)
    try:
        image = actions.upload_image(upload, me(request))
    except ValidationError as failure:
        return JsonResponse({"error": " ".join(failure.messages)}, status=400)
    url = reverse("help-image", args=[image.token, image.extension])
    return JsonResponse({"url": url, "markdown": f"![]({url})"}, status=201)


@agent_required
def macros(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language", "")
    page = Paginator(queries.macros_list(language), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "languages": LANGUAGES, "language": language}
    return render(request, "knowledge/macros.html", context)


@agent_required
def edit_macro(request: HttpRequest, macro_id: int | None = None) -> HttpResponse:
    macro = None if macro_id is None else get_object_or_404(Macro, pk=macro_id)
    form = MacroForm(request.POST or None, macro=macro)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_macro(form.macro_input(), me(request), macro)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("knowledge-macros")
    context = {"form": form, "macro": macro, "placeholders": PLACEHOLDERS}
    return render(request, "knowledge/macro_edit.html", context)


@agent_required
@require_POST
def delete_macro(request: HttpRequest, macro_id: int) -> HttpResponse:
    macro = get_object_or_404(Macro, pk=macro_id)
    actions.delete_macro(macro, me(request))
    return redirect("knowledge-macros")


@agent_required
@require_POST
def apply_macro(request: HttpRequest, macro_id: int, pk: int) -> HttpResponse:
    """Use a canned reply on a conversation: its status, tags and promise are applied now;
    the filled-in text goes into the reply box (htmx), or is shown to copy."""
    conversation = conversation_for(request.user, pk)
    macro = get_object_or_404(Macro, pk=macro_id)
    applied = attempt(request, actions.apply_macro, macro, conversation, me(request))
    if applied is None:
        return back(request, reverse("conversation", args=[conversation.pk]))
    if is_htmx(request):
        return render(request, "knowledge/_applied.html", {"applied": applied, "macro": macro})
    return render(
        request,
        "knowledge/applied.html",
        {"applied": applied, "macro": macro, "conversation": conversation},
    )


def composer_panel(request: HttpRequest, conversation: Conversation) -> str:
    """Suggested articles and canned replies in the conversation's language, beside the
    reply box (a registry panel, conversation.composer)."""
    language = conversation.language or conversation.customer.language or "en"
    language = language if language in LANGUAGES else "en"
    text = queries.customer_text(conversation)
    context = {
        "conversation": conversation,
        "language": language,
        "articles": queries.suggested_articles(text, language),
        "macros": queries.suggested_macros(text, language),
    }
    return render_to_string("knowledge/_suggestions.html", context, request=request)
