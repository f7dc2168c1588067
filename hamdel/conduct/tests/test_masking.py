"""What the agent sees: masked words, one audited click to show them, or never."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hamdel.audit.models import Event
from hamdel.conduct import actions
from hamdel.conduct.masking import mask, masked_html
from hamdel.conduct.tests.factories import customer_writes
from hamdel.test import PASSWORD, Cast


def test_masked_html_hides_the_words_and_escapes_the_rest() -> None:
    text = "<b>you</b> idiot"
    html = masked_html(text, [{"start": 11, "end": 16, "category": "insult"}])
    assert "idiot" not in html
    assert "&lt;b&gt;" in html
    assert "•••" in html


def test_mask_of_an_abusive_message_offers_one_click(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    html = mask(message.body_text, message.pk, cast.alice.user)
    assert "fucking" not in html
    assert "idiot" not in html
    assert f"/conduct/messages/{message.pk}/reveal" in html


def test_mask_of_a_clean_message_is_the_escaped_text(cast: Cast) -> None:
    message = customer_writes(cast.customer, "Where is <my> order?")
    assert mask(message.body_text, message.pk, cast.alice.user) == "Where is &lt;my&gt; order?"


def test_revealing_is_audited(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    client = Client()
    client.login(username="sam", password=PASSWORD)
    response = client.post(f"/conduct/messages/{message.pk}/reveal", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "fucking idiot" in response.content.decode()
    event = Event.objects.get(verb="conduct.revealed")
    assert (event.actor, event.subject_id) == (cast.sam.user, message.pk)


def test_an_agent_who_chose_never_to_see_gets_no_button_and_no_reveal(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    actions.set_preference(cast.alice.user, True)
    assert "reveal" not in mask(message.body_text, message.pk, cast.alice.user)
    with pytest.raises(PermissionDenied):
        actions.reveal_message(message, cast.alice.user)
    assert Event.objects.filter(verb="conduct.preference_changed").count() == 1


def test_an_agent_of_another_team_cannot_reveal(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    client = Client()
    client.login(username="bob", password=PASSWORD)
    assert client.post(f"/conduct/messages/{message.pk}/reveal").status_code == 404
