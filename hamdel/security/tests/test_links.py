"""Reset and invitation links: built on HAMDEL_BASE_URL, a reset lives an hour and an
invitation 72 hours, and a revoked, superseded or deactivated agent's link fails."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, RequestFactory
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django.fixtures import Settings

from hamdel.people.actions import (
    create_agent,
    deactivate_agent,
    invite_agent,
    revoke_invitation,
)
from hamdel.people.mail import send_password_link
from hamdel.people.models import Agent
from hamdel.people.tokens import LinkTokenGenerator, invitation_tokens, reset_tokens
from hamdel.test import PASSWORD, Cast

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a much longer passphrase 2024"
LINK = re.compile(r"(https?://\S+?)(/(?:password/reset|invitation)/[^/\s]+/[^/\s]+/)")


def _link() -> tuple[str, str]:
    """(base, path) of the link in the last email sent."""
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1), match.group(2)


def _sets_password(path: str, password: str = NEW_PASSWORD) -> bool:
    client = Client()
    form = client.get(path, follow=True)
    if form.context is None or not form.context.get("validlink"):
        return False
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": password, "new_password2": password},
    )
    return done.status_code == 302


def _invited(cast: Cast, username: str = "erin") -> Agent:
    """An agent an administrator invited: no password chosen yet."""
    return create_agent(username, cast.ada.user, email=f"{username}@example.com")


def test_the_reset_link_is_built_on_the_base_url_not_the_host_header(
    cast: Cast, settings: Settings
) -> None:
    settings.BASE_URL = "https://help.example.com"
    User.objects.filter(pk=cast.alice.user_id).update(email="alice@example.com")
    Client().post(
        "/password/reset/",
        {"email": "alice@example.com"},
        HTTP_HOST="localhost:9999",
        HTTP_X_FORWARDED_PROTO="http",
    )
    base, path = _link()
    assert base == "https://help.example.com"
    assert "9999" not in mail.outbox[-1].body
    assert _sets_password(path)


def test_a_client_cannot_claim_https_without_a_trusted_proxy() -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert not request.is_secure()


def test_the_invitation_link_is_built_on_the_base_url(cast: Cast, settings: Settings) -> None:
    settings.BASE_URL = "https://help.example.com"
    send_password_link(_invited(cast).user, invitation=True)
    base, path = _link()
    assert base == "https://help.example.com"
    assert path.startswith("/invitation/")
    assert _sets_password(path)


class _At(LinkTokenGenerator):
    """The same kind of token, made `ago` in the past."""

    def __init__(self, like: LinkTokenGenerator, ago: timedelta) -> None:
        super().__init__(like.key_salt, like.lifetime)
        self.ago = ago

    def _now(self) -> datetime:
        return super()._now() - self.ago


def _path(kind: str, user: User, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    prefix = "invitation" if kind == "invitation" else "password/reset"
    return f"/{prefix}/{uid}/{token}/"


def test_a_reset_link_lives_one_hour(cast: Cast) -> None:
    user = cast.alice.user
    assert _sets_password(
        _path("reset", user, _At(reset_tokens, timedelta(minutes=59)).make_token(user))
    )
    user.refresh_from_db()
    stale = _At(reset_tokens, timedelta(minutes=61)).make_token(user)
    assert not _sets_password(_path("reset", user, stale))


def test_an_invitation_lives_72_hours(cast: Cast) -> None:
    user = _invited(cast).user
    stale = _At(invitation_tokens, timedelta(hours=73)).make_token(user)
    assert not _sets_password(_path("invitation", user, stale))
    fresh = _At(invitation_tokens, timedelta(hours=71)).make_token(user)
    assert _sets_password(_path("invitation", user, fresh))


def test_a_reset_token_does_not_open_an_invitation_link_nor_the_reverse(cast: Cast) -> None:
    user = _invited(cast).user
    assert not _sets_password(_path("invitation", user, reset_tokens.make_token(user)))
    assert not _sets_password(_path("reset", user, invitation_tokens.make_token(user)))


def test_a_revoked_invitation_link_fails(cast: Cast) -> None:
    agent = _invited(cast)
    token = invitation_tokens.make_token(agent.user)
    revoke_invitation(agent, cast.ada.user)
    assert not _sets_password(_path("invitation", agent.user, token))
    assert not User.objects.get(pk=agent.user_id).has_usable_password()


def test_a_superseded_invitation_link_fails_and_the_new_one_works(cast: Cast) -> None:
    agent = _invited(cast)
    old = invitation_tokens.make_token(agent.user)
    invite_agent(agent, cast.ada.user)
    new = invitation_tokens.make_token(User.objects.get(pk=agent.user_id))
    assert not _sets_password(_path("invitation", agent.user, old))
    assert _sets_password(_path("invitation", agent.user, new))


def test_a_deactivated_agents_links_fail(cast: Cast) -> None:
    agent = _invited(cast)
    invitation = invitation_tokens.make_token(agent.user)
    reset = reset_tokens.make_token(cast.bob.user)
    deactivate_agent(agent, cast.ada.user)
    deactivate_agent(cast.bob, cast.ada.user)
    assert not _sets_password(_path("invitation", agent.user, invitation))
    assert not _sets_password(_path("reset", cast.bob.user, reset))


def test_administrators_revoke_and_resend_invitations_from_the_agent_page(cast: Cast) -> None:
    agent = _invited(cast)
    admin = Client()
    assert admin.login(username="ada", password=PASSWORD)
    admin.post(f"/staff/{agent.pk}/access", {"step": "reinvite"})
    _base, first = _link()
    admin.post(f"/staff/{agent.pk}/access", {"step": "reinvite"})
    _base, second = _link()
    assert not _sets_password(first)
    admin.post(f"/staff/{agent.pk}/access", {"step": "revoke_invitation"})
    assert not _sets_password(second)
