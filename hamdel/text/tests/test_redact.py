import pytest

from hamdel.text.redact import RedactionResult, redact, redact_html, redaction_notice

VISA = "4111 1111 1111 1111"
SHETAB_MELLI = "6037 9911 2233 4455"  # Bank Melli BIN 603799, Luhn-valid
TURKISH_IBAN = "TR33 0006 1005 1978 6457 8413 26"
SHEBA = "IR27 0170 0000 0010 0324 2000 01"


@pytest.mark.parametrize(
    ("written", "mask"),
    [
        (VISA, "[card •••• 1111]"),
        ("4111-1111-1111-1111", "[card •••• 1111]"),
        ("4111111111111111", "[card •••• 1111]"),
        ("5555 5555 5555 4444", "[card •••• 4444]"),  # Mastercard
        ("3782 822463 10005", "[card •••• 0005]"),  # American Express, 15 digits
        ("9792 0011 2233 4452", "[card •••• 4452]"),  # Troy (Turkey)
        (SHETAB_MELLI, "[card •••• 4455]"),
        ("6219 8612 3456 7898", "[card •••• 7898]"),  # Saman, Shetab 621986
        ("۶۰۳۷-۹۹۱۱-۲۲۳۳-۴۴۵۵", "[card •••• 4455]"),  # Persian digits
        ("٦٠٣٧٩٩١١٢٢٣٣٤٤٥٥", "[card •••• 4455]"),  # Arabic-Indic digits
    ],
)
def test_card_number_is_masked_keeping_its_last_four_digits(written: str, mask: str) -> None:
    result = redact(f"my card is {written}, thanks")
    assert result.text == f"my card is {mask}, thanks"
    assert result.count == 1


@pytest.mark.parametrize(
    ("written", "mask"),
    [
        (TURKISH_IBAN, "[IBAN •••• 1326]"),
        ("TR330006100519786457841326", "[IBAN •••• 1326]"),
        (SHEBA, "[IBAN •••• 0001]"),
        ("ir270170000000100324200001", "[IBAN •••• 0001]"),
        ("270170000000100324200001", "[IBAN •••• 0001]"),  # Sheba without IR
        ("۲۷۰۱۷۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱", "[IBAN •••• 0001]"),  # and in Persian digits
        ("DE89 3704 0044 0532 0130 00", "[IBAN •••• 3000]"),
    ],
)
def test_iban_is_masked_keeping_its_last_four_digits(written: str, mask: str) -> None:
    assert redact(f"IBAN: {written}.") == RedactionResult(text=f"IBAN: {mask}.", count=1)


def test_iban_followed_by_a_word_stops_at_the_iban() -> None:
    assert redact(f"{TURKISH_IBAN} please").text == "[IBAN •••• 1326] please"


def test_two_cards_in_one_run_are_both_masked() -> None:
    result = redact("4111111111111111 5555-5555-5555-4444")
    assert result.text == "[card •••• 1111] [card •••• 4444]"
    assert result.count == 2


def test_order_number_before_a_card_is_kept() -> None:
    assert redact("1042 4111 1111 1111 1111").text == "1042 [card •••• 1111]"


@pytest.mark.parametrize(
    "kept",
    [
        "1234 5678 9012 3452",  # Luhn-valid, but no card network starts with 1
        "+98 912 345 6789",  # Iranian mobile
        "0090 532 123 45 67",  # Turkish mobile dialled from abroad: 14 digits
        "+7 (912) 345-67-89",  # Russian mobile
        "0499370899",  # 10-digit Iranian national id (kod-e melli)
        "4111 1111 1111 1112",  # Visa prefix, fails Luhn
        "TR33 0006 1005 1978 6457 8413 27",  # IBAN with a wrong check
        "IR28 0170 0000 0010 0324 2000 01",  # Sheba with a wrong check
        "41111111111111111111",  # 20 digits: longer than any card
    ],
)
def test_numbers_that_are_not_cards_or_ibans_are_kept(kept: str) -> None:
    assert redact(f"number {kept} here") == RedactionResult(text=f"number {kept} here", count=0)


def test_text_already_redacted_is_unchanged_by_a_second_pass() -> None:
    once = redact(f"{VISA} and {SHEBA}")
    assert redact(once.text).text == once.text
    assert redact(once.text).count == 0


def test_html_text_nodes_are_redacted_and_markup_kept() -> None:
    html = f'<p class="x">Card: <b>{VISA}</b> &amp; &lt;tag&gt;</p><!-- note -->'
    result = redact_html(html)
    assert result.text == (
        '<p class="x">Card: <b>[card •••• 1111]</b> &amp; &lt;tag&gt;</p><!-- note -->'
    )
    assert result.count == 1


def test_html_attributes_are_not_text_nodes() -> None:
    html = '<a title="4111111111111111">link</a>'
    assert redact_html(html).text == html


def test_html_without_numbers_comes_back_byte_for_byte() -> None:
    html = "<p>Hello&nbsp;<br>world &#x27;quoted&#x27;</p>"
    assert redact_html(html).text == html


def test_redaction_notice_counts_what_was_hidden() -> None:
    assert redaction_notice(2) == "2 card numbers or IBANs were hidden to protect the customer."
