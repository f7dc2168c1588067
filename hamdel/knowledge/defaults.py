"""The canned replies every installation starts with: the phrases of good conduct new
staff are trained on, in four languages (a data migration adds them once; admins edit
or delete them like any other)."""

from typing import Any

GOOD_CONDUCT: list[dict[str, Any]] = [
    {
        "name": "Call back by a time",
        "promise_kind": "callback",
        "promise_minutes": 120,
        "texts": {
            "en": "Hello {customer_name}, I'll make sure they call you back by {promise_due}. "
            "If anything changes before then, I will tell you myself. — {agent_name}",
            "fa": "سلام {customer_name}، مطمئن می‌شوم که تا {promise_due} با شما تماس بگیرند. "
            "اگر پیش از آن چیزی تغییر کند، خودم به شما خبر می‌دهم. — {agent_name}",
            "tr": "Merhaba {customer_name}, sizi {promise_due} saatine kadar aramalarını "
            "sağlayacağım. O zamana kadar bir şey değişirse size kendim haber vereceğim. "
            "— {agent_name}",
            "ru": "Здравствуйте, {customer_name}! Я прослежу, чтобы вам перезвонили до "
            "{promise_due}. Если что-то изменится раньше, я сам сообщу вам. — {agent_name}",
        },
    },
    {
        "name": "Sorry for the wait",
        "texts": {
            "en": "Hello {customer_name}, I'm sorry you had to wait. Thank you for your "
            "patience; I'm on it now and will not leave you without an answer. — {agent_name}",
            "fa": "سلام {customer_name}، متأسفم که منتظر ماندید. از صبرتان ممنونم؛ الان "
            "پیگیری می‌کنم و شما را بی‌پاسخ نمی‌گذارم. — {agent_name}",
            "tr": "Merhaba {customer_name}, beklediğiniz için özür dilerim. Sabrınız için "
            "teşekkürler; şimdi ilgileniyorum ve sizi cevapsız bırakmayacağım. — {agent_name}",
            "ru": "Здравствуйте, {customer_name}! Извините, что вам пришлось ждать. Спасибо за "
            "терпение: я уже занимаюсь вашим вопросом и не оставлю вас без ответа. "
            "— {agent_name}",
        },
    },
    {
        "name": "Step by step",
        "texts": {
            "en": "Hello {customer_name}, here is what to do, one step at a time:\n1. \n2. \n3. \n"
            "If a step does not work, reply with the number of the step and I will help. "
            "— {agent_name}",
            "fa": "سلام {customer_name}، کاری که باید کرد، قدم به قدم:\n۱. \n۲. \n۳. \n"
            "اگر قدمی درست پیش نرفت، شمارهٔ همان قدم را بنویسید تا کمک کنم. — {agent_name}",
            "tr": "Merhaba {customer_name}, yapmanız gerekenler adım adım:\n1. \n2. \n3. \n"
            "Bir adım işe yaramazsa adımın numarasını yazın, yardım edeyim. — {agent_name}",
            "ru": "Здравствуйте, {customer_name}! Вот что нужно сделать, шаг за шагом:\n1. \n"
            "2. \n3. \nЕсли какой-то шаг не получится, напишите его номер, и я помогу. "
            "— {agent_name}",
        },
    },
    {
        "name": "Solved: thank you",
        "set_status": "solved",
        "texts": {
            "en": "Hello {customer_name}, I'm glad this is sorted. Thank you for letting us "
            "help; write to us any time. — {agent_name}",
            "fa": "سلام {customer_name}، خوشحالم که مشکل حل شد. ممنون که به ما فرصت کمک "
            "دادید؛ هر وقت خواستید برایمان بنویسید. — {agent_name}",
            "tr": "Merhaba {customer_name}, sorunun çözülmesine sevindim. Yardım etmemize "
            "izin verdiğiniz için teşekkürler; bize her zaman yazabilirsiniz. — {agent_name}",
            "ru": "Здравствуйте, {customer_name}! Рад, что всё решилось. Спасибо, что "
            "позволили нам помочь; пишите в любое время. — {agent_name}",
        },
    },
    {
        "name": "I understand how frustrating this is",
        "texts": {
            "en": "Hello {customer_name}, I understand how frustrating this is, and you are "
            "right to expect better. Here is what I am doing about it now: ",
            "fa": "سلام {customer_name}، می‌فهمم که این وضع چقدر آزاردهنده است و حق دارید "
            "انتظار بهتری داشته باشید. کاری که همین حالا برایش انجام می‌دهم: ",
            "tr": "Merhaba {customer_name}, bunun ne kadar sinir bozucu olduğunu anlıyorum ve "
            "daha iyisini beklemekte haklısınız. Şu anda bunun için yaptığım şey: ",
            "ru": "Здравствуйте, {customer_name}! Я понимаю, как это неприятно, и вы вправе "
            "ожидать лучшего. Вот что я делаю прямо сейчас: ",
        },
    },
]
