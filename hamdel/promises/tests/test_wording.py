from datetime import datetime
from zoneinfo import ZoneInfo

from hamdel.promises.wording import promise_sentence

# Sunday 4 January 2026, 14:00 in Tehran (14 Dey 1404).
DUE = datetime(2026, 1, 4, 14, 0, tzinfo=ZoneInfo("Asia/Tehran"))


def test_english_names_the_weekday_date_and_time_in_the_customers_zone() -> None:
    sentence = promise_sentence("callback", DUE, "en", "Asia/Tehran")
    assert sentence == "I will call you back by Sunday 4 January 2026, 14:00."


def test_persian_uses_the_jalali_date_and_persian_digits() -> None:
    sentence = promise_sentence("callback", DUE, "fa", "Asia/Tehran")
    assert "یک\u200cشنبه" in sentence  # with its zero-width non-joiner
    assert "۱۴ دی ۱۴۰۴" in sentence
    assert "۱۴:۰۰" in sentence
    assert "2026" not in sentence
    assert sentence.startswith("تا ")
    assert sentence.endswith("با شما تماس می‌گیرم.")


def test_turkish_and_russian_are_told_in_their_own_words() -> None:
    assert promise_sentence("refund", DUE, "tr", "Asia/Tehran").startswith("İadeniz en geç Pazar")
    assert promise_sentence("fix", DUE, "ru", "Asia/Tehran") == (
        "Это будет исправлено до воскресенье 4 января 2026, 14:00."
    )


def test_the_customers_timezone_moves_the_time() -> None:
    sentence = promise_sentence("reply", DUE, "en", "Europe/Istanbul")
    assert "13:30" in sentence
