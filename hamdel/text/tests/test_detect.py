import pytest

from hamdel.text.detect import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Merhaba, siparişim üç gündür kargoda bekliyor, ne zaman teslim edilecek?", "tr"),
        ("Hello, my order has been stuck in transit for three days, when will it arrive?", "en"),
        ("Здравствуйте, мой заказ уже три дня в пути, когда его доставят?", "ru"),
        ("سلام، سفارش من سه روز است که در راه است، کی به دستم می‌رسد؟", "fa"),
    ],
)
def test_sentence_is_detected_among_the_served_languages(text: str, language: str) -> None:
    assert detect_language(text, hint=None) == language


def test_short_text_falls_back_to_the_hint() -> None:
    assert detect_language("ok thanks", hint="tr") == "tr"
    assert detect_language("ok", hint=None) is None


def test_short_text_in_a_script_of_one_served_language_is_that_language() -> None:
    # A Turkish customer writing two words of Russian is writing Russian.
    assert detect_language("спасибо", hint="tr") == "ru"
    assert detect_language("مرسی", hint="en") == "fa"


def test_short_text_in_the_hints_script_keeps_the_hint() -> None:
    assert detect_language("спасибо", hint="ru") == "ru"


def test_mixed_script_text_falls_back_to_the_hint() -> None:
    text = "Мой iPhone 15 Pro Max Titanium Natural не заряжается"
    assert detect_language(text, hint="tr") == "tr"


def test_only_the_given_languages_are_considered() -> None:
    text = "Hello, my order has been stuck in transit for three days, when will it arrive?"
    assert detect_language(text, hint="tr", languages=("tr", "ru")) in ("tr", "ru")
    assert (
        detect_language("سلام، سفارش من کجاست؟ خیلی دیر شده", hint="tr", languages=("tr",)) == "tr"
    )


def test_text_without_letters_falls_back_to_the_hint() -> None:
    assert detect_language("1042 !!!", hint="fa") == "fa"
