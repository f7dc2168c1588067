"""`hamdel demo`: a realistic support history in four languages over the last 90 days.

Customer messages are hand-written data files (hamdel/tickets/data/demo/<lang>.json);
this command only decides who writes when. Every record is written through the real
actions, in the order the story tells, on the real clock; then `backdate` moves every
time those writes recorded to the moment of the story it belongs to, with bulk UPDATEs.
So the audit trail, SLA clocks and timelines read like three months of real work, and
the actions need no knowledge of the demo.
"""

import json
import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial, reduce
from operator import or_
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from hamdel.audit.models import Event
from hamdel.lib import registry
from hamdel.people.actions import create_agent, create_customer, create_team
from hamdel.people.models import Agent, Customer, IdentityKind, Team, Tier
from hamdel.tickets import actions
from hamdel.tickets.models import (
    Category,
    Channel,
    Conversation,
    Delivery,
    Direction,
    Message,
    Priority,
    Status,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "demo"
LANGUAGES = ("fa", "en", "tr", "ru")
DEMO_PASSWORD = "hamdel-demo"  # noqa: S105 - printed for the demo agents, not a secret
CONVERSATIONS_PER_LANGUAGE = 75
DAYS = 90
MAX_USES = 3  # no sentence is written more than three times
BACKDATE_BATCH = 500  # rows per UPDATE when backdating: one CASE branch each
SEED = 1403  # the same demo on every machine
CHANNELS = (
    [Channel.EMAIL] * 5
    + [Channel.CHAT] * 3
    + [Channel.MESSENGER] * 2
    + [Channel.SMS, Channel.WEB, Channel.PHONE]
)
TEAM_OF: dict[str, str] = {Category.REFUND: "Billing", Category.COMPLAINT: "Complaints"}
TAGS: dict[str, list[str]] = {
    Category.QUESTION: ["delivery", "product", "store"],
    Category.REQUEST: ["account", "address", "subscription"],
    Category.PROBLEM: ["delivery", "payment", "website", "damaged"],
    Category.COMPLAINT: ["courier", "quality", "response-time"],
    Category.REFUND: ["refund", "payment", "damaged"],
    Category.OTHER: ["feedback"],
}


@dataclass(order=True)
class Step:
    at: datetime
    order: int
    run: Callable[[], object] = field(compare=False)


class Story:
    """When each step of the demo really ran, and when the story says it happened.

    Steps run one after another on the real clock; step i runs during [real[i], real[i+1]).
    A time written during step i moves to told[i] plus its offset into the step, so the
    order of everything written is kept, within a step and across steps (told times
    ascend strictly even where two steps share a moment of the story).
    """

    def __init__(self) -> None:
        self.real: list[datetime] = []
        self.told: list[datetime] = []
        self.finished: datetime | None = None

    def begin(self, moment: datetime) -> None:
        """Step i is about to run; the story puts it at `moment` (ascending, or clipped)."""
        now = timezone.now()
        if self.told:
            moment = max(moment, self.told[-1] + (now - self.real[-1]))
        self.real.append(now)
        self.told.append(moment)

    def end(self) -> None:
        self.finished = timezone.now()

    def told_at(self, moment: datetime) -> datetime | None:
        """Where a time written during the run belongs in the story; None if not in the run."""
        if not self.real or self.finished is None:
            return None
        if not self.real[0] <= moment <= self.finished:
            return None
        step = bisect_right(self.real, moment) - 1
        return self.told[step] + (moment - self.real[step])


def backdate(story: Story) -> int:
    """Move every time written during the story's run to its moment in the story.

    Every date-time column of every installed model is looked at, so an app's own rows
    (search entries, notifications, SLA clocks) move with the conversations they follow.
    A time after the run is a deadline computed during it (an SLA clock's due time): it
    moves as far as the row's latest time in the run, keeping its distance from the moment
    it was computed. Business time used between the story's moments is not recomputed.

    Audit events are append-only; `Event.objects.backdate` is the one sanctioned way to
    move their `created_at`. Any other model that refuses updates makes this fail loudly.
    Call inside the demo's transaction, so nothing else writes during the run.
    """
    if story.finished is None or not story.real:
        raise RuntimeError("backdate needs a story that has run")
    start, finished, moved = story.real[0], story.finished, 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField)
        ]
        if not names:
            continue
        in_run = reduce(or_, (Q(**{f"{name}__gte": start}) for name in names))
        changed: dict[int, dict[str, datetime | None]] = {}
        for pk, *values in model._base_manager.filter(in_run).values_list("pk", *names):
            new = _backdated_row(story, finished, dict(zip(names, values, strict=True)))
            if new is not None:
                changed[pk] = new
        if not changed:
            continue
        if model is Event:
            moments = {pk: row["created_at"] for pk, row in changed.items()}
            Event.objects.backdate({pk: at for pk, at in moments.items() if at is not None})
        else:
            rows = [model(pk=pk, **row) for pk, row in changed.items()]
            model._default_manager.bulk_update(rows, names, batch_size=BACKDATE_BATCH)
        moved += len(changed)
    return moved


def _backdated_row(
    story: Story, finished: datetime, values: dict[str, datetime | None]
) -> dict[str, datetime | None] | None:
    """The row's times moved into the story, or None when none was written during the run."""
    told = {name: story.told_at(value) for name, value in values.items() if value is not None}
    in_run = {name: moment for name, moment in told.items() if moment is not None}
    if not in_run:
        return None
    latest = max(in_run, key=lambda name: in_run[name])
    shift = in_run[latest] - values[latest]  # type: ignore[operator]  # in_run: not None
    new = {**values, **in_run}
    for name, value in values.items():
        if value is not None and value > finished:
            new[name] = value + shift
    return new


class Pool:
    """Sentences handed out in shuffled order, each at most MAX_USES times."""

    def __init__(self, items: list[Any], rng: random.Random) -> None:
        self.items, self.rng, self.uses = list(items), rng, Counter[int]()
        self.order: list[int] = []

    def take(self) -> Any | None:
        for _attempt in range(2):
            if not self.order:
                self.order = [i for i in range(len(self.items)) if self.uses[i] < MAX_USES]
                self.rng.shuffle(self.order)
            while self.order:
                index = self.order.pop()
                if self.uses[index] < MAX_USES:
                    self.uses[index] += 1
                    return self.items[index]
        return None


class Command(BaseCommand):
    help = "Load demo data: 300 conversations in Persian, English, Turkish and Russian."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when conversations exist"
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if if_empty and Conversation.objects.exists():
            return
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not cryptography
        self.now = timezone.now()
        self.steps: list[Step] = []
        staff = json.loads((DATA / "staff.json").read_text(encoding="utf-8"))
        story = Story()
        # `hamdel demo` may run on a database in use: only the story's own replies are history.
        before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with transaction.atomic():
            story.begin(self.now - timedelta(days=DAYS + 1))
            self.users = self._staff(staff)
            self.notes = Pool(staff["notes"], self.rng)
            self.abusive_notes = Pool(staff["abusive_notes"], self.rng)
            for language in LANGUAGES:
                data = json.loads((DATA / f"{language}.json").read_text(encoding="utf-8"))
                agents = [self.users[name] for name in staff["agents_by_language"][language]]
                self._plan_language(data, agents)
            self.steps.sort()
            for number, step in enumerate(self.steps, start=1):
                story.begin(step.at)
                step.run()
                if number % 100 == 0 or number == len(self.steps):
                    self.stdout.write(f"\rdemo steps: {number}/{len(self.steps)}", ending="")
            story.end()
            moved = backdate(story)
            # The story's replies went out long ago: delivered, not waiting for a transport
            # (the jobs queued for them find them done).
            Message.objects.filter(direction=Direction.OUTBOUND, pk__gt=before).update(
                delivery=Delivery.DELIVERED, delivered_at=F("created_at")
            )
            # Then each app's own demo data (hamdel.lib.registry), in the same transaction.
            loaders = registry.demo_loaders()
            for loader in loaders:
                registry.load(loader)({"if_empty": if_empty, **options})
        self.stdout.write(f"\ndemo: {moved} rows moved to their moments in the last {DAYS} days")
        if loaders:
            self.stdout.write(f"demo: and the apps' own demo data ({', '.join(loaders)})")
        names = ", ".join(agent["username"] for agent in staff["agents"])
        self.stdout.write(f"Demo agents: {names} — password {DEMO_PASSWORD}")

    def _staff(self, staff: dict[str, Any]) -> dict[str, User]:
        teams = {
            team["name"]: Team.objects.filter(name=team["name"]).first()
            or create_team(actor=None, **team)
            for team in staff["teams"]
        }
        users: dict[str, User] = {}
        for entry in staff["agents"]:
            entry = dict(entry)
            username = entry.pop("username")
            existing = Agent.objects.filter(user__username=username).select_related("user").first()
            agent = existing or create_agent(
                username, None, password=DEMO_PASSWORD,
                teams=[teams[name] for name in entry.pop("teams")], **entry,
            )  # fmt: skip
            users[username] = agent.user
        self.teams = teams
        return users

    def _customer(self, entry: dict[str, Any], language: str) -> Customer:
        identities = [(IdentityKind.EMAIL, entry["email"])] if entry.get("email") else []
        if entry.get("phone"):
            identities.append((IdentityKind.PHONE, entry["phone"]))
        notes = "Abusive language in several conversations." if entry.get("abusive") else ""
        return create_customer(
            entry["name"], None, identities=identities, language=language,
            tier=entry.get("tier", Tier.STANDARD), notes=notes,
        )  # fmt: skip

    def _at(self, moment: datetime, run: Callable[[], object]) -> None:
        self.steps.append(Step(min(moment, self.now), len(self.steps), run))

    def _plan_language(self, data: dict[str, Any], agents: list[User]) -> None:
        rng, language = self.rng, data["language"]
        openers, followups = Pool(data["openers"], rng), Pool(data["followups"], rng)
        replies = Pool(data["replies"], rng)
        regulars = [entry for entry in data["customers"] if not entry.get("abusive")]
        created: dict[str, Customer] = {}

        def customer_of(entry: dict[str, Any]) -> Callable[[], Customer]:
            def get() -> Customer:
                if entry["name"] not in created:
                    created[entry["name"]] = self._customer(entry, language)
                return created[entry["name"]]

            return get

        for _index in range(CONVERSATIONS_PER_LANGUAGE):
            opener = openers.take()
            if opener is None:
                break
            entry = rng.choice(regulars)
            self._plan_conversation(customer_of(entry), entry, opener, agents, followups, replies)
        for entry in data["customers"]:
            if entry.get("abusive"):
                for text in data.get("abusive", []):
                    opener = {"category": Category.COMPLAINT, "subject": text[:40], "body": text}
                    self._plan_conversation(
                        customer_of(entry), entry, opener, agents, followups, replies, abusive=True
                    )

    def _plan_conversation(
        self,
        customer: Callable[[], Customer],
        entry: dict[str, Any],
        opener: dict[str, str],
        agents: list[User],
        followups: Pool,
        replies: Pool,
        *,
        abusive: bool = False,
    ) -> None:
        rng = self.rng
        age = timedelta(days=DAYS * rng.random() ** 1.5)  # more of it recent, as in a growing shop
        start = (self.now - age).replace(hour=rng.randint(5, 19), minute=rng.randint(0, 59))
        if start > self.now:
            start -= timedelta(days=1)
        category = opener["category"]
        vip = entry.get("tier") in {Tier.VIP, Tier.GOLD}
        priority = Priority.HIGH if vip or abusive else rng.choice(
            [Priority.NORMAL] * 6 + [Priority.LOW, Priority.HIGH, Priority.URGENT]
        )  # fmt: skip
        agent = rng.choice(agents)
        box: dict[str, Conversation] = {}

        def open_it() -> None:
            box["c"] = actions.open_conversation(
                customer=customer(), channel=rng.choice(CHANNELS), subject=opener["subject"],
                body_text=opener["body"], team=self.teams[TEAM_OF.get(category, "Support")],
                priority=priority, category=category,
            )  # fmt: skip

        self._at(start, open_it)
        fresh = age < timedelta(days=1)
        if fresh and rng.random() < 0.6:
            return  # still new and unassigned
        moment = start + timedelta(minutes=rng.randint(3, 90))
        tags = rng.sample(TAGS.get(category, ["feedback"]), k=1) + (["abusive"] if abusive else [])
        tags += ["vip"] if vip else []
        self._at(moment, lambda: actions.assign_conversation(box["c"], agent, assignee=agent))
        self._at(moment, lambda: actions.set_tags(box["c"], tags, agent))
        if abusive or rng.random() < 0.12:
            notes = self.abusive_notes if abusive else self.notes
            note = notes.take()
            if note:
                self._at(moment, lambda: actions.add_note(box["c"], note, agent))
        rounds = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
        for round_number in range(rounds):
            moment += timedelta(minutes=rng.randint(10, 600))
            reply = replies.take()
            if reply is None:
                break
            self._reply(box, reply, agent, moment)
            if round_number < rounds - 1:
                moment += timedelta(minutes=rng.randint(30, 2400))
                text = followups.take()
                if text is None:
                    break
                self._at(moment, partial(self._inbound, box, text))
        self._finish(box, agent, moment, age, abusive)

    def _reply(self, box: dict[str, Conversation], text: str, agent: User, at: datetime) -> None:
        self._at(
            at,
            lambda: actions.add_message(
                box["c"],
                direction=Direction.OUTBOUND,
                body_text=text,
                author_agent=agent,
                actor=agent,
            ),  # fmt: skip
        )

    def _inbound(self, box: dict[str, Conversation], text: str) -> None:
        conversation = box["c"]
        actions.add_message(
            conversation, direction=Direction.INBOUND, body_text=text,
            author_customer=conversation.customer,
        )  # fmt: skip

    def _finish(
        self, box: dict[str, Conversation], agent: User, at: datetime, age: timedelta, abusive: bool
    ) -> None:
        roll = self.rng.random()
        status: str | None = None  # None leaves it open, as the last reply made it
        if abusive or age < timedelta(days=2):
            status = Status.WAITING if roll < 0.4 else None
        elif age < timedelta(days=21):
            if roll < 0.15:
                status = Status.WAITING
            elif roll < 0.25:
                status = Status.ON_HOLD
            elif roll > 0.6:
                status = Status.SOLVED
        elif roll < 0.03:
            status = Status.SPAM
        elif roll < 0.1:
            status = Status.WAITING
        else:
            status = Status.CLOSED if age > timedelta(days=45) and roll > 0.7 else Status.SOLVED
        if status is not None:
            later = at + timedelta(minutes=self.rng.randint(5, 240))
            self._at(later, lambda: actions.change_status(box["c"], status, agent))
