"""Mask payment card numbers and IBANs that customers paste, before anything stores them.

Masks keep the last four digits so an agent can still say "the card ending 1234". They
are stored in the message text, so they are written in one fixed form, not in the
language of whoever happens to be active when the message arrives; the notice shown to
agents about them is translated (`redaction_notice`).
"""

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

from django.utils.translation import ngettext_lazy
from stdnum import iban, luhn
from stdnum.iso7064 import mod_97_10

CARD_MASK: Final = "[card •••• {last4}]"
IBAN_MASK: Final = "[IBAN •••• {last4}]"

# Issuer identification number prefixes of the card networks (ISO/IEC 7812 ranges as
# the networks publish them) and of Iran's Shetab banks, which issue 16-digit cards on
# their own BINs. A Luhn-valid number starting otherwise is an order or tracking number.
CARD_PREFIX_RANGES: Final[tuple[tuple[str, str, str], ...]] = (
    ("4", "4", "Visa"),
    ("51", "55", "Mastercard"),
    ("2221", "2720", "Mastercard 2-series"),
    ("34", "34", "American Express"),
    ("37", "37", "American Express"),
    ("300", "305", "Diners Club"),
    ("36", "36", "Diners Club"),
    ("38", "39", "Diners Club"),
    ("6011", "6011", "Discover"),
    ("644", "649", "Discover"),
    ("65", "65", "Discover"),
    ("3528", "3589", "JCB"),
    ("62", "62", "UnionPay (also Parsian, Tejarat and other Shetab 62xxxx BINs)"),
    ("2200", "2204", "Mir"),
    ("9792", "9792", "Troy (Turkey)"),
    ("50", "50", "Maestro (also Shetab 50xxxx BINs: Pasargad, Dey, Shahr, Iran Zamin)"),
    ("56", "58", "Maestro (also Shetab 58xxxx: Sepah, Maskan, Tejarat)"),
    ("6304", "6304", "Maestro"),
    ("6759", "6759", "Maestro UK"),
    ("676770", "676774", "Maestro UK"),
    # Shetab BINs outside the international ranges above.
    ("603769", "603770", "Saderat, Keshavarzi"),
    ("603799", "603799", "Melli"),
    ("606373", "606373", "Mehr Iran"),
    ("610433", "610433", "Mellat"),
    ("627353", "627353", "Tejarat"),
    ("636214", "636214", "Ayandeh"),
    ("636795", "636795", "Markazi"),
    ("636949", "636949", "Hekmat"),
    ("639217", "639217", "Keshavarzi"),
    ("639346", "639347", "Sina, Pasargad"),
    ("639370", "639370", "Mehr Eqtesad"),
    ("639599", "639599", "Ghavamin"),
    ("639607", "639607", "Sarmayeh"),
    ("991975", "991975", "Mellat"),
)

CARD_MIN_DIGITS: Final = 13
CARD_MAX_DIGITS: Final = 19
SHEBA_DIGITS: Final = 24  # an Iranian IBAN without its "IR": 2 check + 22 account digits

# A run of digits in groups separated by single spaces or dashes, not touching another
# digit (also not across one separator, so a 20-digit number is not cut to 19).
_SEPARATOR = r"[ \-\u2010\u2011\u2012\u2013]"
_DIGIT_RUN = re.compile(
    rf"(?<![0-9A-Za-z])(?<![0-9]{_SEPARATOR})[0-9](?:{_SEPARATOR}?[0-9])+(?!{_SEPARATOR}?[0-9])"
)
# Country code, check digits, then letters/digits optionally grouped by spaces or dashes.
_IBAN_RUN = re.compile(
    rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}[0-9]{{2}}(?:{_SEPARATOR}?[A-Za-z0-9]){{10,32}}"
)


@dataclass(frozen=True)
class RedactionResult:
    text: str
    count: int


def _ascii_digits(text: str) -> str:
    """Same length as `text`, every decimal digit of any script as ASCII.

    Lets the patterns work in ASCII while the replacements use the original offsets.
    """
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def _has_card_prefix(digits: str) -> bool:
    for low, high, _network in CARD_PREFIX_RANGES:
        head = digits[: len(low)]
        if len(head) == len(low) and low <= head <= high:
            return True
    return False


def is_card_number(digits: str) -> bool:
    """A plausible payment card: known network or Shetab prefix, length and Luhn."""
    return (
        CARD_MIN_DIGITS <= len(digits) <= CARD_MAX_DIGITS
        and _has_card_prefix(digits)
        and luhn.is_valid(digits)
    )


def is_iban(compact: str) -> bool:
    """Checksum-valid IBAN (ISO 13616, mod 97) in the format its country registered.

    python-stdnum's registry has no entry for Iran (IR is missing from the SWIFT
    registry it is built from), so Sheba numbers are checked here by hand: IR, two
    check digits, then 22 digits (Central Bank of Iran's Sheba specification).
    """
    if compact.startswith("IR"):
        return (
            len(compact) == 2 + SHEBA_DIGITS
            and compact[2:].isdigit()
            and mod_97_10.is_valid(compact[4:] + compact[:4])
        )
    return bool(iban.is_valid(compact))


def _alphanumerics(span: str) -> list[int]:
    return [index for index, char in enumerate(span) if char.isalnum()]


def _find_ibans(ascii_text: str) -> list[tuple[int, int, str]]:
    """(start, end, compact IBAN) of every checksum-valid IBAN, longest reading first."""
    found: list[tuple[int, int, str]] = []
    for match in _IBAN_RUN.finditer(ascii_text):
        span = match.group()
        positions = _alphanumerics(span)
        # The pattern is greedy and may run into a following word ("... 26 lütfen" stops
        # at ü, but "... 26 please" would not); try the longest valid prefix.
        for count in range(len(positions), 14, -1):
            candidate = "".join(span[index] for index in positions[:count]).upper()
            if is_iban(candidate):
                end = match.start() + positions[count - 1] + 1
                if end < len(ascii_text) and ascii_text[end].isalnum():
                    continue  # would cut a word in half
                found.append((match.start(), end, candidate))
                break
    return found


def _mask_for(digits: str) -> str | None:
    if is_card_number(digits):
        return CARD_MASK.format(last4=digits[-4:])
    if len(digits) == SHEBA_DIGITS and is_iban("IR" + digits):
        # Iranian Sheba numbers are often written without the leading "IR".
        return IBAN_MASK.format(last4=digits[-4:])
    return None


def _numbers_in_run(match: re.Match[str]) -> list[tuple[int, int, str]]:
    """Masks for the cards and Sheba numbers in one run of digit groups.

    A run may hold several numbers ("4111 1111 1111 1111 5555 5555 5555 4444", an order
    number then a card), so every window of whole groups is tried, longest first from
    each group on; a number is never cut inside a group.
    """
    groups = [(group.start(), group.end()) for group in re.finditer("[0-9]+", match.group())]
    found: list[tuple[int, int, str]] = []
    first = 0
    while first < len(groups):
        for last in range(len(groups), first, -1):
            window = match.group()[groups[first][0] : groups[last - 1][1]]
            mask = _mask_for(re.sub("[^0-9]", "", window))
            if mask is not None:
                found.append(
                    (match.start() + groups[first][0], match.start() + groups[last - 1][1], mask)
                )
                first = last
                break
        else:
            first += 1
    return found


def redact(text: str) -> RedactionResult:
    """Mask card numbers and IBANs in plain text; return the text and how many."""
    ascii_text = _ascii_digits(text)
    spans: list[tuple[int, int, str]] = []
    for start, end, compact in _find_ibans(ascii_text):
        spans.append((start, end, IBAN_MASK.format(last4=compact[-4:])))
    taken = [(start, end) for start, end, _mask in spans]
    for match in _DIGIT_RUN.finditer(ascii_text):
        start, end = match.span()
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            spans.extend(_numbers_in_run(match))
    if not spans:
        return RedactionResult(text=text, count=0)
    pieces: list[str] = []
    position = 0
    for start, end, mask in sorted(spans):
        pieces.append(text[position:start])
        pieces.append(mask)
        position = end
    pieces.append(text[position:])
    return RedactionResult(text="".join(pieces), count=len(spans))


class _TextNodeRedactor(HTMLParser):
    """Re-emits HTML unchanged except for redacted text nodes.

    Tags, attributes, comments and entities in attributes are copied as written; text
    is unescaped by the parser, redacted, and escaped again. Script and style content is
    not text a person reads, so it is copied untouched.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.count = 0
        self._raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}>")
        if tag in ("script", "style"):
            self._raw_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in ("script", "style") and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._raw_depth:
            self.out.append(data)
            return
        result = redact(data)
        self.count += result.count
        self.out.append(html_lib.escape(result.text, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def redact_html(html: str) -> RedactionResult:
    """Mask card numbers and IBANs in the text nodes of an HTML fragment or document.

    A number split across elements (4111 <b>1111</b> ...) is not seen as one number;
    the plain-text body of the same message still catches it.
    """
    if not html:
        return RedactionResult(text=html, count=0)
    parser = _TextNodeRedactor()
    parser.feed(html)
    parser.close()
    if parser.count == 0:
        return RedactionResult(text=html, count=0)  # byte-for-byte what came in
    return RedactionResult(text="".join(parser.out), count=parser.count)


def redaction_notice(count: int) -> str:
    """What an agent is told above a message whose body was redacted.

    Call while rendering: it is translated into the language active at that moment.
    """
    return ngettext_lazy(
        "%(count)d card number or IBAN was hidden to protect the customer.",
        "%(count)d card numbers or IBANs were hidden to protect the customer.",
        "count",
    ) % {"count": count}
