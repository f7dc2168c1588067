"""The widget's script, the visitor's upload, the widget pages and API, the chat desk."""

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from hamdel.chat import actions, tokens
from hamdel.chat.models import Upload, Widget
from hamdel.chat.tests.helpers import ORIGIN, start_visitor
from hamdel.test import PASSWORD, ApiClient, Cast
from hamdel.tickets.models import Attachment


def _logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_script_carries_its_four_languages_under_a_strict_policy(client: Client) -> None:
    response = client.get("/chat/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    body = response.content.decode()
    texts = json.loads(body.split("=", 1)[1].split(";\n", 1)[0])
    assert set(texts) == {"en", "fa", "tr", "ru"}
    assert texts["fa"]["_dir"] == "rtl"
    assert texts["en"]["_dir"] == "ltr"
    assert texts["en"]["launcher"] == "Talk to a person"
    for language in ("fa", "tr", "ru"):
        assert texts[language]["launcher"] != "Talk to a person", language
    code = body.split("*/", 1)[1]  # after the header comment: no address of anyone else
    assert "https://" not in code
    assert "http://" not in code


@pytest.mark.django_db
def test_an_upload_from_a_site_not_listed_is_refused(client: Client, widget: Widget) -> None:
    token = tokens.issue(tokens.new_visitor(widget.pk))
    response = client.post(
        f"/chat/upload/{widget.pk}/",
        {"token": token, "file": _file(b"hello")},
        headers={"Origin": "https://evil.example.net"},
    )
    assert response.status_code == 403


def _file(content: bytes, name: str = "receipt.txt") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_a_message(
    client: Client, widget: Widget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "upload_limit_bytes", lambda: 10)
    token = tokens.issue(tokens.new_visitor(widget.pk))
    response = client.post(
        f"/chat/upload/{widget.pk}/",
        {"token": token, "file": _file(b"x" * 11)},
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert not Upload.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_sent_with_the_next_message(widget: Widget) -> None:
    async def scenario() -> None:
        socket, welcome = await start_visitor(widget.pk)
        response = await _upload(widget.pk, welcome["token"])
        assert response.status_code == 201, response.content
        upload_id = response.json()["id"]
        await socket.send_json({"type": "message", "id": "f1", "text": "", "files": [upload_id]})
        stored = await socket.next_of("stored", id="f1")
        assert stored["message"]["files"] == ["receipt.txt"]
        await socket.disconnect()

    async_to_sync(scenario)()
    attachment = Attachment.objects.get()
    assert attachment.file.read() == b"my receipt"
    assert not Upload.objects.exists()


async def _upload(widget_id: int, token: str) -> Any:
    from channels.db import database_sync_to_async

    def post() -> Any:
        return Client().post(
            f"/chat/upload/{widget_id}/",
            {"token": token, "file": _file(b"my receipt")},
            headers={"Origin": ORIGIN},
        )

    return await database_sync_to_async(post)()


@pytest.mark.django_db
def test_an_administrator_creates_a_widget_and_gets_its_script_tag(cast: Cast) -> None:
    client = _logged_in("ada")
    response = client.post(
        "/chat/widgets/new",
        {
            "name": "Shop",
            "team": cast.support.pk,
            "allowed_origins": "https://shop.example.com/\nhttp://127.0.0.1:8080",
            "languages": ["fa", "en"],
            "no_answer_seconds": 90,
            "agent_capacity": 4,
            "is_active": "on",
        },
    )
    widget = Widget.objects.get()
    assert response.status_code == 302
    assert widget.allowed_origins == ["https://shop.example.com", "http://127.0.0.1:8080"]
    page = client.get(f"/chat/widgets/{widget.pk}/").content.decode()
    assert f'data-widget="{widget.pk}"' in page
    assert "Shop" in client.get("/chat/widgets/").content.decode()


@pytest.mark.django_db
def test_a_path_is_not_an_origin(cast: Cast) -> None:
    client = _logged_in("ada")
    response = client.post(
        "/chat/widgets/new",
        {
            "name": "Shop",
            "team": cast.support.pk,
            "allowed_origins": "https://shop.example.com/chat",
            "no_answer_seconds": 90,
            "agent_capacity": 4,
        },
    )
    assert response.status_code == 200
    assert not Widget.objects.exists()


@pytest.mark.django_db
def test_the_api_creates_and_changes_a_widget(cast: Cast) -> None:
    api = ApiClient(cast.ada.user)
    created = api.post(
        "/chat/widgets",
        {
            "name": "Shop",
            "team_id": cast.support.pk,
            "allowed_origins": ["https://shop.example.com"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["script"].endswith(f'data-widget="{body["id"]}" async></script>')
    changed = api.patch(f"/chat/widgets/{body['id']}", {"languages": ["ru"], "agent_capacity": 2})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["languages"], changed.json()["agent_capacity"]) == (["ru"], 2)
    refused = api.patch(f"/chat/widgets/{body['id']}", {"languages": ["de"]})
    assert refused.status_code in {400, 422}


@pytest.mark.django_db
def test_every_agent_opens_the_chat_desk(cast: Cast) -> None:
    page = _logged_in("alice").get("/chat/desk/")
    assert page.status_code == 200
    assert b"data-chat-desk" in page.content
