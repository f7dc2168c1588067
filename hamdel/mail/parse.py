"""Raw .eml bytes to a typed ParsedMail: best effort on broken mail, never an exception.

Pure: no database, no settings. The caller (the mail inbound path) passes the size limit
and hands the result to `tickets.actions.receive_message`, which sanitises the HTML,
redacts, detects the language and stores. Nothing here fetches anything remote.

Python's `email` package with the compat32 policy does the MIME splitting: it is the
most forgiving of the stdlib policies and records what it had to guess as `defects`,
which become `problems`. Headers are decoded here rather than by the policy, so that
raw 8-bit bytes, unknown charsets and encoded words split mid-character all decode.
"""

import base64
import binascii
import hashlib
import mimetypes
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.errors import MessageError
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from hamdel.mail.charsets import decode_text

# A part larger than this is dropped (recorded, never silently) unless the caller passes
# its own limit, normally settings.MAX_ATTACHMENT_MB.
DEFAULT_MAX_PART_BYTES = 25 * 1024 * 1024
# Hostile mail nests multiparts thousands deep or sends thousands of tiny parts.
MAX_DEPTH = 30
MAX_PARTS = 500
MAX_FILENAME_CHARS = 180
# References grow with every reply; the newest (last) are the ones threading reads.
MAX_REFERENCES = 100
# Domain of generated Message-IDs for mail that has none; .invalid never resolves.
GENERATED_ID_DOMAIN = "hamdel.invalid"

# Unicode categories never kept in an address or a file name: control, format (bidi
# overrides, zero-width), surrogate and private-use characters.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}

BOUNCE_SENDERS = {"mailer-daemon", "postmaster", "mail-delivery-subsystem", "mailerdaemon"}
BULK_PRECEDENCE = {"bulk", "junk", "list"}


@dataclass(frozen=True)
class MailAddress:
    address: str
    name: str = ""


@dataclass
class Attachment:
    filename: str  # cleaned: no path parts, no control or bidi characters
    content_type: str
    content: bytes
    content_id: str = ""  # without angle brackets; set for images the HTML shows by cid:
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class DroppedPart:
    filename: str
    content_type: str
    size: int
    reason: str


@dataclass
class ParsedMail:
    message_id: str  # with angle brackets, e.g. "<abc@example.org>"
    message_id_generated: bool = False  # True when the mail had none and it was hashed
    from_address: str = ""
    from_name: str = ""
    to: list[MailAddress] = field(default_factory=list)
    cc: list[MailAddress] = field(default_factory=list)
    reply_to: list[MailAddress] = field(default_factory=list)
    # Addresses the delivering server recorded (Delivered-To, X-Original-To, Envelope-To):
    # where a plus-address reply token survives when the customer's client drops it from To.
    delivered_to: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    text: str = ""
    text_from_html: bool = False  # the mail had no plain part; `text` was derived from HTML
    html: str = ""  # NOT sanitised: receive_message sanitises it
    charsets: list[str] = field(default_factory=list)  # codecs used for the body parts
    attachments: list[Attachment] = field(default_factory=list)
    dropped: list[DroppedPart] = field(default_factory=list)
    is_auto_reply: bool = False
    is_bounce: bool = False
    is_bulk: bool = False
    automation_reasons: list[str] = field(default_factory=list)
    malformed: bool = False  # MIME had to be guessed at; see problems
    unparsable: bool = False  # nothing could be parsed; `text` is the raw message
    problems: list[str] = field(default_factory=list)
    raw_size: int = 0
    parse_seconds: float = 0.0

    @property
    def is_automated(self) -> bool:
        """Never acknowledge or auto-answer such a message (mail loop protection)."""
        return self.is_auto_reply or self.is_bounce or self.is_bulk

    @property
    def inline_images(self) -> list[Attachment]:
        return [a for a in self.attachments if a.inline]


# --- headers -------------------------------------------------------------------------

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
FOLD = re.compile(r"\r?\n(?=[ \t])")


def _raw_header(msg: Message, name: str) -> str | None:
    """The header as it came off the wire (8-bit bytes as surrogate escapes), or None."""
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def _raw_headers(msg: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [str(value) for key, value in msg.raw_items() if key.lower() == wanted]


def _wire_bytes(text: str) -> bytes:
    """Text the parser read back to bytes: 8-bit bytes it escaped become themselves again;
    any other lone surrogate (from a broken part) becomes "?"."""
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


def _unescape_8bit(value: str, problems: list[str]) -> str:
    """Raw 8-bit bytes in a header (forbidden, yet common): decode them as UTF-8 or detect."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        data = _wire_bytes(value)
        decoded = decode_text(data)
        problems.extend(f"header: {p}" for p in decoded.problems)
        return decoded.text
    return value


def _decode_word(charset: str, encoding: str, payload: str) -> bytes:
    if encoding.lower() == "b":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return base64.b64decode(cleaned)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", errors="replace")
    data = payload.replace("_", " ").encode("ascii", errors="replace")
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data)


def decode_header_value(value: str | None, problems: list[str] | None = None) -> str:
    """RFC 2047 in any charset; adjacent words of one charset are joined before decoding,
    so a character split across two encoded words (common in UTF-8 and windows-1256
    subjects) decodes whole, and whitespace between encoded words is dropped."""
    if not value:
        return ""
    sink = problems if problems is not None else []
    text = FOLD.sub("", value)
    text = _unescape_8bit(text, sink)
    out: list[str] = []
    pending: bytes = b""
    pending_charset: str | None = None

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending_charset is not None:
            decoded = decode_text(pending, pending_charset)
            sink.extend(f"header: {p}" for p in decoded.problems)
            out.append(decoded.text)
        pending, pending_charset = b"", None

    position = 0
    for match in ENCODED_WORD.finditer(text):
        between = text[position : match.start()]
        if between and not (pending_charset is not None and between.isspace()):
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0].lower()
        data = _decode_word(charset, match.group(2), match.group(3))
        if pending_charset is not None and charset != pending_charset:
            flush()
        pending_charset = charset
        pending += data
        position = match.end()
    flush()
    out.append(text[position:])
    # Folding leaves tabs; control characters never belong in a header value.
    result = "".join(out).replace("\t", " ")
    return "".join(ch for ch in result if unicodedata.category(ch) != "Cc").strip()


def _addresses(msg: Message, name: str, problems: list[str]) -> list[MailAddress]:
    values = [_unescape_8bit(FOLD.sub("", v), problems) for v in _raw_headers(msg, name)]
    result: list[MailAddress] = []
    for display, address in getaddresses(values):
        # No control, format or surrogate characters in an address: it becomes an identity.
        address = "".join(
            ch
            for ch in address
            if unicodedata.category(ch) not in UNSAFE_CATEGORIES and ch != "\ufffd"
        )
        address = address.strip()
        if not address or "@" not in address or " " in address:
            continue
        result.append(MailAddress(address=address, name=decode_header_value(display, problems)))
    return result


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    found = [f"<{m}>" for m in MESSAGE_ID.findall(value)]
    if not found:
        # Some clients drop the angle brackets: take bare tokens that look like ids.
        found = [f"<{token}>" for token in value.split() if "@" in token and "<" not in token]
    return found


def _date(value: str | None, problems: list[str]) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(FOLD.sub("", value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        problems.append("date header could not be read")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _generated_message_id(raw: bytes, msg: Message | None) -> str:
    """A stable id for mail without one: the same message copied to two of our mailboxes
    gets the same id, so it is stored once. Only headers the sender wrote count (not
    Received or Delivered-To, which each mailbox adds), plus the body."""
    digest = hashlib.sha256()
    if msg is not None:
        for name in ("from", "to", "cc", "date", "subject", "in-reply-to", "references"):
            digest.update(name.encode() + b":")
            digest.update(_wire_bytes((_raw_header(msg, name) or "").strip()))
            digest.update(b"\n")
    separator = re.search(rb"\r?\n\r?\n", raw)
    digest.update(raw[separator.end() :] if separator else raw)
    return f"<{digest.hexdigest()[:40]}@{GENERATED_ID_DOMAIN}>"


# --- attachments ---------------------------------------------------------------------

UNSAFE_FILENAME_CHARS = re.compile(r'[<>:"|?*]')


def clean_filename(name: str, content_type: str = "application/octet-stream") -> str:
    """A name safe to show and to offer as a download: no directories, no control,
    format (bidi overrides such as U+202E, zero-width) or surrogate characters."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in UNSAFE_CATEGORIES)
    name = re.split(r"[/\\]", name)[-1]
    name = re.sub(r"^[A-Za-z]:", "", name)
    name = UNSAFE_FILENAME_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_FILENAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME_CHARS - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME_CHARS]
    if not name:
        name = "attachment" + (mimetypes.guess_extension(content_type) or ".bin")
    return name


# --- HTML to text --------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
        "pre",
        "hr",
    }
    SKIPPED = {"script", "style", "head", "title", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text of an HTML body, for search, language detection and quote finding."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except (AssertionError, ValueError):
        pass  # html.parser gives up on some broken markup; keep what it read
    text = "".join(extractor.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- the walk ------------------------------------------------------------------------

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
BOUNDARY_LINE = re.compile(r"^--([^\s]{1,200}?)(--)?[ \t]*\r?$", re.MULTILINE)


@dataclass
class _Collected:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    dropped: list[DroppedPart] = field(default_factory=list)
    charsets: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    parts: int = 0
    delivery_status: bool = False

    def merge(self, other: "_Collected", *, bodies: bool = True) -> None:
        if bodies:
            self.plain += other.plain
            self.html += other.html
            self.charsets += other.charsets
        self.attachments += other.attachments
        self.dropped += other.dropped
        self.problems += other.problems
        self.parts += other.parts
        self.delivery_status = self.delivery_status or other.delivery_status


def _header_view(part: Message, problems: list[str]) -> Message:
    """A copy of the part's Content-Type and Content-Disposition with raw 8-bit bytes
    decoded, so that parameters (filename, charset, boundary) read as real text."""
    view = Message()
    for name in ("content-type", "content-disposition"):
        raw = _raw_header(part, name)
        if raw is not None:
            view[name] = _unescape_8bit(FOLD.sub(" ", raw), problems)
    return view


def _filename(view: Message, problems: list[str]) -> str:
    try:
        name = view.get_filename()
    except (ValueError, LookupError, TypeError):
        problems.append("attachment name could not be read")
        return ""
    return decode_header_value(name, problems) if name else ""


def _disposition(view: Message) -> str:
    raw = view.get("content-disposition")
    if not raw:
        return ""
    return str(raw).split(";", 1)[0].strip().lower()


def _payload_bytes(part: Message, problems: list[str]) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, LookupError, TypeError, binascii.Error):
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return _wire_bytes(raw)
    if isinstance(raw, list):
        return b"\n".join(_message_bytes(m, problems) for m in raw if isinstance(m, Message))
    return b""


def _message_bytes(msg: Message, problems: list[str]) -> bytes:
    try:
        return msg.as_bytes()
    except (MessageError, ValueError, LookupError, TypeError, UnicodeError):
        # The generator refolds headers and rejects what it cannot fold; write it plainly.
        problems.append("an attached message was written back without re-folding")
        return _plain_bytes(msg)


def _plain_bytes(msg: Message, depth: int = 0) -> bytes:
    head = "".join(f"{name}: {value}\n" for name, value in msg.raw_items())
    payload = msg.get_payload()
    if isinstance(payload, list) and depth < MAX_DEPTH:
        parts = [_plain_bytes(part, depth + 1) for part in payload if isinstance(part, Message)]
        boundary = msg.get_boundary()
        if boundary and msg.get_content_maintype() == "multipart":
            line = _wire_bytes(f"--{boundary}\n")
            body = b"".join(line + part + b"\n" for part in parts) + line.rstrip(b"\n") + b"--\n"
        else:
            body = b"\n".join(parts)
    else:
        body = _wire_bytes(str(payload or ""))
    return _wire_bytes(head) + b"\n" + body


def _repaired(part: Message, problems: list[str]) -> Message | None:
    """A multipart whose boundary is missing or wrong: find the boundary its body uses and
    split again. None when the body shows no boundary lines."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        return None
    counts: dict[str, int] = {}
    for match in BOUNDARY_LINE.finditer(payload):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    boundary = max(counts, key=lambda b: counts[b])
    subtype = part.get_content_subtype()
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'
    body = _wire_bytes(payload)
    repaired = message_from_bytes(_wire_bytes(head) + body, policy=compat32)
    if repaired.is_multipart() and repaired.get_payload():
        problems.append(f"multipart boundary repaired ({boundary!r})")
        return repaired
    return None


def _defects(part: Message) -> list[str]:
    return [type(defect).__name__ for defect in getattr(part, "defects", [])]


def _walk(part: Message, max_part_bytes: int, depth: int = 0) -> _Collected:
    found = _Collected()
    found.problems += [f"MIME: {name}" for name in _defects(part)]
    if depth > MAX_DEPTH:
        found.problems.append("MIME nesting too deep; inner parts dropped")
        return found
    view = _header_view(part, found.problems)
    content_type = view.get_content_type()
    maintype = view.get_content_maintype()

    if maintype == "multipart":
        children = part.get_payload() if part.is_multipart() else None
        if not isinstance(children, list) or not children:
            repaired = _repaired(part, found.problems)
            if repaired is None:
                # No parts at all: the body is shown as text rather than lost.
                found.problems.append("multipart without parts; body kept as text")
                body = _payload_bytes(part, found.problems)
                decoded = decode_text(body, view.get_content_charset())
                found.plain.append(decoded.text.strip())
                found.charsets.append(decoded.charset)
                return found
            children = repaired.get_payload()
        if not isinstance(children, list):
            return found  # unreachable: _repaired returns only split multiparts
        if content_type == "multipart/report" and (
            str(view.get_param("report-type") or "").lower() == "delivery-status"
        ):
            found.delivery_status = True
        collected = [
            _walk(child, max_part_bytes, depth + 1)
            for child in children[:MAX_PARTS]
            if isinstance(child, Message)
        ]
        if len(children) > MAX_PARTS:
            found.problems.append(f"{len(children) - MAX_PARTS} parts beyond {MAX_PARTS} ignored")
        if content_type == "multipart/alternative" and collected:
            # One rendering of each kind: the last is the richest (RFC 2046 5.1.4).
            with_plain = [c for c in collected if c.plain]
            with_html = [c for c in collected if c.html]
            for child in collected:
                found.merge(child, bodies=False)
            if with_plain:
                found.plain += with_plain[-1].plain
                found.charsets += with_plain[-1].charsets
            if with_html:
                found.html += with_html[-1].html
                found.charsets += with_html[-1].charsets
        else:
            for child in collected:
                found.merge(child)
        return found

    found.parts += 1
    disposition = _disposition(view)
    filename = _filename(view, found.problems)

    if content_type in {"text/plain", "text/html"} and not filename and disposition != "attachment":
        body = _payload_bytes(part, found.problems)
        declared = view.get_content_charset()
        if declared is None and content_type == "text/html":
            meta = META_CHARSET.search(body[:4096])
            declared = meta.group(1).decode("ascii") if meta else None
        if len(body) > max_part_bytes:
            found.dropped.append(
                DroppedPart("", content_type, len(body), "text part over the limit")
            )
            body = body[:max_part_bytes]
        decoded = decode_text(body, declared)
        found.problems += decoded.problems
        found.charsets.append(decoded.charset)
        (found.plain if content_type == "text/plain" else found.html).append(decoded.text)
        return found

    if content_type == "message/delivery-status":
        found.delivery_status = True

    if content_type == "message/rfc822":
        inner = part.get_payload()
        inner_message = inner[0] if isinstance(inner, list) and inner else None
        content = (
            _message_bytes(inner_message, found.problems)
            if isinstance(inner_message, Message)
            else _payload_bytes(part, found.problems)
        )
        if not filename and isinstance(inner_message, Message):
            filename = decode_header_value(_raw_header(inner_message, "subject"), found.problems)
        if filename and not filename.lower().endswith(".eml"):
            filename += ".eml"
    else:
        content = _payload_bytes(part, found.problems)

    cleaned = clean_filename(filename, content_type)
    if len(content) > max_part_bytes:
        found.dropped.append(
            DroppedPart(
                cleaned, content_type, len(content), f"over the limit of {max_part_bytes} bytes"
            )
        )
        return found
    content_id = MESSAGE_ID.findall(_raw_header(part, "content-id") or "")
    found.attachments.append(
        Attachment(
            filename=cleaned,
            content_type=content_type,
            content=content,
            content_id=content_id[0] if content_id else "",
            inline=disposition == "inline" or (not disposition and bool(content_id)),
        )
    )
    return found


# --- flags ---------------------------------------------------------------------------


def _automation(msg: Message, sender: str, delivery_status: bool, mail: ParsedMail) -> None:
    reasons = mail.automation_reasons

    def header(name: str) -> str:
        return FOLD.sub(" ", _raw_header(msg, name) or "").strip().lower()

    auto_submitted = header("auto-submitted")
    if auto_submitted and not auto_submitted.startswith("no"):
        reasons.append(f"Auto-Submitted: {auto_submitted}")
        mail.is_auto_reply = True
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder"):
        value = header(name)
        if _raw_header(msg, name) is not None and value not in {"no", "false", "0"}:
            reasons.append(f"{name}: {value}")
            mail.is_auto_reply = True
    precedence = header("precedence")
    if precedence in BULK_PRECEDENCE:
        reasons.append(f"Precedence: {precedence}")
        mail.is_bulk = True
    elif precedence == "auto_reply":
        reasons.append("Precedence: auto_reply")
        mail.is_auto_reply = True
    if _raw_header(msg, "list-id") is not None or _raw_header(msg, "list-unsubscribe") is not None:
        reasons.append("mailing list headers")
        mail.is_bulk = True
    return_path = header("return-path")
    if return_path.replace(" ", "") == "<>":
        # RFC 3834 and RFC 5321: bounces and auto-replies go out with a null return path.
        reasons.append("null return path")
        mail.is_auto_reply = True
    local_part = sender.lower().rsplit("@", 1)[0]
    if local_part in BOUNCE_SENDERS:
        reasons.append(f"sender {local_part}")
        mail.is_bounce = True
    if delivery_status:
        reasons.append("delivery status notification")
        mail.is_bounce = True
    if mail.is_bounce:
        mail.is_auto_reply = False  # a bounce is its own kind; both are never acknowledged


# --- the entry point -----------------------------------------------------------------

HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")


def _lines(text: str) -> str:
    """One line ending, LF, whatever the wire and the client used."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unparsable(raw: bytes, reason: str) -> ParsedMail:
    decoded = decode_text(raw)
    return ParsedMail(
        message_id=_generated_message_id(raw, None),
        message_id_generated=True,
        text=_lines(decoded.text),
        charsets=[decoded.charset],
        unparsable=True,
        malformed=True,
        problems=[reason, *decoded.problems],
        raw_size=len(raw),
    )


def parse_mail(raw: bytes, *, max_part_bytes: int = DEFAULT_MAX_PART_BYTES) -> ParsedMail:
    """Parse one message. Never raises for any input bytes."""
    started = time.perf_counter()
    try:
        mail = _parse(raw, max_part_bytes)
    except Exception as error:  # one bad message must never stop a mailbox
        mail = _unparsable(raw, f"parser failed: {type(error).__name__}")
    mail.parse_seconds = time.perf_counter() - started
    return mail


def _parse(raw: bytes, max_part_bytes: int) -> ParsedMail:
    if not HEADER_LINE.match(raw.lstrip(b"\r\n")[:1000]):
        return _unparsable(raw, "no mail headers found")
    msg = message_from_bytes(raw, policy=compat32)
    problems: list[str] = []

    senders = _addresses(msg, "from", problems) or _addresses(msg, "sender", problems)
    if not senders:
        problems.append("no sender address")
    raw_id = _message_ids(_raw_header(msg, "message-id"))
    collected = _walk(msg, max_part_bytes)
    problems += collected.problems

    mail = ParsedMail(
        message_id=raw_id[0] if raw_id else _generated_message_id(raw, msg),
        message_id_generated=not raw_id,
        from_address=senders[0].address if senders else "",
        from_name=senders[0].name if senders else "",
        to=_addresses(msg, "to", problems),
        cc=_addresses(msg, "cc", problems),
        reply_to=_addresses(msg, "reply-to", problems),
        delivered_to=[
            a.address
            for name in ("delivered-to", "x-original-to", "envelope-to")
            for a in _addresses(msg, name, problems)
        ],
        subject=decode_header_value(_raw_header(msg, "subject"), problems),
        date=_date(_raw_header(msg, "date"), problems),
        in_reply_to=next(iter(_message_ids(_raw_header(msg, "in-reply-to"))), None),
        references=_message_ids(" ".join(_raw_headers(msg, "references")))[-MAX_REFERENCES:],
        text="\n\n".join(_lines(p).strip("\n") for p in collected.plain if p.strip()),
        html="\n".join(collected.html),
        charsets=list(dict.fromkeys(collected.charsets)),
        attachments=collected.attachments,
        dropped=collected.dropped,
        problems=problems,
        raw_size=len(raw),
    )
    if not mail.text and mail.html:
        mail.text = html_to_text(_lines(mail.html))
        mail.text_from_html = True
    mail.malformed = any(p.startswith(("MIME:", "multipart")) for p in problems)
    _automation(msg, mail.from_address, collected.delivery_status, mail)
    return mail
