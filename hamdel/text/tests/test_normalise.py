import pytest

from hamdel.text.normalise import normalise, query_terms, tokens


def test_plain_lower_turns_dotted_capital_i_into_two_code_points() -> None:
    # The trap this module exists to avoid: str.lower() keeps the dot as U+0307.
    assert "İ".lower() == "i\u0307"
    assert normalise("İ", "tr") == "i"


@pytest.mark.parametrize("spelling", ["İstanbul", "ISTANBUL", "istanbul", "ıstanbul", "İSTANBUL"])
def test_four_turkish_i_fold_to_one_form(spelling: str) -> None:
    assert normalise(spelling, "tr") == "istanbul"


def test_turkish_folding_does_not_depend_on_the_language_given() -> None:
    assert normalise("İade", None) == normalise("İade", "en") == normalise("iade", "tr")


def test_stray_combining_dot_after_i_is_dropped() -> None:
    assert normalise("i\u0307stanbul", None) == "istanbul"


def test_latin_accents_fold_so_ascii_typing_finds_turkish() -> None:
    assert normalise("Müşteri Şikâyeti Çağrı Öğe", "tr") == "musteri sikayeti cagri oge"


def test_yo_is_ye() -> None:
    assert normalise("Ещё ЁЛКА", "ru") == "еще елка"


def test_cyrillic_short_i_keeps_its_breve() -> None:
    assert normalise("Мой", "ru") == "мой"


def test_nfkc_folds_fullwidth_and_presentation_forms() -> None:
    assert normalise("ＯＲＤＥＲ １０４２", "en") == "order 1042"
    assert normalise("\ufefb", "fa") == "لا"  # ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM


def test_persian_table_applies_inside_normalise() -> None:
    assert normalise("كتاب‌هاي من", "fa") == "کتابهای من"


@pytest.mark.parametrize(
    "written", ["0912 345 6789", "0912-345-6789", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "٠٩١٢٣٤٥٦٧٨٩", "09123456789"]
)
def test_numbers_match_in_any_digit_script_and_grouping(written: str) -> None:
    assert normalise(written, None) == "09123456789"


def test_tokens_hold_surface_forms_and_stems() -> None:
    assert tokens("Orders delivered", "en") == ["orders", "order", "delivered", "deliv"]


def test_tokens_use_turkish_lower_case_before_stemming() -> None:
    assert "kapi" in tokens("KAPILARI", "tr")


def test_tokens_pick_the_stemmer_by_script_in_mixed_text() -> None:
    found = tokens("Заказы iPhones کتابها", "fa")
    assert {"заказ", "iphon", "کتاب"} <= set(found)


def test_tokens_of_a_grouped_number_include_the_joined_number_and_its_parts() -> None:
    assert tokens("555-123-4567", None) == [
        "5551234567",
        "555123",
        "1234567",
        "555",
        "123",
        "4567",
    ]


def test_query_terms_hold_alternatives_per_word() -> None:
    assert query_terms("заказы", "ru") == [("заказы", "заказ")]


def test_query_for_a_grouped_number_is_the_joined_number() -> None:
    assert query_terms("+7 912 345-67-89") == [("79123456789",)]


def test_overlong_tokens_are_not_indexed() -> None:
    assert tokens("a" * 200 + " ok", "en") == ["ok"]


def test_index_and_query_agree_on_the_same_text() -> None:
    text = "Siparişlerim İstanbul'a gelmedi, ещё ждём; می‌خواهم کتاب‌ها را"
    document = set(tokens(text, None))
    assert all(any(alt in document for alt in term) for term in query_terms(text))


def test_a_number_after_the_numero_sign_is_found_by_its_digits() -> None:
    assert "74633463" in tokens("заказ №7463-3463", "ru")
    assert "7463" in tokens("заказ № 7463", "ru")
