"""Mailboxes: admins only, the password sealed and never shown again."""

import pytest
from django.test import Client

from hamdel.mail import secrets
from hamdel.mail.models import Mailbox
from hamdel.people.models import Role
from hamdel.test import ApiClient, make_agent

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Support",
    "address": "support@hd.test",
    "imap_host": "imap.hd.test",
    "username": "support@hd.test",
    "password": "app-password-16c",
    "language": "fa",
}


def test_an_admin_connects_a_mailbox_and_the_password_never_comes_back() -> None:
    api = ApiClient(make_agent("root", role=Role.ADMIN).user)
    created = api.post("/mail/mailboxes", NEW)
    assert created.status_code == 201
    body = created.json()
    assert body["has_password"] is True
    assert "app-password-16c" not in created.content.decode()
    box = Mailbox.objects.get(pk=body["id"])
    assert "app-password-16c" not in box.password_sealed
    assert secrets.unseal(box.password_sealed) == "app-password-16c"
    listed = api.get("/mail/mailboxes")
    assert "app-password-16c" not in listed.content.decode()
    changed = api.patch(f"/mail/mailboxes/{box.pk}", {"acknowledge": True})
    assert changed.json()["acknowledge"] is True
    box.refresh_from_db()
    assert secrets.unseal(box.password_sealed) == "app-password-16c"  # kept when not sent


def test_a_password_from_the_environment_is_read_at_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORT_IMAP_PASSWORD", "from-env")
    api = ApiClient(make_agent("root", role=Role.ADMIN).user)
    body = api.post("/mail/mailboxes", {**NEW, "password": "env:SUPPORT_IMAP_PASSWORD"}).json()
    box = Mailbox.objects.get(pk=body["id"])
    assert box.password_sealed == "env:SUPPORT_IMAP_PASSWORD"
    assert secrets.unseal(box.password_sealed) == "from-env"


def test_an_agent_may_not_see_mailboxes() -> None:
    api = ApiClient(make_agent("alice").user)
    assert api.get("/mail/mailboxes").status_code == 403
    assert api.post("/mail/mailboxes", NEW).status_code == 403
    assert not Mailbox.objects.exists()


def test_the_admin_page_saves_a_mailbox_without_showing_its_password() -> None:
    browser = Client()
    browser.force_login(make_agent("root", role=Role.ADMIN).user)
    form = {
        **NEW,
        "imap_port": 993,
        "imap_security": "tls",
        "imap_folder": "INBOX",
        "smtp_port": 587,
        "smtp_security": "starttls",
        "poll_seconds": 60,
        "acknowledge_window_hours": 24,
        "is_active": "on",
    }
    response = browser.post("/mail/mailboxes/new", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    box = Mailbox.objects.get()
    page = browser.get(f"/mail/mailboxes/{box.pk}/").content.decode()
    assert "app-password-16c" not in page
    assert box.address in browser.get("/mail/mailboxes/").content.decode()


def test_a_remote_server_without_tls_is_refused() -> None:
    api = ApiClient(make_agent("root", role=Role.ADMIN).user)
    refused = api.post("/mail/mailboxes", {**NEW, "imap_security": "none"})
    assert refused.status_code == 422
    assert "imap_host" in refused.content.decode()
    assert not Mailbox.objects.exists()
    local = api.post("/mail/mailboxes", {**NEW, "imap_security": "none", "imap_host": "127.0.0.1"})
    assert local.status_code == 201
