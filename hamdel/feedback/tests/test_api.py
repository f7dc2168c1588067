"""The /api/v1/feedback endpoints: survey results with filters, campaigns, settings."""

from hamdel.feedback import actions
from hamdel.feedback.tests.factories import sent_survey
from hamdel.test import ApiClient, Cast, make_conversation, make_customer
from hamdel.tickets.actions import assign_conversation


def test_surveys_are_listed_and_filtered(cast: Cast) -> None:
    low = sent_survey(make_customer("A"), team=cast.support)
    high = sent_survey(make_customer("B"), team=cast.support)
    actions.answer_survey(low, 1, "bad")
    actions.answer_survey(high, 5)
    sent_survey(make_customer("C"), team=cast.support)
    api = ApiClient(cast.sam.user)
    everything = api.get("/feedback/surveys").json()
    assert len(everything) == 3
    lows = api.get("/feedback/surveys", score_max=2).json()
    assert [row["id"] for row in lows] == [low.pk]
    assert lows[0]["comment"] == "bad"
    assert lows[0]["follow_up_id"] is not None
    unanswered = api.get("/feedback/surveys", answered="false").json()
    assert len(unanswered) == 1
    assert api.get(f"/feedback/surveys/{high.pk}").json()["score"] == 5


def test_an_agent_sees_only_surveys_they_may_see(cast: Cast) -> None:
    mine = sent_survey(make_customer("A"), team=cast.support)
    billing = sent_survey(make_customer("B"), team=cast.billing)
    alice = ApiClient(cast.alice.user)
    assert [row["id"] for row in alice.get("/feedback/surveys").json()] == [mine.pk]
    assert alice.get(f"/feedback/surveys/{billing.pk}").status_code == 404


def test_results_per_agent_and_team(cast: Cast) -> None:
    conversation = make_conversation(make_customer("A"), team=cast.support)
    assign_conversation(conversation, None, assignee=cast.alice.user)
    from hamdel.tickets.actions import change_status
    from hamdel.tickets.models import Status

    change_status(conversation, Status.SOLVED, None)
    survey = actions.send_csat(conversation.pk).survey
    assert survey is not None
    actions.answer_survey(survey, 4)
    body = ApiClient(cast.sam.user).get("/feedback/results").json()
    assert body["csat"]["answered"] == 1
    assert body["csat"]["average"] == 4.0
    assert body["csat"]["satisfied_rate"] == 100
    assert [(row["label"], row["answered"]) for row in body["agents"]] == [("alice", 1)]
    assert [(row["label"], row["sent"]) for row in body["teams"]] == [("Support", 1)]


def test_a_campaign_is_created_and_its_status_read(cast: Cast) -> None:
    make_conversation(make_customer("A", language="tr"))
    api = ApiClient(cast.sam.user)
    created = api.post(
        "/feedback/campaigns",
        {"name": "Q3", "segment": {"languages": ["tr"]}},
        headers={"Idempotency-Key": "nps-q3"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["state"], body["segment"]["languages"]) == ("scheduled", ["tr"])
    again = api.post(
        "/feedback/campaigns",
        {"name": "Q3", "segment": {"languages": ["tr"]}},
        headers={"Idempotency-Key": "nps-q3"},
    )
    assert again.json()["id"] == body["id"]  # a retried request creates nothing new
    actions.send_campaign_batch(body["id"])
    status = api.get(f"/feedback/campaigns/{body['id']}").json()
    assert (status["state"], status["sent"], status["progress"]) == ("done", 1, 100)


def test_a_bad_campaign_is_a_400_naming_the_field(cast: Cast) -> None:
    answer = ApiClient(cast.sam.user).post(
        "/feedback/campaigns", {"name": "x", "segment": {"tiers": ["diamond"]}}
    )
    assert answer.status_code in (400, 422)
    assert "tiers" in answer.content.decode()


def test_settings_are_read_and_written_by_administrators(cast: Cast) -> None:
    api = ApiClient(cast.ada.user)
    settings = api.get("/feedback/settings").json()
    settings["period_days"] = 14
    assert api.put("/feedback/settings", settings).json()["period_days"] == 14
    assert ApiClient(cast.sam.user).get("/feedback/settings").status_code == 403
