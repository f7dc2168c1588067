"""Denied privilege changes leave a trace; a password change revokes the owner's tokens."""

import pytest
from django.test import Client

from hamdel.api.actions import create_token
from hamdel.api.models import ApiToken
from hamdel.audit.models import Event
from hamdel.people.models import Agent, Role
from hamdel.test import PASSWORD, ApiClient, Cast

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a much longer passphrase 2024"


def _refusals() -> list[tuple[int | None, int, list[str]]]:
    return [
        (event.actor_id, event.subject_id, event.data["fields"])
        for event in Event.objects.filter(verb="agent.change_refused").order_by("id")
    ]


def test_refused_role_team_and_activity_changes_in_the_api_are_audited(cast: Cast) -> None:
    alice = ApiClient(cast.alice.user)
    assert alice.patch(f"/agents/{cast.alice.pk}", {"role": "admin"}).status_code == 403
    assert alice.patch(f"/agents/{cast.bob.pk}", {"team_ids": [cast.support.pk]}).status_code == 403
    assert alice.patch(f"/agents/{cast.bob.pk}", {"is_active": False}).status_code == 403
    assert alice.post("/agents", {"username": "mallory", "role": "admin"}).status_code == 403
    user = cast.alice.user_id
    assert _refusals() == [
        (user, cast.alice.pk, ["role"]),
        (user, cast.bob.pk, ["team_ids"]),
        (user, cast.bob.pk, ["is_active"]),
        (user, 0, ["role", "username"]),
    ]
    assert Agent.objects.get(pk=cast.alice.pk).role == Role.AGENT
    assert Agent.objects.get(pk=cast.bob.pk).user.is_active


def test_refused_changes_on_the_staff_pages_are_audited(cast: Cast) -> None:
    client = Client()
    assert client.login(username="sam", password=PASSWORD)
    body = {"role": "admin", "timezone": "UTC", "ui_language": "en"}
    assert client.post(f"/staff/{cast.sam.pk}/", body).status_code == 403
    assert client.post(f"/staff/{cast.bob.pk}/access", {"step": "deactivate"}).status_code == 403
    assert client.post("/staff/invite", {"username": "eve", "role": "admin"}).status_code == 403
    user = cast.sam.user_id
    assert _refusals() == [
        (user, cast.sam.pk, ["role", "timezone", "ui_language"]),
        (user, cast.bob.pk, ["deactivate"]),
        (user, 0, ["role", "teams", "username"]),
    ]
    assert Agent.objects.get(pk=cast.sam.pk).role == Role.SUPERVISOR


def test_an_agent_setting_their_own_presence_is_not_a_refusal(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).patch(f"/agents/{cast.alice.pk}", {"presence": "away"})
    assert response.status_code == 200
    assert _refusals() == []


def test_changing_ones_password_revokes_ones_api_tokens_and_no_one_elses(cast: Cast) -> None:
    _mine, secret = create_token(cast.alice.user, "script", None)
    create_token(cast.bob.user, "bob's", None)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    response = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=cast.alice.user, revoked_at__isnull=True).exists()
    assert ApiToken.objects.filter(user=cast.bob.user, revoked_at__isnull=True).exists()
    stale = Client().get("/api/v1/conversations", headers={"Authorization": f"Bearer {secret}"})
    assert stale.status_code == 401
    assert Event.objects.filter(verb="token.revoked", actor=cast.alice.user).exists()


def test_the_token_page_and_the_password_form_say_so(cast: Cast) -> None:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    assert "revokes all your tokens" in client.get("/tokens/").content.decode()
    assert "revokes your API tokens" in client.get("/password/change/").content.decode()
