"""Raffles whose draw anyone can check (docs/loyalty.md, "Raffles").

Open: a secret 32-byte seed is drawn and `commitment = SHA-256(seed)` published. Close:
the eligible customers are frozen as entries, each with a public pseudonymous code; the
codes sorted by code point, joined by "\\n", give `digest = SHA-256(...)`. Draw (after an
optional public value announced after the close): the seed is revealed and winner i is
`remaining.pop(int(SHA-256(seed ‖ "|" ‖ digest ‖ "|" ‖ public_value ‖ "|" ‖ str(i))) mod
len(remaining))`. `verify` recomputes all of it from the published values.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.audit.models import Event
from hamdel.lib import localise
from hamdel.loyalty import events
from hamdel.loyalty.coupons import ALPHABET
from hamdel.loyalty.models import Raffle, RaffleEntry, RaffleState
from hamdel.loyalty.points import SURVEY_VERBS
from hamdel.people.models import Customer, Organisation, Tier

Actor = User | None
RULES = ("all_customers", "tier", "answered_survey_this_month")
CODE_SYMBOLS = 10  # 50 bits: pseudonymous, unguessable entry codes
MAX_WINNERS = 1000


def commitment_of(seed_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def digest_of(codes: list[str]) -> str:
    return hashlib.sha256("\n".join(codes).encode("utf-8")).hexdigest()


def draw_winners(seed_hex: str, codes: list[str], public_value: str, count: int) -> list[str]:
    """The algorithm of the issue, exactly: `codes` sorted by code point."""
    seed, digest = bytes.fromhex(seed_hex), digest_of(codes)
    remaining, winners = list(codes), []
    for i in range(count):
        if not remaining:
            break
        message = seed + f"|{digest}|{public_value}|{i}".encode()
        j = int.from_bytes(hashlib.sha256(message).digest(), "big") % len(remaining)
        winners.append(remaining.pop(j))
    return winners


def check_eligibility(eligibility: dict[str, Any]) -> dict[str, Any]:
    rule = eligibility.get("rule")
    if rule not in RULES:
        raise ValidationError(
            {"eligibility": _("Choose one of: %(choices)s.") % {"choices": ", ".join(RULES)}}
        )
    if rule == "tier":
        tier = eligibility.get("tier")
        if tier not in Tier.values:
            raise ValidationError(
                {
                    "eligibility": _("Give a tier: %(choices)s.")
                    % {"choices": ", ".join(Tier.values)}
                }
            )
        return {"rule": rule, "tier": tier}
    return {"rule": rule}


def open_raffle(name: str, winners: int, eligibility: dict[str, Any], actor: Actor) -> Raffle:
    if not name.strip():
        raise ValidationError({"name": _("Give the raffle a name.")})
    if not 1 <= winners <= MAX_WINNERS:
        raise ValidationError({"winners": _("Give 1 to %(max)s winners.") % {"max": MAX_WINNERS}})
    rule = check_eligibility(eligibility)
    seed = secrets.token_hex(32)
    with transaction.atomic():
        raffle = Raffle.objects.create(
            name=name.strip()[:200],
            winners=winners,
            eligibility=rule,
            seed=seed,
            commitment=commitment_of(seed),
            created_by=actor,
        )
        _event("raffle.opened", raffle, actor, {"commitment": raffle.commitment})
    return raffle


def eligible_customers(raffle: Raffle, now: datetime) -> QuerySet[Customer]:
    customers = Customer.objects.filter(merged_into__isnull=True)
    rule = raffle.eligibility.get("rule")
    if rule == "tier":
        return customers.filter(tier=raffle.eligibility.get("tier"))
    if rule == "answered_survey_this_month":
        local = timezone.localtime(now, localise.zone(Organisation.load().timezone))
        month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        answered = Event.objects.filter(
            verb__in=SURVEY_VERBS, created_at__gte=month_start, created_at__lte=now
        ).values("customer_id")
        return customers.filter(pk__in=answered)
    return customers


def _entry_code(taken: set[str]) -> str:
    while True:
        symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_SYMBOLS))
        code = f"{symbols[:5]}-{symbols[5:]}"
        if code not in taken:
            taken.add(code)
            return code


def close_raffle(raffle: Raffle, actor: Actor, now: datetime | None = None) -> Raffle:
    """Freeze the entries: each eligible customer gets a pseudonymous code."""
    now = now or timezone.now()
    with transaction.atomic():
        raffle = Raffle.objects.select_for_update().get(pk=raffle.pk)
        if raffle.state != RaffleState.OPEN:
            raise ValidationError({"state": _("Only an open raffle can be closed.")})
        taken: set[str] = set()
        entries = [
            RaffleEntry(raffle=raffle, customer_id=pk, code=_entry_code(taken))
            for pk in eligible_customers(raffle, now).order_by("pk").values_list("pk", flat=True)
        ]
        RaffleEntry.objects.bulk_create(entries, batch_size=1000)
        raffle.digest = digest_of(sorted(taken))
        raffle.state, raffle.closed_at = RaffleState.CLOSED, now
        raffle.save(update_fields=["digest", "state", "closed_at"])
        _event("raffle.closed", raffle, actor, {"entries": len(entries), "digest": raffle.digest})
    return raffle


def draw_raffle(
    raffle: Raffle, actor: Actor, public_value: str = "", now: datetime | None = None
) -> Raffle:
    """Record the public value, reveal the seed and draw the winners."""
    now = now or timezone.now()
    with transaction.atomic():
        raffle = Raffle.objects.select_for_update().get(pk=raffle.pk)
        if raffle.state != RaffleState.CLOSED:
            raise ValidationError(
                {"state": _("Close the raffle before the draw; it is drawn once.")}
            )
        codes = entry_codes(raffle)
        winners = draw_winners(raffle.seed, codes, public_value.strip(), raffle.winners)
        by_code = {entry.code: entry for entry in raffle.entries.filter(code__in=winners)}
        for position, code in enumerate(winners):
            by_code[code].position = position
        RaffleEntry.objects.bulk_update(list(by_code.values()), ["position"])
        raffle.public_value = public_value.strip()[:200]
        raffle.state, raffle.drawn_at = RaffleState.DRAWN, now
        raffle.save(update_fields=["public_value", "state", "drawn_at"])
        _event("raffle.drawn", raffle, actor, {"winners": winners, "seed": raffle.seed})
    return raffle


def entry_codes(raffle: Raffle) -> list[str]:
    """Sorted by code point (Python compares str by code point; the database might not)."""
    return sorted(raffle.entries.values_list("code", flat=True))


def winner_codes(raffle: Raffle) -> list[str]:
    return list(
        raffle.entries.filter(position__isnull=False)
        .order_by("position")
        .values_list("code", flat=True)
    )


def audit_of(raffle: Raffle) -> dict[str, Any]:
    """What the public page and the audit API publish: no personal data; the seed only
    after the draw."""
    drawn = raffle.state == RaffleState.DRAWN
    closed = raffle.state != RaffleState.OPEN
    return {
        "id": raffle.pk,
        "name": raffle.name,
        "state": raffle.state,
        "winners_count": raffle.winners,
        "eligibility": raffle.eligibility,
        "commitment": raffle.commitment,
        "entries": entry_codes(raffle) if closed else [],
        "digest": raffle.digest if closed else None,
        "public_value": raffle.public_value if drawn else None,
        "seed": raffle.seed if drawn else None,
        "winners": winner_codes(raffle) if drawn else [],
        "opened_at": raffle.opened_at.isoformat(),
        "closed_at": raffle.closed_at.isoformat() if raffle.closed_at else None,
        "drawn_at": raffle.drawn_at.isoformat() if raffle.drawn_at else None,
    }


@dataclass
class Verification:
    ok: bool
    winners: list[str]
    problems: list[str] = field(default_factory=list)


def verify(published: dict[str, Any]) -> Verification:
    """Recompute commitment, digest and winners from what was published (audit_of)."""
    problems: list[str] = []
    seed = published.get("seed")
    if not seed:
        return Verification(False, [], ["the raffle is not drawn yet: the seed is secret"])
    codes = list(published["entries"])
    if codes != sorted(codes):
        problems.append("the entries are not sorted by code point")
    if commitment_of(seed) != published["commitment"]:
        problems.append("SHA-256(seed) is not the commitment published at the opening")
    if digest_of(codes) != published["digest"]:
        problems.append("the digest is not SHA-256 of the entries")
    winners = draw_winners(
        seed, codes, published.get("public_value") or "", published["winners_count"]
    )
    if winners != list(published["winners"]):
        problems.append("the winners are not the ones the algorithm draws")
    return Verification(not problems, winners, problems)


def _event(verb: str, raffle: Raffle, actor: Actor, data: dict[str, Any]) -> None:
    events.loyalty_event(
        verb,
        subject_type="raffle",
        subject_id=raffle.pk,
        actor=actor,
        customer_id=None,
        data={"name": raffle.name, **data},
    )
