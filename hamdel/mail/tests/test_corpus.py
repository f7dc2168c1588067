"""The shared real-world corpus (../shared/corpus/mail, INDEX.md lists the expected values)."""

from pathlib import Path

import pytest

from hamdel.mail.parse import ParsedMail, parse_mail
from hamdel.mail.threading import thread_hints

CORPUS = (Path(__file__).resolve().parents[3] / "../shared/corpus/mail").resolve()
CORPUS_FILES = sorted(CORPUS.glob("*.eml"))


def parsed(name: str) -> ParsedMail:
    return parse_mail((CORPUS / name).read_bytes())


def test_the_corpus_is_there() -> None:
    assert len(CORPUS_FILES) >= 20, f"no corpus at {CORPUS}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_message_parses_into_something_to_show(path: Path) -> None:
    mail = parse_mail(path.read_bytes())
    assert mail.message_id.startswith("<")
    assert mail.message_id.endswith(">")
    assert mail.text.strip() or mail.attachments, "nothing an agent could read"
    assert "parser failed" not in " ".join(mail.problems)


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("ss_mail_test_6.eml", "Быстрее вкладывайте в золото!"),
        ("ss_mail_test_1.eml", "письмо уведом-е"),
        ("ss_mail_test_12.eml", "代开各地增值税发票"),
        ("st_legacy_001.eml", "Die Hasen und die Frösche (Microsoft Outlook 00)"),
        ("ss_mail_test_5.eml", "Je prépare mon été zéro complexe !"),
        ("linuxmedia_windows1256_subject.eml", "[PATCH] dvb-usb.h function rc5_scan\u200f"),
        ("st_thirdparty_015.eml", "Re: (#5290765) Proxmox Shop E-Mails"),
    ],
)
def test_encoded_subjects_decode_to_what_index_md_says(name: str, subject: str) -> None:
    assert parsed(name).subject == subject


def test_a_folded_subject_reads_as_one_line() -> None:
    subject = parsed("linuxdvb_iso8859-9_reply.eml").subject
    assert "\t" not in subject
    assert "\n" not in subject
    assert subject.startswith("Re: [linux-dvb] [Bug 220857] Re: linuxtv.org mercurial repository")


@pytest.mark.parametrize(
    ("name", "charset"),
    [
        ("lkml_koi8r_reply.eml", "koi8-r"),
        ("linuxmedia_windows1256_subject.eml", "cp1256"),
        ("linuxdvb_iso8859-9_reply.eml", "iso8859-9"),
        ("st_legacy_001.eml", "utf-7"),
        ("st_thirdparty_019.eml", "cp1252"),
    ],
)
def test_declared_body_charsets_are_used(name: str, charset: str) -> None:
    assert charset in parsed(name).charsets


def test_turkish_signature_decodes_from_iso_8859_9() -> None:
    text = parsed("linuxdvb_iso8859-9_reply.eml").text
    assert "İ.Bahattin Vidinli" in text
    assert "Müh." in text


def test_gb2312_sender_name_decodes() -> None:
    mail = parsed("ss_mail_test_12.eml")
    assert mail.from_name == "张先生"
    assert mail.from_address == "baoguan@hotmail.com"
    assert "增值税发票" in mail.text


def test_body_labelled_gb2312_that_is_utf8_is_read_as_utf8_and_flagged() -> None:
    mail = parsed("ss_mail_test_12.eml")
    assert mail.charsets == ["utf-8"]
    assert any("gb2312" in p for p in mail.problems)


def test_utf7_body_decodes() -> None:
    assert "Die Hasen klagten einst über ihre mißliche Lage" in parsed("st_legacy_001.eml").text


def test_utf16_and_euc_jp_parts_decode() -> None:
    mail = parsed("st_thirdparty_005.eml")
    assert mail.text.count("Test message") == 3
    assert "世界人権宣言" in mail.text
    assert {"utf-16-le", "utf-16-be", "euc_jp"} <= set(mail.charsets)


def test_html_only_russian_body_with_one_broken_byte_stays_utf8() -> None:
    mail = parsed("ss_mail_test_6.eml")
    assert mail.text_from_html
    assert "Профессионалы.ru" in mail.text
    assert mail.charsets == ["utf-8"]


def test_html_only_base64_body_is_read() -> None:
    mail = parsed("ss_mail_test_1.eml")
    assert mail.from_name == "служба ФНС Даниил Суворов"
    assert "Информируем Вас об имеющейся задолженности" in mail.text


def test_windows_1251_label_on_utf8_html_is_corrected() -> None:
    mail = parsed("ss_mail_test_4.eml")
    assert "Protección & Control" in mail.text


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("lkml_koi8r_reply.eml", "<20021004113128.GA31145@an.local>"),
        (
            "linuxdvb_iso8859-9_reply.eml",
            "<20080527203036.15120.80879.malone@gandwana.canonical.com>",
        ),
        ("ss_mail_test_7.eml", "<EEDDF5F5-2786-4B3F-B15A-124A9A29A8D3@agade.info>"),
    ],
)
def test_replies_point_at_their_parent_first(name: str, parent: str) -> None:
    assert thread_hints(parsed(name)).message_ids[0] == parent


def test_references_follow_the_parent_newest_first() -> None:
    hints = thread_hints(parsed("linuxdvb_iso8859-9_reply.eml"))
    assert hints.message_ids == [
        "<20080527203036.15120.80879.malone@gandwana.canonical.com>",
        "<20080423021731.19061.82477.malonedeb@gandwana.canonical.com>",
    ]


def test_message_ids_are_read() -> None:
    assert parsed("lkml_koi8r_reply.eml").message_id == "<20021004135016.GJ6318@stingr.net>"
    mail = parsed("linuxmedia_windows1256_subject.eml")
    assert mail.message_id == "<BLU157-w490B704529846014C4C669D8820@phx.gbl>"
    assert not mail.message_id_generated


def test_another_helpdesks_number_is_not_ours() -> None:
    hints = thread_hints(parsed("st_thirdparty_015.eml"))
    assert hints.conversation_numbers == []


def test_raw_utf8_attachment_name_is_read() -> None:
    names = [a.filename for a in parsed("ss_mail_test_1.eml").attachments]
    assert names == ["ФНС_РФ558.zip"]


def test_inline_images_keep_their_content_ids() -> None:
    images = parsed("ss_mail_test_6.eml").inline_images
    assert len(images) == 4
    assert all(i.content_type == "image/png" and i.content_id for i in images)
    assert parsed("st_thirdparty_016.eml").inline_images[0].content_id == (
        "part1.8C5E6A81.D0C1B91A@example.com"
    )


def test_a_large_zip_is_dropped_over_a_small_limit_and_recorded() -> None:
    raw = (CORPUS / "ss_mail_test_4.eml").read_bytes()
    mail = parse_mail(raw, max_part_bytes=100_000)
    assert [a.filename for a in mail.attachments] == ["img1.jpg"]
    assert [(d.filename, d.size > 100_000) for d in mail.dropped] == [("Payment Invoice.zip", True)]
    assert "limit" in mail.dropped[0].reason


def test_attached_messages_are_kept_as_eml_files() -> None:
    attachments = parsed("st_thirdparty_015.eml").attachments
    assert [a.filename for a in attachments] == [
        "training-mail.txt.eml",
        "office-reply.txt.eml",
        "shop-mail.txt.eml",
    ]
    assert all(a.content_type == "message/rfc822" and a.size > 1000 for a in attachments)


def test_the_rfc_2046_example_yields_its_parts() -> None:
    mail = parsed("st_rfc_000.eml")
    assert [a.content_type for a in mail.attachments] == [
        "audio/basic",
        "image/jpeg",
        "text/enriched",
        "message/rfc822",
    ]
    assert "Some text appears here" in mail.text


def test_a_broken_bounce_is_a_bounce() -> None:
    mail = parsed("ss_mail_malformed_2.eml")
    assert mail.is_bounce
    assert mail.is_automated
    assert "delivery status notification" in mail.automation_reasons
    assert "mailbox quota exceeded" in mail.text


@pytest.mark.parametrize(
    "name",
    ["ss_mail_test_5.eml", "linuxdvb_iso8859-9_reply.eml", "linuxmedia_windows1256_subject.eml"],
)
def test_newsletters_and_list_mail_are_never_acknowledged(name: str) -> None:
    mail = parsed(name)
    assert mail.is_bulk
    assert mail.is_automated
    assert not mail.is_bounce


@pytest.mark.parametrize(
    "name",
    ["lkml_koi8r_reply.eml", "ss_mail_test_7.eml", "st_thirdparty_015.eml", "ss_mail_test_12.eml"],
)
def test_personal_mail_is_not_automated(name: str) -> None:
    assert not parsed(name).is_automated


@pytest.mark.parametrize(
    "name",
    [
        "ss_mail_malformed_1.eml",
        "ss_mail_malformed_3.eml",
        "st_malformed_017.eml",
        "ss_mail_test_1.eml",
        "ss_mail_test_6.eml",
    ],
)
def test_broken_mime_is_flagged(name: str) -> None:
    mail = parsed(name)
    assert mail.malformed
    assert any(p.startswith("MIME:") for p in mail.problems)


def test_a_missing_semicolon_before_the_boundary_is_repaired() -> None:
    mail = parsed("st_malformed_017.eml")
    assert [a.filename for a in mail.attachments] == ["image001.png"]
    assert mail.attachments[0].content == b"hello world\n"


def test_multipart_alternative_without_a_start_boundary_still_shows_its_text() -> None:
    mail = parsed("ss_mail_malformed_3.eml")
    assert "Ahorre" in mail.subject
    assert "información de la compañía" in mail.text


def test_a_broken_attached_message_does_not_break_the_mail() -> None:
    mail = parsed("st_malformed_022.eml")
    assert mail.text == "hello"
    assert mail.attachments[0].filename == "broken.eml"


def test_the_whole_corpus_parses_quickly() -> None:
    seconds = [parse_mail(p.read_bytes()).parse_seconds for p in CORPUS_FILES]
    # Generous for a loaded CI machine; typical is a few milliseconds per message.
    assert max(seconds) < 1.0
    assert sum(seconds) / len(seconds) < 0.2
