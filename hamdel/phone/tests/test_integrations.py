"""Integrations: created by an administrator in the API or the page, each with its URL."""

from django.test import Client

from hamdel.audit.models import Event
from hamdel.phone.models import Integration
from hamdel.test import PASSWORD, ApiClient, Cast


def test_an_admin_creates_an_integration_and_gets_its_secret_url(cast: Cast) -> None:
    body = {"name": "Asterisk", "kind": "generic", "team": cast.support.pk}
    created = ApiClient(cast.ada.user).post("/phone/integrations", body)
    assert created.status_code == 201
    data = created.json()
    integration = Integration.objects.get(pk=data["id"])
    assert data["url"].endswith(f"/phone/hooks/{integration.token}/")
    assert len(integration.token) >= 43
    assert Event.objects.filter(verb="phone.integration_created").exists()
    assert ApiClient(cast.sam.user).post("/phone/integrations", body).status_code == 403
    missing = ApiClient(cast.ada.user).post("/phone/integrations", {**body, "team": 999_999})
    assert missing.status_code == 422
    twilio = ApiClient(cast.ada.user).post("/phone/integrations", {**body, "kind": "twilio"})
    assert twilio.status_code == 422  # Twilio needs its auth token


def test_the_integrations_page_connects_a_phone_system(cast: Cast) -> None:
    client = Client()
    client.login(username="ada", password=PASSWORD)
    form = {"name": "3CX", "kind": "generic", "team": cast.support.pk}
    assert client.post("/phone/integrations/new", form).status_code == 302
    page = client.get("/phone/integrations/")
    token = Integration.objects.get().token
    assert token in page.content.decode()
