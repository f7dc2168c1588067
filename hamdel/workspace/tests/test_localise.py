from datetime import UTC, date, datetime

from django.utils import timezone

from hamdel.lib.localise import digits, format_moment, parse_day


def test_persian_numbers_use_persian_digits_and_others_keep_ascii() -> None:
    assert digits(1042, "fa") == "۱۰۴۲"
    assert digits(1042, "tr") == "1042"


def test_a_persian_date_is_shown_in_the_jalali_calendar_with_its_month_name() -> None:
    moment = datetime(2024, 8, 3, 10, 30, tzinfo=UTC)
    with timezone.override("Asia/Tehran"):
        shown = format_moment(moment, "fa")
    assert shown == "۱۳ مرداد ۱۴۰۳، ۱۴:۰۰"


def test_times_are_shown_in_the_active_timezone() -> None:
    moment = datetime(2024, 8, 3, 22, 30, tzinfo=UTC)
    with timezone.override("Europe/Moscow"):
        assert format_moment(moment, "ru").startswith("4 авг")
    with timezone.override("UTC"):
        assert format_moment(moment, "en") == "3 Aug 2024, 22:30"


def test_date_filters_accept_jalali_dates_in_any_digits_and_gregorian_dates() -> None:
    assert parse_day("1403/05/13") == date(2024, 8, 3)
    assert parse_day("۱۴۰۳/۰۵/۱۳") == date(2024, 8, 3)
    assert parse_day("2024-08-03") == date(2024, 8, 3)
    assert parse_day("yesterday") is None
    assert parse_day("1403/13/40") is None
