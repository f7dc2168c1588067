"""One normalisation for the index and the query, in Persian, Turkish, Russian and English.

`normalise()` gives the canonical text; `tokens()` the words a document is indexed under
(surface forms, their stems, digit groups and the numbers they join into);
`query_terms()` what a query must match, one set of alternatives per word. Indexing and
searching both go through here, so they cannot drift apart.
"""

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Final

import Stemmer

from hamdel.text.persian import normalise_persian, stem_persian

# Snowball algorithm per language code; Persian has its own stripper (persian.py).
SNOWBALL: Final = {"tr": "turkish", "ru": "russian", "en": "english"}

# Longer "words" are base64, hashes or URLs run together: indexing them costs space and
# matches nothing a person types.
MAX_TOKEN_LENGTH: Final = 64

# Characters that may sit between the digit groups of one number: 0912 345 6789,
# 0912-345-6789, 1.000.000, 1403/05/12, and the Unicode dashes a phone or word processor
# inserts (U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, U+2012 FIGURE DASH, U+2013 EN DASH,
# U+2212 MINUS SIGN). NBSP and the thin spaces are plain spaces after NFKC.
_NUMBER_SEPARATORS: Final = " \\-./,\u2010\u2011\u2012\u2013\u2212"
_DIGIT_RUN = re.compile(rf"[0-9]+(?:[{_NUMBER_SEPARATORS}][0-9]+)+")
_WORD = re.compile(rf"[0-9]+(?:[{_NUMBER_SEPARATORS}][0-9]+)*|[^\W\d_]+(?:[0-9]+[^\W\d_]*)*|[0-9]+")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group()))


_LATIN_ACCENT = re.compile(r"(?<=[A-Za-z])[\u0300-\u036f]+")


def prefold(text: str) -> str:
    """The script-level steps, keeping case and Latin accents for the stemmers.

    NFKC; Persian/Arabic letters, diacritics, tatweel, ZWNJ and spaced affixes; every
    decimal digit as ASCII; ё as е. Word boundaries are final after this step.
    """
    # U+2116 NUMERO SIGN: NFKC turns "№7463" into "No7463", one word that a search for
    # the number would never find; it separates like "#" instead.
    text = unicodedata.normalize("NFKC", text.replace("\u2116", " "))
    # Persian/Arabic letters, diacritics, tatweel, ZWNJ and spaced affixes, and the
    # Persian and Arabic-Indic digits.
    text = normalise_persian(text)
    if not text.isascii():
        # Any other decimal digit (Devanagari, Bengali, ...) onto ASCII as well.
        text = _NON_ASCII_DIGIT.sub(_ascii_digit, text)
    # Russian writes ё and е interchangeably for the same word (ещё, еще).
    return text.replace("ё", "е").replace("Ё", "Е")


def fold(text: str) -> str:
    """Case and Latin accents on prefolded text: letter for letter, never splits a word.

    Turkish has four i's, İ i (dotted) and I ı (dotless), and queries are typed on
    whatever keyboard is at hand, so all four become "i". The same goes for the other
    Latin accents (ş ç ğ ö ü â é ...): "musteri" finds "müşteri". İ must not reach
    casefold() whole, which would make it "i" + U+0307 COMBINING DOT ABOVE: NFD splits
    it into I + U+0307 and the accent is dropped with the others.
    """
    if not text.isascii():
        text = _LATIN_ACCENT.sub("", unicodedata.normalize("NFD", text))
        text = unicodedata.normalize("NFC", text).replace("ı", "i")
    return text.casefold()


def _join_number(match: re.Match[str]) -> str:
    return re.sub(rf"[{_NUMBER_SEPARATORS}]", "", match.group())


def normalise(text: str, language: str | None = None) -> str:
    """The canonical form of `text` for search: same for the index and the query.

    NFKC; Persian/Arabic letter variants, diacritics, tatweel and ZWNJ (persian.py);
    all digits as ASCII; Turkish İ/I/ı/i as i; ё as е; casefolded; and the digit groups
    of a number joined (0912 345-6789 -> 09123456789). `language` is accepted so callers
    need not know that, today, every rule applies to every language: a Turkish name in
    a Persian message must fold the same way as in a Turkish one.
    """
    del language  # see the docstring: all rules are script-based, not language-based
    return _DIGIT_RUN.sub(_join_number, fold(prefold(text)))


_local = threading.local()  # PyStemmer objects keep a cache and are not thread-safe


def _snowball(language: str) -> "Stemmer.Stemmer":
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = Stemmer.Stemmer(SNOWBALL[language])
    return stemmers[language]


def _script(word: str) -> str:
    """The script of a word by its first letter: "arabic", "cyrillic", "latin" or ""."""
    for char in word:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF:
            return "arabic"
        if 0x0400 <= code <= 0x04FF:
            return "cyrillic"
        if char.isalpha() and code <= 0x024F:
            return "latin"
    return ""


def stems(word: str, language: str | None) -> list[str]:
    """The folded stems of one prefolded word: one per stemmer that fits its script.

    The script picks the stemmer, not the message's language alone: a Russian message
    quoting an English product name must stem that name as English. Latin words in text
    of unknown (or non-Latin) language get both the Turkish and the English stem, so a
    query whose language cannot be told still meets the document.
    """
    surface = fold(word)
    script = _script(word)
    candidates: list[str] = []
    if script == "arabic":
        candidates = [stem_persian(surface)]
    elif script == "cyrillic":
        candidates = [_snowball("ru").stemWord(surface)]
    elif script == "latin":
        for code in [language] if language in ("tr", "en") else ["tr", "en"]:
            if code == "tr":
                # Snowball's Turkish needs Turkish lower case (I -> ı) and its accents
                # to tell the vowels of a suffix apart; the stem is folded afterwards.
                lowered = word.replace("I", "ı").replace("İ", "i").lower()
                candidates.append(fold(_snowball("tr").stemWord(lowered)))
            else:
                candidates.append(fold(_snowball(code).stemWord(surface)))
    return [stem for stem in dict.fromkeys(candidates) if stem and stem != surface]


def _words(folded: str) -> Iterator[str]:
    for match in _WORD.finditer(folded):
        word = match.group()
        if len(word) <= MAX_TOKEN_LENGTH or _DIGIT_RUN.fullmatch(word):
            yield word


# A number in up to this many groups also gives every run of adjacent groups joined, so a
# query for the last digits of a phone (123-4567 in 555-123-4567) finds it. Longer runs
# (a table of figures) give only the whole and the single groups.
MAX_GROUPS_JOINED: Final = 8


def _number_tokens(number: str) -> list[str]:
    """The joined number, every run of adjacent groups joined, and each group."""
    groups = [group for group in re.split(rf"[{_NUMBER_SEPARATORS}]", number) if group]
    out = ["".join(groups)[:MAX_TOKEN_LENGTH]]
    if len(groups) <= MAX_GROUPS_JOINED:
        for size in range(len(groups) - 1, 1, -1):
            out.extend("".join(groups[i : i + size]) for i in range(len(groups) - size + 1))
    out.extend(groups)
    return out


def _token_stream(text: str, language: str | None) -> Iterator[str]:
    for word in _words(prefold(text)):
        if _DIGIT_RUN.fullmatch(word):
            yield from _number_tokens(word)
        else:
            yield fold(word)
            yield from stems(word, language)


def tokens(text: str, language: str | None = None) -> list[str]:
    """The tokens a document is indexed under, in order of first appearance, no repeats.

    Each word gives its surface form and its stems; a number written in groups gives
    the joined number, its runs of adjacent groups and each group, so "0912 345 6789" is
    found by 09123456789, by 3456789 and by 6789 alike.
    """
    return list(dict.fromkeys(_token_stream(text, language)))


def index_text(text: str, language: str | None = None) -> str:
    """The tokens of `text` as stored in the search index: tokens() with repeats kept,
    so the database can rank a message that is about a word above one that mentions it."""
    return " ".join(_token_stream(text, language))


def query_terms(text: str, language: str | None = None) -> list[tuple[str, ...]]:
    """What a query must match: one tuple per word, any of whose alternatives will do.

    A word matches by its surface form or a stem; a grouped number only as the joined
    number (a document indexes that too, however it grouped its digits). Every term must
    match for a document to be a hit.
    """
    terms: dict[tuple[str, ...], None] = {}
    for word in _words(prefold(text)):
        if _DIGIT_RUN.fullmatch(word):
            terms[(_DIGIT_RUN.sub(_join_number, word)[:MAX_TOKEN_LENGTH],)] = None
        else:
            terms[(fold(word), *stems(word, language))] = None
    return list(terms)


def matches(query: Sequence[tuple[str, ...]], document_tokens: Sequence[str]) -> bool:
    """Whether a document with these tokens is a hit for these query terms.

    The in-memory twin of the database search, for tests and small lists.
    """
    present = set(document_tokens)
    return bool(query) and all(any(alt in present for alt in term) for term in query)
