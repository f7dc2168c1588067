"""Quoted history and signatures collapse; what the customer wrote now stays visible.

The replies in data/ were written for these tests: Gmail, Outlook, Apple Mail and
Thunderbird in en, fa, tr and ru, several in the legacy charsets those clients still send
(windows-1256, windows-1254, windows-1251, koi8-r, iso-8859-9)."""

from pathlib import Path

import pytest

from hamdel.mail.parse import ParsedMail, parse_mail
from hamdel.mail.quotes import is_forward, split_html, split_mail, split_text
from hamdel.mail.threading import thread_hints

DATA = Path(__file__).resolve().parent / "data"
CORPUS = (Path(__file__).resolve().parents[3] / "../shared/corpus/mail").resolve()


def reply(name: str) -> ParsedMail:
    return parse_mail((DATA / f"{name}.eml").read_bytes())


# file, what stays visible, how the quoted part starts, the signature
REPLIES = [
    (
        "en_gmail_reply",
        "Thanks, the parcel arrived this morning.\n"
        "One item was damaged though, can you send a replacement?\n\nJohn",
        "On Mon, Dec 1, 2026 at 10:15 AM Hamdel Support",
        "",
    ),
    (
        "en_outlook_reply",
        "Hi Sara,\n\nThe refund has not reached our account yet. Could you check again?",
        "________________________________\nFrom: Hamdel Support",
        "-- \nJane Doe\nAccounts Payable | Contoso Ltd\n+44 20 7946 0000",
    ),
    ("en_outlook_original_message", "It works now, thank you!", "-----Original Message-----", ""),
    (
        "en_apple_mail_reply",
        "Friday at 3 pm is fine for me.",
        "On Dec 1, 2026, at 10:15, Hamdel Support",
        "Sent from my iPhone",
    ),
    (
        "fa_gmail_reply",
        "سلام، بسته امروز رسید ولی یکی از کالاها شکسته بود.\n"
        "لطفاً یک کالای جایگزین بفرستید.\n\nمریم",
        "\u202bدر تاریخ دوشنبه ۱ دسامبر ۲۰۲۶",
        "",
    ),
    (
        "fa_outlook_reply",
        "با سلام\nوجه هنوز به حساب من واريز نشده است. لطفا پيگيري کنيد.",
        "-----پيام اصلي-----\nاز: پشتيباني همدل",
        "",
    ),
    (
        "fa_apple_mail_reply",
        "جمعه ساعت ۳ برای من مناسب است.",
        "در ۱ دسامبر ۲۰۲۶، ساعت ۱۰:۱۵، پشتیبانی همدل",
        "ارسال شده از iPhone من",
    ),
    (
        "fa_thunderbird_reply",
        "مشکل برطرف شد، ممنون از راهنمایی شما.",
        "در 12/1/26 ساعت 10:15، پشتیبانی همدل نوشت:",
        "-- \nرضا احمدی\nشرکت نمونه",
    ),
    (
        "tr_gmail_reply",
        "Teşekkürler, paket bu sabah geldi.\n"
        "Ancak bir ürün kırık çıktı, yenisini gönderebilir misiniz?\n\nAyşe",
        "1 Ara 2026 Pzt, 10:15 tarihinde Hamdel Destek",
        "",
    ),
    (
        "tr_outlook_reply",
        "Merhaba,\n\nİade tutarı hâlâ hesabımıza geçmedi. Kontrol edebilir misiniz?\n\n"
        "Saygılarımla\nMehmet Demir",
        "-----Özgün İleti-----\nKimden: Hamdel Destek",
        "",
    ),
    (
        "tr_apple_mail_reply",
        "Cuma saat 15:00 benim için uygun.",
        "1 Ara 2026 tarihinde 10:15 saatinde, Hamdel Destek",
        "iPhone'umdan gönderildi",
    ),
    (
        "tr_thunderbird_reply",
        "Sorun çözüldü, yardımınız için teşekkürler.",
        "1.12.2026 10:15 tarihinde Hamdel Destek yazdı:",
        "-- \nEmre Şahin\nÖrnek A.Ş.",
    ),
    (
        "ru_gmail_reply",
        "Спасибо, посылка пришла сегодня утром.\nНо один товар разбит, можете прислать замену?"
        "\n\nИван",
        "пн, 1 дек. 2026 г. в 10:15, Служба поддержки Hamdel <support@hd.example.com>:",
        "",
    ),
    (
        "ru_outlook_reply",
        "Добрый день!\n\nДеньги до сих пор не поступили на наш счёт. Проверьте, пожалуйста.\n\n"
        "С уважением,\nНаталья Симонова",
        "-----Исходное сообщение-----\nОт: Служба поддержки Hamdel",
        "",
    ),
    (
        "ru_apple_mail_reply",
        "Пятница в 15:00 мне подходит.",
        "1 дек. 2026 г., в 10:15, Служба поддержки <support@hd.example.com> написал(а):",
        "Отправлено с iPhone",
    ),
    (
        "ru_thunderbird_reply",
        "Всё заработало, спасибо за помощь.",
        "01.12.2026 10:15, Служба поддержки пишет:",
        "-- \nДмитрий Волков\nООО «Пример»",
    ),
]


def test_there_are_at_least_three_replies_per_language() -> None:
    files = sorted(p.name for p in DATA.glob("*.eml"))
    for language in ("en", "fa", "tr", "ru"):
        assert len([f for f in files if f.startswith(f"{language}_")]) >= 3, language
    assert {f"{name}.eml" for name, *_ in REPLIES} <= set(files)


@pytest.mark.parametrize(("name", "visible", "quote_start", "signature"), REPLIES)
def test_reply_shows_only_the_new_text(
    name: str, visible: str, quote_start: str, signature: str
) -> None:
    mail = reply(name)
    assert mail.problems == []
    split = split_text(mail.text)
    assert split.visible == visible
    assert split.quoted.startswith(quote_start)
    assert split.signature == signature
    assert split.has_hidden


@pytest.mark.parametrize(("name", "visible", "quote_start", "signature"), REPLIES)
def test_collapsing_keeps_every_character_of_the_original(
    name: str, visible: str, quote_start: str, signature: str
) -> None:
    text = reply(name).text
    split = split_text(text)
    for part in (split.visible, split.quoted, split.signature):
        assert part in text


@pytest.mark.parametrize(
    ("name", "charset"),
    [
        ("fa_outlook_reply", "cp1256"),
        ("tr_outlook_reply", "cp1254"),
        ("tr_gmail_reply", "iso8859-9"),
        ("ru_outlook_reply", "cp1251"),
        ("ru_gmail_reply", "koi8-r"),
    ],
)
def test_legacy_charset_replies_decode(name: str, charset: str) -> None:
    mail = reply(name)
    assert mail.charsets == [charset]
    assert "[#" in mail.subject
    assert mail.from_name
    assert "?" not in mail.from_name


def test_legacy_encoded_subjects_and_names() -> None:
    assert reply("fa_outlook_reply").subject == "RE: [#2002] استرداد وجه"
    assert reply("fa_outlook_reply").from_name == "سليماني"
    assert reply("ru_outlook_reply").from_name == "Наталья Симонова"
    assert reply("tr_gmail_reply").from_name == "Ayşe Yılmaz"
    assert reply("ru_gmail_reply").from_name == "Иван Петров"


def test_interleaved_answers_are_not_hidden() -> None:
    split = split_text(reply("en_thunderbird_interleaved").text)
    assert "The X200." in split.visible
    assert "In March, the receipt is attached." in split.visible
    assert split.quoted == ""
    assert split.signature == "-- \nMark"


@pytest.mark.parametrize(
    ("name", "visible_end", "quoted_start"),
    [
        ("en_gmail_reply", "John</div><br>", '<div class="gmail_quote">'),
        ("fa_gmail_reply", "مریم</div><br>", '<div class="gmail_quote">'),
        (
            "en_apple_mail_reply",
            "Sent from my iPhone</div><div><br></div>",
            '<div dir="ltr"><br>On Dec',
        ),
        ("tr_apple_mail_reply", "gönderildi</div>", '<div dir="ltr"><br>1 Ara 2026 tarihinde'),
        ("fa_thunderbird_reply", "شما.</p>", '<div class="moz-cite-prefix">'),
        ("ru_thunderbird_reply", "помощь.</p>", '<div class="moz-cite-prefix">'),
        (
            "en_outlook_original_message",
            "thank you!</p><div>",
            "<div style='border:none;border-top",
        ),
    ],
)
def test_html_quote_containers_are_collapsed(
    name: str, visible_end: str, quoted_start: str
) -> None:
    split = split_html(reply(name).html)
    assert split.visible.endswith(visible_end)
    assert split.quoted.startswith(quoted_start)


def test_replies_carry_their_thread_hints() -> None:
    hints = thread_hints(reply("tr_gmail_reply"), our_addresses=["destek@hd.example.com"])
    assert hints.message_ids[0] == "<out-3001-1@hd.example.com>"
    assert hints.reply_tokens == ["Zq81Lm0p"]
    assert hints.conversation_numbers == [3001]


# --- the shared corpus ---------------------------------------------------------------


def corpus(name: str) -> ParsedMail:
    return parse_mail((CORPUS / name).read_bytes())


def test_old_gmail_header_and_trailing_quote_collapse_and_signature_is_split() -> None:
    split = split_text(corpus("linuxdvb_iso8859-9_reply.eml").text)
    assert split.visible.endswith("Thanks, see you")
    assert split.quoted.startswith("2008/5/27 Posh <jpontious@gmail.com>:\n> Well new image")
    assert split.signature.startswith("-- \nİ.Bahattin Vidinli\nElk-Elektronik Müh.")


def test_a_leading_quote_answered_below_stays_visible() -> None:
    split = split_text(corpus("lkml_koi8r_reply.eml").text)
    assert split.visible.startswith(
        "Replying to Andrey Nekrasov:\n> \t\t\tIntel Server Board STL2."
    )
    assert split.visible.endswith("Qfinal is over :(")
    assert split.quoted == ""
    assert split.signature.startswith("-- \nPaul P 'Stingray' Komkoff")


def test_a_bare_double_dash_starts_a_signature() -> None:
    split = split_text(corpus("st_thirdparty_015.eml").text)
    assert split.visible.endswith("Beste Grüße")
    assert split.signature.startswith("--\nJonas Sterr")


def test_an_italian_outlook_header_is_found_by_mail_parser_reply() -> None:
    mail = corpus("ss_mail_test_7.eml")
    split = split_text(mail.text)
    assert split.visible.startswith("Ciao sere mi puoi dire")
    assert "Nota di riservatezza" in split.visible
    assert split.quoted.startswith("Da: export@agade.info [mailto:chiarodiluce@gmail.com]")
    assert split_html(mail.html).quoted.startswith(
        "<div style='border:none;border-top:solid #E1E1E1"
    )


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda p: p.name)
def test_collapsing_never_hides_everything_in_the_corpus(path: Path) -> None:
    mail = parse_mail(path.read_bytes())
    split = split_text(mail.text)
    if mail.text.strip():
        assert split.visible.strip()
    if mail.html:
        html = split_html(mail.html)
        assert html.visible


# --- rules on their own --------------------------------------------------------------


def test_text_without_quotes_is_all_visible() -> None:
    split = split_text("Hello,\nmy order 77 has not arrived.\n\nThanks,\nAnna")
    assert split.visible == "Hello,\nmy order 77 has not arrived.\n\nThanks,\nAnna"
    assert not split.has_hidden


def test_a_message_that_is_only_a_quote_is_shown_whole() -> None:
    text = "On Mon, Dec 1, 2026 at 10:15 AM Support <s@x.com> wrote:\n> Hello"
    assert split_text(text).visible == text


def test_a_name_only_header_needs_a_quote_below_it() -> None:
    split = split_text("Yes, please.\n\nSara wrote:\n> Shall we refund?\n")
    assert split.visible == "Yes, please."
    assert split.quoted == "Sara wrote:\n> Shall we refund?"
    assert split_text("The manual says:\nturn it off and on.").quoted == ""


def test_a_from_line_in_prose_is_not_an_outlook_header() -> None:
    text = "From: the shop in Tehran\nI bought two items, one is broken."
    assert split_text(text).visible == text


def test_a_sent_from_line_in_the_middle_is_not_a_signature() -> None:
    text = (
        "Sent from my iPhone\nthe photos are blurry, so here they are again\nfrom my laptop\nmore"
    )
    assert split_text(text).signature == ""


def test_a_dash_line_at_the_top_is_not_a_signature() -> None:
    assert split_text("-- \nonly this").signature == ""


def test_html_without_a_quote_is_kept_whole() -> None:
    html = "<p>Hello</p><blockquote>a real quotation from a poem</blockquote>"
    assert split_html(html).visible == html
    assert split_html(html).quoted == ""


def test_html_that_is_only_a_quote_is_kept_whole() -> None:
    html = '<div class="gmail_quote">On Mon wrote:<blockquote>old</blockquote></div>'
    assert split_html(html).visible == html


def test_a_german_gmail_header_is_found_by_mail_parser_reply() -> None:
    text = (
        "Danke, das Paket ist da.\n\n"
        "Am Mo., 1. Dez. 2026 um 10:15 Uhr schrieb Hamdel Support <s@hd.example.com>:\n\n"
        "> Hallo, Ihr Paket ist unterwegs.\n"
    )
    split = split_text(text)
    assert split.visible == "Danke, das Paket ist da."
    assert split.quoted.startswith("Am Mo., 1. Dez. 2026")


def test_a_german_outlook_block_is_found_by_mail_parser_reply() -> None:
    text = (
        "Bitte noch einmal prüfen.\n\n"
        "Von: Hamdel Support <s@hd.example.com>\n"
        "Gesendet: Montag, 1. Dezember 2026 10:15\n"
        "An: Kunde <k@example.de>\n"
        "Betreff: Rückerstattung\n\n"
        "Die Rückerstattung ist erfolgt.\n"
    )
    split = split_text(text)
    assert split.visible == "Bitte noch einmal prüfen."
    assert split.quoted.startswith("Von: Hamdel Support")


@pytest.mark.parametrize(
    "marker",
    [
        '<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Support</div>',
        '<div id="appendonsend"></div><hr><b>From:</b> Support',
        '<hr id="stopSpelling">From: Support',
        '<div class="yahoo_quoted"><div>On Monday, Support wrote:</div></div>',
        '<blockquote class="gmail_quote">old text</blockquote>',
    ],
)
def test_outlook_web_and_yahoo_quote_containers(marker: str) -> None:
    html = f"<div>New answer here.</div>{marker}<div>old text</div>"
    split = split_html(html)
    assert split.visible == "<div>New answer here.</div>"
    assert split.quoted.startswith(marker[:10])


def test_a_forwarded_message_is_not_hidden() -> None:
    # A customer who forwards an order confirmation wants the agent to read it.
    text = (
        "See below, the shop never sent it.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Shop <orders@shop.example>\n"
        "Date: Mon, Dec 1, 2026 at 9:00 AM\n"
        "Subject: Your order 77\n"
        "To: <anna@example.org>\n\n"
        "Thank you for your order.\n"
    )
    assert "Thank you for your order." in split_text(text).visible


def test_a_forwarded_mail_hides_nothing() -> None:
    mail = corpus("ss_mail_test_7.eml")  # "I: Ordine", an Italian Outlook forward
    text, html = split_mail(mail)
    assert text.visible == mail.text
    assert html.visible == mail.html


@pytest.mark.parametrize(
    ("subject", "forward"),
    [
        ("Fwd: order", True),
        ("FW: order", True),
        ("İLT: sipariş", True),
        ("Пересл: заказ", True),
        ("Re: order", False),
        ("Ynt: sipariş", False),
        ("Information: order", False),
    ],
)
def test_forward_subjects(subject: str, forward: bool) -> None:
    assert is_forward(subject) is forward


@pytest.mark.parametrize(
    "header",
    [
        # Gmail fa puts the address in its own left-to-right embedding
        "\u202bدر تاریخ سه‌شنبه ۲ دسامبر ۲۰۲۶ ساعت ۹:۰۵ Sara "
        "<\u202asara@hd.example.com\u202c> نوشت:\u202c",
        # Yandex Mail and Mail.ru
        '01.12.2026, 10:15, "Служба поддержки" <support@hd.example.com>:',
        "Понедельник, 1 декабря 2026, 10:15 +03:00 от Служба поддержки <support@hd.example.com>:",
        # Outlook for Mac
        'On 01/12/2026, 10:15, "Hamdel Support" <support@hd.example.com> wrote:',
    ],
)
def test_more_quote_headers(header: str) -> None:
    text = f"New text.\n\n{header}\n> old text\n"
    split = split_text(text)
    assert split.visible == "New text."
    assert split.quoted.startswith(header)
