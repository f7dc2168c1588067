"""The knowledge API: /api/v1/knowledge/..."""

import pytest

from hamdel.knowledge.models import Macro
from hamdel.test import ApiClient, Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_an_article_is_written_translated_listed_and_its_versions_read(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    created = api.post(
        "/knowledge/articles",
        {"language": "en", "title": "Returns", "body": "Within **30 days**."},
    )
    assert created.status_code == 201, created.content
    article = created.json()
    assert article["missing"] == ["fa", "tr", "ru"]
    assert article["translations"][0]["body_html"] == "<p>Within <strong>30 days</strong>.</p>\n"

    put = api.put(
        f"/knowledge/articles/{article['id']}/translations/fa",
        {"title": "مرجوعی", "body": "تا ۳۰ روز."},
    )
    api.put(
        f"/knowledge/articles/{article['id']}/translations/fa",
        {"title": "مرجوعی کالا", "body": "تا ۳۰ روز."},
    )
    versions = api.get(f"/knowledge/articles/{article['id']}/translations/fa/versions").json()
    missing_tr = api.get("/knowledge/articles", missing="tr").json()
    missing_en = api.get("/knowledge/articles", missing="en").json()

    assert put.json()["missing"] == ["tr", "ru"]
    assert [(v["number"], v["title"], v["edited_by"]) for v in versions] == [
        (2, "مرجوعی کالا", "alice"),
        (1, "مرجوعی", "alice"),
    ]
    assert [a["id"] for a in missing_tr["items"]] == [article["id"]]
    assert missing_en["items"] == []


def test_bad_input_gets_a_clear_error(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    answer = api.post("/knowledge/articles", {"language": "xx", "title": "T", "body": "B"})
    assert answer.status_code == 422
    assert "Choose one of" in answer.content.decode()
    assert (
        api.put("/knowledge/articles/999/translations/en", {"title": "a", "body": "b"}).status_code
        == 404
    )


def test_search_and_suggestions(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    api.post(
        "/knowledge/articles",
        {"language": "tr", "title": "İade süresi", "body": "İade 30 gün içinde yapılır."},
    )
    conversation = make_conversation(
        cast.customer,
        team=cast.support,
        subject="iade",
        body="Ürünü iade etmek istiyorum, süre ne kadar?",
    )

    hits = api.get("/knowledge/search", q="IADE", language="tr").json()
    suggested = api.get("/knowledge/suggestions", conversation=conversation.pk).json()

    assert [hit["title"] for hit in hits] == ["İade süresi"]
    assert "<mark>" in hits[0]["snippet"]
    assert suggested["language"] == "tr"
    assert [a["title"] for a in suggested["articles"]] == ["İade süresi"]
    assert (
        ApiClient(cast.bob.user)
        .get("/knowledge/suggestions", conversation=conversation.pk)
        .status_code
        == 404
    )


def test_a_macro_is_created_and_applied(cast: Cast) -> None:
    api = ApiClient(cast.alice.user)
    conversation = make_conversation(cast.customer, team=cast.support)
    created = api.post(
        "/knowledge/macros",
        {"name": "Solved", "texts": {"en": "Done, {customer_name}."}, "set_status": "solved"},
    )
    assert created.status_code == 201

    applied = api.post(
        f"/knowledge/macros/{created.json()['id']}/apply", {"conversation": conversation.pk}
    )

    assert applied.json() == {"text": "Done, Cyrus Farahani.", "language": "en", "promise_id": None}
    conversation.refresh_from_db()
    assert conversation.status == "solved"
    assert Macro.objects.filter(name="Solved").count() == 1
    refused = api.post("/knowledge/macros", {"name": "x", "texts": {}})
    assert refused.status_code == 422
