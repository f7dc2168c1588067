"""Administrators set up forms in the workspace and through /api/v1/webforms."""

import pytest
from django.test import Client

from hamdel.audit.models import Event
from hamdel.test import ApiClient, Cast
from hamdel.webform import queries
from hamdel.webform.models import WebForm

pytestmark = pytest.mark.django_db


def _admin(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.ada.user)
    return client


def test_an_administrator_makes_a_teams_form_with_texts_per_language(cast: Cast) -> None:
    admin = _admin(cast)
    assert admin.get("/webforms/").status_code == 200
    answer = admin.post(
        "/webforms/new",
        {
            "slug": "billing",
            "team": cast.billing.pk,
            "is_active": "on",
            "allowed_origins": "https://Shop.Example/\nhttp://127.0.0.1:8123",
            "min_seconds": "3",
            "max_per_ip": "20",
            "title_fa": "تماس با صورتحساب",
            "intro_fa": "پرسش‌های پرداخت",
            "title_en": "Billing questions",
        },
    )
    assert answer.status_code == 302
    form = WebForm.objects.get(slug="billing")
    assert form.team == cast.billing
    assert form.allowed_origins == ["https://shop.example", "http://127.0.0.1:8123"]
    assert form.texts == {
        "en": {"title": "Billing questions", "intro": ""},
        "fa": {"title": "تماس با صورتحساب", "intro": "پرسش‌های پرداخت"},
    }
    assert Event.objects.filter(verb="webform.created", subject_id=form.pk).exists()
    page = Client().get("/contact/billing/?lang=fa").content.decode()
    assert "تماس با صورتحساب" in page
    assert "/contact/billing/" in admin.get("/webforms/billing/").content.decode()


def test_an_origin_that_is_not_one_is_refused_with_a_reason(cast: Cast) -> None:
    answer = _admin(cast).post(
        "/webforms/new",
        {
            "slug": "shop",
            "allowed_origins": "https://shop.example/contact?x=1",
            "min_seconds": "2",
            "max_per_ip": "10",
        },
    )
    assert answer.status_code == 200
    assert "is not an origin such as" in answer.content.decode()
    assert not WebForm.objects.filter(slug="shop").exists()


def test_the_default_form_keeps_its_address_and_stays_on(cast: Cast) -> None:
    queries.default_form()
    answer = _admin(cast).post(
        "/webforms/default/", {"slug": "other", "min_seconds": "2", "max_per_ip": "10"}
    )
    assert answer.status_code == 200
    assert WebForm.objects.get(is_default=True).slug == "default"


def test_agents_and_supervisors_may_not_change_forms(cast: Cast) -> None:
    for persona in (cast.alice, cast.sam):
        client = Client()
        client.force_login(persona.user)
        assert client.get("/webforms/").status_code == 403
        assert client.post("/webforms/new", {"slug": "x"}).status_code == 403
    assert not WebForm.objects.filter(slug="x").exists()


def test_the_api_lists_creates_and_changes_forms_for_administrators(cast: Cast) -> None:
    api = ApiClient(cast.ada.user)
    listed = api.get("/webforms")
    assert listed.status_code == 200
    assert [form["url"] for form in listed.json()] == ["/contact/"]
    created = api.post(
        "/webforms",
        {
            "slug": "shop",
            "team_id": cast.support.pk,
            "texts": {"ru": {"title": "Напишите нам", "intro": ""}},
            "allowed_origins": ["https://shop.example"],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["url"] == "/contact/shop/"
    assert created.json()["min_seconds"] == 2
    changed = api.patch("/webforms/shop", {"min_seconds": 5, "team_id": None})
    assert changed.status_code == 200
    assert changed.json()["min_seconds"] == 5
    assert changed.json()["team_id"] is None
    bad = api.patch("/webforms/shop", {"allowed_origins": ["shop.example"]})
    assert bad.status_code == 422
    assert bad.json()["field"] == "allowed_origins"
    bad_language = api.patch("/webforms/shop", {"texts": {"de": {"title": "Hallo"}}})
    assert bad_language.status_code == 422
    assert api.get("/webforms/nope").status_code == 404
    assert ApiClient(cast.sam.user).get("/webforms").status_code == 403
