import pytest

from hamdel.text.persian import normalise_persian, stem_persian


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("\u064a", "\u06cc"),  # ARABIC LETTER YEH -> FARSI YEH
        ("\u0649", "\u06cc"),  # ALEF MAKSURA -> FARSI YEH
        ("\u0643", "\u06a9"),  # ARABIC KAF -> KEHEH
        ("\u0629", "\u0647"),  # TEH MARBUTA -> HEH
        ("\u06c0", "\u0647"),  # HEH WITH YEH ABOVE -> HEH
        ("\u0623", "\u0627"),  # ALEF WITH HAMZA ABOVE -> ALEF
        ("\u0625", "\u0627"),  # ALEF WITH HAMZA BELOW -> ALEF
        ("\u0622", "\u0627"),  # ALEF WITH MADDA ABOVE -> ALEF
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # EXTENDED ARABIC-INDIC DIGITS
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # ARABIC-INDIC DIGITS
    ],
)
def test_table_maps_each_variant_onto_the_persian_form(written: str, normalised: str) -> None:
    assert normalise_persian(written) == normalised


def test_diacritics_and_tatweel_are_removed() -> None:
    assert normalise_persian("مُشتَرِیّ") == "مشتری"
    assert normalise_persian("سـلـــام") == "سلام"


def test_arabic_keyboard_spelling_meets_persian_spelling() -> None:
    assert normalise_persian("كيك") == normalise_persian("کیک") == "کیک"


@pytest.mark.parametrize("spelling", ["می‌خواهم", "میخواهم", "می خواهم"])
def test_joined_zwnj_and_spaced_prefix_are_one_word(spelling: str) -> None:
    assert normalise_persian(spelling) == "میخواهم"


@pytest.mark.parametrize("spelling", ["نمی‌توانم", "نمیتوانم", "نمی توانم"])
def test_joined_zwnj_and_spaced_negative_prefix_are_one_word(spelling: str) -> None:
    assert normalise_persian(spelling) == "نمیتوانم"


@pytest.mark.parametrize(
    ("spellings", "joined"),
    [
        (["کتاب‌ها", "کتابها", "کتاب ها"], "کتابها"),
        (["کتاب‌های", "کتابهای", "کتاب های"], "کتابهای"),
        (["بزرگ‌تر", "بزرگتر", "بزرگ تر"], "بزرگتر"),
        (["بزرگ‌ترین", "بزرگترین", "بزرگ ترین"], "بزرگترین"),
    ],
)
def test_joined_zwnj_and_spaced_suffixes_are_one_word(spellings: list[str], joined: str) -> None:
    assert {normalise_persian(spelling) for spelling in spellings} == {joined}


def test_zwj_and_direction_marks_are_removed() -> None:
    assert normalise_persian("\u200fسلام\u200d\u200e") == "سلام"


def test_text_in_other_scripts_is_untouched() -> None:
    assert normalise_persian("Order 1042, заказ, sipariş") == "Order 1042, заказ, sipariş"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("کتابها", "کتاب"),
        ("کتابهای", "کتاب"),
        ("کتابهایشان", "کتاب"),
        ("سفارشهایی", "سفارش"),
        ("بزرگترین", "بزرگ"),
        ("سریعتر", "سریع"),
        ("کاربران", "کاربر"),
        ("اطلاعات", "اطلاع"),
        ("میخواهم", "خواهم"),
        ("نمیتوانم", "توانم"),
    ],
)
def test_light_stemmer_strips_plurals_and_common_affixes(word: str, stem: str) -> None:
    assert stem_persian(word) == stem


@pytest.mark.parametrize(
    "word", ["تنها", "دختر", "ایران", "تهران", "میز", "میهمان", "مهمان", "میوه"]
)
def test_light_stemmer_leaves_words_that_only_look_affixed(word: str) -> None:
    assert stem_persian(word) == word
