"""Which of the organisation's languages a message is written in."""

import functools
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from lingua import LanguageDetector

SERVED_LANGUAGES: Final = ("fa", "tr", "ru", "en")

# Below this many letters a statistical guess is noise ("ok", "спс", "merci"), so the
# customer's known language wins.
MIN_LETTERS: Final = 12
# Text with more than this share of letters outside its main script (a Persian
# sentence around an English product name, Russian with a Turkish address) is mixed;
# the customer's language is a better guess than the detector's.
MAX_FOREIGN_SCRIPT_SHARE: Final = 0.3
# lingua's confidence for its best language, below which we would rather not say.
MIN_CONFIDENCE: Final = 0.5

# Scripts that name exactly one of the languages we serve, when it is served.
_SCRIPT_LANGUAGE: Final = {"arabic": "fa", "cyrillic": "ru"}
_LETTER = re.compile(r"[^\W\d_]")


def _script(char: str) -> str:
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if code <= 0x024F:
        return "latin"
    return "other"


@functools.lru_cache(maxsize=8)
def _detector(languages: frozenset[str]) -> "LanguageDetector":
    """Build once per language set: loading the models takes a noticeable moment."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    chosen = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages
    ]
    if len(chosen) == 1:
        # lingua refuses a detector of one language; any second one will do, the
        # answer is then filtered against `languages`.
        chosen.append(Language.ENGLISH if chosen[0] != Language.ENGLISH else Language.TURKISH)
    return LanguageDetectorBuilder.from_languages(*chosen).build()


def detect_language(
    text: str, hint: str | None, languages: Sequence[str] = SERVED_LANGUAGES
) -> str | None:
    """The language code of `text` among `languages`, or `hint` when it cannot be told.

    `hint` is the customer's language (or None). Short text and text mixing scripts
    fall back to it, unless the script alone names a served language that differs from
    the hint's script (a Russian customer writing in Persian is writing Persian).
    """
    served = frozenset(code for code in languages if code in SERVED_LANGUAGES)
    if not served:
        return hint
    letters = _LETTER.findall(text)
    scripts = Counter(_script(char) for char in letters)
    if not scripts:
        return hint
    main_script, main_count = scripts.most_common(1)[0]
    by_script = _SCRIPT_LANGUAGE.get(main_script)
    if by_script is not None and by_script not in served:
        by_script = None
    hint_script = next((s for s, code in _SCRIPT_LANGUAGE.items() if code == hint), "latin")

    if len(letters) < MIN_LETTERS or 1 - main_count / len(letters) > MAX_FOREIGN_SCRIPT_SHARE:
        if by_script is not None and hint_script != main_script:
            return by_script
        return hint
    if by_script is not None:
        # Among fa/tr/ru/en, Arabic script is Persian and Cyrillic is Russian: no
        # statistics needed (and none to get wrong).
        return by_script

    confidences = _detector(served).compute_language_confidence_values(text)
    if not confidences:
        return hint
    best = confidences[0]
    code = best.language.iso_code_639_1.name.lower()
    if code not in served or best.value < MIN_CONFIDENCE:
        return hint
    return str(code)
