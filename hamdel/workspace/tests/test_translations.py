"""Every message of the project is translated into Persian, Turkish and Russian."""

from pathlib import Path
from typing import Any

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[3] / "locale"

# Words that really are the same in the translation: names and acronyms.
SAME_AS_ENGLISH = {
    "fa": {"API", "HTML"},
    "tr": {"API", "HTML", "SMS", "VIP", "Telegram", "WhatsApp", "Instagram", "Normal"},
    "ru": set(),
}
# Messages waiting for a translation, each with the reason; keep this empty.
NOT_YET: set[str] = set()


def catalog(language: str) -> Any:  # babel.messages.catalog.Catalog; Babel ships no types
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po)


@pytest.mark.parametrize("language", ["fa", "tr", "ru"])
def test_every_message_is_translated_not_fuzzy_and_not_left_in_english(language: str) -> None:
    problems = []
    for message in catalog(language):
        if not message.id or message.id in NOT_YET:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms):
            problems.append(f"empty: {source!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {source!r}")
        elif forms[0] == source and source not in SAME_AS_ENGLISH[language]:
            problems.append(f"English: {source!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["fa", "tr", "ru"])
def test_translations_keep_the_placeholders_of_their_source(language: str) -> None:
    messages = catalog(language)
    for message in messages:
        if message.id and message.python_format and message.id not in NOT_YET:
            python_format(messages, message)  # raises TranslationError on a mismatch
