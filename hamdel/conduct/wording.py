"""The default messages to customers, in their four languages; administrators edit them
(Template rows) on the conduct settings page. `{name}` is the customer's name."""

from typing import Final

from hamdel.conduct.models import Language, Template, TemplateKind

DEFAULTS: Final[dict[str, dict[str, str]]] = {
    TemplateKind.WARNING: {
        "en": (
            "Dear {name}, we want to help you and we understand that you are upset. "
            "Please keep your messages respectful: our team is here for you, and abusive "
            "language makes it harder for us to help. Thank you."
        ),
        "fa": (
            "{name} عزیز، ما می‌خواهیم به شما کمک کنیم و ناراحتی شما را درک می‌کنیم. "
            "لطفاً در پیام‌هایتان احترام را حفظ کنید: همکاران ما برای کمک به شما اینجا هستند "
            "و کلمات توهین‌آمیز کمک کردن را سخت‌تر می‌کند. سپاس‌گزاریم."
        ),
        "tr": (
            "Sayın {name}, size yardımcı olmak istiyoruz ve üzgün olduğunuzu anlıyoruz. "
            "Lütfen mesajlarınızda saygılı bir dil kullanın: ekibimiz sizin için burada ve "
            "hakaret içeren sözler size yardım etmemizi zorlaştırıyor. Teşekkür ederiz."
        ),
        "ru": (
            "Уважаемый(ая) {name}, мы хотим вам помочь и понимаем, что вы расстроены. "
            "Пожалуйста, пишите уважительно: наша команда здесь для вас, а оскорбления "
            "мешают нам помочь. Спасибо."
        ),
    },
    TemplateKind.PARTING: {
        "en": (
            "Dear {name}, after repeated abusive messages to our staff we have decided to "
            "stop serving you through our usual support channels. Your data and history are "
            "kept, and a supervisor will still answer urgent matters about existing orders. "
            "If you believe this decision is wrong, you can appeal by replying to this "
            "message and asking for a review; an administrator will look at it again."
        ),
        "fa": (
            "{name} عزیز، پس از پیام‌های توهین‌آمیز مکرر به همکاران ما، تصمیم گرفتیم "
            "خدمات پشتیبانی معمول را به شما ادامه ندهیم. اطلاعات و سوابق شما حفظ می‌شود و "
            "یک سرپرست همچنان به موارد فوری درباره سفارش‌های موجود پاسخ می‌دهد. اگر این "
            "تصمیم را نادرست می‌دانید، می‌توانید با پاسخ به همین پیام درخواست بازبینی کنید؛ "
            "یک مدیر دوباره آن را بررسی می‌کند."
        ),
        "tr": (
            "Sayın {name}, ekibimize tekrarlanan hakaret içeren mesajlardan sonra size "
            "olağan destek kanallarımızdan hizmet vermeyi bırakma kararı aldık. Verileriniz "
            "ve geçmişiniz saklanıyor; mevcut siparişlerle ilgili acil konuları bir yönetici "
            "yanıtlamaya devam edecek. Bu kararın yanlış olduğunu düşünüyorsanız bu mesajı "
            "yanıtlayarak yeniden inceleme isteyebilirsiniz; bir yönetici kararı tekrar "
            "değerlendirecek."
        ),
        "ru": (
            "Уважаемый(ая) {name}, после неоднократных оскорбительных сообщений нашим "
            "сотрудникам мы решили прекратить обслуживание через обычные каналы поддержки. "
            "Ваши данные и история сохраняются, а на срочные вопросы по текущим заказам "
            "по-прежнему ответит руководитель. Если вы считаете решение неверным, вы можете "
            "его обжаловать: ответьте на это сообщение и попросите пересмотра — "
            "администратор рассмотрит его ещё раз."
        ),
    },
    TemplateKind.REVERSED: {
        "en": (
            "Dear {name}, we have reviewed our earlier decision and you are welcome to "
            "contact our support team as usual again. Thank you for your patience."
        ),
        "fa": (
            "{name} عزیز، تصمیم قبلی خود را بازبینی کردیم و شما دوباره می‌توانید مانند "
            "گذشته با تیم پشتیبانی ما در تماس باشید. از شکیبایی شما سپاس‌گزاریم."
        ),
        "tr": (
            "Sayın {name}, önceki kararımızı yeniden değerlendirdik; destek ekibimize "
            "yeniden her zamanki gibi ulaşabilirsiniz. Sabrınız için teşekkür ederiz."
        ),
        "ru": (
            "Уважаемый(ая) {name}, мы пересмотрели наше решение: вы снова можете "
            "обращаться в нашу поддержку как обычно. Спасибо за терпение."
        ),
    },
}


def template_text(kind: str, language: str) -> str:
    """The saved template of this kind in this language, else the default (English when
    the language is not one of the four)."""
    if language not in Language.values:
        language = Language.EN
    saved = Template.objects.filter(kind=kind, language=language).values_list("body", flat=True)
    for body in saved:
        return body
    return DEFAULTS[kind][language]


def fill(kind: str, language: str, name: str) -> str:
    return template_text(kind, language).replace("{name}", name or "")
