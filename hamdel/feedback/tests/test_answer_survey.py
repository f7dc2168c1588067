"""Answering through the signed link: one answer per survey, low scores followed up."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.feedback import actions, links
from hamdel.feedback.declarations import LOW_SCORE
from hamdel.feedback.models import Survey
from hamdel.feedback.tests.factories import sent_survey, token_of
from hamdel.live.models import Notification
from hamdel.promises.models import Kind as PromiseKind
from hamdel.promises.models import Promise
from hamdel.test import Cast


def test_a_genuine_link_finds_its_survey(db: None) -> None:
    survey = sent_survey()
    assert actions.survey_for_token(token_of(survey)) == survey


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: links.token_for(999_999, "guess"),  # made without the secret: wrong id
        lambda token: "not-a-token",
        lambda token: "",
    ],
)
def test_an_altered_or_invented_link_finds_nothing(db: None, tamper: object) -> None:
    survey = sent_survey()
    assert actions.survey_for_token(tamper(token_of(survey))) is None  # type: ignore[operator]


def test_a_link_signed_with_another_nonce_finds_nothing(db: None) -> None:
    survey = sent_survey()
    assert actions.survey_for_token(links.token_for(survey.pk, "another")) is None


def test_an_expired_link_finds_nothing(db: None) -> None:
    survey = sent_survey()
    token = token_of(survey)
    actions.update_settings(None, link_days=1)
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now().timestamp() + 2 * 86400
        patch.setattr("time.time", lambda: later)
        assert actions.survey_for_token(token) is None


def test_a_second_answer_replaces_the_first_and_counts_once(db: None) -> None:
    survey = sent_survey()
    actions.answer_survey(survey, 3, "slow")
    actions.answer_survey(survey, 5, "fixed after all")
    survey.refresh_from_db()
    assert (survey.score, survey.comment, survey.answers) == (5, "fixed after all", 2)
    assert Survey.objects.filter(answered_at__isnull=False).count() == 1
    olds = list(
        Event.objects.filter(verb="feedback.answered").order_by("pk").values_list("data", flat=True)
    )
    assert [(each["old_score"], each["score"]) for each in olds] == [(None, 3), (3, 5)]


@pytest.mark.parametrize("score", [0, 6, -1, 11])
def test_a_score_outside_the_scale_is_refused(db: None, score: int) -> None:
    survey = sent_survey()
    with pytest.raises(ValidationError):
        actions.answer_survey(survey, score)
    survey.refresh_from_db()
    assert survey.score is None


def test_a_low_score_gives_a_supervisor_a_follow_up_once(cast: Cast) -> None:
    survey = sent_survey(cast.customer, team=cast.support)
    actions.answer_survey(survey, 2, "Nobody called me back")
    survey.refresh_from_db()
    assert survey.follow_up_id is not None
    promise = Promise.objects.get(pk=survey.follow_up_id)
    assert (promise.kind, promise.owner_agent, promise.conversation_id) == (
        PromiseKind.OTHER,
        cast.sam.user,
        survey.conversation_id,
    )
    assert timedelta(hours=23) < promise.due_at - timezone.now() <= timedelta(hours=24)
    assert Notification.objects.filter(recipient=cast.sam.user, kind=LOW_SCORE).count() == 1
    low = Event.objects.get(verb="feedback.low_score")
    assert low.data["comment"] == "Nobody called me back"
    assert low.data["score"] == 2
    actions.answer_survey(survey, 1, "still nothing")  # lower again: the same follow-up
    assert Promise.objects.count() == 1
    assert Notification.objects.filter(kind=LOW_SCORE).count() == 1


def test_a_good_score_needs_no_follow_up(cast: Cast) -> None:
    survey = actions.answer_survey(sent_survey(cast.customer, team=cast.support), 3)
    assert survey.follow_up_id is None
    assert not Promise.objects.exists()


def test_the_low_score_threshold_is_configurable(cast: Cast) -> None:
    actions.update_settings(None, low_csat=3)
    survey = actions.answer_survey(sent_survey(cast.customer, team=cast.support), 3)
    assert survey.follow_up_id is not None


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ 7|add:7 }} \x00\x07 end'


def test_a_hostile_comment_is_kept_as_text_and_shown_escaped(cast: Cast) -> None:
    survey = sent_survey(cast.customer, team=cast.support)
    answered = actions.answer_survey(survey, 1, HOSTILE)
    assert answered.comment.startswith('<script>alert("x")</script>')
    assert "\x00" not in answered.comment
    assert "\x07" not in answered.comment
    client = Client()
    client.force_login(cast.sam.user)
    for path in (f"/conversations/{survey.conversation_id}/", "/feedback/"):
        page = client.get(path).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, path
        assert '<script>alert("x")' not in page, path
        assert "<img src=x" not in page, path
    typed = HOSTILE.replace("\x00", "")  # a form refuses NUL characters outright
    thanks = Client().post(f"/feedback/{token_of(survey)}/", {"score": "2", "comment": typed})
    assert thanks.status_code == 200
    assert '<script>alert("x")' not in thanks.content.decode()
    assert "&lt;img src=x" in thanks.content.decode()


def test_a_persian_comment_keeps_its_zero_width_non_joiners(db: None) -> None:
    typed = "خیلی\u200cخوب بود، ممنون می\u200cکنم\r\nواقعاً"
    answered = actions.answer_survey(sent_survey(), 5, typed)
    assert answered.comment == "خیلی\u200cخوب بود، ممنون می\u200cکنم\nواقعاً"
