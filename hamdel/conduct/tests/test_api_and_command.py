"""POST /api/v1/conduct/check and `hamdel conduct check TEXT [--json]`."""

import json
from io import StringIO

from django.core.management import call_command

from hamdel.conduct import actions
from hamdel.test import ApiClient, Cast


def test_check_answers_with_offsets_into_the_text_sent(cast: Cast) -> None:
    text = "Ѕhіt, you f*cking idiot"
    response = ApiClient(cast.alice.user).post("/conduct/check", {"text": text, "language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["abusive"] is True
    assert body["severity"] == "abusive"
    assert [text[m["start"] : m["end"]] for m in body["matches"]] == ["Ѕhіt", "f*cking", "idiot"]
    assert set(body["matches"][0]) == {"start", "end", "category"}


def test_check_of_a_clean_text(cast: Cast) -> None:
    response = ApiClient(cast.alice.user).post("/conduct/check", {"text": "Hello there"})
    assert response.json() == {"abusive": False, "severity": None, "matches": []}


def test_an_admins_extra_term_is_detected(cast: Cast) -> None:
    assert not actions.check_text("you gumbo", "en").abusive
    term = actions.add_term(cast.ada.user, "gumbo", "en", "insult", "mild")
    assert actions.check_text("you gumbo", "en").severity == "mild"
    actions.remove_term(cast.ada.user, term)
    assert not actions.check_text("you gumbo", "en").abusive


def test_the_command_prints_the_api_shape_with_json(db: None) -> None:
    out = StringIO()
    call_command("conduct", "check", "siktir git", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "abusive": True,
        "severity": "abusive",
        "matches": [{"start": 0, "end": 10, "category": "profanity"}],
    }
    out = StringIO()
    call_command("conduct", "check", "Merhaba", stdout=out)
    assert out.getvalue().strip() == "not abusive"
