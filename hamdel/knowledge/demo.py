"""Demo articles in four languages, run by `hamdel demo` (hamdel.lib.registry)."""

from typing import Any

from django.contrib.auth.models import User

from hamdel.knowledge import actions
from hamdel.knowledge.models import Article

ARTICLES: list[dict[str, tuple[str, str]]] = [
    {
        "en": (
            "Where is my order?",
            "Orders ship within **two working days**.\n\n"
            "1. Open the email we sent when you ordered.\n2. Follow the tracking link.\n\n"
            "No email? Write to us with your order number.",
        ),
        "fa": (
            "سفارش من کجاست؟",
            "سفارش‌ها ظرف **دو روز کاری** ارسال می‌شوند.\n\n"
            "۱. ایمیلی را که هنگام سفارش فرستادیم باز کنید.\n۲. پیوند رهگیری را دنبال کنید.\n\n"
            "ایمیلی نرسیده؟ با شمارهٔ سفارش برای ما بنویسید.",
        ),
        "tr": (
            "Siparişim nerede?",
            "Siparişler **iki iş günü** içinde kargoya verilir.\n\n"
            "1. Sipariş verdiğinizde gönderdiğimiz e-postayı açın.\n"
            "2. Takip bağlantısını izleyin.\n\n"
            "E-posta gelmedi mi? Sipariş numaranızla bize yazın.",
        ),
        "ru": (
            "Где мой заказ?",
            "Заказы отправляются в течение **двух рабочих дней**.\n\n"
            "1. Откройте письмо, которое мы прислали при заказе.\n"
            "2. Перейдите по ссылке отслеживания.\n\n"
            "Письма нет? Напишите нам с номером заказа.",
        ),
    },
    {
        "en": (
            "Returning an item",
            "You can return an item within **30 days**. "
            "Pack it in its box and book a pickup from your account page.",
        ),
        "fa": (
            "مرجوع کردن کالا",
            "تا **۳۰ روز** می‌توانید کالا را مرجوع کنید. "
            "آن را در جعبه‌اش بگذارید و از صفحهٔ حسابتان درخواست جمع‌آوری بدهید.",
        ),
        "tr": (
            "Ürün iadesi",
            "Bir ürünü **30 gün** içinde iade edebilirsiniz. "
            "Kutusuna koyun ve hesap sayfanızdan kurye çağırın.",
        ),
    },
    {
        "en": (
            "Changing your password",
            "Choose *Forgot password* on the sign-in page; "
            "we email you a link that works for one hour.",
        ),
        "ru": (
            "Как сменить пароль",
            "Нажмите *Забыли пароль* на странице входа: мы "
            "пришлём ссылку, которая действует один час.",
        ),
    },
]


def load(options: dict[str, Any]) -> None:
    if Article.objects.exists():
        return
    author = User.objects.filter(agent__isnull=False).order_by("pk").first()
    if author is None:
        return
    for texts in ARTICLES:
        languages = list(texts)
        title, body = texts[languages[0]]
        first = actions.create_article(language=languages[0], title=title, body=body, actor=author)
        for language in languages[1:]:
            title, body = texts[language]
            actions.save_translation(first.article, language, title=title, body=body, actor=author)
