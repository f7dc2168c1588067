"""Query/document pairs that search must get right, in Persian, Turkish, Russian and English.

Shared by the token-level test and the database search test, so both engines are held to
the same table. `language` is the document's language; queries are searched without
one, as an agent's search box has none. Half of the pairs must not match: near misses
(another number, a word that merely looks alike) that a sloppy normaliser would join.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    language: str
    query: str
    document: str
    should_match: bool
    why: str

    @property
    def id(self) -> str:
        verdict = "matches" if self.should_match else "does-not-match"
        return f"{self.language}-{verdict}-{self.why.replace(' ', '-')}"


FA_REFUND_PARAGRAPH = (
    "مشتری گرامی، از اینکه با پشتیبانی فروشگاه تماس گرفتید سپاسگزاریم. درخواست شما برای "
    "بازپرداخت وجه سفارش شماره ۱۰۴۲ ثبت شد و همکاران ما در واحد مالی آن را بررسی می‌کنند. "
    "معمولاً بازپرداخت‌ها ظرف سه تا پنج روز کاری به حساب بانکی شما واریز می‌شوند. اگر کالا "
    "را هنوز برنگردانده‌اید، لطفاً آن را در بسته‌بندی اصلی و همراه با فاکتور برای ما ارسال "
    "کنید. هزینهٔ ارسال مرجوعی بر عهدهٔ فروشگاه است و نیازی به پرداخت آن ندارید. در صورت "
    "هرگونه پرسش، کافی است به همین پیام پاسخ دهید."
)
FA_DELIVERY_PARAGRAPH = (
    "سلام وقت بخیر. بستهٔ شما امروز صبح از انبار تهران تحویل شرکت پست شد و کد رهگیری آن "
    "برایتان پیامک می‌شود. زمان تقریبی رسیدن مرسوله به شهرهای بزرگ دو روز کاری و به "
    "شهرهای کوچک‌تر تا چهار روز کاری است. لطفاً هنگام تحویل، سالم بودن بسته را بررسی "
    "کنید و اگر آسیبی دیدید، پیش از امضای رسید به مأمور پست اطلاع دهید. از صبر و "
    "همراهی شما متشکریم."
)
TR_REFUND_PARAGRAPH = (
    "Değerli müşterimiz, mağazamızdan yaptığınız alışveriş için teşekkür ederiz. 1042 "
    "numaralı siparişiniz için iade talebiniz alınmıştır. Ürünü orijinal ambalajında ve "
    "faturasıyla birlikte anlaşmalı kargo firmamız aracılığıyla ücretsiz olarak "
    "gönderebilirsiniz. İade edilen ürün depomıza ulaştıktan sonra kontrol edilir ve "
    "ödemeniz üç ile beş iş günü içinde kartınıza geri yansıtılır. Kampanyalı ürünlerde "
    "kullanılan indirim kuponları iade sonrasında hesabınıza yeniden tanımlanır. Sorularınız "
    "için bu mesajı yanıtlamanız yeterlidir."
)
TR_INSTALLATION_PARAGRAPH = (
    "Merhaba, çamaşır makinenizin kurulumu için teknik servis randevunuz oluşturuldu. "
    "Teknisyenimiz Perşembe günü saat on ile on iki arasında adresinize gelecektir. "
    "Lütfen cihazın yerleştirileceği alanın boş olduğundan ve su vanasına kolayca "
    "ulaşılabildiğinden emin olun. Kurulum ücretsizdir; ancak ek hortum veya uzatma "
    "gerekirse parça ücreti ayrıca faturalandırılır. Randevunuzu değiştirmek isterseniz "
    "en az bir gün önceden bize haber verin."
)
RU_REFUND_PARAGRAPH = (
    "Уважаемый клиент, благодарим вас за обращение в службу поддержки. Мы получили вашу "
    "заявку на возврат денежных средств по заказу номер 1042. Деньги будут перечислены на "
    "карту, с которой была произведена оплата, в течение пяти рабочих дней после того, как "
    "товар поступит на наш склад. Пожалуйста, упакуйте товар в оригинальную коробку и "
    "приложите копию чека. Курьер свяжется с вами заранее, чтобы согласовать удобное время. "
    "Если у вас ещё остались вопросы, просто ответьте на это письмо."
)
RU_SUBSCRIPTION_PARAGRAPH = (
    "Здравствуйте! Ваша подписка на премиальный тариф продлена ещё на один месяц. Списание "
    "произошло автоматически в соответствии с условиями договора. В личном кабинете вы "
    "можете изменить тариф, отключить автопродление или скачать закрывающие документы для "
    "бухгалтерии. Напоминаем, что при переходе на годовой тариф действует скидка "
    "пятнадцать процентов."
)
EN_REFUND_PARAGRAPH = (
    "Dear customer, thank you for contacting our support team. We have received your "
    "request for a refund of order 1042 and passed it to our billing department. Refunds "
    "are usually credited to the original payment method within three to five working days "
    "after the returned item reaches our warehouse. Please pack the item in its original "
    "box, include a copy of the receipt, and use the prepaid label attached to this email. "
    "Discount coupons used on the order will be restored to your account once the refund "
    "has been processed. If anything is unclear, simply reply to this message."
)
EN_OUTAGE_PARAGRAPH = (
    "We are currently investigating reports of slow page loads in the customer portal. "
    "Our engineers have identified a misconfigured cache in one of our data centres and are "
    "rolling out a fix. Logging in, browsing the catalogue and viewing invoices are not "
    "affected. We will post an update on the status page within the hour and apologise "
    "for the inconvenience."
)


PAIRS: tuple[Pair, ...] = (
    # ---- Persian ---------------------------------------------------------------------
    Pair("fa", "كتاب", "کتاب‌ها را دیروز فرستادم", True, "arabic kaf meets persian keheh"),
    Pair("fa", "پيام", "پیام شما دریافت شد", True, "arabic yeh meets farsi yeh"),
    Pair("fa", "می خواهم", "من می‌خواهم سفارشم را لغو کنم", True, "spaced prefix meets zwnj"),
    Pair("fa", "میخواهم", "می خواهم پولم را پس بگیرم", True, "joined prefix meets spaced"),
    Pair("fa", "نمی توانم", "نمی‌توانم وارد حساب کاربری شوم", True, "spaced negative prefix"),
    Pair("fa", "سفارش ها", "سفارش‌های من هنوز نرسیده", True, "spaced plural meets zwnj ezafe"),
    Pair("fa", "سفارش", "سفارشهای من هنوز نرسیده", True, "singular finds joined plural"),
    Pair("fa", "سریع", "لطفاً ارسال را سریع‌تر انجام دهید", True, "comparative stem"),
    Pair("fa", "مُشتَری", "مشتری عزیز، سلام", True, "diacritics ignored"),
    Pair("fa", "سـلام", "سلام وقت بخیر", True, "tatweel ignored"),
    Pair("fa", "مدرسة", "مدرسه نزدیک انبار است", True, "teh marbuta meets heh"),
    Pair("fa", "ادرس", "آدرس من عوض شده است", True, "alef madda optional"),
    Pair("fa", "۱۰۴۲", "شماره سفارش 1042 است", True, "persian digits meet ascii"),
    Pair("fa", "0912 345 6789", "با شماره ۰۹۱۲۳۴۵۶۷۸۹ تماس بگیرید", True, "phone in two scripts"),
    Pair("fa", "کاربران", "این کاربر مسدود شده", True, "animate plural stem"),
    Pair("fa", "بازپرداخت کارت", FA_REFUND_PARAGRAPH, False, "paragraph lacks one word"),
    Pair("fa", "بازپرداخت بانکی", FA_REFUND_PARAGRAPH, True, "words inside a paragraph"),
    Pair("fa", "کد رهگیری", FA_DELIVERY_PARAGRAPH, True, "tracking code in a paragraph"),
    Pair("fa", "بازپرداخت", FA_DELIVERY_PARAGRAPH, False, "refund absent from paragraph"),
    Pair("fa", "کتاب", "کتری برقی خراب است", False, "different word same start"),
    Pair("fa", "سفارش", "پرداخت با موفقیت انجام شد", False, "unrelated sentence"),
    Pair("fa", "۱۰۴۳", "شماره سفارش 1042 است", False, "neighbouring number"),
    Pair("fa", "میز", "میزان بازپرداخت مشخص شد", False, "noun is not a verb prefix"),
    Pair("fa", "همان", "میهمان ویژهٔ ما هستید", False, "guest is not the same"),
    Pair("fa", "ایر", "ارسال به ایران", False, "short word keeps its an"),
    Pair("fa", "تن", "تنها آمدم", False, "alone is not body plus plural"),
    Pair("fa", "کارت", "کارتن بسته پاره بود", False, "carton is not card"),
    Pair("fa", "0912 345 6780", "شماره من ۰۹۱۲۳۴۵۶۷۸۹ است", False, "phone differs in last digit"),
    Pair("fa", "خواستم", "می‌خواهم سفارشم را لغو کنم", False, "different verb stem"),
    Pair("fa", "سفارش ۱۰۴۲", "سفارش ۱۰۴۳ ارسال شد", False, "same word other number"),
    Pair("fa", "خانه", "خان بزرگ", False, "khan is not house"),
    Pair("fa", "پیام", "پیامک ارسال شد", False, "message is not sms"),
    Pair("fa", "مشتری", "مشترک گرامی", False, "customer is not subscriber"),
    Pair("fa", "بازپرداخت", "پرداخت انجام شد", False, "payment is not refund"),
    Pair("fa", "کتاب", "کباب سرد بود", False, "one letter apart"),
    # ---- Turkish ---------------------------------------------------------------------
    Pair("tr", "istanbul", "İstanbul'a gönderildi", True, "dotted capital i"),
    Pair("tr", "ISTANBUL", "paket İstanbul deposunda", True, "ascii capitals meet dotted"),
    Pair("tr", "IŞIK", "ışık yanmıyor", True, "dotless capital i"),
    Pair("tr", "sipariş", "Siparişlerim hâlâ gelmedi", True, "plural possessive stem"),
    Pair("tr", "siparis", "siparişim nerede", True, "typed without cedilla"),
    Pair("tr", "müşteri", "Müşterilerimize duyurulur", True, "dative plural stem"),
    Pair("tr", "musteri", "Müşteri hizmetleri kapalı", True, "typed without accents"),
    Pair("tr", "fatura", "Faturalarımızı e-posta ile gönderin", True, "accusative plural stem"),
    Pair("tr", "kargo takip", "Kargo takip numaranız 1234", True, "two words any order"),
    Pair("tr", "urunler", "ürünler depoda", True, "umlauts folded"),
    Pair("tr", "0532 123 45 67", "Telefonum 05321234567", True, "grouped phone meets joined"),
    Pair("tr", "iade kupon", TR_REFUND_PARAGRAPH, True, "words inside a paragraph"),
    Pair("tr", "teknisyen servis", TR_INSTALLATION_PARAGRAPH, True, "stems in a paragraph"),
    Pair("tr", "iade", TR_INSTALLATION_PARAGRAPH, False, "refund absent from paragraph"),
    Pair("tr", "iade teknisyen", TR_REFUND_PARAGRAPH, False, "paragraph lacks one word"),
    Pair("tr", "kapı", "kapak kırık geldi", False, "door is not lid"),
    Pair("tr", "fatura", "faiz oranı yüksek", False, "invoice is not interest"),
    Pair("tr", "iade", "siparişimi iptal ettim", False, "refund is not cancel"),
    Pair("tr", "sipariş 1043", "sipariş 1042 gecikti", False, "neighbouring number"),
    Pair("tr", "kargo", "kartım çalındı", False, "cargo is not card"),
    Pair("tr", "istanbul", "İzmir'e gönderildi", False, "another city"),
    Pair("tr", "garanti", "garaj kapısı bozuk", False, "warranty is not garage"),
    Pair("tr", "sipariş", "şifre sıfırlama", False, "order is not password"),
    Pair("tr", "kargo", "kargaşa yaşandı", False, "cargo is not chaos"),
    Pair("tr", "ödeme", "ödül kazandınız", False, "payment is not prize"),
    Pair("tr", "iade", "ilave ücret", False, "refund is not extra"),
    Pair("tr", "teslimat", "telefon kılıfı", False, "delivery is not phone"),
    Pair("tr", "0532 123 45 68", "Telefonum 0532 123 45 67", False, "phone differs in last digit"),
    # ---- Russian ---------------------------------------------------------------------
    Pair("ru", "заказ", "Мои заказы не пришли", True, "plural stem"),
    Pair("ru", "заказы", "заказ номер 1042", True, "singular in document"),
    Pair("ru", "еще", "ещё не доставили", True, "yo meets ye"),
    Pair("ru", "ЁЛКА", "ёлка сломалась", True, "capital yo"),
    Pair("ru", "доставка", "Проблема с доставкой", True, "instrumental case stem"),
    Pair("ru", "возврат денег", "Прошу оформить возврат денег за товар", True, "two words"),
    Pair("ru", "+7 912 345-67-89", "мой номер 79123456789", True, "grouped phone meets joined"),
    Pair("ru", "счет", "Счёт на оплату", True, "capital and yo"),
    Pair("ru", "курьер", "Курьеру не дозвонились", True, "dative stem"),
    Pair("ru", "посылку", "посылка потерялась", True, "accusative meets nominative"),
    Pair("ru", "возврат курьер", RU_REFUND_PARAGRAPH, True, "words inside a paragraph"),
    Pair("ru", "подписка тариф", RU_SUBSCRIPTION_PARAGRAPH, True, "stems in a paragraph"),
    Pair("ru", "возврат", RU_SUBSCRIPTION_PARAGRAPH, False, "refund absent from paragraph"),
    Pair("ru", "возврат подписка", RU_REFUND_PARAGRAPH, False, "paragraph lacks one word"),
    Pair("ru", "заказ", "отказ от покупки", False, "refusal is not order"),
    Pair("ru", "возврат", "возраст покупателя", False, "age is not refund"),
    Pair("ru", "доставка", "оплата картой", False, "payment is not delivery"),
    Pair("ru", "1042", "номер 10422", False, "prefix of a longer number"),
    Pair("ru", "карта", "картина повреждена", False, "card is not painting"),
    Pair("ru", "счет", "расчёт неверный", False, "bill is not calculation"),
    Pair("ru", "+7 912 345-67-80", "мой номер 79123456789", False, "phone differs in last digit"),
    Pair("ru", "посылка", "пылесос сломался", False, "unrelated sentence"),
    Pair("ru", "ель", "ёлка сломалась", False, "different word"),
    Pair("ru", "заказ", "сказка на ночь", False, "order is not tale"),
    Pair("ru", "оплата", "зарплата задерживается", False, "payment is not salary"),
    Pair("ru", "номер", "номинал купюры", False, "number is not face value"),
    # ---- English ---------------------------------------------------------------------
    Pair("en", "refund", "I want my money refunded", True, "past participle stem"),
    Pair("en", "orders", "order 1042", True, "plural query singular document"),
    Pair("en", "delivery", "deliveries are late", True, "plural document"),
    Pair("en", "#1042", "Order 1042 is late", True, "hash number"),
    Pair("en", "ORDER", "my order", True, "case"),
    Pair("en", "password reset", "How do I reset my password?", True, "order of words"),
    Pair("en", "cafe", "the café on the corner", True, "accent folded"),
    Pair("en", "charged twice", "I was charged twice for one subscription", True, "two words"),
    Pair("en", "cancelling", "please cancel my subscription", True, "gerund stem"),
    Pair("en", "(555) 123-4567", "call me at 555-123-4567", True, "phone in two formats"),
    Pair("en", "4567", "call me at 555-123-4567", True, "last group of a phone"),
    Pair("en", "refund coupons", EN_REFUND_PARAGRAPH, True, "words inside a paragraph"),
    Pair("en", "invoices cache", EN_OUTAGE_PARAGRAPH, True, "stems in a paragraph"),
    Pair("en", "refund", EN_OUTAGE_PARAGRAPH, False, "refund absent from paragraph"),
    Pair("en", "refund outage", EN_REFUND_PARAGRAPH, False, "paragraph lacks one word"),
    Pair("en", "refund", "refurbished phone", False, "refurbished is not refund"),
    Pair("en", "order 1043", "order 1042", False, "neighbouring number"),
    Pair("en", "invoice", "voice mail", False, "voice is not invoice"),
    Pair("en", "passport", "password", False, "passport is not password"),
    Pair("en", "555-123-4568", "call me at 555-123-4567", False, "phone differs in last digit"),
    Pair("en", "shipping", "shopping cart", False, "one letter apart"),
    Pair("en", "account", "discount applied", False, "different word"),
    Pair("en", "order 1042", "order 10421", False, "longer number"),
    Pair("en", "refund", "fund transfer", False, "fund is not refund"),
    Pair("en", "cancel", "chancellor", False, "contains the letters only"),
    # ---- mixed scripts -----------------------------------------------------------------
    Pair("fa", "iphone", "گوشی iPhone من خراب شده", True, "latin brand in persian text"),
    Pair("ru", "samsung", "телевизор Samsung не включается", True, "latin brand in russian"),
    Pair("tr", "iphone", "gönderilen telefon iPhone değil", True, "brand in turkish"),
    Pair("en", "iphone", "my Samsung is broken", False, "another brand"),
)
