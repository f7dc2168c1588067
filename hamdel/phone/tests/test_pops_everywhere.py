"""A call pops up on every workspace page, not only on the phone desk."""

import pytest
from django.test import Client

from hamdel.test import Cast, make_conversation

pytestmark = pytest.mark.django_db


def test_every_workspace_page_has_the_pop_area_and_the_desk_loads_the_script_once(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    client = Client()
    client.force_login(cast.alice.user)

    inbox = client.get("/inbox/").content.decode()
    page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    desk = client.get("/phone/").content.decode()

    for html in (inbox, page, desk):
        assert html.count("data-phone-pops") == 1
        assert html.count("phone/phone.js") == 1
