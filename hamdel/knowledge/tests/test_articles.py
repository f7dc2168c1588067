"""Articles: one topic, a translation per language, every saved version kept, the HTML
sanitised, the missing translations visible to the author."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hamdel.audit.models import Event
from hamdel.knowledge import actions, queries
from hamdel.knowledge.models import Translation, Version, Visibility
from hamdel.test import Cast

pytestmark = pytest.mark.django_db


def _article(
    cast: Cast,
    language: str = "en",
    title: str = "Where is my order?",
    body: str = "It ships in two days.",
) -> Translation:
    return actions.create_article(language=language, title=title, body=body, actor=cast.alice.user)


def test_every_save_is_a_version_with_who_and_what(cast: Cast) -> None:
    first = _article(cast)
    actions.save_translation(
        first.article, "en", title="Where is my order?", body="It ships in one day.",
        actor=cast.sam.user,
    )  # fmt: skip
    unchanged = actions.save_translation(
        first.article, "en", title="Where is my order?", body="It ships in one day.",
        actor=cast.sam.user,
    )  # fmt: skip

    versions = list(Version.objects.filter(translation=first).order_by("number"))
    assert [(v.number, v.edited_by, v.body) for v in versions] == [
        (1, cast.alice.user, "It ships in two days."),
        (2, cast.sam.user, "It ships in one day."),
    ]
    assert unchanged.version == 2  # saving the same text makes no new version
    verbs = list(
        Event.objects.filter(subject_type="article").order_by("pk").values_list("verb", "actor")
    )
    assert verbs == [
        ("knowledge.article_written", cast.alice.user.pk),
        ("knowledge.article_changed", cast.sam.user.pk),
    ]


def test_the_history_page_shows_who_changed_what_and_restores(cast: Cast) -> None:
    first = _article(cast)
    actions.save_translation(
        first.article, "en", title="Where is my order?", body="It ships tomorrow.",
        actor=cast.sam.user,
    )  # fmt: skip
    client = Client()
    client.force_login(cast.alice.user)

    page = client.get(f"/knowledge/translations/{first.pk}/history/").content.decode()

    assert '<span class="added">+It ships tomorrow.</span>' in page
    assert '<span class="removed">-It ships in two days.</span>' in page
    assert page.index('data-version="2"') < page.index('data-version="1"')  # newest first
    oldest = Version.objects.get(translation=first, number=1)
    client.post(f"/knowledge/versions/{oldest.pk}/restore")
    first.refresh_from_db()
    assert (first.version, first.body) == (3, "It ships in two days.")


def test_hostile_markdown_and_html_are_stored_sanitised(cast: Cast) -> None:
    body = (
        "Hello <script>alert(1)</script> **there**\n\n"
        "[click](javascript:alert(1)) [site](https://shop.example)\n\n"
        '<img src=x onerror="alert(1)">\n\n![logo](https://shop.example/logo.png)'
    )
    translation = _article(cast, body=body)

    html = translation.body_html
    assert "<script" not in html
    assert "<img src=x" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # raw HTML in the Markdown is shown as text, inert
    assert 'img src=x onerror="alert(1)"&gt;' in html
    assert "<strong>there</strong>" in html
    assert '<a href="https://shop.example" rel="noopener noreferrer nofollow">site</a>' in html
    assert '<img src="https://shop.example/logo.png" alt="logo">' in html


def test_slugs_are_clean_unique_per_language_and_unicode(cast: Cast) -> None:
    one = _article(cast)
    two = _article(cast)
    persian = _article(cast, language="fa", title="سفارش من کجاست؟", body="دو روز کاری.")

    assert (one.slug, two.slug) == ("where-is-my-order", "where-is-my-order-2")
    assert persian.slug == "سفارش-من-کجاست"


def test_missing_translations_are_listed_for_the_author(cast: Cast) -> None:
    first = _article(cast)
    actions.save_translation(first.article, "fa", title="سفارش", body="متن", actor=cast.alice.user)
    client = Client()
    client.force_login(cast.alice.user)

    listing = client.get("/knowledge/?missing=tr").content.decode()
    editor = client.get(f"/knowledge/{first.article_id}/ru/").content.decode()

    assert queries.article_row(first.article).missing == ["tr", "ru"]
    assert 'data-missing="tr"' in listing
    assert 'data-missing="ru"' in listing
    assert 'data-missing="fa"' not in listing
    assert 'id="missing-notice"' in editor
    assert client.get("/knowledge/?missing=fa").context["rows"] == []


def test_an_article_needs_a_title_text_and_a_known_language(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="title"):
        _article(cast, title="  ")
    with pytest.raises(ValidationError, match="text"):
        _article(cast, body="")
    with pytest.raises(ValidationError, match="Choose one of"):
        _article(cast, language="de")


def test_the_editor_saves_and_previews_without_saving(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice.user)
    form = {"language": "en", "title": "Paying", "body": "By **card**.", "visibility": "public"}

    preview = client.post("/knowledge/new/", {**form, "preview": "1"})
    assert "<strong>card</strong>" in preview.content.decode()
    assert not Translation.objects.exists()

    saved = client.post("/knowledge/new/", form)
    translation = Translation.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/knowledge/{translation.article_id}/en/"
    fragment = client.post("/knowledge/preview", {"body": "<b>x</b> _y_"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt; <em>y</em>" in fragment


def test_a_vote_counts_once_per_reader(cast: Cast) -> None:
    translation = _article(cast)

    assert actions.vote(translation, "reader-1", helpful=True)
    assert not actions.vote(translation, "reader-1", helpful=False)
    assert actions.vote(translation, "reader-2", helpful=False)
    translation.refresh_from_db()
    assert (translation.helpful, translation.not_helpful) == (1, 1)


def test_an_internal_article_leaves_the_public_index(cast: Cast) -> None:
    translation = _article(cast)
    centre = queries.default_help_centre()
    assert [t for t, _s in queries.search_help(centre, "en", "order")] == [translation]

    actions.set_visibility(translation.article, Visibility.INTERNAL, cast.sam.user)

    assert queries.search_help(centre, "en", "order") == []
    assert [t for t, _s in queries.suggested_articles("my order", "en")] == [translation]


def test_an_image_upload_is_checked_by_its_content(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    image = actions.upload_image(SimpleUploadedFile("a.png", png), cast.alice.user)
    with pytest.raises(ValidationError, match="PNG, JPEG or GIF"):
        actions.upload_image(SimpleUploadedFile("evil.png", b"<svg onload=x>"), cast.alice.user)

    served = Client().get(f"/help/images/{image.token}.png")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png  # type: ignore[attr-defined]
