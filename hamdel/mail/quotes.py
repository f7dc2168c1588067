"""Collapse quoted history and signatures of a reply for display; the original is kept.

Pure. `split_text` cuts a plain body into what the customer wrote now (`visible`), the
quoted history (`quoted`: the quote header and everything below it) and the signature;
`split_html` cuts an HTML body before the quote container its client wrote.

Rules, in order (docs/email.md, "Quoted history"):
1. A quote header that names a date or an address — Gmail, Outlook, Apple Mail and
   Thunderbird in English, Persian, Turkish and Russian (QUOTE_HEADERS), Outlook's
   "-----Original Message-----" and its From:/Sent:/To:/Subject: block (OUTLOOK_KEYS), or
   a header of another language that mail-parser-reply knows (de, fr, es, it, nl, ...)
   — starts the quoted history, unless the reply is interleaved (the customer answered
   between `>` lines), in which case nothing is hidden.
2. Else a trailing block of `>` lines, with the "... wrote:" / "... <address>:" line above
   it, is the quoted history.
3. A signature is the part from the last "-- " line (or a bare "--") when at most
   SIGNATURE_MAX_LINES follow it, or a "Sent from my iPhone" line in any of the four
   languages at the end.
mail-parser-reply was evaluated (docs/email.md): it knows no fa, tr or ru headers, no
HTML and cuts signatures at phrases like "Thanks,", which hides real text; only its
header patterns for the other languages are used.
"""

import functools
import re
from dataclasses import dataclass

from mailparser_reply import EmailReplyParser
from mailparser_reply.parser import EmailMessage

from hamdel.mail.parse import ParsedMail, html_to_text

SIGNATURE_MAX_LINES = 25
# Gmail wraps a long "On ..., Name <address> wrote:" over two or three lines.
HEADER_MAX_LINES = 3
# Languages whose headers come from mail-parser-reply (it has no fa, tr or ru).
LIBRARY_LANGUAGES = ["de", "fr", "es", "it", "nl", "pl", "sv", "cs", "da", "ja", "ko", "zh"]

ADDRESS = r"<?[^\s<>@]+@[^\s<>@]+>?"

# Quote headers that name a date or an address. Each is matched against one to three
# joined lines with format characters (bidi marks Gmail puts around Persian) removed.
QUOTE_HEADERS = [
    # en — Gmail "On Mon, Dec 1, 2026 at 10:00 AM Name <a@b> wrote:", Apple Mail
    # "On Dec 1, 2026, at 10:00, Name <a@b> wrote:", Thunderbird "On 12/1/26 10:00, Name wrote:"
    r"^on\s.{4,250}\swrote\s*:$",
    # fa — Gmail "در تاریخ دوشنبه ۱ دسامبر ۲۰۲۶ ساعت ۱۰:۰۰ Name <a@b> نوشت:", Apple Mail
    # "در ۱ دسامبر ۲۰۲۶، ساعت ۱۰:۰۰، Name <a@b> نوشت:", Thunderbird "در 1/12/26 ... Name نوشت:"
    r"^در\s.{4,250}\sنوشت(?:ه\s*است|ه)?\s*:$",
    # tr — Gmail "1 Ara 2026 Pzt, 10:00 tarihinde Name <a@b> şunu yazdı:", Apple Mail
    # "1 Ara 2026 tarihinde 10:00 saatinde, Name <a@b> şunları yazdı:", Thunderbird
    # "1.12.2026 10:00 tarihinde Name yazdı:"
    r"^.{4,250}\starihinde\s.{1,250}\s(?:şunu\s|şunları\s)?yazdı\s*:$",
    # ru — Thunderbird "01.12.2026 10:00, Name пишет:", Apple Mail "1 дек. 2026 г., в 10:00,
    # Name <a@b> написал(а):", Outlook.com and others "написал:"
    r"^.{0,250}\d.{0,250}\s(?:пишет|написал|написала|написал\(а\)|писал|писала)\s*:$",
    # ru — Gmail "пн, 1 дек. 2026 г. в 10:00, Name <a@b>:"
    r"^.{0,60}\d{1,2}\s\S{2,10}\s\d{4}\s*г\.?,?\s*в\s*\d{1,2}:\d{2}.{0,200}:$",
    # ru — Mail.ru "Понедельник, 1 декабря 2026, 10:00 +03:00 от Name <a@b>:"
    r"^.{0,60}\d{4},?\s\d{1,2}:\d{2}.{0,40}\sот\s.{1,200}:$",
    # ru — Yandex "01.12.2026, 10:00, "Name" <a@b>:"
    rf"^\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}},?\s\d{{1,2}}:\d{{2}},\s.{{0,200}}{ADDRESS}\s*:$",
    # old Gmail, any language: "2008/5/27 Name <a@b>:"
    rf"^\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}\s.{{0,200}}{ADDRESS}\s*:$",
]
QUOTE_HEADER = re.compile("|".join(f"(?:{p})" for p in QUOTE_HEADERS), re.IGNORECASE)

# A line that ends like a quote header, but names neither date nor address: a header only
# when a trailing `>` block follows it.
WEAK_HEADER = re.compile(
    r"(?:wrote|writes|نوشت|yazdı|пишет|написал|написала|написал\(а\))\s*:$|"
    rf"{ADDRESS}\s*:$",
    re.IGNORECASE,
)

ORIGINAL_MESSAGE = re.compile(
    r"^-{3,}\s*(?:original message|исходное сообщение|оригинальное сообщение|özgün ileti|"
    r"orijinal ileti|orijinal mesaj|asıl ileti|پیام اصلی|پیغام اصلی|پیام اولیه)\s*-{3,}$",
    re.IGNORECASE,
)
OUTLOOK_SEPARATOR = re.compile(r"^_{10,}$")
# Outlook's header block: a From line and, within the next lines, Sent/Date/To/Subject.
OUTLOOK_FROM = re.compile(r"^\*?(?:from|از|kimden|gönderen|от)\s*:\*?\s*\S", re.IGNORECASE)
OUTLOOK_KEYS = re.compile(
    r"^\*?(?:sent|date|to|subject|cc|"
    r"ارسال\s*شده|ارسال‌شده|ارسال|تاریخ|به|موضوع|رونوشت|"
    r"gönderildi|gönderilme\s*tarihi|tarih|kime|konu|bilgi|"
    r"отправлено|дата|кому|тема|копия)\s*:",
    re.IGNORECASE,
)

# A forwarded message is what the customer wants the agent to read: never hidden.
FORWARD_MARKER = re.compile(
    r"^(?:-{2,}\s*)?(?:forwarded message|begin forwarded message|پیام بازارسال\s*شده|"
    r"پیام هدایت\s*شده|iletilen ileti|yönlendirilen ileti|пересылаемое сообщение|"
    r"пересланное сообщение|начало пересылаемого сообщения|inizio messaggio inoltrato|"
    r"weitergeleitete nachricht|message transféré)\s*:?\s*(?:-{2,})?$",
    re.IGNORECASE,
)
# Subject prefixes of forwards: Fwd/FW, TR (fr), WG (de), RV (es), I (it), ENC (pt), İLT (tr),
# Пересл (ru).
FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|tr|wg|rv|i|enc|i̇lt|ilt|пересл)\s*:", re.IGNORECASE)

SENT_FROM = re.compile(
    r"^(?:sent from my .{1,60}|sent from .{1,40} for (?:ios|android)|get outlook for .{1,40}|"
    r"отправлено (?:с|из) .{1,60}|"
    r".{1,60}(?:dan|den|tan|ten) gönderildi|"
    r"(?:ارسال|فرستاده)\s*شده\s*از .{1,60})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SplitText:
    visible: str
    quoted: str = ""
    signature: str = ""

    @property
    def has_hidden(self) -> bool:
        return bool(self.quoted or self.signature)


@dataclass(frozen=True)
class SplitHtml:
    visible: str
    quoted: str = ""


def is_forward(subject: str) -> bool:
    return bool(FORWARD_SUBJECT.match(subject))


def split_mail(mail: ParsedMail) -> tuple[SplitText, SplitHtml]:
    """Both bodies of a mail; a forward ("Fwd:", "FW:", "İLT:", ...) hides nothing."""
    if is_forward(mail.subject):
        return SplitText(visible=mail.text), SplitHtml(visible=mail.html)
    return split_text(mail.text), split_html(mail.html)


def _library_header_pattern() -> re.Pattern[str]:
    languages = EmailReplyParser(languages=LIBRARY_LANGUAGES).languages
    message = EmailMessage(text="", languages=list(languages), include_english=False)
    pattern: re.Pattern[str] = message.HEADER_REGEX
    return pattern


LIBRARY_HEADER = _library_header_pattern()


# Arabic yeh and kaf, which windows-1256 and Arabic keyboards give Persian text, read as
# their Persian forms so that one pattern matches both.
PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})


# Format characters mail clients put in header lines: bidi marks and embeddings (Gmail
# wraps Persian headers in U+202B ... U+202C), zero-width characters, the soft hyphen.
FORMAT_CHARACTERS = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


@functools.lru_cache(maxsize=4096)
def _normalised(line: str) -> str:
    """A line as header patterns see it: no bidi or zero-width marks, spaces collapsed."""
    line = FORMAT_CHARACTERS.sub("", line).translate(PERSIAN_LETTERS).replace("\xa0", " ")
    return re.sub(r"\s+", " ", line).strip()


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _header_at(lines: list[str], i: int) -> int:
    """How many lines (1-3) the strong quote header starting at line i spans, or 0."""
    first = _normalised(lines[i])
    if not first or _is_quoted(first):
        return 0
    if ORIGINAL_MESSAGE.match(first):
        return 1
    if OUTLOOK_SEPARATOR.match(first):
        following = [_normalised(x) for x in lines[i + 1 : i + 3]]
        return 1 if any(OUTLOOK_FROM.match(x) for x in following) else 0
    if OUTLOOK_FROM.match(first):
        following = [_normalised(x) for x in lines[i + 1 : i + 5]]
        return 1 if any(OUTLOOK_KEYS.match(x) for x in following) else 0
    joined = first
    for span in range(1, HEADER_MAX_LINES + 1):
        if span > 1:
            if i + span - 1 >= len(lines):
                break
            extra = _normalised(lines[i + span - 1])
            if not extra or _is_quoted(extra):
                break
            joined = f"{joined} {extra}"
        if joined.endswith(":") and QUOTE_HEADER.match(joined):
            return span
    return 0


def _signature_start(lines: list[str], end: int) -> int | None:
    """Index of the signature that ends the lines before `end`, if any."""
    for i in range(end - 1, max(-1, end - 1 - SIGNATURE_MAX_LINES), -1):
        if lines[i].rstrip("\r") in {"-- ", "--"}:
            if any(line.strip() for line in lines[:i]):
                return i
            return None
    tail = [i for i in range(end) if lines[i].strip()][-3:]
    for i in tail:
        if SENT_FROM.match(_normalised(lines[i])):
            return i
    return None


def _interleaved(lines: list[str], start: int, end: int) -> bool:
    """True when unquoted text follows quoted lines between start and end: the customer
    answered point by point, and hiding the quotes would hide the answers."""
    seen_quote = False
    for line in lines[start:end]:
        if _is_quoted(line):
            seen_quote = True
        elif seen_quote and line.strip():
            return True
    return False


def _only_quoted(lines: list[str], header: int, end: int) -> bool:
    """True when below the header at `header` there are only `>` lines up to `end`."""
    body = [line for line in lines[header + _header_at(lines, header) : end] if line.strip()]
    return bool(body) and all(_is_quoted(line) for line in body)


# Lines where one of mail-parser-reply's headers could start: "... schrieb ...:" ends in a
# colon, "Von: ..." starts with a word and a colon. Its patterns are run only around them.
LIBRARY_CANDIDATE = re.compile(r":\s*$|^[*> ]*[^\W\d_]{1,15}\s?:")
LIBRARY_WINDOW = (2, 6)  # lines before and after a candidate line


def _library_header_line(lines: list[str]) -> int | None:
    stripped = [line.strip() for line in lines]
    before, after = LIBRARY_WINDOW
    searched_to = 0
    for i, line in enumerate(stripped):
        if i < searched_to or not LIBRARY_CANDIDATE.search(line):
            continue
        start = max(0, i - before, searched_to - before)
        window = "\n".join(stripped[start : i + after])
        match = LIBRARY_HEADER.search(window)
        searched_to = i + after
        if match is None:
            continue
        offset = window[: match.start()].count("\n")
        return start + offset + (1 if window[match.start() : match.start() + 1] == "\n" else 0)
    return None


def _trailing_quote_start(lines: list[str], end: int) -> int | None:
    i = end
    while i > 0 and not lines[i - 1].strip():
        i -= 1
    if i == 0 or not _is_quoted(lines[i - 1]):
        return None
    while i > 0 and (_is_quoted(lines[i - 1]) or not lines[i - 1].strip()):
        i -= 1
    start = i
    while start < end and not lines[start].strip():
        start += 1
    # The "... wrote:" line above the block belongs to the quote.
    j = i
    while j > 0 and not lines[j - 1].strip():
        j -= 1
    if j > 0 and WEAK_HEADER.search(_normalised(lines[j - 1])):
        start = j - 1
        if j > 1 and _header_at(lines, j - 2) == 2:
            start = j - 2
    return start


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def split_text(text: str) -> SplitText:
    lines = text.replace("\r\n", "\n").split("\n")
    signature = _signature_start(lines, len(lines))
    content_end = signature if signature is not None else len(lines)

    # Nothing from a forwarded message on is quoted history.
    forward = next(
        (i for i, line in enumerate(lines) if FORWARD_MARKER.match(_normalised(line))), None
    )
    searched = forward if forward is not None else len(lines)
    boundary: int | None = None
    for i in range(searched):
        span = _header_at(lines, i)
        if span and not _interleaved(lines, i + span, content_end):
            boundary = i
            break
    if boundary is None:
        library_line = _library_header_line(lines[:searched])
        if library_line is not None and not _interleaved(lines, library_line, content_end):
            boundary = library_line

    if boundary is not None:
        visible_lines = lines[:boundary]
        quoted = _join(lines[boundary:])
        if (
            signature is not None
            and signature > boundary
            and _only_quoted(lines, boundary, signature)
        ):
            # A `>` quote with the sender's own signature below it (bottom signature).
            return SplitText(
                visible=_join(visible_lines),
                quoted=_join(lines[boundary:signature]),
                signature=_join(lines[signature:]),
            )
        own_signature = _signature_start(visible_lines, len(visible_lines))
        if own_signature is not None:
            return SplitText(
                visible=_join(visible_lines[:own_signature]),
                quoted=quoted,
                signature=_join(visible_lines[own_signature:]),
            )
        if not _join(visible_lines).strip():
            return SplitText(visible=_join(lines))  # all quote: nothing new to show instead
        return SplitText(visible=_join(visible_lines), quoted=quoted)

    quote_start = _trailing_quote_start(lines, content_end)
    visible_end = quote_start if quote_start is not None else content_end
    if not _join(lines[:visible_end]).strip():
        return SplitText(visible=_join(lines))
    return SplitText(
        visible=_join(lines[:visible_end]),
        quoted=_join(lines[visible_end:content_end]) if quote_start is not None else "",
        signature=_join(lines[content_end:]) if signature is not None else "",
    )


# --- HTML ----------------------------------------------------------------------------

HTML_QUOTE_MARKERS = re.compile(
    r"<div[^>]*\bclass=[\"'][^\"']*\b(?:gmail_quote|moz-cite-prefix|yahoo_quoted|"
    r"OutlookMessageHeader)\b|"
    r"<blockquote[^>]*\btype=[\"']?cite|"
    r"<blockquote[^>]*\bclass=[\"'][^\"']*\bgmail_quote\b|"
    r"<div[^>]*\bid=[\"']?(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)\b|"
    r"<hr[^>]*\bid=[\"']?stopSpelling|"
    r"<div[^>]*\bstyle=[\"'][^\"']*border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)",
    re.IGNORECASE,
)
BLOCK_START = re.compile(r"<(?:div|p)\b[^>]*>", re.IGNORECASE)
# How far above a quote container its "On ... wrote:" line may start.
HTML_HEADER_LOOKBACK = 1000


def split_html(html: str) -> SplitHtml:
    """Cut before the first quote container; the visible part may end with unclosed tags,
    which the sanitiser closes."""
    match = HTML_QUOTE_MARKERS.search(html)
    if match is None:
        return SplitHtml(visible=html)
    cut = match.start()
    # Apple Mail writes its "On ..., Name wrote:" in a div just above the blockquote.
    window_start = max(0, cut - HTML_HEADER_LOOKBACK)
    blocks = list(BLOCK_START.finditer(html, window_start, cut))
    for block in reversed(blocks[-3:]):
        text = _normalised(html_to_text(html[block.start() : cut]))
        if text and QUOTE_HEADER.match(text):
            cut = block.start()
            break
    if not html_to_text(html[:cut]).strip():
        return SplitHtml(visible=html)
    return SplitHtml(visible=html[:cut], quoted=html[cut:])
