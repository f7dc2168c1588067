import dataclasses

import pytest

from hamdel.text.actions import PreparedText, prepare_message


def test_message_is_redacted_detected_and_normalised() -> None:
    prepared = prepare_message(
        body_text="Kartım 4111 1111 1111 1111, İade istiyorum lütfen hemen yapın",
        body_html="<p>Kartım <b>4111 1111 1111 1111</b>, İade istiyorum</p>",
        language_hint=None,
        redaction_enabled=True,
    )
    assert prepared.text == "Kartım [card •••• 1111], İade istiyorum lütfen hemen yapın"
    assert prepared.html == "<p>Kartım <b>[card •••• 1111]</b>, İade istiyorum</p>"
    assert prepared.redactions == 1
    assert prepared.language == "tr"
    assert prepared.normalised == "kartim [card •••• 1111], iade istiyorum lutfen hemen yapin"


def test_redaction_can_be_turned_off_by_the_organisation() -> None:
    prepared = prepare_message("card 4111111111111111", "", "en", redaction_enabled=False)
    assert prepared.text == "card 4111111111111111"
    assert prepared.redactions == 0


def test_short_message_takes_the_customers_language() -> None:
    assert prepare_message("ok", "", "fa", redaction_enabled=True).language == "fa"


def test_html_only_message_gets_a_plain_text_body() -> None:
    prepared = prepare_message("", "<p>Hello</p><p>world</p>", "en", redaction_enabled=True)
    assert prepared.text == "Hello\nworld"


def test_prepared_text_is_frozen() -> None:
    prepared = prepare_message("hi", "", None, redaction_enabled=True)
    assert isinstance(prepared, PreparedText)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared.text = "changed"  # type: ignore[misc]
