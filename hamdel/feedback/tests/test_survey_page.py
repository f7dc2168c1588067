"""The public survey page: no login, CSRF, the customer's language, right to left for
Persian, one click on a score records it."""

import pytest
from django.test import Client

from hamdel.feedback.models import Survey
from hamdel.feedback.tests.factories import sent_survey, token_of
from hamdel.test import make_customer


def test_the_page_opens_without_login_in_the_customers_language(db: None) -> None:
    survey = sent_survey(make_customer("Shirin", language="fa"))
    page = Client().get(f"/feedback/{token_of(survey)}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="fa" dir="rtl"' in html
    assert "۵" in html  # the scores in Persian digits
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("language", ["en", "tr", "ru"])
def test_the_page_is_left_to_right_in_the_other_languages(db: None, language: str) -> None:
    survey = sent_survey(make_customer("Ivan", language=language))
    html = Client().get(f"/feedback/{token_of(survey)}/").content.decode()
    assert f'lang="{language}" dir="ltr"' in html


def test_lang_switches_the_page_language(db: None) -> None:
    survey = sent_survey(make_customer("Shirin", language="fa"))
    html = Client().get(f"/feedback/{token_of(survey)}/?lang=en").content.decode()
    assert 'lang="en" dir="ltr"' in html


def test_one_click_on_a_score_records_it(db: None) -> None:
    survey = sent_survey()
    page = Client().post(f"/feedback/{token_of(survey)}/", {"score": "4"})
    assert page.status_code == 200
    survey.refresh_from_db()
    assert (survey.score, survey.answers) == (4, 1)


def test_a_post_without_the_csrf_token_is_refused(db: None) -> None:
    survey = sent_survey()
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/feedback/{token_of(survey)}/", {"score": "4"}).status_code == 403
    survey.refresh_from_db()
    assert survey.score is None


def test_a_bad_score_shows_the_page_again(db: None) -> None:
    survey = sent_survey()
    page = Client().post(f"/feedback/{token_of(survey)}/", {"score": "9"})
    assert page.status_code == 400
    assert Survey.objects.get(pk=survey.pk).score is None


def test_an_invalid_link_is_a_friendly_404(db: None) -> None:
    page = Client().get("/feedback/WzEsImFiYyJd:1abc:forged/")
    assert page.status_code == 404
    assert b'id="invalid"' in page.content


def test_an_nps_survey_asks_0_to_10(db: None) -> None:
    from hamdel.feedback.models import Kind

    survey = sent_survey()
    Survey.objects.filter(pk=survey.pk).update(kind=Kind.NPS)
    html = Client().get(f"/feedback/{token_of(survey)}/").content.decode()
    assert 'data-score="0"' in html
    assert 'data-score="10"' in html
