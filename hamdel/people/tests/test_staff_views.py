import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from hamdel.people.models import Agent, Organisation, Team
from hamdel.test import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_only_administrators_open_the_staff_pages(cast: Cast) -> None:
    for path in ("/staff/", "/teams/", "/settings/"):
        assert signed_in("sam").get(path).status_code == 403
        assert signed_in("ada").get(path).status_code == 200


def test_an_invited_colleague_gets_an_email_and_chooses_a_password(cast: Cast) -> None:
    response = signed_in("ada").post(
        "/staff/invite",
        {
            "username": "dina",
            "name": "Dina Rahimi",
            "email": "dina@example.com",
            "role": "agent",
            "teams": [cast.support.pk],
        },
    )
    assert response.status_code == 302
    dina = Agent.objects.get(user__username="dina")
    assert list(dina.teams.all()) == [cast.support]
    assert not dina.user.has_usable_password()
    base = re.escape(settings.BASE_URL)  # never the Host of the request that asked
    link = re.search(base + r"(/invitation/\S+/)", str(mail.outbox[0].body))
    assert link is not None

    visitor = Client()
    form = visitor.get(link.group(1), follow=True)
    visitor.post(
        form.request["PATH_INFO"],
        {"new_password1": "a long new secret 42", "new_password2": "a long new secret 42"},
    )
    assert visitor.login(username="dina", password="a long new secret 42")


def test_an_administrator_changes_role_teams_and_deactivates_an_agent(cast: Cast) -> None:
    client = signed_in("ada")
    client.post(
        f"/staff/{cast.alice.pk}/",
        {
            "role": "supervisor",
            "teams": [cast.billing.pk],
            "languages": "fa en",
            "skills": "refunds",
            "timezone": "Asia/Tehran",
            "ui_language": "fa",
        },
    )
    client.post(f"/staff/{cast.alice.pk}/access", {"step": "deactivate"})
    alice = Agent.objects.select_related("user").get(pk=cast.alice.pk)
    assert (alice.role, alice.languages, alice.skills) == ("supervisor", ["fa", "en"], ["refunds"])
    assert list(alice.teams.all()) == [cast.billing]
    assert not alice.user.is_active


def test_an_administrator_emails_a_password_reset_link(cast: Cast) -> None:
    cast.alice.user.email = "alice@example.com"
    cast.alice.user.save(update_fields=["email"])
    signed_in("ada").post(f"/staff/{cast.alice.pk}/access", {"step": "reset"})
    assert mail.outbox[0].to == ["alice@example.com"]


def test_teams_are_created_with_their_brand_and_the_organisation_is_edited(cast: Cast) -> None:
    client = signed_in("ada")
    client.post(
        "/teams/",
        {
            "name": "Sales",
            "timezone": "Europe/Istanbul",
            "brand_name": "Hamdel Shop",
            "sender_address": "sales@example.com",
        },
    )
    assert Team.objects.get(name="Sales").brand_name == "Hamdel Shop"
    client.post(
        "/settings/",
        {
            "name": "Shop",
            "default_language": "fa",
            "phone_region": "TR",
            "timezone": "Europe/Istanbul",
        },
    )
    organisation = Organisation.load()
    assert (organisation.name, organisation.phone_region) == ("Shop", "TR")
    assert organisation.redaction_enabled is False


def test_password_reset_by_email_from_the_login_page(cast: Cast) -> None:
    cast.alice.user.email = "alice@example.com"
    cast.alice.user.save(update_fields=["email"])
    response = Client().post("/password/reset/", {"email": "alice@example.com"})
    assert response["Location"] == "/password/reset/sent/"
    assert "/password/reset/" in mail.outbox[0].body
