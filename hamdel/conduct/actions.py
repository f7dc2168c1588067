"""Every write of the conduct app: screening an inbound message and the steps that
follow, revealing masked words, handing over, parting ways, and the settings."""

import re
import time
from collections import Counter
from datetime import timedelta
from functools import lru_cache
from typing import Any, Final

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conduct import detect, events
from hamdel.conduct.declarations import ESCALATED, HANDED_OVER, PARTING_PROPOSED
from hamdel.conduct.models import (
    RANK,
    Detection,
    ExtraTerm,
    Flag,
    Parting,
    PartingState,
    Policy,
    Preference,
    Severity,
    Template,
    TemplateKind,
)
from hamdel.conduct.wording import fill
from hamdel.people.models import Agent, Customer, Role
from hamdel.text.normalise import tokens
from hamdel.tickets import actions as tickets
from hamdel.tickets import signals as ticket_signals
from hamdel.tickets.models import FINISHED, Conversation, Direction, Message

# ----- detection ---------------------------------------------------------------------

_lexicon: dict[str, Any] = {}
# Seconds another process's new extra term may take to apply here; one query per message
# otherwise (every inbound message is screened inside its transaction).
LEXICON_TTL: Final = 5.0


def lexicon() -> detect.Lexicon:
    """The shipped lists plus the administrators' active extra terms, rebuilt when those
    change: add_term and remove_term forget it here; another process sees the change by
    the count of active terms and the latest id (one small query per call)."""
    if time.monotonic() - _lexicon.get("checked", -LEXICON_TTL) < LEXICON_TTL:
        cached: detect.Lexicon = _lexicon["value"]
        return cached
    state = ExtraTerm.objects.aggregate(n=Count("pk", filter=Q(active=True)), last=Max("pk"))
    key = (state["n"], state["last"])
    _lexicon["checked"] = time.monotonic()
    if _lexicon.get("key") != key:
        extra = [
            detect.make_term(
                t.text,
                t.language,
                t.category,
                t.severity,
                {"targeted", "universal"} if t.targeted else {"universal"},
            )
            for t in ExtraTerm.objects.filter(active=True)
        ]
        _lexicon["key"] = key
        _lexicon["value"] = detect.build_lexicon(extra) if extra else detect.base_lexicon()
    value: detect.Lexicon = _lexicon["value"]
    return value


def forget_lexicon() -> None:
    _lexicon.clear()


def check_text(text: str, language: str | None = None) -> detect.Result:
    return detect.detect(text, language, lexicon())


# ----- an inbound message ------------------------------------------------------------


def screen_message(message: Message) -> Detection | None:
    """Run every step for one inbound customer message; call inside its transaction.

    Detection first (the conversation's flag, the event), then the steps the policy
    switches on: a threat goes to a supervisor at once; a first abusive message gets the
    polite warning in the customer's language; a repeat within the period goes to a
    supervisor (and, if chosen, to the restricted queue). A customer we parted ways with
    is moved to the restricted queue whatever they wrote; confusion is checked last.
    """
    policy = Policy.load()
    conversation = message.conversation
    customer = conversation.customer
    if _parted(customer):
        restrict(conversation, policy, "parted")
    result = check_text(message.body_text, message.language or conversation.language or None)
    detection = None
    if result.abusive:
        detection = _record(message, conversation, result)
        _steps(detection, conversation, policy)
    if policy.confusion_enabled:
        check_confusion(message, policy)
    return detection


def _record(message: Message, conversation: Conversation, result: detect.Result) -> Detection:
    severity = result.severity or Severity.MILD
    detection = Detection.objects.create(
        message=message,
        conversation=conversation,
        customer_id=conversation.customer_id,
        severity=severity,
        categories=result.categories,
        matches=[
            {"start": m.start, "end": m.end, "category": m.category, "severity": m.severity}
            for m in result.matches
        ],
        agent_id=conversation.assignee_id,
    )
    flag, _created = Flag.objects.get_or_create(conversation=conversation)
    flag.abusive_messages += 1
    if RANK.get(severity, 0) > RANK.get(flag.severity, 0):  # type: ignore[call-overload]
        flag.severity = severity
    flag.save(update_fields=["abusive_messages", "severity", "updated_at"])
    events.detected(detection)
    return detection


def _steps(detection: Detection, conversation: Conversation, policy: Policy) -> None:
    if detection.severity == Severity.THREAT and policy.threat_at_once:
        escalate(conversation, "threat")
        return
    since = timezone.now() - timedelta(hours=policy.repeat_hours)
    recent = Detection.objects.filter(customer_id=detection.customer_id, created_at__gte=since)
    count = recent.count()
    if count == 1 and policy.warn_first:
        warn(conversation)
    elif count >= max(2, policy.repeat_count) and policy.escalate_repeat:
        if count == max(2, policy.repeat_count):  # once per period, not at every message
            escalate(conversation, "repeat")
        if policy.restrict_on_repeat:
            restrict(conversation, policy, "repeat")


def warn(conversation: Conversation) -> Message:
    """The polite warning, in the customer's language, sent as the conversation's channel
    sends (tickets' delivery and the transport registry)."""
    customer = conversation.customer
    language = customer.language or conversation.language
    sent = tickets.add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=fill(TemplateKind.WARNING, language, customer.name),
        automatic=True,
    )
    events.warned(conversation, sent, language)
    return sent


def supervisors_for(conversation: Conversation) -> list[User]:
    """The active supervisors of the conversation's team, else every active supervisor."""
    users = User.objects.filter(is_active=True, agent__role=Role.SUPERVISOR)
    if conversation.team_id is not None:
        of_team = list(users.filter(agent__teams=conversation.team_id).distinct())
        if of_team:
            return of_team
    return list(users.order_by("pk"))


def escalate(conversation: Conversation, reason: str) -> list[User]:
    supervisors = supervisors_for(conversation)
    if supervisors:
        ticket_signals.notification_requested.send(
            sender=Detection,
            recipients=supervisors,
            kind=ESCALATED,
            conversation=conversation,
            actor=None,
        )
    events.escalated(conversation, reason, [u.pk for u in supervisors])
    return supervisors


def restrict(conversation: Conversation, policy: Policy, reason: str) -> bool:
    """Move the conversation to the restricted queue (if one is set and it is not there)."""
    team = policy.restricted_team
    if team is None or conversation.team_id == team.pk:
        return False
    tickets.assign_conversation(conversation, None, team=team)
    events.restricted(conversation, team.pk, reason)
    return True


# ----- confusion before anger --------------------------------------------------------

# Words of no topic: greetings, thanks, pronouns, the commonest verbs (normalised forms).
STOPWORDS: Final = frozenset(
    [
        "hello",
        "thanks",
        "thank",
        "please",
        "with",
        "this",
        "that",
        "have",
        "from",
        "your",
        "what",
        "when",
        "where",
        "there",
        "they",
        "them",
        "been",
        "were",
        "will",
        "would",
        "could",
        "should",
        "about",
        "still",
        "again",
        "just",
        "here",
        "help",
        "need",
        "want",
        "know",
        "today",
        "yesterday",
        "time",
        "dear",
        "hi",
        "merhaba",
        "teşekkürler",
        "tesekkurler",
        "lutfen",
        "lütfen",
        "iyi",
        "gunler",
        "günler",
        "nerede",
        "neden",
        "hala",
        "здравствуйте",
        "спасибо",
        "пожалуйста",
        "когда",
        "почему",
        "где",
        "добрый",
        "день",
        "снова",
        "опять",
        "уже",
        "سلام",
        "ممنون",
        "لطفا",
        "مرسی",
        "چرا",
        "کجا",
        "هنوز",
        "دوباره",
        "هست",
        "است",
        "برای",
        "میخوام",
        "خواهش",
    ]
)
MIN_TOPIC_LETTERS: Final = 4
RECENT_MESSAGES: Final = 60  # the customer's latest inbound messages compared, at most
TOPIC_CACHE: Final = 20_000  # messages whose topic words are remembered per process
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=TOPIC_CACHE)
def topic_words(text: str, language: str | None) -> frozenset[str]:
    """The words of a message that say what it is about (hamdel.text's normalised tokens:
    surface forms and stems), without greetings and short words. Remembered: each
    inbound message is compared with the customer's recent ones, again and again."""
    return frozenset(
        t
        for t in tokens(text, language)
        if len(t) >= MIN_TOPIC_LETTERS and _LETTERS.match(t) and t not in STOPWORDS
    )


def check_confusion(message: Message, policy: Policy) -> Flag | None:
    """Flag the conversation when the customer has written about the same thing again and
    again: `confusion_messages` messages or `confusion_conversations` conversations within
    `confusion_hours` sharing at least two topic words with this one."""
    mine = topic_words(message.body_text, message.language or None)
    if len(mine) < 2:
        return None
    since = timezone.now() - timedelta(hours=policy.confusion_hours)
    recent = (
        Message.objects.filter(
            conversation__customer_id=message.conversation.customer_id,
            direction=Direction.INBOUND,
            created_at__gte=since,
        )
        .exclude(pk=message.pk)
        .order_by("-created_at")
        .values_list("pk", "conversation_id", "body_text", "language")[:RECENT_MESSAGES]
    )
    shared: Counter[str] = Counter()
    similar = [message.pk]
    conversations = {message.conversation_id}
    for pk, conversation_id, body, language in recent:
        common = mine & topic_words(body, language or None)
        if len(common) >= 2:
            similar.append(pk)
            conversations.add(conversation_id)
            shared.update(common)
    if len(similar) < policy.confusion_messages and len(conversations) < (
        policy.confusion_conversations
    ):
        return None
    flag, _created = Flag.objects.get_or_create(conversation=message.conversation)
    if flag.confused:
        return flag
    flag.confused = True
    flag.confusion = {
        "messages": len(similar),
        "conversations": len(conversations),
        "words": [word for word, _n in shared.most_common(5)],
        "hours": policy.confusion_hours,
    }
    flag.save(update_fields=["confused", "confusion", "updated_at"])
    events.confused(message.conversation, flag.confusion)
    return flag


# ----- what the agent sees -----------------------------------------------------------


def never_reveals(user: User) -> bool:
    return Preference.objects.filter(user=user, never_reveal=True).exists()


def reveal_message(message: Message, actor: User) -> Detection:
    """Record that `actor` looked at the masked words (refused if they chose never to)."""
    detection = Detection.objects.filter(message=message).first()
    if detection is None:
        raise ValidationError({"message": _("This message has nothing masked.")})
    if never_reveals(actor):
        raise PermissionDenied(_("You chose never to see abusive words."))
    events.revealed(message, actor)
    return detection


def set_preference(actor: User, never_reveal: bool) -> Preference:
    with transaction.atomic():
        preference, _created = Preference.objects.get_or_create(user=actor)
        if preference.never_reveal != never_reveal:
            preference.never_reveal = never_reveal
            preference.save(update_fields=["never_reveal"])
            events.preference_changed(actor, never_reveal)
    return preference


def hand_over(conversation: Conversation, actor: User) -> User:
    """Give an abusive conversation to a supervisor in one click: the supervisor of its
    team with the fewest unfinished conversations."""
    candidates = [u for u in supervisors_for(conversation) if u.pk != actor.pk]
    if not candidates:
        raise ValidationError({"supervisor": _("There is no supervisor to hand this to.")})
    load = dict(
        Conversation.objects.filter(assignee__in=candidates)
        .exclude(status__in=FINISHED)
        .values("assignee")
        .annotate(n=Count("pk"))
        .values_list("assignee", "n")
    )
    supervisor = min(candidates, key=lambda u: (load.get(u.pk, 0), u.pk))
    with transaction.atomic():
        tickets.assign_conversation(conversation, actor, assignee=supervisor)
        events.handed_over(conversation, actor, supervisor)
        ticket_signals.notification_requested.send(
            sender=Detection,
            recipients=[supervisor],
            kind=HANDED_OVER,
            conversation=conversation,
            actor=actor,
        )
    return supervisor


# ----- parting ways ------------------------------------------------------------------


def _parted(customer: Customer) -> bool:
    return Parting.objects.filter(customer=customer, state=PartingState.APPROVED).exists()


def _role(actor: User) -> str:
    agent = Agent.objects.filter(user=actor).values_list("role", flat=True).first()
    return agent or ""


def propose_parting(customer: Customer, actor: User, reason: str, evidence: list[int]) -> Parting:
    """A supervisor proposes parting ways, with the reason and the evidence (messages of
    this customer); the administrators are told."""
    if _role(actor) not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied(_("Only supervisors and administrators may do this."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    messages = list(
        Message.objects.filter(
            pk__in=evidence, direction=Direction.INBOUND, conversation__customer=customer
        ).select_related("conversation")
    )
    if not messages:
        raise ValidationError({"evidence": _("Link at least one of the customer's messages.")})
    if Parting.objects.filter(
        customer=customer, state__in=[PartingState.PROPOSED, PartingState.APPROVED]
    ).exists():
        raise ValidationError({"customer": _("Parting ways is already proposed or in force.")})
    with transaction.atomic():
        parting = Parting.objects.create(
            customer=customer, reason=reason.strip(), proposed_by=actor
        )
        parting.evidence.set(messages)
        events.parting("proposed", parting, actor, {"evidence": [m.pk for m in messages]})
        admins = list(User.objects.filter(is_active=True, agent__role=Role.ADMIN))
        if admins:
            ticket_signals.notification_requested.send(
                sender=Parting,
                recipients=admins,
                kind=PARTING_PROPOSED,
                conversation=messages[0].conversation,
                actor=actor,
            )
    return parting


def _require_admin(actor: User) -> None:
    if _role(actor) != Role.ADMIN:
        raise PermissionDenied(_("Only administrators may do this."))


def _tell(parting: Parting, kind: str, actor: User) -> Message | None:
    """Tell the customer, politely and in their language, on their latest conversation."""
    conversation = (
        Conversation.objects.filter(customer=parting.customer, merged_into__isnull=True)
        .order_by("-last_message_at", "-pk")
        .first()
    )
    if conversation is None:
        return None
    customer = parting.customer
    language = customer.language or conversation.language
    sent = tickets.add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text=fill(kind, language, customer.name),
        actor=actor,
        author_agent=actor,
        automatic=True,
    )
    events.parting("told", parting, actor, {"message": sent.pk, "kind": kind, "language": language})
    return sent


def approve_parting(parting: Parting, actor: User, note: str = "") -> Parting:
    """An administrator approves: the customer is told how to appeal, and their open
    conversations (and new ones, see screen_message) go to the restricted queue."""
    _require_admin(actor)
    if parting.state != PartingState.PROPOSED:
        raise ValidationError({"state": _("Only a proposal can be decided.")})
    policy = Policy.load()
    with transaction.atomic():
        parting.state = PartingState.APPROVED
        parting.decided_by, parting.decided_at, parting.decision_note = actor, timezone.now(), note
        parting.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        events.parting("approved", parting, actor, {"note": note})
        _tell(parting, TemplateKind.PARTING, actor)
        open_ones = Conversation.objects.filter(customer=parting.customer).exclude(
            Q(status__in=FINISHED) | Q(merged_into__isnull=False)
        )
        for conversation in open_ones:
            restrict(conversation, policy, "parted")
    return parting


def reject_parting(parting: Parting, actor: User, note: str = "") -> Parting:
    _require_admin(actor)
    if parting.state != PartingState.PROPOSED:
        raise ValidationError({"state": _("Only a proposal can be decided.")})
    with transaction.atomic():
        parting.state = PartingState.REJECTED
        parting.decided_by, parting.decided_at, parting.decision_note = actor, timezone.now(), note
        parting.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        events.parting("rejected", parting, actor, {"note": note})
    return parting


def reverse_parting(parting: Parting, actor: User, reason: str = "") -> Parting:
    """Undo an approved parting (an appeal upheld): new contacts route as usual again and
    the customer is told. Nothing was deleted, so nothing needs restoring."""
    _require_admin(actor)
    if parting.state != PartingState.APPROVED:
        raise ValidationError({"state": _("Only parting ways in force can be reversed.")})
    with transaction.atomic():
        parting.state = PartingState.REVERSED
        parting.reversed_by, parting.reversed_at = actor, timezone.now()
        parting.reverse_reason = reason
        parting.save(update_fields=["state", "reversed_by", "reversed_at", "reverse_reason"])
        events.parting("reversed", parting, actor, {"reason": reason})
        _tell(parting, TemplateKind.REVERSED, actor)
    return parting


# ----- settings ----------------------------------------------------------------------

POLICY_FIELDS: Final = (
    "warn_first",
    "escalate_repeat",
    "repeat_count",
    "repeat_hours",
    "restrict_on_repeat",
    "threat_at_once",
    "restricted_team",
    "confusion_enabled",
    "confusion_conversations",
    "confusion_messages",
    "confusion_hours",
)


def save_policy(actor: User, **values: Any) -> Policy:
    """Change the steps; the restricted queue must be a team of supervisors only."""
    _require_admin(actor)
    team = values.get("restricted_team")
    if team is not None and team.agents.exclude(role__in=[Role.SUPERVISOR, Role.ADMIN]).exists():
        raise ValidationError(
            {"restricted_team": _("The restricted queue must be a team of supervisors only.")}
        )
    with transaction.atomic():
        Policy.objects.get_or_create(pk=1)
        policy = Policy.objects.select_for_update().get(pk=1)  # not the cached copy
        changes = {}
        for name, value in values.items():
            if name not in POLICY_FIELDS:
                raise ValidationError({name: _("This field cannot be changed here.")})
            old = getattr(policy, name)
            if old != value:
                changes[name] = [_plain(old), _plain(value)]
                setattr(policy, name, value)
        if changes:
            policy.save()
            events.settings_changed(policy, actor, changes)
    return policy


def _plain(value: Any) -> Any:
    return getattr(value, "pk", value)


def save_template(actor: User, kind: str, language: str, body: str) -> Template:
    _require_admin(actor)
    if not body.strip():
        raise ValidationError({"body": _("The text cannot be empty.")})
    with transaction.atomic():
        template, _created = Template.objects.update_or_create(
            kind=kind, language=language, defaults={"body": body.strip()}
        )
        events.template_changed(template, actor)
    return template


def add_term(
    actor: User, text: str, language: str, category: str, severity: str, targeted: bool = False
) -> ExtraTerm:
    _require_admin(actor)
    if not detect.normalise_term(text.rstrip("*")):
        raise ValidationError({"text": _("Enter a word or a phrase.")})
    with transaction.atomic():
        term, _created = ExtraTerm.objects.update_or_create(
            language=language,
            text=text.strip(),
            defaults={
                "category": category,
                "severity": severity,
                "targeted": targeted,
                "active": True,
                "created_by": actor,
            },
        )
        events.term_changed(term, actor, "added")
    _lexicon.clear()
    return term


def remove_term(actor: User, term: ExtraTerm) -> ExtraTerm:
    """Switch an extra term off (kept, so the audit trail still names it)."""
    _require_admin(actor)
    with transaction.atomic():
        term.active = False
        term.save(update_fields=["active"])
        events.term_changed(term, actor, "removed")
    _lexicon.clear()
    return term
