"""Persian (and Arabic-script) normalisation for search, as a small table.

Persian arrives written with Arabic code points (legacy keyboards and windows-1256 mail
produce ARABIC LETTER YEH and KAF), with or without diacritics and tatweel, with the
zero-width non-joiner, without it, or with a space where it belongs, and with Persian,
Arabic-Indic or ASCII digits. Everything below maps those variants onto one spelling so
that the index and the query agree. The code points and names are those of the Unicode
Standard, chapter 9.2 (Arabic) and the Arabic block chart U+0600–U+06FF.

This runs after NFKC, which has already folded the Arabic presentation forms
(U+FB50–U+FDFF, U+FE70–U+FEFF) onto the letters of the main block and composed
ALEF + HAMZA/MADDA sequences into U+0622, U+0623 and U+0625.
"""

import re
from typing import Final

ZWNJ: Final = "\u200c"  # ZERO WIDTH NON-JOINER: Persian's half-space (می‌خواهم)
ZWJ: Final = "\u200d"  # ZERO WIDTH JOINER

# One code point in, zero or one code point out. Kept as (from, to, why) rows so each
# mapping names what it is and can be checked against the Unicode chart.
LETTER_TABLE: Final[tuple[tuple[int, str, str], ...]] = (
    # yeh: Persian uses U+06CC FARSI YEH; Arabic keyboards type these two.
    (0x064A, "\u06cc", "ARABIC LETTER YEH"),
    (0x0649, "\u06cc", "ARABIC LETTER ALEF MAKSURA"),
    (0x06D2, "\u06cc", "ARABIC LETTER YEH BARREE (Urdu keyboards)"),
    # kaf: Persian uses U+06A9 KEHEH.
    (0x0643, "\u06a9", "ARABIC LETTER KAF"),
    (0x06AA, "\u06a9", "ARABIC LETTER SWASH KAF"),
    # heh forms: all onto U+0647 ARABIC LETTER HEH.
    (0x0629, "\u0647", "ARABIC LETTER TEH MARBUTA (ة in Arabic loanwords, e.g. مدرسة)"),
    (0x06C0, "\u0647", "ARABIC LETTER HEH WITH YEH ABOVE (ۀ, the ezafe: خانۀ ما)"),
    (0x06C1, "\u0647", "ARABIC LETTER HEH GOAL"),
    (0x06D5, "\u0647", "ARABIC LETTER AE"),
    (0x06BE, "\u0647", "ARABIC LETTER HEH DOACHASHMEE"),
    # alef forms: onto U+0627 ARABIC LETTER ALEF. Searchers rarely type the hamza or
    # madda, so آب and اب, أمید and امید must meet.
    (0x0622, "\u0627", "ARABIC LETTER ALEF WITH MADDA ABOVE"),
    (0x0623, "\u0627", "ARABIC LETTER ALEF WITH HAMZA ABOVE"),
    (0x0625, "\u0627", "ARABIC LETTER ALEF WITH HAMZA BELOW"),
    (0x0671, "\u0627", "ARABIC LETTER ALEF WASLA"),
    # Separators inside numbers: 1٬000 and 2٫5 are 1,000 and 2.5.
    (0x066C, ",", "ARABIC THOUSANDS SEPARATOR"),
    (0x066B, ".", "ARABIC DECIMAL SEPARATOR"),
)

# Removed outright: they change pronunciation or shape, never the word.
REMOVED_CODE_POINTS: Final[tuple[tuple[int, int, str], ...]] = (
    (0x064B, 0x0652, "harakat: FATHATAN .. SUKUN (the usual diacritics)"),
    (0x0653, 0x0655, "MADDA ABOVE, HAMZA ABOVE, HAMZA BELOW (combining)"),
    (0x0656, 0x065F, "further combining marks (subscript alef, inverted damma, ...)"),
    (0x0670, 0x0670, "ARABIC LETTER SUPERSCRIPT ALEF (as in موسیٰ)"),
    (0x0640, 0x0640, "ARABIC TATWEEL (kashida, stretches a word: سـلـام)"),
    (0x200C, 0x200D, "ZERO WIDTH NON-JOINER and JOINER (see join_affixes)"),
    (0x200E, 0x200F, "LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK"),
    (0x202A, 0x202E, "bidi embeddings and overrides pasted from other apps"),
    (0x2066, 0x2069, "bidi isolates"),
    (0x00AD, 0x00AD, "SOFT HYPHEN"),
    (0xFEFF, 0xFEFF, "ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside text)"),
)

DIGIT_RANGES: Final[tuple[tuple[int, str], ...]] = (
    (0x06F0, "EXTENDED ARABIC-INDIC DIGIT ZERO .. NINE (Persian: ۰۱۲۳۴۵۶۷۸۹)"),
    (0x0660, "ARABIC-INDIC DIGIT ZERO .. NINE (Arabic: ٠١٢٣٤٥٦٧٨٩)"),
)


def _build_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {code: to for code, to, _why in LETTER_TABLE}
    for first, last, _why in REMOVED_CODE_POINTS:
        for code in range(first, last + 1):
            table[code] = None
    for zero, _why in DIGIT_RANGES:
        for value in range(10):
            table[zero + value] = str(value)
    return table


TRANSLATION: Final = _build_translation()

# Persian letters after the table (U+0621–U+064A plus the Persian additions). Used to
# decide what counts as a Persian word when joining separated affixes.
_LETTER = "[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]"

# The verbal prefixes می and نمی and the suffixes ها (plural), های (plural + ezafe),
# هایی, تر (comparative), ترین (superlative), تری are written joined, with a ZWNJ, or
# with a space: می‌خواهم, میخواهم, می خواهم. The ZWNJ is removed by the table, so
# joining the spaced spelling makes all three the same word.
_SPACED_PREFIX = re.compile(rf"(?<!{_LETTER})(ن?می) +(?={_LETTER})")
_SPACED_SUFFIX = re.compile(rf"(?<={_LETTER}) +(هایی|های|ها|ترین|تری|تر)(?!{_LETTER})")


def join_affixes(text: str) -> str:
    """Join a spaced می/نمی to the next word and a spaced ها/های/تر/ترین to the previous.

    Call on text that has been through TRANSLATION, so ZWNJs are already gone.
    """
    text = _SPACED_PREFIX.sub(r"\1", text)
    return _SPACED_SUFFIX.sub(r"\1", text)


def normalise_persian(text: str) -> str:
    """Apply the table, drop ZWNJ/ZWJ and join spaced affixes.

    Safe on any text: it touches only Arabic-script letters, the digits listed in
    DIGIT_RANGES and invisible formatting characters.
    """
    return join_affixes(text.translate(TRANSLATION))


# ----- light stemming ------------------------------------------------------------------
# Every rule below strips one affix and keeps at least MIN_STEM letters, so short words
# that merely end like a suffix (تنها "alone", دختر "girl", ایران) keep their shape. Both
# the surface form and the stem are indexed, so a stem that is too eager only widens a
# match; it never hides the exact word.

MIN_STEM: Final = 3

# (suffix, minimum stem length) longest first; one suffix is stripped per word.
SUFFIXES: Final[tuple[tuple[str, int], ...]] = (
    # plural ها followed by a possessive: کتابهایشان "their books" -> کتاب
    ("هایشان", MIN_STEM),
    ("هایتان", MIN_STEM),
    ("هایمان", MIN_STEM),
    # superlative: بزرگترین "biggest" -> بزرگ
    ("ترین", MIN_STEM),
    # plural + indefinite ی: سفارشهایی "some orders" -> سفارش
    ("هایی", MIN_STEM),
    # plural + first/second/third person singular: پیامهایم "my messages" -> پیام
    ("هایم", MIN_STEM),
    ("هایت", MIN_STEM),
    ("هایش", MIN_STEM),
    # plural + ezafe: سفارشهای من "my orders" -> سفارش
    ("های", MIN_STEM),
    # plural: کتابها "books" -> کتاب; پولها "sums of money" -> پول
    ("ها", MIN_STEM),
    # comparative: سریعتر "faster" -> سریع (دختر "girl" is too short to strip)
    ("تر", MIN_STEM),
    # animate plural: کاربران "users" -> کاربر, مشتریان "customers" -> مشتری. Needs a
    # stem of four letters because ایران, تهران and باران end the same way.
    ("ان", 4),
    # Arabic feminine plural used in Persian: اطلاعات "information" -> اطلاع,
    # تغییرات "changes" -> تغییر; four letters again so ساعات-like short words stay.
    ("ات", 4),
)

# Not stripped: the indefinite ای after a final heh (خانه‌ای "a house"). Once the ZWNJ
# is gone it is spelled خانهای, exactly like a plural + ezafe (کتابهای), and the plural
# is far more common in support mail.

# The verbal prefixes: میخواهم "I want" -> خواهم, نمیتوانم "I cannot" -> توانم.
PREFIXES: Final = ("نمی", "می")

# Common words that begin or end like an affix but carry none: stripping would index
# میهمان "guest" as همان "the same" and مهمان "guest" as مهم "important".
UNSTEMMED: Final = frozenset(
    {
        "مهمان",
        "خیابان",
        "ساختمان",
        "میز",
        "میزان",
        "میوه",
        "میدان",
        "میهمان",
        "میلیون",
        "میلیارد",
        "میل",
        "میان",
        "میانه",
        "میراث",
        "میخ",
        "میش",
        "میلاد",
        "میکروب",
        "میکروفون",
        "مینا",
        "میهن",
    }
)


def stem_persian(word: str) -> str:
    """Strip one verbal prefix and one suffix from a normalised Persian word."""
    if word in UNSTEMMED:
        return word
    stem = word
    for prefix in PREFIXES:
        if stem.startswith(prefix) and len(stem) - len(prefix) >= MIN_STEM:
            stem = stem[len(prefix) :]
            break
    for suffix, minimum in SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= minimum:
            return stem[: -len(suffix)]
    return stem
