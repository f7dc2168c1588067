"""The customer's "Last CSAT" fact; the survey on the conversation page."""

from django.test import Client
from django.utils import translation

from hamdel.feedback import actions
from hamdel.feedback.tests.factories import sent_survey
from hamdel.lib import registry
from hamdel.test import Cast


def test_the_last_csat_is_a_customer_fact(cast: Cast) -> None:
    assert not [f for f in registry.customer_facts(cast.customer) if f.label == "Last CSAT"]
    actions.answer_survey(sent_survey(cast.customer, team=cast.support), 2)
    facts = {fact.label: fact for fact in registry.customer_facts(cast.customer)}
    assert facts["Last CSAT"].value.startswith("2 of 5")
    assert facts["Last CSAT"].tone == "bad"


def test_the_fact_speaks_persian(cast: Cast) -> None:
    actions.answer_survey(sent_survey(cast.customer, team=cast.support), 5)
    with translation.override("fa"):
        facts = registry.customer_facts(cast.customer)
    assert any(fact.value.startswith("۵") and fact.tone == "good" for fact in facts)


def test_the_conversation_page_shows_the_answer(cast: Cast) -> None:
    survey = actions.answer_survey(sent_survey(cast.customer, team=cast.support), 4, "Quick!")
    client = Client()
    client.force_login(cast.alice.user)
    page = client.get(f"/conversations/{survey.conversation_id}/").content.decode()
    assert 'id="feedback"' in page
    assert 'data-score="4"' in page
    assert "Quick!" in page
    customer_page = client.get(f"/customers/{cast.customer.pk}/").content.decode()
    assert f'id="survey-{survey.pk}"' in customer_page


def test_the_dashboard_shows_an_agent_their_own_results(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice.user)
    assert client.get("/feedback/").status_code == 200
    client.force_login(cast.sam.user)
    assert client.get("/feedback/?days=7").status_code == 200
