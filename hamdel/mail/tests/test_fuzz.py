"""Damaged real mail: truncated, bytes flipped, lines dropped. Nothing may reach the
catch-all in parse_mail ("parser failed"), and collapsing keeps every character."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.mail.parse import ParsedMail, parse_mail
from hamdel.mail.quotes import split_html, split_text

CORPUS = (Path(__file__).resolve().parents[3] / "../shared/corpus/mail").resolve()
DATA = Path(__file__).resolve().parent / "data"
MESSAGES = [p.read_bytes() for p in sorted(CORPUS.glob("*.eml")) + sorted(DATA.glob("*.eml"))]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(MESSAGES)))
    for _ in range(draw(st.integers(0, 8))):
        if not raw:
            break
        position = draw(st.integers(0, len(raw) - 1))
        raw[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    if draw(st.booleans()):
        lines = bytes(raw).split(b"\n")
        drop = draw(st.integers(0, max(0, len(lines) - 1)))
        raw = bytearray(b"\n".join(lines[:drop] + lines[drop + 1 :]))
    return bytes(raw)


def assert_storable(mail: ParsedMail) -> None:
    """Every text a database will hold is valid UTF-8 without NUL."""
    texts = [mail.text, mail.html, mail.subject, mail.from_name, mail.from_address]
    texts += [a.filename for a in mail.attachments] + [d.filename for d in mail.dropped]
    addresses = mail.to + mail.cc + mail.reply_to
    texts += [a.name for a in addresses] + [a.address for a in addresses] + mail.delivered_to
    for text in texts:
        text.encode("utf-8")
        assert "\x00" not in text


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_damaged_mail_is_handled_by_the_parser_itself(raw: bytes) -> None:
    mail = parse_mail(raw)
    assert not any(p.startswith("parser failed") for p in mail.problems), mail.problems
    assert_storable(mail)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_storable_text(raw: bytes) -> None:
    assert_storable(parse_mail(raw))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab >:-\n\t@<.оنşOn wrote Am schrieb 12")), max_size=400)
)
def test_collapsing_any_text_keeps_its_pieces(text: str) -> None:
    split = split_text(text)
    for part in (split.visible, split.quoted, split.signature):
        assert part in text.replace("\r\n", "\n")
    html = split_html(text)
    assert html.visible + html.quoted == text
