"""The public help centre: clean URLs per language, RTL for Persian, a switcher that keeps
the article, a sitemap, and a search that reads letters however the visitor types them."""

import re

import pytest
from django.test import Client

from hamdel.knowledge import actions
from hamdel.knowledge.models import HelpCentre, Translation, Visibility
from hamdel.test import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(cast: Cast) -> Translation:
    english = actions.create_article(
        language="en", title="Where is my order?", body="Orders ship in two days.",
        actor=cast.alice.user,
    )  # fmt: skip
    actions.save_translation(
        english.article, "fa", title="پیگیری سفارش",
        body="سفارش‌ها ظرف دو روز کاری ارسال می‌شوند. کد رهگیری در پیامک می‌آید.",
        actor=cast.alice.user,
    )  # fmt: skip
    actions.save_translation(
        english.article, "tr", title="Siparişim nerede?",
        body="İade ve değişim için KARGO İLE gönderin; siparişler İstanbul deposundan çıkar.",
        actor=cast.alice.user,
    )  # fmt: skip
    return english


def test_help_sends_the_visitor_to_their_language(order: Translation) -> None:
    assert Client().get("/help/", HTTP_ACCEPT_LANGUAGE="fa")["Location"] == "/help/fa/"
    assert Client().get("/help/?lang=tr")["Location"] == "/help/tr/"
    assert Client().get("/help/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/help/en/"


def test_a_persian_article_is_right_to_left_and_switches_to_its_translations(
    order: Translation,
) -> None:
    persian = Translation.objects.get(article=order.article, language="fa")
    page = Client().get(f"/help/fa/{persian.slug}/").content.decode()

    assert '<html lang="fa" dir="rtl">' in page
    assert "پیگیری سفارش" in page
    assert f'href="/help/en/{order.slug}/" hreflang="en"' in page  # the same article
    assert 'href="/help/ru/" hreflang="ru"' in page  # no Russian one: the home page
    assert re.search(r'<link rel="alternate" hreflang="tr" href="/help/tr/[^"]+/">', page)


@pytest.mark.parametrize(
    ("language", "typed", "title"),
    [
        ("fa", "پيگيري سفارش", "پیگیری سفارش"),  # Arabic yeh for Persian yeh
        ("fa", "ارسال ميشوند", "پیگیری سفارش"),  # Arabic yeh, no ZWNJ: می‌شوند
        ("fa", "كد رهگيري", "پیگیری سفارش"),  # Arabic kaf
        ("tr", "istanbul", "Siparişim nerede?"),  # İ typed as i
        ("tr", "ISTANBUL", "Siparişim nerede?"),
        ("tr", "kargo ile", "Siparişim nerede?"),
        ("en", "ORDERS ship", "Where is my order?"),
    ],
)
def test_search_finds_the_article_whichever_letters_are_typed(
    order: Translation, language: str, typed: str, title: str
) -> None:
    page = Client().get(f"/help/{language}/", {"q": typed}).content.decode()

    assert 'id="help-results"' in page, page
    assert title in page


def test_search_shows_only_public_articles_of_that_language(cast: Cast, order: Translation) -> None:
    actions.create_article(
        language="en", title="Order refunds for staff", body="Internal order notes.",
        visibility=Visibility.INTERNAL, actor=cast.alice.user,
    )  # fmt: skip
    english = Client().get("/help/en/", {"q": "order"}).content.decode()
    russian = Client().get("/help/ru/", {"q": "order"}).content.decode()

    assert "Where is my order?" in english
    assert "Order refunds for staff" not in english
    assert 'id="no-results"' in russian


def test_an_internal_article_is_not_served(cast: Cast) -> None:
    internal = actions.create_article(
        language="en", title="Staff only", body="Secret.", visibility=Visibility.INTERNAL,
        actor=cast.alice.user,
    )  # fmt: skip
    assert Client().get(f"/help/en/{internal.slug}/").status_code == 404


def test_the_sitemap_lists_every_public_translation(order: Translation) -> None:
    sitemap = Client().get("/help/sitemap.xml")
    text = sitemap.content.decode()

    assert sitemap["Content-Type"] == "application/xml"
    assert text.count("<url>") == 3
    assert f"http://testserver/help/en/{order.slug}/" in text


def test_a_brand_has_its_own_help_centre(cast: Cast, order: Translation) -> None:
    brand = HelpCentre.objects.create(slug="bikes", name="Bikes Ltd")
    own = actions.create_article(
        language="en", title="Tyre pressure", body="Pump to 3 bar.", actor=cast.alice.user,
        help_centres=[brand],
    )  # fmt: skip
    client = Client()

    assert client.get("/help/bikes/en/").status_code == 200
    assert "Tyre pressure" in client.get("/help/bikes/en/").content.decode()
    assert "Where is my order?" in client.get("/help/bikes/en/").content.decode()  # every centre
    assert client.get(f"/help/en/{own.slug}/").status_code == 404  # not in the default one
    assert client.get(f"/help/bikes/en/{own.slug}/").status_code == 200


def test_a_reader_votes_once_and_the_author_sees_the_count(cast: Cast, order: Translation) -> None:
    reader = Client()
    url = f"/help/en/{order.slug}/"

    first = reader.post(url + "vote", {"helpful": "yes"})
    reader.post(url + "vote", {"helpful": "no"})  # the same reader again: not counted
    Client().post(url + "vote", {"helpful": "no"})

    assert first["Location"] == url + "?voted=1"
    order.refresh_from_db()
    assert (order.helpful, order.not_helpful) == (1, 1)
    author = Client()
    author.force_login(cast.alice.user)
    editor = author.get(f"/knowledge/{order.article_id}/en/").content.decode()
    assert re.search(r'id="feedback">.*👍 1 · 👎 1', editor, re.DOTALL)


def test_the_help_centre_needs_no_script(order: Translation) -> None:
    page = Client().get("/help/en/").content.decode()
    assert "<script" not in page
