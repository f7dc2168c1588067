"""Search benchmark: index messages in four languages, then time 200 realistic queries.

For each database (SQLite in a temporary HAMDEL_HOME, PostgreSQL in a database of its
own that is dropped and created again at every run) a child process seeds customers,
conversations and messages in Persian, Turkish, Russian and English with bulk inserts,
builds the search index with the text app's own code (hamdel.tickets.bulk_index, which makes the
entries hamdel.tickets.indexing makes, and for comparison times the one-by-one
index_messages on a sample), then runs 200 queries as a supervisor (sees everything)
and as an agent restricted to two of ten teams, through the same function the API and
the agent UI call (tickets.queries.search_everything, limit 20, snippets included).

    python -m bench.search --scale small          # both databases, a table
    python -m bench.search --scale full --json    # 1,000,000 messages, JSON rows
    python -m bench.search --db postgres --scale 200000   # one child, one JSON line

The settings module reads the environment once, so each database runs in its own
process; `run()` spawns them and returns one row per database.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bench.common import (
    POSTGRES_SERVER,
    markdown_table,
    percentile,
    postgres_reachable,
    reset_postgres,
    run_child,
)

SCALES: Final = {"small": 20_000, "full": 1_000_000}
POSTGRES_DATABASE: Final = "hamdel_bench_search"
MESSAGES_PER_CONVERSATION: Final = 8  # on average; 1 to 15
CONVERSATIONS_PER_CUSTOMER: Final = 3
TEAMS: Final = 10
AGENT_TEAMS: Final = 2  # the restricted agent sees about a fifth of the conversations
SAMPLE_ONE_BY_ONE: Final = 2000  # messages indexed through index_messages, for its rate
QUERY_LIMIT: Final = 20
WARM_UP_QUERIES: Final = 20
LANGUAGES: Final = ("fa", "tr", "ru", "en")
DATABASE_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

Row = dict[str, object]

# ----- phrases ------------------------------------------------------------------------
# Slots: {order} an order number as written, {phone} a phone number as written, {name} a
# person, {city}, {product}, {n} a small number, {conv} a conversation number "#1042".


@dataclass(frozen=True)
class Bank:
    greetings: tuple[str, ...]
    problems: tuple[str, ...]
    requests: tuple[str, ...]
    replies: tuple[str, ...]
    closings: tuple[str, ...]
    names: tuple[str, ...]
    cities: tuple[str, ...]
    products: tuple[str, ...]
    subjects: tuple[str, ...]


FA = Bank(
    greetings=(
        "سلام،",
        "سلام وقت بخیر،",
        "با سلام و احترام،",
        "درود،",
        "سلام خسته نباشید،",
        "عرض ادب،",
        "سلام روزتون بخیر،",
        "وقت بخیر،",
    ),
    problems=(
        "سفارش من با شماره {order} هنوز نرسیده است.",
        "سفارش شماره {order} را ده روز پیش ثبت کردم ولی هنوز ارسال نشده.",
        "{product} که خریدم خراب به دستم رسید.",
        "بسته‌ام در {city} مانده و پیک آن را تحویل نمی‌دهد.",
        "مبلغ {n} هزار تومان دو بار از حسابم کسر شده است.",
        "کتاب‌ها را سفارش دادم ولی فقط یکی از آن‌ها رسید.",
        "رنگ {product} با عکس سایت فرق دارد.",
        "اندازه لباس‌ها اشتباه ارسال شده است.",
        "کد تخفیف من در سبد خرید کار نمی‌کند.",
        "پیامک تایید سفارش برایم نیامده است.",
        "شماره تماس من {phone} است ولی کسی با من تماس نگرفت.",
        "می‌خواهم سفارش {order} را لغو کنم.",
        "گارانتی {product} چند ماه است؟",
        "هزینه ارسال به {city} چقدر است؟",
        "کارت هدیه‌ام را نمی‌توانم در حساب کاربری ثبت کنم.",
        "رمز عبور حساب کاربری‌ام را فراموش کرده‌ام.",
        "فاکتور خرید {order} را می‌خواستم.",
        "کالا آسیب‌دیده بود و جعبه‌اش پاره شده بود.",
        "پشتیبانی تلفنی جواب نمی‌دهد و {n} بار تماس گرفتم.",
        "پول من هنوز برنگشته و {n} روز گذشته است.",
        "در مورد درخواست {conv} پیگیری می‌کنم.",
        "تحویل سفارش را به هفته بعد موکول کردند.",
        "{product} بعد از دو روز استفاده دیگر روشن نمی‌شود.",
        "قیمت‌ها در اپلیکیشن با سایت فرق دارد.",
        "مأمور ارسال بسته را به همسایه داده است.",
        "خانم {name} گفتند امروز تماس می‌گیرند ولی خبری نشد.",
        "کیفیت {product} اصلا خوب نیست.",
        "سفارشم را اشتباهی به {city} فرستاده‌اند.",
    ),
    requests=(
        "لطفا پیگیری کنید.",
        "لطفا هزینه را به حسابم برگردانید.",
        "می‌خواهم کالا را مرجوع کنم.",
        "لطفا با شماره {phone} تماس بگیرید.",
        "ممنون می‌شوم زودتر جواب بدهید.",
        "لطفا کالای سالم برایم بفرستید.",
        "کی به دستم می‌رسد؟",
        "آیا امکان تعویض وجود دارد؟",
        "لطفا کد رهگیری را برایم بفرستید.",
        "می‌خواهم با مدیر پشتیبانی صحبت کنم.",
    ),
    replies=(
        "سلام {name} عزیز، سفارش شما با شماره {order} امروز ارسال شد.",
        "از صبر شما سپاسگزاریم، مبلغ تا {n} روز کاری به حسابتان برمی‌گردد.",
        "درخواست مرجوعی شما ثبت شد و پیک برای دریافت کالا مراجعه می‌کند.",
        "پوزش می‌خواهیم، کالای جایگزین برای شما فرستاده می‌شود.",
        "کد رهگیری مرسوله شما {order} است.",
        "همکاران ما در {city} با شما تماس خواهند گرفت.",
        "کد تخفیف {n} درصدی به عنوان جبران برایتان فعال شد.",
        "لطفا عکس کالای آسیب‌دیده را برای ما بفرستید.",
        "درخواست شما به واحد مالی ارجاع شد.",
        "گارانتی {product} هجده ماه است.",
    ),
    closings=(
        "ممنون.",
        "با تشکر.",
        "سپاسگزارم.",
        "منتظر پاسخ شما هستم.",
        "خیلی ممنون از راهنمایی‌تان.",
        "با احترام، {name}",
    ),
    names=(
        "زهرا کریمی",
        "علی رضایی",
        "مریم احمدی",
        "حسین محمدی",
        "فاطمه حسینی",
        "رضا کاظمی",
        "نرگس موسوی",
        "امیر جعفری",
        "سارا نوری",
        "مهدی کیانی",
        "لیلا یزدانی",
        "کامران شریفی",
    ),
    cities=("تهران", "شیراز", "اصفهان", "تبریز", "مشهد", "کرج", "کرمان", "یزد", "رشت", "کیش"),
    products=(
        "گوشی",
        "یخچال",
        "کتری برقی",
        "هدفون",
        "لپ‌تاپ",
        "کفش ورزشی",
        "ماشین لباسشویی",
        "جاروبرقی",
        "ساعت هوشمند",
        "کتاب",
        "مانتو",
        "چای‌ساز",
    ),
    subjects=(
        "پیگیری سفارش",
        "مرجوعی کالا",
        "بازگشت وجه",
        "کالای خراب",
        "تاخیر در ارسال",
        "شکایت از پیک",
        "کد تخفیف",
        "فاکتور خرید",
    ),
)

TR = Bank(
    greetings=(
        "Merhaba,",
        "İyi günler,",
        "Selamlar,",
        "Merhabalar,",
        "Sayın yetkili,",
        "İyi akşamlar,",
        "Kolay gelsin,",
    ),
    problems=(
        "{order} numaralı siparişim hâlâ elime ulaşmadı.",
        "Siparişlerim on gündür kargoda bekliyor.",
        "Aldığım {product} kırık geldi.",
        "Kargo {city} şubesinde bekliyor ama teslim edilmiyor.",
        "Kartımdan {n} TL iki kez çekildi.",
        "İade talebim hâlâ sonuçlanmadı.",
        "{product} ürününün rengi sitedeki fotoğraftan farklı.",
        "Beden yanlış gönderilmiş, değişim yapmak istiyorum.",
        "İndirim kodum sepette çalışmıyor.",
        "Sipariş onay SMS'i gelmedi.",
        "Telefon numaram {phone}, ama kimse beni aramadı.",
        "{order} numaralı siparişi iptal etmek istiyorum.",
        "{product} için garanti süresi ne kadar?",
        "{city} için kargo ücreti ne kadar?",
        "Hediye çekimi hesabıma tanımlayamıyorum.",
        "Şifremi unuttum, giriş yapamıyorum.",
        "{order} siparişinin faturasını istiyorum.",
        "Ürün hasarlı geldi, kutusu yırtılmıştı.",
        "Çağrı merkezi cevap vermiyor, {n} kez aradım.",
        "Param hâlâ iade edilmedi, {n} gün geçti.",
        "{conv} numaralı talebimle ilgili yazıyorum.",
        "Teslimat tarihi bir hafta ertelendi.",
        "{product} iki gün sonra açılmıyor.",
        "Uygulamadaki fiyatlar sitedekinden farklı.",
        "Kurye paketi komşuya bırakmış.",
        "{name} Hanım bugün arayacağını söyledi ama aramadı.",
        "{product} kalitesi hiç iyi değil.",
        "Siparişim yanlışlıkla {city} adresine gönderilmiş.",
        "Müşteri hizmetlerine ulaşamıyorum.",
        "Ödeme sayfasında hata alıyorum.",
    ),
    requests=(
        "Lütfen kontrol eder misiniz?",
        "Ücretin iadesini rica ediyorum.",
        "Ürünü iade etmek istiyorum.",
        "Lütfen {phone} numarasından beni arayın.",
        "En kısa sürede dönüş yaparsanız sevinirim.",
        "Lütfen sağlam ürün gönderin.",
        "Ne zaman teslim edilecek?",
        "Değişim mümkün mü?",
        "Kargo takip numarasını gönderir misiniz?",
        "Bir yöneticiyle görüşmek istiyorum.",
    ),
    replies=(
        "Merhaba {name}, {order} numaralı siparişiniz bugün kargoya verildi.",
        "Sabrınız için teşekkür ederiz, ücret {n} iş günü içinde iade edilecek.",
        "İade talebiniz oluşturuldu, kurye ürünü adresinizden alacak.",
        "Yaşadığınız sorun için özür dileriz, yeni ürün gönderiyoruz.",
        "Kargo takip numaranız {order}.",
        "{city} ekibimiz sizinle iletişime geçecek.",
        "Telafi olarak %{n} indirim kodu tanımlandı.",
        "Lütfen hasarlı ürünün fotoğrafını bize gönderin.",
        "Talebiniz muhasebe birimine iletildi.",
        "{product} için garanti süresi iki yıldır.",
    ),
    closings=(
        "Teşekkürler.",
        "İyi çalışmalar.",
        "Şimdiden teşekkür ederim.",
        "Yanıtınızı bekliyorum.",
        "Saygılarımla, {name}",
    ),
    names=(
        "Ayşe Yılmaz",
        "Mehmet Demir",
        "Fatma Kaya",
        "Ahmet Şahin",
        "Elif Çelik",
        "Mustafa Yıldız",
        "Zeynep Aydın",
        "Emre Öztürk",
        "Işıl Arslan",
        "İbrahim Doğan",
        "Gülşen Koç",
        "Oğuz Kılıç",
    ),
    cities=("İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Kayseri", "Iğdır", "Diyarbakır"),
    products=(
        "telefon",
        "buzdolabı",
        "su ısıtıcısı",
        "kulaklık",
        "dizüstü bilgisayar",
        "spor ayakkabı",
        "çamaşır makinesi",
        "elektrikli süpürge",
        "akıllı saat",
        "kitap",
        "mont",
        "çaycı",
    ),
    subjects=(
        "Sipariş takibi",
        "İade talebi",
        "Ücret iadesi",
        "Hasarlı ürün",
        "Kargo gecikmesi",
        "Kurye şikayeti",
        "İndirim kodu",
        "Fatura talebi",
    ),
)

RU = Bank(
    greetings=(
        "Здравствуйте,",
        "Добрый день,",
        "Добрый вечер,",
        "Привет,",
        "Уважаемая поддержка,",
        "Здравствуйте!",
    ),
    problems=(
        "мой заказ №{order} до сих пор не доставлен.",
        "заказы висят в доставке уже десять дней.",
        "{product} пришёл сломанным.",
        "посылка лежит в отделении в городе {city}, но её не выдают.",
        "с карты дважды списали {n} рублей.",
        "возврат до сих пор не оформлен.",
        "цвет товара ({product}) отличается от фотографии на сайте.",
        "прислали не тот размер, хочу обменять.",
        "промокод не работает в корзине.",
        "не пришло СМС с подтверждением заказа.",
        "мой телефон {phone}, но мне никто не перезвонил.",
        "хочу отменить заказ {order}.",
        "какая гарантия на {product}?",
        "сколько стоит доставка в {city}?",
        "не могу активировать подарочную карту.",
        "забыл пароль и не могу войти в личный кабинет.",
        "пришлите, пожалуйста, счёт по заказу {order}.",
        "товар повреждён, коробка была порвана.",
        "горячая линия не отвечает, звонил {n} раз.",
        "деньги ещё не вернули, прошло {n} дней.",
        "пишу по поводу обращения {conv}.",
        "доставку перенесли на следующую неделю.",
        "{product} перестал включаться через два дня.",
        "цены в приложении отличаются от цен на сайте.",
        "курьер оставил посылку у соседей.",
        "{name} обещала перезвонить сегодня, но не перезвонила.",
        "качество товара ужасное.",
        "заказ по ошибке отправили в {city}.",
        "курьер опоздал на три часа.",
        "при оплате выдаёт ошибку.",
    ),
    requests=(
        "Пожалуйста, проверьте.",
        "Прошу вернуть деньги.",
        "Хочу оформить возврат товара.",
        "Перезвоните мне по номеру {phone}.",
        "Буду благодарен за быстрый ответ.",
        "Пришлите, пожалуйста, исправный товар.",
        "Когда доставят заказ?",
        "Можно ли обменять?",
        "Пришлите трек-номер посылки.",
        "Хочу поговорить с руководителем.",
    ),
    replies=(
        "Здравствуйте, {name}! Ваш заказ №{order} передан в доставку сегодня.",
        "Спасибо за терпение, деньги вернутся в течение {n} рабочих дней.",
        "Заявка на возврат оформлена, курьер заберёт товар.",
        "Приносим извинения, отправляем вам новый товар.",
        "Трек-номер вашей посылки {order}.",
        "Наши сотрудники в городе {city} свяжутся с вами.",
        "В качестве компенсации вам начислен промокод на {n}%.",
        "Пришлите, пожалуйста, фотографию повреждённого товара.",
        "Ваше обращение передано в бухгалтерию.",
        "Гарантия на {product} составляет два года.",
    ),
    closings=(
        "Спасибо.",
        "С уважением, {name}",
        "Жду ответа.",
        "Заранее спасибо.",
        "Благодарю.",
    ),
    names=(
        "Иван Петров",
        "Анна Смирнова",
        "Дмитрий Иванов",
        "Ольга Кузнецова",
        "Сергей Попов",
        "Наталья Соколова",
        "Алексей Лебедев",
        "Татьяна Козлова",
        "Пётр Новиков",
        "Елена Морозова",
        "Фёдор Волков",
        "Мария Павлова",
    ),
    cities=("Москва", "Казань", "Новосибирск", "Екатеринбург", "Самара", "Омск", "Пермь"),
    products=(
        "телефон",
        "холодильник",
        "чайник",
        "наушники",
        "ноутбук",
        "кроссовки",
        "стиральная машина",
        "пылесос",
        "умные часы",
        "книга",
        "куртка",
        "кофеварка",
    ),
    subjects=(
        "Где мой заказ",
        "Возврат товара",
        "Возврат денег",
        "Брак",
        "Задержка доставки",
        "Жалоба на курьера",
        "Промокод",
        "Счёт на оплату",
    ),
)

EN = Bank(
    greetings=("Hi,", "Hello,", "Good morning,", "Dear support team,", "Hey there,", "Hi team,"),
    problems=(
        "my order {order} still hasn't arrived.",
        "my orders have been stuck in delivery for ten days.",
        "the {product} I bought arrived broken.",
        "the parcel is waiting at the {city} depot but nobody delivers it.",
        "I was charged {n} pounds twice.",
        "my refund has still not been processed.",
        "the colour of the {product} is different from the photo on the website.",
        "you sent the wrong size and I would like an exchange.",
        "my discount code doesn't work at checkout.",
        "I never received the order confirmation text.",
        "my phone number is {phone} but nobody called me back.",
        "I want to cancel order {order}.",
        "how long is the warranty on the {product}?",
        "how much is shipping to {city}?",
        "I can't redeem my gift card.",
        "I forgot my password and can't log in.",
        "please send me the invoice for order {order}.",
        "the item was damaged and the box was torn.",
        "your hotline doesn't answer, I called {n} times.",
        "I still haven't got my money back after {n} days.",
        "I'm writing about ticket {conv}.",
        "the delivery was postponed to next week.",
        "the {product} stopped working after two days.",
        "prices in the app are different from the website.",
        "the courier left my parcel with a neighbour.",
        "{name} promised to call me today but didn't.",
        "the quality of the {product} is really poor.",
        "my order was shipped to {city} by mistake.",
        "the courier was three hours late.",
        "the payment page keeps showing an error.",
    ),
    requests=(
        "Could you please check?",
        "Please refund the charge.",
        "I'd like to return the item.",
        "Please call me on {phone}.",
        "A quick reply would be appreciated.",
        "Please send a replacement.",
        "When will it be delivered?",
        "Is an exchange possible?",
        "Could you send me the tracking number?",
        "I want to speak to a manager.",
    ),
    replies=(
        "Hi {name}, your order {order} was dispatched today.",
        "Thanks for your patience, the refund will reach you within {n} working days.",
        "Your return is booked and a courier will collect the item.",
        "We're sorry about this, a replacement is on its way.",
        "Your tracking number is {order}.",
        "Our team in {city} will contact you.",
        "As an apology we've added a {n}% discount code to your account.",
        "Could you send us a photo of the damaged item?",
        "Your request has been passed to our billing team.",
        "The warranty on the {product} is two years.",
    ),
    closings=("Thanks.", "Kind regards, {name}", "Cheers.", "Thank you in advance.", "Best,"),
    names=(
        "Emma Watson",
        "James Smith",
        "Olivia Brown",
        "Liam Johnson",
        "Sophie Taylor",
        "Jack Wilson",
        "Grace Evans",
        "Harry Thomas",
        "Chloe Roberts",
        "Noah Walker",
        "Lucy Wright",
        "Oscar Green",
    ),
    cities=("London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "Dublin"),
    products=(
        "phone",
        "fridge",
        "kettle",
        "headphones",
        "laptop",
        "running shoes",
        "washing machine",
        "vacuum cleaner",
        "smartwatch",
        "book",
        "jacket",
        "coffee maker",
    ),
    subjects=(
        "Where is my order",
        "Return request",
        "Refund",
        "Damaged item",
        "Late delivery",
        "Courier complaint",
        "Discount code",
        "Invoice",
    ),
)

BANKS: Final = {"fa": FA, "tr": TR, "ru": RU, "en": EN}
PHONE_PREFIX: Final = {"fa": "+98912", "tr": "+90532", "ru": "+7912", "en": "+447700"}

# Persian typed on an Arabic keyboard or arriving through windows-1256 mail.
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Turkish typed on a keyboard without Turkish letters.
_TURKISH_ASCII = str.maketrans("şŞçÇğĞıİöÖüÜâ", "sScCgGiIoOuUa")


def _persian_variant(text: str, rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.25:
        text = text.translate(_ARABIC_LETTERS)
    draw = rng.random()
    if draw < 0.2:
        text = text.replace("\u200c", "")
    elif draw < 0.4:
        text = text.replace("\u200c", " ")
    return text


def _turkish_variant(text: str, rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.15:
        return text.translate(_TURKISH_ASCII)
    if draw < 0.2:
        return text.replace("i", "İ").upper() if rng.random() < 0.5 else text.upper()
    return text


# ----- the data set -------------------------------------------------------------------


@dataclass
class Customer:
    language: str
    name: str
    phone: str  # E.164
    phone_written: str
    email: str


@dataclass
class Plan:
    """What was seeded, for the queries to look for."""

    customers: list[Customer] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)  # digits, each in some message
    numbers: list[int] = field(default_factory=list)  # conversation numbers


def _phone(language: str, serial: int) -> str:
    """A mobile number in E.164, unique per customer: +98 912, +90 532, +7 912, +44 7700."""
    width = 6 if language == "en" else 7
    return PHONE_PREFIX[language] + str(serial).zfill(width)


def _written_phone(e164: str, language: str, rng: random.Random) -> str:
    """How a customer writes their own number in a message."""
    if language == "fa":
        national = "0" + e164[3:]
        text = f"{national[:4]} {national[4:7]} {national[7:]}" if rng.random() < 0.5 else national
        return text.translate(_PERSIAN_DIGITS) if rng.random() < 0.5 else text
    if language == "tr":
        national = "0" + e164[3:]
        return f"{national[:4]} {national[4:7]} {national[7:9]} {national[9:]}"
    if language == "ru":
        rest = e164[2:]
        return f"+7 {rest[:3]} {rest[3:6]}-{rest[6:8]}-{rest[8:]}"
    rest = e164[3:]
    return f"0{rest[:4]} {rest[4:]}"


def _written_order(order: str, language: str, rng: random.Random) -> str:
    text = f"{order[:4]}-{order[4:]}" if rng.random() < 0.4 else order
    if language == "fa" and rng.random() < 0.5:
        text = text.translate(_PERSIAN_DIGITS)
    return text


class Writer:
    """Messages in one language: a greeting, one to four sentences, a closing."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.orders_written: set[str] = set()  # order numbers some message mentions

    def _fill(self, template: str, bank: Bank, language: str, context: dict[str, str]) -> str:
        rng = self.rng
        if "{order}" in template:
            self.orders_written.add(context["order"])
        values = {
            "order": _written_order(context["order"], language, rng),
            "phone": context["phone"],
            "name": rng.choice(bank.names),
            "city": rng.choice(bank.cities),
            "product": rng.choice(bank.products),
            "n": str(rng.randint(2, 40)),
            "conv": context["conv"],
        }
        return template.format(**values)

    def message(self, language: str, inbound: bool, context: dict[str, str]) -> str:
        rng, bank = self.rng, BANKS[language]
        parts = [rng.choice(bank.greetings)]
        if inbound:
            sentences = rng.choice((1, 2, 2, 3, 4)) if rng.random() > 0.05 else 14
            pool = bank.problems + bank.requests
            for _ in range(sentences):
                parts.append(self._fill(rng.choice(pool), bank, language, context))
        else:
            for _ in range(rng.choice((1, 1, 2))):
                parts.append(self._fill(rng.choice(bank.replies), bank, language, context))
        parts.append(self._fill(rng.choice(bank.closings), bank, language, context))
        if rng.random() < 0.03:  # a quoted line in another language, as in forwarded mail
            other = rng.choice([code for code in LANGUAGES if code != language])
            parts.append(
                self._fill(rng.choice(BANKS[other].problems), BANKS[other], other, context)
            )
        text = " ".join(parts)
        if language == "fa":
            text = _persian_variant(text, rng)
        elif language == "tr":
            text = _turkish_variant(text, rng)
        elif language == "ru" and rng.random() < 0.5:
            text = text.replace("ё", "е")
        return text


# ----- queries ------------------------------------------------------------------------
# Words as agents type them: often a different inflection from the document's.
SINGLE_WORDS: Final = {
    "fa": (
        "سفارش",
        "مرجوعی",
        "کتاب",
        "پیک",
        "گارانتی",
        "فاکتور",
        "تخفیف",
        "بسته",
        "لپ‌تاپ",
        "شیراز",
    ),
    "tr": ("sipariş", "iade", "kargo", "fatura", "kurye", "garanti", "indirim", "ödeme", "kitap"),
    "ru": ("заказ", "возврат", "курьер", "посылка", "гарантия", "промокод", "доставка", "чайник"),
    "en": ("order", "refund", "courier", "parcel", "warranty", "invoice", "discount", "kettle"),
}
TWO_WORDS: Final = {
    "fa": ("سفارش نرسیده", "کد تخفیف", "کالا خراب", "پیک تهران", "بازگشت وجه", "کتاب ها"),
    "tr": ("sipariş iptal", "kargo gecikmesi", "iade talebi", "indirim kodu", "hasarlı ürün"),
    "ru": ("возврат денег", "заказ доставлен", "курьер опоздал", "подарочная карта", "трек номер"),
    "en": ("refund charge", "order arrived", "wrong size", "discount code", "damaged item"),
}
PERSIAN_ARABIC: Final = (
    "كتاب",
    "كتابها",
    "كتاب ها",
    "مي خواهم",
    "ميخواهم",
    "پيك",
    "كد تخفيف",
    "تحويل",
    "كيفيت",
    "يخچال",
    "گارانتي",
    "كفش",
    "هزينه ارسال",
    "كارت هديه",
    "سفارش لغو",
    "لپ تاپ",
    "شكايت",
    "پيگيري",
    "كالا",
    "ساعت هوشمند",
)
TURKISH_CASES: Final = (
    "SİPARİŞ",
    "siparis",
    "SIPARIS",
    "ıade",
    "IADE",
    "İade talebi",
    "odeme",
    "ÖDEME",
    "İstanbul",
    "istanbul",
    "ISTANBUL",
    "Iğdır",
    "igdir",
    "kirik",
    "kırık",
    "musteri hizmetleri",
    "Müşteri",
    "şifremi",
    "sifre",
    "hediye ceki",
)
RUSSIAN_FORMS: Final = (
    "заказа",
    "заказом",
    "заказы",
    "доставкой",
    "доставку",
    "курьера",
    "курьеру",
    "посылки",
    "посылку",
    "возврата",
    "деньгами",
    "пароля",
    "наушников",
    "холодильника",
    "ещё",
    "повреждённого",
    "товаром",
    "промокода",
    "обращению",
    "телефоном",
)


def queries(plan: Plan, rng: random.Random) -> list[str]:
    """200 queries: words and word pairs in four languages, phone numbers in any
    format, order numbers, conversation numbers, Persian typed with Arabic letters,
    Turkish with and without its dotted and dotless i, Russian inflections."""
    out: list[str] = []
    for language in LANGUAGES:
        out += [rng.choice(SINGLE_WORDS[language]) for _ in range(10)]
        out += [rng.choice(TWO_WORDS[language]) for _ in range(10)]
    for customer in rng.sample(plan.customers, 20):
        form = rng.randrange(5)
        digits = customer.phone.lstrip("+")
        if form == 0:
            out.append(customer.phone)
        elif form == 1:
            out.append(customer.phone_written)
        elif form == 2:
            out.append(customer.phone_written.translate(_PERSIAN_DIGITS))
        elif form == 3:
            out.append(digits[-7:])
        else:
            out.append(digits[-4:])
    for order in rng.sample(plan.orders, 20):
        form = rng.randrange(3)
        out.append([order, f"{order[:4]}-{order[4:]}", order.translate(_PERSIAN_DIGITS)][form])
    for number in rng.sample(plan.numbers, 20):
        out.append(f"#{number}" if rng.random() < 0.6 else str(number))
    out += list(PERSIAN_ARABIC) + list(TURKISH_CASES) + list(RUSSIAN_FORMS)
    assert len(out) == 200, len(out)
    return out


# ----- the child process: one database --------------------------------------------------


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def _explicit_timestamps(*models: Any) -> Iterator[None]:
    """Let bulk_create keep the created_at we give (spread over two years)."""
    fields = [model._meta.get_field("created_at") for model in models]
    for one in fields:
        one.auto_now_add = False
    try:
        yield
    finally:
        for one in fields:
            one.auto_now_add = True


def _seed(total: int, rng: random.Random) -> tuple[Plan, Any, Any]:
    from django.contrib.auth.models import User

    from hamdel.people.actions import create_agent, create_team
    from hamdel.people.models import Customer as CustomerModel
    from hamdel.people.models import Identity, IdentityKind, Role
    from hamdel.tickets.models import Channel, Conversation, Direction, Message, Status

    teams = [create_team(f"Team {index + 1}", None) for index in range(TEAMS)]
    supervisor = create_agent("bench-supervisor", None, role=Role.SUPERVISOR)
    agent = create_agent("bench-agent", None, role=Role.AGENT, teams=teams[:AGENT_TEAMS])
    writer = Writer(rng)
    plan = Plan()
    conversations = max(total // MESSAGES_PER_CONVERSATION, 1)
    customers = max(conversations // CONVERSATIONS_PER_CUSTOMER, 1)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    span = timedelta(days=730)
    channels = [Channel.EMAIL, Channel.CHAT, Channel.PHONE, Channel.MESSENGER, Channel.WEB]
    statuses = [Status.OPEN, Status.SOLVED, Status.CLOSED, Status.WAITING, Status.NEW]

    with _explicit_timestamps(CustomerModel, Conversation, Message):
        rows, identities = [], []
        for index in range(customers):
            language = LANGUAGES[index % 4]
            bank = BANKS[language]
            name = f"{rng.choice(bank.names)} {index}"
            phone = _phone(language, index)
            record = Customer(
                language=language,
                name=name,
                phone=phone,
                phone_written=_written_phone(phone, language, rng),
                email=f"customer{index}@example.com",
            )
            plan.customers.append(record)
            rows.append(
                CustomerModel(
                    name=name, language=language, created_at=start + span * index / customers
                )
            )
        created = CustomerModel.objects.bulk_create(rows, batch_size=2000)
        for model, record in zip(created, plan.customers, strict=True):
            identities.append(
                Identity(
                    customer=model,
                    kind=IdentityKind.PHONE,
                    value=record.phone,
                    display=record.phone_written,
                    created_at=model.created_at,
                )
            )
            identities.append(
                Identity(
                    customer=model,
                    kind=IdentityKind.EMAIL,
                    value=record.email,
                    display=record.email,
                    created_at=model.created_at,
                )
            )
        Identity.objects.bulk_create(identities, batch_size=2000)
        del rows, identities

        sizes = [rng.randint(1, 2 * MESSAGES_PER_CONVERSATION - 1) for _ in range(conversations)]
        scale = total / sum(sizes)
        sizes = [max(1, round(size * scale)) for size in sizes]
        sizes[-1] += total - sum(sizes)
        while sizes[-1] < 1:  # rounding overshot: take messages back from the others
            donor = rng.randrange(len(sizes) - 1)
            if sizes[donor] > 1:
                sizes[donor] -= 1
                sizes[-1] += 1
        written = 0
        chunk = 500  # conversations per round trip
        for first in range(0, conversations, chunk):
            batch, orders = [], []
            for index in range(first, min(first + chunk, conversations)):
                customer_index = index % customers
                record = plan.customers[customer_index]
                order = str(rng.randint(10_000_000, 99_999_999))
                orders.append(order)
                number = 1000 + index
                plan.numbers.append(number)
                batch.append(
                    Conversation(
                        number=number,
                        subject=rng.choice(BANKS[record.language].subjects),
                        customer_id=created[customer_index].pk,
                        channel=rng.choice(channels),
                        status=rng.choice(statuses),
                        team=teams[index % TEAMS],
                        language=record.language,
                        created_at=start + span * index / conversations,
                    )
                )
            saved = Conversation.objects.bulk_create(batch, batch_size=2000)
            messages = []
            for conversation, order in zip(saved, orders, strict=True):
                index = conversation.number - 1000
                record = plan.customers[index % customers]
                context = {
                    "order": order,
                    "phone": record.phone_written,
                    "conv": f"#{conversation.number}",
                }
                for position in range(sizes[index]):
                    inbound = position % 2 == 0
                    messages.append(
                        Message(
                            conversation_id=conversation.pk,
                            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                            channel=conversation.channel,
                            author_customer_id=created[index % customers].pk if inbound else None,
                            author_agent_id=None if inbound else supervisor.user_id,
                            body_text=writer.message(record.language, inbound, context),
                            language=record.language,
                            created_at=conversation.created_at + timedelta(minutes=37 * position),
                        )
                    )
            Message.objects.bulk_create(messages, batch_size=2000)
            written += len(messages)
            if first // chunk % 20 == 0:
                _log(f"  seeded {written:,} / {total:,} messages")
    assert written == total, (written, total)
    plan.orders = sorted(writer.orders_written)
    return plan, User.objects.get(pk=supervisor.user_id), User.objects.get(pk=agent.user_id)


def _peak_rss_mb() -> float:
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return round(kilobytes / 1024, 1)


def worker(database: str, total: int, seed: int) -> Row:
    """Seed, index and query one database; the caller set the environment."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hamdel.text.models import SearchEntry
    from hamdel.tickets.bulk_index import (
        bulk_index_conversations,
        bulk_index_customers,
        bulk_index_messages,
    )
    from hamdel.tickets.indexing import index_messages
    from hamdel.tickets.models import Message
    from hamdel.tickets.queries import search_everything

    rng = random.Random(seed)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    _log(f"{DATABASE_NAMES[database]}: migrated in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    plan, supervisor, agent = _seed(total, rng)
    seed_seconds = time.perf_counter() - began
    _log(f"  seeded {total:,} messages in {seed_seconds:.1f} s")

    # The production path, one message at a time (what add_message does), on a sample.
    sample = list(Message.objects.order_by("pk").values_list("pk", flat=True)[:SAMPLE_ONE_BY_ONE])
    began = time.perf_counter()
    for pk in sample:
        index_messages([pk])
    one_by_one_rate = len(sample) / (time.perf_counter() - began)
    SearchEntry.objects.all().delete()
    _log(f"  index_message one by one: {one_by_one_rate:,.0f} messages/s")

    began = time.perf_counter()

    def progress(done: int) -> None:
        if done % 100_000 < 2000:
            _log(f"  indexed {done:,} messages ({done / (time.perf_counter() - began):,.0f}/s)")

    indexed = bulk_index_messages(progress=progress)
    index_seconds = time.perf_counter() - began
    assert indexed == total
    began = time.perf_counter()
    bulk_index_conversations()
    bulk_index_customers()
    others_seconds = time.perf_counter() - began
    _log(
        f"  bulk indexed {indexed:,} messages in {index_seconds:.1f} s, conversations and "
        f"customers in {others_seconds:.1f} s"
    )
    if connection.vendor == "postgresql":
        # What autovacuum does on its own after a load this size; done now so the
        # query plans do not depend on when it happens to run.
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        _log(f"  VACUUM ANALYZE in {time.perf_counter() - began:.1f} s")

    texts = queries(plan, rng)
    for text in texts[:WARM_UP_QUERIES]:
        search_everything(supervisor, text, limit=QUERY_LIMIT)
    latencies: dict[str, list[float]] = {"supervisor": [], "agent": []}
    empty = 0
    slowest: list[tuple[float, str, str]] = []
    for role, user in (("supervisor", supervisor), ("agent", agent)):
        for text in texts:
            began = time.perf_counter()
            hits = search_everything(user, text, limit=QUERY_LIMIT)
            elapsed = (time.perf_counter() - began) * 1000
            latencies[role].append(elapsed)
            slowest.append((elapsed, role, text))
            if not hits:
                empty += 1
                if role == "supervisor":
                    _log(f"  no hits: {text}")
    everything = latencies["supervisor"] + latencies["agent"]
    slowest.sort(reverse=True)
    for elapsed, role, text in slowest[:5]:
        _log(f"  slow: {elapsed:7.1f} ms  {role:<10} {text}")
    return {
        "benchmark": "search",
        "database": DATABASE_NAMES[database],
        "messages": total,
        "index_rate_per_s": round(total / index_seconds),
        "one_by_one_rate_per_s": round(one_by_one_rate),
        "p50_ms": round(percentile(everything, 0.50), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "p99_ms": round(percentile(everything, 0.99), 1),
        "supervisor_p95_ms": round(percentile(latencies["supervisor"], 0.95), 1),
        "agent_p95_ms": round(percentile(latencies["agent"], 0.95), 1),
        "queries": len(everything),
        "empty_results": empty,
        "seed_s": round(seed_seconds, 1),
        "peak_rss_mb": _peak_rss_mb(),
    }


# ----- the parent: one child per database ------------------------------------------------


def _messages(scale: str) -> int:
    return SCALES[scale] if scale in SCALES else int(scale.replace("_", ""))


def _child(database: str, scale: str, out: Callable[[str], None], keep: bool) -> Row:
    keep_it = ["--keep"] if keep and database == "sqlite" else []
    return run_child("bench.search", database, ["--scale", scale, *keep_it], out)


def run(scale: str, out: Callable[[str], None], *, keep: bool = False) -> list[Row]:
    """Both databases at this scale ("small", "full" or a number of messages).

    The PostgreSQL database is left in place until the next run; `keep` keeps the
    SQLite one too (its folder is printed), for EXPLAIN and the FTS5 query plan.
    """
    _messages(scale)  # refuse an unknown scale before starting anything
    rows = [_child("sqlite", scale, out, keep)]
    if postgres_reachable():
        rows.append(_child("postgres", scale, out, keep))
    else:
        out(f"search: PostgreSQL is not reachable at {POSTGRES_SERVER}; skipped")
    return rows


COLUMNS: Final = (
    ("database", "database", "{}"),
    ("messages", "messages", "{:,}"),
    ("index_rate_per_s", "indexed/s", "{:,}"),
    ("one_by_one_rate_per_s", "one-by-one/s", "{:,}"),
    ("p50_ms", "p50 ms", "{}"),
    ("p95_ms", "p95 ms", "{}"),
    ("p99_ms", "p99 ms", "{}"),
    ("supervisor_p95_ms", "p95 supervisor", "{}"),
    ("agent_p95_ms", "p95 agent", "{}"),
    ("peak_rss_mb", "peak RSS MB", "{}"),
)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of the rows."""
    return markdown_table(COLUMNS, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--scale", default="small", help="small, full, or a number of messages")
    parser.add_argument("--db", choices=sorted(DATABASE_NAMES), help="run one database here")
    parser.add_argument("--json", action="store_true", help="print JSON rows, not a table")
    parser.add_argument("--seed", type=int, default=1042)
    parser.add_argument(
        "--keep", action="store_true", help="keep the SQLite database (its folder is printed)"
    )
    args = parser.parse_args(argv)
    total = _messages(args.scale)
    if args.db is None:
        rows = run(
            args.scale, lambda line: print(line, file=sys.stderr, flush=True), keep=args.keep
        )
        print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
        return 0
    if args.db == "postgres":
        reset_postgres(POSTGRES_SERVER, POSTGRES_DATABASE)
        os.environ["HAMDEL_DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    else:
        os.environ.pop("HAMDEL_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
    # Never the user's own HAMDEL_HOME: the SQLite database is created from scratch.
    if args.keep:
        os.environ["HAMDEL_HOME"] = tempfile.mkdtemp(prefix="hamdel-bench-search-")
        _log(f"  HAMDEL_HOME={os.environ['HAMDEL_HOME']} is kept for profiling")
        row = worker(args.db, total, args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="hamdel-bench-search-") as home:
            os.environ["HAMDEL_HOME"] = home
            row = worker(args.db, total, args.seed)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
