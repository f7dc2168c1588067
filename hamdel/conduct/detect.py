"""Abusive-language detection in Persian, Turkish, Russian and English.

The text is normalised character by character, keeping for every normalised character
the offset of the original character it came from, so matches point into the ORIGINAL
text (what the API returns and what masking hides). The steps:

1. per character: NFKC, hamdel.text's Persian/Arabic letter table (yeh, kaf, heh,
   alef forms; diacritics, tatweel, ZWNJ/ZWJ, bidi marks dropped), zero-width spaces
   dropped, case folded, Latin accents dropped (Turkish İ/I/ı/i all "i", ş -> s), ё -> е;
2. words, with the obfuscation symbols a word may hide behind (f*ck, $h!t, a55);
3. words put back together: letters spaced out ("f u c k"), punctuation inside a word
   ("b.i.t.c.h", "id-iot"), a spaced Persian می ("می کشمت");
4. per word, variants: Latin/Cyrillic/Greek look-alikes onto the word's main script,
   leetspeak, repeated letters squeezed ("fuuuuck", "asssss");
5. each variant is looked up in the word lists as a whole word, by its stem (Snowball
   tr/ru/en, hamdel.text's Persian stemmer) or by a listed prefix: never as a raw
   substring, so "Scunthorpe", "assistant" and "sıkıntı" stay innocent.

Terms may be phrases ("kill you", "خفه شو"), matched on consecutive words. A term marked
`targeted` ("idiot") counts only when aimed at someone: a second-person word ("you",
"sen", "ты", "تو") shortly before it, or a Turkish second-person ending (aptalsın).
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

from hamdel.text.normalise import stems
from hamdel.text.persian import TRANSLATION

WORDLISTS: Final = Path(__file__).resolve().parent / "wordlists"
LANGUAGES: Final = ("fa", "tr", "ru", "en")
CATEGORIES: Final = ("insult", "profanity", "threat", "slur", "sexual")
SEVERITIES: Final = ("mild", "abusive", "threat")  # in rising order
RANK: Final = {name: rank for rank, name in enumerate(SEVERITIES, start=1)}

# Dropped besides hamdel.text's table: ZERO WIDTH SPACE, WORD JOINER, invisible
# separators and the Mongolian vowel separator that obfuscators paste inside words.
_INVISIBLE: Final = {0x200B: None, 0x2060: None, 0x2061: None, 0x2062: None, 0x2063: None}
_INVISIBLE[0x180E] = None

# Look-alikes (Unicode's confusables.txt, the letters that matter here): the Cyrillic and
# Greek letters that look Latin, and the Latin ones that look Cyrillic.
_TO_LATIN: Final = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "σ": "o", "ς": "c", "η": "n", "μ": "u", "γ": "y",
    }
)  # fmt: skip
_TO_CYRILLIC: Final = str.maketrans(
    {
        "a": "а", "b": "в", "e": "е", "k": "к", "m": "м", "h": "н", "o": "о", "p": "р",
        "c": "с", "t": "т", "y": "у", "x": "х", "u": "и", "3": "з", "6": "б", "0": "о",
    }
)  # fmt: skip
# Leetspeak and symbols typed for letters; "1" and "|" may be i or l, so both are tried.
_LEET: Final = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
     "@": "a", "$": "s", "!": "i", "|": "i", "+": "t", "€": "e", "£": "l"}
)  # fmt: skip
_LEET_L: Final = str.maketrans({"1": "l", "|": "l", "!": "l"})
_OBFUSCATION: Final = "@$*!|+€£"

# A word: letters, digits and the symbols above. "*" (and a run of them) stands for
# letters someone left out (f*ck, f**k).
_WORD: Final = re.compile(r"[@$*!|+€£]*(?:[^\W_]+[@$*!|+€£]*)+")
# What may sit between the letters of one word someone spelled out or broke up.
_GLUE: Final = re.compile(r"[ .\-_,'`~^:;/\\*]{1,3}")
_SPACE_ONLY: Final = re.compile(r"\s+")
_REPEAT3: Final = re.compile(r"(.)\1{2,}")
_REPEAT2: Final = re.compile(r"(.)\1+")

SECOND_PERSON: Final = frozenset(
    {
        # en
        "you", "u", "your", "youre", "ur", "yourself", "ya", "thou",
        # tr
        "sen", "siz", "seni", "sizi", "senin", "sizin", "sana", "size",
        # ru (ё folded to е)
        "ты", "вы", "тебя", "вас", "тебе", "вам", "твой", "ваш", "твоя", "ваша", "тобой",
        # fa (after the letter table) and Finglish
        "تو", "شما", "تویی", "شمایی", "to", "shoma",
    }
)  # fmt: skip
# Turkish second-person copula endings after folding: aptalsın, salaksınız, gerizekalısın;
# and the words after a Turkish insult that aim it (salak mısın, aptal sen).
_TR_YOU: Final = re.compile(r"(?:s[iu]n|s[iu]n[iu]z)$")
SECOND_PERSON_AFTER: Final = frozenset({"misin", "misiniz", "musun", "musunuz", "sen", "siz"})
# Persian endings stripped before a second look-up (بیشعورید, لاشیها, بیناموسا): plural,
# "you are", ezafe, possessives. Only for listed words of MIN_PERSIAN_BASE letters or more.
PERSIAN_ENDINGS: Final = (
    "هایی", "های", "ها", "تون", "شون", "مون", "اید", "ید", "ین", "ای", "ا", "ی", "ت", "م", "ش",
)  # fmt: skip
MIN_PERSIAN_BASE: Final = 4
TURKISH_YOU_ENDINGS: Final = ("siniz", "sunuz", "sin", "sun")
TARGET_WINDOW: Final = 4
# Shorter stems are too many words' stems (Turkish "siktir" and "sıkıntı" both give "sik").
MIN_STEM: Final = 4  # words before a targeted term that may name its target


@dataclass(frozen=True)
class Term:
    """One entry of a word list (or an administrator's extra term)."""

    text: str  # as written in the list
    language: str
    category: str
    severity: str
    prefix: bool = False  # matches any word starting with it (fuck*)
    targeted: bool = False  # counts only when aimed at someone
    universal: bool = False  # a Latin term that applies whatever the message's language
    stem: bool = True  # also match by stem
    words: tuple[str, ...] = ()  # the normalised words
    # Non-ASCII letters the original word must show ("göt" is not English "got"): set by
    # the `accents` flag.
    accents: str = ""


@dataclass(frozen=True)
class Match:
    start: int  # offsets into the original text
    end: int
    category: str
    severity: str
    term: str
    language: str

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "category": self.category}


@dataclass(frozen=True)
class Result:
    matches: tuple[Match, ...] = ()

    @property
    def abusive(self) -> bool:
        return bool(self.matches)

    @property
    def severity(self) -> str | None:
        if not self.matches:
            return None
        return max((m.severity for m in self.matches), key=RANK.__getitem__)

    @property
    def categories(self) -> list[str]:
        return sorted({m.category for m in self.matches})


# ----- normalisation with offsets ----------------------------------------------------


@lru_cache(maxsize=4096)
def _char(c: str) -> str:
    """The normalised form of one character ("" when it is dropped)."""
    text = unicodedata.normalize("NFKC", c).translate(TRANSLATION).translate(_INVISIBLE)
    out = []
    for ch in text:
        if ch in "İIı":
            out.append("i")
            continue
        lowered = ch.casefold()
        for low in lowered:
            if "a" <= low <= "z" or low.isascii():
                out.append(low)
            elif ord(low) <= 0x024F:  # Latin with accents: drop them (ş -> s, ü -> u)
                base = "".join(
                    x for x in unicodedata.normalize("NFD", low) if not unicodedata.combining(x)
                )
                out.append(base.replace("ı", "i"))
            elif low == "ё":
                out.append("е")
            else:
                out.append(low)
    return "".join(out)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the original offset."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for index, c in enumerate(text):
        if c.isascii():
            low = c.lower()
            chars.append(low)
            origin.append(index)
            continue
        mapped = _char(c)
        for ch in mapped:
            chars.append(ch)
            origin.append(index)
    return "".join(chars), origin


# ----- word lists --------------------------------------------------------------------


def _script(word: str) -> str:
    for ch in word:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF:
            return "arabic"
        if 0x0400 <= code <= 0x04FF:
            return "cyrillic"
        if ch.isalpha():
            return "latin"
    return ""


def normalise_term(text: str) -> tuple[str, ...]:
    normalised, _origin = normalise_with_offsets(text)
    return tuple(m.group() for m in _WORD.finditer(normalised))


def parse_line(line: str, language: str) -> Term | None:
    """One line of a list: `term<TAB>category<TAB>severity[<TAB>flags]`; # comments."""
    line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
    if not line.strip():
        return None
    parts = [part.strip() for part in line.split("\t") if part.strip()]
    if len(parts) < 3:
        raise ValueError(f"{language}: a term needs a category and a severity: {line!r}")
    text, category, severity = parts[:3]
    flags = set(parts[3].split(",")) if len(parts) > 3 else set()
    if category not in CATEGORIES or severity not in SEVERITIES:
        raise ValueError(f"{language}: unknown category or severity: {line!r}")
    return make_term(text, language, category, severity, flags)


def make_term(
    text: str, language: str, category: str, severity: str, flags: Iterable[str] = ()
) -> Term:
    flags = set(flags)
    prefix = text.endswith("*")
    words = normalise_term(text.rstrip("*"))
    return Term(
        text=text,
        language=language,
        category=category,
        severity=severity,
        prefix=prefix or "prefix" in flags,
        targeted="targeted" in flags,
        universal="universal" in flags or language == "*",
        stem="exact" not in flags,
        words=words,
        accents="".join(sorted({c for c in _tr_lower(text) if not c.isascii() and c.isalpha()}))
        if "accents" in flags
        else "",
    )


def _tr_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


@lru_cache(maxsize=8)
def list_terms(language: str) -> tuple[Term, ...]:
    path = WORDLISTS / f"{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(t for t in (parse_line(line, language) for line in lines) if t is not None)


@dataclass
class Lexicon:
    """The terms indexed for lookup: whole words, stems, prefixes and phrases."""

    exact: dict[str, list[Term]] = field(default_factory=dict)
    by_stem: dict[str, list[Term]] = field(default_factory=dict)
    prefixes: dict[str, list[Term]] = field(default_factory=dict)  # by first 2 letters
    prefixes_by_letter: dict[str, list[Term]] = field(default_factory=dict)
    phrases: dict[str, list[Term]] = field(default_factory=dict)  # by first word
    wildcard: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # (word, language) -> its term: real messages repeat their words. Bounded by CACHE_SIZE.
    cache: dict[tuple[str, str | None], Term | None] = field(default_factory=dict)

    def add(self, term: Term) -> None:
        if not term.words:
            return
        if len(term.words) > 1:
            self.phrases.setdefault(term.words[0], []).append(term)
            return
        word = term.words[0]
        self.exact.setdefault(word, []).append(term)
        self.wildcard.setdefault((word[0], len(word)), []).append(word)
        if term.prefix:
            self.prefixes.setdefault(word[:2], []).append(term)
            self.prefixes_by_letter.setdefault(word[0], []).append(term)
        elif term.stem and len(word) >= 4:
            for stem in stems(word, term.language if term.language in LANGUAGES else None):
                if len(stem) >= (3 if _script(stem) == "cyrillic" else MIN_STEM):
                    self.by_stem.setdefault(stem, []).append(term)


def build_lexicon(extra: Iterable[Term] = ()) -> Lexicon:
    lexicon = Lexicon()
    for language in LANGUAGES:
        for term in list_terms(language):
            lexicon.add(term)
    for term in extra:
        lexicon.add(term)
    return lexicon


@lru_cache(maxsize=1)
def base_lexicon() -> Lexicon:
    return build_lexicon()


# ----- words and their variants ------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str  # normalised
    start: int  # in the normalised text
    end: int
    joined: bool = False  # put together from pieces


def _words(normalised: str) -> list[Word]:
    out = []
    for match in _WORD.finditer(normalised):
        text = match.group()
        start, end = match.start(), match.end()
        # Trailing and leading "!" and "*" are punctuation, not letters: "idiot!!"
        stripped = text.rstrip("!*|").lstrip("!*|")
        if not stripped:
            continue
        start += len(text) - len(text.lstrip("!*|"))
        end = start + len(stripped)
        out.append(Word(stripped, start, end))
    return out


def _joins(normalised: str, words: Sequence[Word]) -> list[Word]:
    """Words someone broke up: "f u c k", "b.i.t.c.h", "id-iot", "می کشمت"."""
    out: list[Word] = []
    i = 0
    while i < len(words):
        j = i
        pieces = [words[i]]
        while j + 1 < len(words):
            gap = normalised[words[j].end : words[j + 1].start]
            if not _GLUE.fullmatch(gap):
                break
            spaced = any(ch.isspace() for ch in gap)
            # Spaces join only single letters (f u c k); other glue joins anything short.
            if spaced and not (len(words[j].text) == 1 and len(words[j + 1].text) == 1):
                break
            if not spaced and len(words[j + 1].text) > 4 and len(words[j].text) > 4:
                break
            pieces.append(words[j + 1])
            j += 1
        if len(pieces) > 1:
            out.append(Word("".join(p.text for p in pieces), pieces[0].start, pieces[-1].end, True))
        i = j + 1
    for first, second in zip(words, words[1:], strict=False):
        if first.text in ("می", "نمی", "mi", "nemi") and _SPACE_ONLY.fullmatch(
            normalised[first.end : second.start]
        ):
            out.append(Word(first.text + second.text, first.start, second.end, True))
    return out


def _look_alikes(word: str) -> list[str]:
    latin = sum(1 for ch in word if "a" <= ch <= "z")
    cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
    greek = sum(1 for ch in word if "\u0370" <= ch <= "\u03ff")
    if not (latin and (cyrillic or greek)) and not greek:
        return []
    out = [word.translate(_TO_LATIN)]
    if cyrillic >= latin:
        out.append(word.translate(_TO_CYRILLIC))
    return out


@lru_cache(maxsize=65536)
def variants(word: str) -> tuple[str, ...]:
    """The forms a word may stand for, the word itself first."""
    forms = [word]
    forms.extend(_look_alikes(word))
    if any(ch in _OBFUSCATION or ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        for form in list(forms):
            forms.append(form.translate(_LEET_L).translate(_LEET))
            forms.append(form.translate(_LEET))
    for form in list(forms):
        if len(form) > 2:
            forms.append(_REPEAT3.sub(r"\1\1", form))
            forms.append(_REPEAT2.sub(r"\1", form))
    return tuple(dict.fromkeys(f for f in forms if f))


def _applies(term: Term, language: str | None) -> bool:
    """Latin terms are tied to their language (Turkish "göt" is English "got");
    Cyrillic and Persian-script words can only be meant one way."""
    if term.universal or language is None or term.language == language:
        return True
    return _script(term.words[0]) != "latin"


def _lookup(form: str, lexicon: Lexicon, language: str | None) -> Term | None:
    term = _lookup_form(form, lexicon, language)
    if term is not None:
        return term
    script = _script(form)
    endings: tuple[str, ...] = PERSIAN_ENDINGS if script == "arabic" else ()
    if script == "latin" and language in ("tr", None):
        endings = TURKISH_YOU_ENDINGS
    for ending in endings:
        base = form[: -len(ending)]
        if form.endswith(ending) and len(base) >= MIN_PERSIAN_BASE:
            for term in lexicon.exact.get(base, ()):
                if _applies(term, language):
                    return term
    return None


def _lookup_form(form: str, lexicon: Lexicon, language: str | None) -> Term | None:
    for term in lexicon.exact.get(form, ()):
        if _applies(term, language):
            return term
    if "*" in form:
        return _wildcard(form, lexicon, language)
    if len(form) >= 3:
        for term in lexicon.prefixes.get(form[:2], ()):
            if form.startswith(term.words[0]) and _applies(term, language):
                return term
    if len(form) >= 4:
        for stem in stems(form, language if language in ("tr", "en") else None):
            for term in lexicon.by_stem.get(stem, ()):
                if _applies(term, language):
                    return term
    return None


def _wildcard(form: str, lexicon: Lexicon, language: str | None) -> Term | None:
    """f*ck, f**k, sh*t: the stars stand for letters; the first letter must be given."""
    if form[0] == "*" or form.count("*") * 2 > len(form):
        return None
    pattern = re.compile(re.escape(form).replace(r"\*", "."))
    for word in lexicon.wildcard.get((form[0], len(form)), ()):
        if pattern.fullmatch(word):
            for term in lexicon.exact[word]:
                if _applies(term, language):
                    return term
    for term in lexicon.prefixes_by_letter.get(form[0], ()):
        listed = term.words[0]
        head = re.escape(form[: len(listed)]).replace(r"\*", ".")
        if len(form) >= len(listed) and re.fullmatch(head, listed) and _applies(term, language):
            return term
    return None


def _aimed(words: Sequence[Word], index: int) -> bool:
    word = words[index].text
    if _TR_YOU.search(word) and len(word) > 5:
        return True
    before = words[max(0, index - TARGET_WINDOW) : index]
    after = words[index + 1 : index + 2]
    return any(w.text in SECOND_PERSON for w in before) or any(
        w.text in SECOND_PERSON_AFTER for w in after
    )


CACHE_SIZE: Final = 200_000  # words remembered per lexicon (a few tens of MB at most)


def _word_term(word: Word, lexicon: Lexicon, language: str | None) -> Term | None:
    key = (word.text, language)
    if key in lexicon.cache:
        return lexicon.cache[key]
    found = None
    for form in variants(word.text):
        found = _lookup(form, lexicon, language)
        if found is not None:
            break
    if len(lexicon.cache) >= CACHE_SIZE:
        lexicon.cache.clear()
    lexicon.cache[key] = found
    return found


def _phrase_at(
    words: Sequence[Word], index: int, lexicon: Lexicon, language: str | None
) -> tuple[Term, int] | None:
    """A phrase term starting at words[index]: the term and how many words it takes."""
    for form in variants(words[index].text):
        for term in lexicon.phrases.get(form, ()):
            size = len(term.words)
            if index + size > len(words) or not _applies(term, language):
                continue
            if all(
                _same_word(words[index + k].text, term.words[k], term.language)
                for k in range(1, size)
            ):
                return term, size
    return None


def _same_word(word: str, listed: str, language: str) -> bool:
    if listed == "*":  # a phrase's wildcard word: "burn * office"
        return True
    if listed.endswith("*"):
        return word.startswith(listed[:-1])
    forms = variants(word)
    if listed in forms:
        return True
    if len(listed) >= 4:
        code = language if language in ("tr", "en") else None
        wanted = set(stems(listed, code)) | {listed}
        return any(stem in wanted for form in forms for stem in stems(form, code))
    return False


def detect(text: str, language: str | None = None, lexicon: Lexicon | None = None) -> Result:
    """The abusive words of `text`, with offsets into `text` itself.

    `language` (fa, tr, ru, en) picks which Latin-script terms apply; None applies all.
    """
    lexicon = lexicon or base_lexicon()
    if language not in LANGUAGES:
        language = None
    normalised, origin = normalise_with_offsets(text)
    words = _words(normalised)
    found: list[tuple[int, int, Term]] = []
    taken: set[int] = set()  # indexes of words inside a matched phrase
    for index in range(len(words)):
        phrase = _phrase_at(words, index, lexicon, language)
        if phrase is not None:
            term, size = phrase
            found.append((words[index].start, words[index + size - 1].end, term))
            taken.update(range(index, index + size))
    for index, word in enumerate(words):
        if index in taken:
            continue
        hit = _word_term(word, lexicon, language)
        if hit is None or (hit.targeted and not _aimed(words, index)):
            continue
        if hit.accents and not _shows(text, origin, word, hit.accents):
            continue
        found.append((word.start, word.end, hit))
    covered = [(s, e) for s, e, _t in found]
    for joined in _joins(normalised, words):
        if any(s <= joined.start and joined.end <= e for s, e in covered):
            continue
        hit = _word_term(joined, lexicon, language)
        if hit is not None and not hit.targeted:
            found.append((joined.start, joined.end, hit))
    matches = sorted(
        {
            Match(
                start=origin[start],
                end=origin[end - 1] + 1,
                category=term.category,
                severity=term.severity,
                term=term.text,
                language=term.language,
            )
            for start, end, term in found
        },
        key=lambda m: (m.start, m.end),
    )
    return Result(tuple(_outermost(matches)))


def _shows(text: str, origin: Sequence[int], word: Word, accents: str) -> bool:
    original = _tr_lower(text[origin[word.start] : origin[word.end - 1] + 1])
    return all(letter in original for letter in accents)


def _outermost(matches: Sequence[Match]) -> list[Match]:
    """Drop a match lying inside another (a word inside its phrase)."""
    kept: list[Match] = []
    for match in matches:
        if any(k.start <= match.start and match.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (match.start <= k.start and k.end <= match.end)]
        kept.append(match)
    return kept
