"""Bytes to text for what real mail sends: declared, wrongly declared and undeclared charsets.

Pure functions, no Django. `decode_text` never raises: every path ends in a decode with
replacement characters, and what went wrong is returned as a problem for the agent.
"""

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer

# Names mail clients write that Python does not know, or knows as a narrower charset.
# GB2312 and GBK text is valid GB18030, which also decodes the characters GB2312 lacks
# and that Chinese senders still label GB2312.
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "windows-874": "cp874",
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "utf8": "utf-8",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-arabic": "mac-arabic",
    "x-mac-turkish": "mac-turkish",
    "ansi_x3.4-1968": "ascii",
}

# Labels that promise nothing about 8-bit bytes; content decides.
MEANINGLESS_CHARSETS = {"unknown-8bit", "x-unknown", "unknown", "x-user-defined", "default", ""}

# Python text codecs that are transforms, not charsets a mail can be written in.
NOT_CHARSETS = {
    "idna",
    "punycode",
    "undefined",
    "unicode-escape",
    "raw-unicode-escape",
    "mbcs",
    "oem",
}

# Candidates for detection, most likely first for teams that speak fa, tr, ru and en.
# charset-normalizer ranks by "chaos"; on short texts several candidates tie, and this
# order breaks the tie (cp1254 before cp1252: Turkish ş/ğ/ı instead of þ/ð/ý).
PREFERRED_CHARSETS = [
    "cp1256",
    "cp1251",
    "koi8_r",
    "cp1254",
    "gb18030",
    "cp1252",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "iso8859_5",
    "iso8859_6",
    "cp866",
    "mac_cyrillic",
    "iso8859_2",
    "cp1250",
    "iso8859_7",
    "cp1253",
    "iso8859_8",
    "cp1255",
]

# Detection reads at most this much; a larger body is sampled from its start.
DETECTION_SAMPLE_BYTES = 64 * 1024

# UTF-8 is kept, with replacements, while at most one non-ASCII character in this many
# is broken; text in a single-byte charset is broken at nearly every non-ASCII byte.
UTF8_TOLERANCE = 20

# Codecs whose ASCII-looking bytes still need the codec itself.
ASCII_UNSAFE_CODECS = {
    "utf-7",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
}

BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass
class Decoded:
    text: str
    charset: str  # the Python codec name that produced `text`, e.g. "koi8-r", "cp1256"
    problems: list[str] = field(default_factory=list)


def codec_name(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when there is no such codec."""
    if label is None:
        return None
    name = label.strip().strip("\"'").lower()
    # RFC 2231 allows a language after the charset: "utf-8*en".
    name = name.split("*", 1)[0]
    if name in MEANINGLESS_CHARSETS:
        return None
    name = CHARSET_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):  # ValueError: a NUL in a hostile label
        return None
    # Only real charsets: a label may name any Python codec ("rot13", "zlib", "idna",
    # "unicode_escape"), and none of those is how mail is written.
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        return None
    return info.name


def _is_single_byte(codec: str) -> bool:
    if codec == "utf-8" or codec in ASCII_UNSAFE_CODECS:
        return False
    try:
        return all(len(ch.encode(codec, errors="replace")) == 1 for ch in "жşé")
    except LookupError:
        return False


def _utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def detect_charset(data: bytes) -> str | None:
    """The most likely codec for bytes of unknown charset, or None when nothing fits."""
    sample = data[:DETECTION_SAMPLE_BYTES]
    matches = list(charset_normalizer.from_bytes(sample, cp_isolation=PREFERRED_CHARSETS))
    if not matches:
        matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return None

    def rank(match: charset_normalizer.CharsetMatch) -> tuple[int, int, int]:
        preference = min(
            (
                PREFERRED_CHARSETS.index(c)
                for c in match.could_be_from_charset
                if c in PREFERRED_CHARSETS
            ),
            default=len(PREFERRED_CHARSETS),
        )
        # Buckets, so that near-equal candidates are ordered by preference.
        return (round(match.chaos * 20), -round(match.coherence * 5), preference)

    best = min(matches, key=rank)
    return codec_name(best.encoding)


# Lone surrogates (UTF-7 and UTF-16 can encode them) and NUL cannot be stored as UTF-8
# text in PostgreSQL, nor shown; they become U+FFFD.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a body or header; `declared` is the charset the message claims, if any.
    The text never holds NUL or lone surrogates."""
    decoded = _decode(data, declared)
    if UNSTORABLE.search(decoded.text):
        decoded.text = UNSTORABLE.sub("\ufffd", decoded.text)
        decoded.problems.append("NUL or unpaired surrogate characters replaced")
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, bom_codec in BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(bom_codec, errors="replace"), bom_codec)

    problems: list[str] = []
    codec = codec_name(declared)
    if declared and codec is None and declared.strip().lower() not in MEANINGLESS_CHARSETS:
        problems.append(f"unknown charset {declared!r}")

    if data.isascii() and codec not in ASCII_UNSAFE_CODECS:
        return Decoded(data.decode("ascii"), codec or "ascii", problems)

    if codec is not None:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            problems.append(f"content is not valid {declared}")
        else:
            # A sender that labels UTF-8 as Latin-1 or windows-1251 is common; real text in a
            # single-byte charset is almost never valid UTF-8 with multi-byte sequences.
            if _is_single_byte(codec):
                as_utf8 = _utf8_or_none(data)
                if as_utf8 is not None:
                    problems.append(f"declared {declared}, content is UTF-8")
                    return Decoded(as_utf8, "utf-8", problems)
            return Decoded(text, codec, problems)

    as_utf8 = _utf8_or_none(data)
    if as_utf8 is not None:
        return Decoded(as_utf8, "utf-8", problems)
    if codec in {None, "utf-8"}:
        # UTF-8 with a stray broken byte (a truncated line, a bad QP soft break) is still
        # UTF-8; detection would turn the whole body into mojibake instead.
        lenient = data.decode("utf-8", errors="replace")
        replaced = lenient.count("\ufffd")
        well_formed = sum(1 for ch in lenient if ord(ch) > 127) - replaced
        if replaced * UTF8_TOLERANCE <= well_formed:
            problems.append(f"{replaced} invalid UTF-8 byte sequence(s) replaced")
            return Decoded(lenient, "utf-8", problems)

    detected = detect_charset(data)
    if detected is not None:
        if declared:
            problems.append(f"charset detected as {detected}")
        return Decoded(data.decode(detected, errors="replace"), detected, problems)

    fallback = codec or "utf-8"
    problems.append(f"charset unknown, decoded as {fallback} with replacements")
    return Decoded(data.decode(fallback, errors="replace"), fallback, problems)
