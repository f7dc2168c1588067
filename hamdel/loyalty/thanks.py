"""Thank-you messages: after a solved conversation (at most one per customer per period)
and on milestones (a year with us, the tenth order), in the customer's language, from
templates an administrator edits in four languages, sent as an automatic outbound message
through the conversation's transport (tickets.actions.add_message, docs/channels.md).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from hamdel.loyalty import events
from hamdel.loyalty.models import LoyaltySettings, Occasion, ThankYou, ThankYouTemplate
from hamdel.people.models import Customer, Organisation
from hamdel.tickets.actions import add_message
from hamdel.tickets.models import Conversation, Direction, Status

LANGUAGES = ("en", "fa", "tr", "ru")
FIRST_YEAR_WINDOW = timedelta(days=7)  # a missed daily run still thanks within a week
MILESTONE_BATCH = 500  # first-year thank-yous per daily run; the next run sends the rest

# The templates until an administrator edits them; {name} is the customer's name.
DEFAULTS: dict[str, dict[str, str]] = {
    Occasion.SOLVED: {
        "en": "Dear {name}, thank you for your patience. We are glad we could help.",
        "fa": "{name} عزیز، از صبر و همراهی شما سپاسگزاریم. خوشحالیم که توانستیم کمک کنیم.",
        "tr": "Sayın {name}, sabrınız için teşekkür ederiz. Yardımcı olabildiğimize sevindik.",
        "ru": "Уважаемый(ая) {name}, спасибо за терпение. Мы рады, что смогли помочь.",
    },
    Occasion.FIRST_YEAR: {
        "en": "Dear {name}, you have been with us for a year. Thank you for your trust!",
        "fa": "{name} عزیز، یک سال است که با ما هستید. از اعتماد شما سپاسگزاریم!",
        "tr": "Sayın {name}, bir yıldır bizimlesiniz. Güveniniz için teşekkür ederiz!",
        "ru": "Уважаемый(ая) {name}, вы с нами уже год. Спасибо за доверие!",
    },
    Occasion.TENTH_ORDER: {
        "en": "Dear {name}, this was your tenth order with us. Thank you for coming back!",
        "fa": "{name} عزیز، این دهمین سفارش شما بود. "
        "از اینکه دوباره ما را انتخاب کردید سپاسگزاریم!",
        "tr": "Sayın {name}, bu bizimle onuncu siparişinizdi. Tekrar geldiğiniz için teşekkürler!",
        "ru": "Уважаемый(ая) {name}, это ваш десятый заказ у нас. Спасибо, что возвращаетесь!",
    },
}


def language_of(customer: Customer) -> str:
    language = customer.language or Organisation.load().default_language
    return language if language in LANGUAGES else "en"


def template_text(occasion: str, language: str) -> str:
    stored = ThankYouTemplate.objects.filter(occasion=occasion, language=language).first()
    return stored.body if stored is not None else DEFAULTS[occasion][language]


def save_template(occasion: str, language: str, body: str) -> ThankYouTemplate:
    template, _created = ThankYouTemplate.objects.update_or_create(
        occasion=occasion, language=language, defaults={"body": body.strip()}
    )
    return template


def message_for(customer: Customer, occasion: str) -> str:
    return template_text(occasion, language_of(customer)).replace("{name}", customer.name)


def _send(customer: Customer, occasion: str, conversation: Conversation) -> ThankYou:
    """Call inside the customer's row lock, after checking the rules."""
    thanks = ThankYou.objects.create(
        customer=customer, occasion=occasion, conversation=conversation
    )
    message = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=message_for(customer, occasion),
        automatic=True,
    )
    ThankYou.objects.filter(pk=thanks.pk).update(message_id=message.pk)
    events.loyalty_event(
        "thanks.sent",
        subject_type="thank_you",
        subject_id=thanks.pk,
        actor=None,
        customer_id=customer.pk,
        conversation_id=conversation.pk,
        data={"occasion": occasion, "message": message.pk},
    )
    return thanks


def _lock(customer_id: int) -> Customer:
    return Customer.objects.select_for_update().get(pk=customer_id)


def thank_after_solved(conversation_id: int, now: datetime | None = None) -> ThankYou | None:
    """Thank the customer of a solved conversation, unless thanked within the period."""
    now = now or timezone.now()
    rules = LoyaltySettings.load()
    if not rules.thank_after_solved:
        return None
    with transaction.atomic():
        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is None or conversation.status != Status.SOLVED:
            return None
        customer = _lock(conversation.customer_id)
        since = now - timedelta(days=rules.thanks_period_days)
        if ThankYou.objects.filter(
            customer=customer, occasion=Occasion.SOLVED, sent_at__gt=since
        ).exists():
            return None
        return _send(customer, Occasion.SOLVED, conversation)


def _milestone(customer_id: int, occasion: str) -> ThankYou | None:
    if not LoyaltySettings.load().thank_on_milestones:
        return None
    with transaction.atomic():
        customer = _lock(customer_id)
        if ThankYou.objects.filter(customer=customer, occasion=occasion).exists():
            return None
        # A milestone is told in the customer's latest conversation; a customer who never
        # wrote has no channel to thank them through yet.
        conversation = (
            Conversation.objects.filter(customer=customer, merged_into__isnull=True)
            .order_by("-updated_at", "-id")
            .first()
        )
        if conversation is None:
            return None
        return _send(customer, occasion, conversation)


def thank_for_tenth_order(customer_id: int) -> ThankYou | None:
    return _milestone(customer_id, Occasion.TENTH_ORDER)


def thank_first_years(now: datetime | None = None) -> int:
    """Daily: customers who joined a year ago (within the last week of that) are thanked."""
    now = now or timezone.now()
    year_ago = now - timedelta(days=365)
    due = (
        Customer.objects.filter(
            merged_into__isnull=True,
            created_at__lte=year_ago,
            created_at__gt=year_ago - FIRST_YEAR_WINDOW,
        )
        .exclude(pk__in=ThankYou.objects.filter(occasion=Occasion.FIRST_YEAR).values("customer_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:MILESTONE_BATCH]
    )
    return sum(1 for pk in list(due) if _milestone(pk, Occasion.FIRST_YEAR) is not None)
