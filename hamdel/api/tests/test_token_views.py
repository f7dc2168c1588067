import pytest
from django.test import Client

from hamdel.api.models import ApiToken
from hamdel.test import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_an_agent_creates_a_token_sees_it_once_and_revokes_it(cast: Cast) -> None:
    client = Client()
    client.login(username="alice", password=PASSWORD)
    created = client.post("/tokens/", {"name": "reporting script"})
    secret = created.context["secret"]
    assert secret.startswith("hmd_")
    api = Client().get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert secret not in client.get("/tokens/").content.decode()

    token = ApiToken.objects.get(user=cast.alice.user)
    client.post(f"/tokens/{token.pk}/revoke")
    token.refresh_from_db()
    assert not token.is_active


def test_an_agent_cannot_revoke_someone_elses_token(cast: Cast) -> None:
    client = Client()
    client.login(username="bob", password=PASSWORD)
    client.post("/tokens/", {"name": "bob's"})
    alice = Client()
    alice.login(username="alice", password=PASSWORD)
    token = ApiToken.objects.get(user=cast.bob.user)
    assert alice.post(f"/tokens/{token.pk}/revoke").status_code == 404


def test_the_audit_page_is_for_supervisors_only(cast: Cast) -> None:
    agent, supervisor = Client(), Client()
    agent.login(username="alice", password=PASSWORD)
    supervisor.login(username="sam", password=PASSWORD)
    assert agent.get("/audit/").status_code == 403
    page = supervisor.get(f"/audit/?customer={cast.customer.pk}")
    assert "customer.created" in page.content.decode()
