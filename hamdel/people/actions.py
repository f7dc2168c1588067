"""Every write to customers, identities, agents, teams and the organisation."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from hamdel.audit.models import Event
from hamdel.lib.prefetch import set_prefetched
from hamdel.people import events, signals
from hamdel.people.identities import normalise_identity
from hamdel.people.indexing import customer_entry, index_customer
from hamdel.people.merging import move_back, move_to_target
from hamdel.people.models import (
    Agent,
    Customer,
    Identity,
    IdentityKind,
    Organisation,
    Presence,
    Role,
    Team,
    Tier,
)
from hamdel.text.actions import write_entries

Actor = User | None

ORGANISATION_FIELDS = ("name", "default_language", "phone_region", "timezone", "redaction_enabled")
TEAM_FIELDS = ("name", "timezone", "brand_name", "brand_logo_url", "sender_address")
CUSTOMER_FIELDS = ("name", "language", "timezone", "tier", "notes")
AGENT_FIELDS = ("role", "languages", "skills", "timezone", "ui_language", "signature")


def _apply(
    instance: models.Model, fields: Iterable[str], changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the given fields, validate them, and return (old, new) of what really changed."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for field in fields:
        if field in changes and getattr(instance, field) != changes[field]:
            old[field] = getattr(instance, field)
            new[field] = changes[field]
            setattr(instance, field, changes[field])
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    instance.full_clean(exclude=[f for f in fields if f not in new] or None)
    return old, new


# Organisation


def update_organisation(actor: Actor, **changes: Any) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get_or_create(pk=1)[0]
        old, new = _apply(organisation, ORGANISATION_FIELDS, changes)
        if new:
            organisation.save(update_fields=list(new))
            events.organisation_changed(old, new, actor)
    return organisation


# Teams


def create_team(name: str, actor: Actor, **fields: Any) -> Team:
    team = Team(name=name.strip(), **fields)
    team.full_clean()
    with transaction.atomic():
        team.save()
        events.team_changed(team, "created", None, {"name": team.name}, actor)
    return team


def update_team(team: Team, actor: Actor, **changes: Any) -> Team:
    with transaction.atomic():
        old, new = _apply(team, TEAM_FIELDS, changes)
        if new:
            team.save(update_fields=list(new))
            events.team_changed(team, "changed", old, new, actor)
    return team


# Agents


def create_agent(
    username: str,
    actor: Actor,
    *,
    email: str = "",
    name: str = "",
    password: str | None = None,
    role: str = Role.AGENT,
    teams: Iterable[Team] = (),
    **fields: Any,
) -> Agent:
    user_model = User
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    first, _space, last = name.partition(" ")
    user = user_model(username=username, email=email, first_name=first, last_name=last)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    agent = Agent(user=user, role=role, **fields)
    agent.full_clean(exclude=["user"])
    with transaction.atomic():
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
        agent.user = user
        agent.save()
        agent.teams.set(list(teams))
        events.agent_changed(agent, "created", None, {"username": username, "role": role}, actor)
    return agent


def update_agent(
    agent: Agent, actor: Actor, *, teams: Iterable[Team] | None = None, **changes: Any
) -> Agent:
    with transaction.atomic():
        old, new = _apply(agent, AGENT_FIELDS, changes)
        if new:
            agent.save(update_fields=list(new))
        if "role" in new:
            user = agent.user
            user.is_staff = user.is_superuser = agent.role == Role.ADMIN
            user.save(update_fields=["is_staff", "is_superuser"])
        if teams is not None:
            before = sorted(agent.teams.values_list("pk", flat=True))
            after = sorted(team.pk for team in teams)
            if before != after:
                agent.teams.set(after)
                old["teams"], new["teams"] = before, after
        if new:
            events.agent_changed(agent, "changed", old, new, actor)
    return agent


def deactivate_agent(agent: Agent, actor: Actor) -> Agent:
    """Staff are never deleted: their history stays attributed to them."""
    with transaction.atomic():
        user = agent.user
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            agent.presence = Presence.OFFLINE
            agent.save(update_fields=["presence"])
            events.agent_changed(agent, "deactivated", True, False, actor)
    return agent


def record_refused_staff_change(agent: Agent | None, actor: User, fields: Iterable[str]) -> None:
    """Audit an attempt to change roles, teams or activity that the actor had no right to
    make; the change itself is refused by the caller (nothing else is written)."""
    events.staff_change_refused(agent, sorted(fields), actor)


def invite_agent(agent: Agent, actor: Actor) -> Agent:
    """Make the agent's earlier invitation links void before a new one is sent: a new
    unusable password changes what their tokens are bound to (people.tokens)."""
    if agent.user.has_usable_password():
        raise ValidationError({"user": _("This agent has chosen a password already.")})
    with transaction.atomic():
        agent.user.set_unusable_password()
        agent.user.save(update_fields=["password"])
        events.agent_changed(agent, "invited", None, None, actor)
    return agent


def revoke_invitation(agent: Agent, actor: Actor) -> Agent:
    """Void the invitation links sent to an agent who has not chosen a password yet."""
    if agent.user.has_usable_password():
        raise ValidationError({"user": _("This agent has chosen a password already.")})
    with transaction.atomic():
        agent.user.set_unusable_password()
        agent.user.save(update_fields=["password"])
        events.agent_changed(agent, "invitation_revoked", None, None, actor)
    return agent


def reactivate_agent(agent: Agent, actor: Actor) -> Agent:
    with transaction.atomic():
        user = agent.user
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            events.agent_changed(agent, "reactivated", False, True, actor)
    return agent


def change_agent(agent: Agent, actor: Actor, changes: dict[str, Any]) -> Agent:
    """Apply an API/UI edit: profile fields, teams, presence and (de)activation together."""
    changes = dict(changes)
    team_ids = changes.pop("team_ids", None)
    presence = changes.pop("presence", None)
    is_active = changes.pop("is_active", None)
    with transaction.atomic():
        teams = None if team_ids is None else list(Team.objects.filter(pk__in=team_ids))
        if teams is not None and len(teams) != len(set(team_ids)):
            raise ValidationError({"team_ids": _("One of these teams does not exist.")})
        update_agent(agent, actor, teams=teams, **changes)
        if presence is not None:
            set_presence(agent, presence)
        if is_active is False:
            deactivate_agent(agent, actor)
        elif is_active is True:
            reactivate_agent(agent, actor)
    return agent


def set_presence(agent: Agent, presence: str) -> Agent:
    if presence not in Presence.values:
        raise ValidationError({"presence": _("Unknown presence.")})
    if agent.presence != presence:
        agent.presence = presence
        agent.save(update_fields=["presence"])
    return agent


def ensure_admin(username: str, password: str) -> tuple[User, bool]:
    """The first administrator, created on first start. Returns (user, created)."""
    user_model = User
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    agent = create_agent(username, None, password=password, role=Role.ADMIN, name="")
    return agent.user, True


# Customers and identities


def create_customer(
    name: str,
    actor: Actor,
    *,
    identities: Iterable[tuple[str, str]] = (),
    language: str = "",
    timezone: str = "",
    tier: str = Tier.STANDARD,
    notes: str = "",
) -> Customer:
    customer = Customer(
        name=name.strip(), language=language, timezone=timezone, tier=tier, notes=notes
    )
    customer.full_clean()
    with transaction.atomic():
        customer.save()
        events.customer_created(customer, actor)
        for kind, raw in identities:
            _attach_identity(customer, kind, raw, actor)
        index_customer(customer.pk)
    return customer


def update_customer(customer: Customer, actor: Actor, **changes: Any) -> Customer:
    with transaction.atomic():
        old, new = _apply(customer, CUSTOMER_FIELDS, changes)
        if new:
            customer.save(update_fields=[*new, "updated_at"])
            events.customer_changed(customer, old, new, actor)
            index_customer(customer.pk)
            signals.customer_changed.send(
                sender=Customer,
                customer=customer,
                changes={field: (old[field], new[field]) for field in new},
                actor=actor,
            )
    return customer


def _claimed(kind: str, message: str) -> ValidationError:
    """An identity held by another customer, under the identity kind's field, with a code
    callers can tell (a code given beside a dict of messages would be dropped)."""
    return ValidationError({kind: ValidationError(message, code="identity_claimed")})


def add_identity(customer: Customer, kind: str, raw: str, actor: Actor) -> Identity:
    """Attach an identity; one already held by another customer is refused, not moved."""
    with transaction.atomic():
        identity = _attach_identity(customer, kind, raw, actor)
        index_customer(customer.pk)
    return identity


def _attach_identity(customer: Customer, kind: str, raw: str, actor: Actor) -> Identity:
    """add_identity without re-indexing the customer, for callers that index once at the end."""
    region = Organisation.load().phone_region
    kind = str(kind)
    try:
        value = normalise_identity(kind, raw, region)
    except ValidationError as error:
        raise ValidationError({kind: error.messages}) from error
    holder = Identity.objects.filter(kind=kind, value=value).select_related("customer").first()
    if holder is not None:
        if holder.customer_id == customer.pk:
            return holder
        raise _claimed(
            kind,
            _("%(value)s already belongs to customer #%(customer)s (%(name)s).")
            % {"value": value, "customer": holder.customer_id, "name": holder.customer.name},
        )
    identity = Identity(customer=customer, kind=kind, value=value, display=raw.strip())
    _forget_identities(customer)
    try:
        with transaction.atomic():
            identity.save()
            events.identity_added(identity, actor)
    except IntegrityError as error:  # a concurrent request claimed it first
        raise _claimed(
            kind, _("%(value)s already belongs to another customer.") % {"value": value}
        ) from error
    return identity


def remove_identity(identity: Identity, actor: Actor) -> None:
    with transaction.atomic():
        events.identity_removed(identity, actor)
        if Identity.customer.is_cached(identity):
            _forget_identities(identity.customer)
        identity.delete()
        index_customer(identity.customer_id)


def find_or_create_customer(
    name: str,
    actor: Actor,
    *,
    email: str | None = None,
    phone: str | None = None,
    identities: Sequence[tuple[str, str]] = (),
    index: bool = True,
) -> Customer:
    """The customer who holds one of these identities, else a new one holding them all.

    `identities` are (kind, value as typed) pairs of any declared kind (a Telegram user
    id, ...), looked up after `email` and `phone`. `index=False` leaves a new customer's
    search entry to the caller, which writes it with the conversation it opens.
    """
    region = Organisation.load().phone_region
    wanted: list[tuple[str, str]] = []
    if email:
        wanted.append((IdentityKind.EMAIL, email))
    if phone:
        wanted.append((IdentityKind.PHONE, phone))
    wanted.extend((kind, value) for kind, value in identities if value)
    with transaction.atomic():
        normalised: list[tuple[str, str, str]] = []  # (kind, value, display)
        for kind, raw in wanted:
            kind = str(kind)
            try:
                value = normalise_identity(kind, raw, region)
            except ValidationError as error:
                raise ValidationError({kind: error.messages}) from error
            normalised.append((kind, value, raw.strip()))
        held = {
            (identity.kind, identity.value): identity
            for identity in _holders(normalised).select_related("customer")
        }
        for kind, value, _display in normalised:
            identity = held.get((kind, value))
            if identity is not None:
                customer = _surviving(identity.customer)
                for other_kind, other_raw in wanted:
                    if other_kind != kind:
                        add_identity(customer, other_kind, other_raw, actor)
                return customer
        fallback = wanted[0][1] if wanted else ""
        return _create_holding(name or fallback, actor, normalised, index=index)


def _hold_identities(customer: Customer, identities: list[Identity]) -> None:
    """Keep a new customer's identities on it, so indexing the conversation opened for it
    does not read them again. `_attach_identity` and `remove_identity` drop the list."""
    set_prefetched(customer, "identities", identities)


def _forget_identities(customer: Customer) -> None:
    customer.__dict__.get("_prefetched_objects_cache", {}).pop("identities", None)


def _holders(identities: list[tuple[str, str, str]]) -> models.QuerySet[Identity]:
    """The stored identities among these (kind, value, display), in one read."""
    wanted = models.Q(pk__in=[])
    for kind, value, _display in identities:
        wanted |= models.Q(kind=kind, value=value)
    return Identity.objects.filter(wanted)


def _create_holding(
    name: str, actor: Actor, identities: list[tuple[str, str, str]], *, index: bool = True
) -> Customer:
    """create_customer for identities normalised and found unheld in the caller's
    transaction: no second look-up, one insert for the events and one for the index."""
    customer = Customer(name=name.strip())
    customer.full_clean()
    customer.save()
    attached = []
    for kind, value, display in identities:
        identity = Identity(customer=customer, kind=kind, value=value, display=display)
        try:
            identity.save()  # no savepoint: a claim lost to a concurrent request ends it all
        except IntegrityError as error:
            raise _claimed(
                kind, _("%(value)s already belongs to another customer.") % {"value": value}
            ) from error
        attached.append(identity)
    events.customer_created(customer, actor, attached)
    _hold_identities(customer, attached)
    if not index:
        return customer
    entry = customer_entry(
        customer.pk,
        customer.name,
        customer.language,
        customer.created_at,
        identities=[(identity.kind, identity.value, identity.display) for identity in attached],
        numbers=[],
    )
    write_entries([entry])
    return customer


def _surviving(customer: Customer) -> Customer:
    while customer.merged_into_id is not None:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def merge_customers(source: Customer, target: Customer, actor: Actor) -> Event:
    """Move every record of `source` to `target`; `source` stays, marked as merged.

    People moves its own rows (the identities); every other app moves its own when it
    hears `signals.customer_merged`, recording them in `moved`. The event keeps that
    list, so `unmerge_customers` can put each row back.
    """
    if source.pk == target.pk:
        raise ValidationError({"target": _("A customer cannot be merged into itself.")})
    if source.merged_into_id is not None:
        raise ValidationError({"source": _("This customer has already been merged.")})
    if target.merged_into_id is not None:
        raise ValidationError({"target": _("Cannot merge into a customer that was merged away.")})
    moved: dict[str, list[int]] = {}
    with transaction.atomic():
        move_to_target(Identity, "customer", source, target, moved)
        signals.customer_merged.send(
            sender=Customer, source=source, target=target, actor=actor, moved=moved
        )
        source.merged_into = target
        source.save(update_fields=["merged_into", "updated_at"])
        index_customer(source.pk)
        index_customer(target.pk)
        return events.customers_merged(source, target, moved, actor)


def unmerge_customers(merge: Event, actor: Actor) -> Customer:
    """Reverse a merge from its audit event: the moved rows go back to the source.

    People puts its identities back; each app puts its own rows back when it hears
    `signals.customer_unmerged`, from the ids the merge recorded.
    """
    if merge.verb != "customer.merged":
        raise ValidationError({"event": _("This event is not a customer merge.")})
    source = Customer.objects.get(pk=merge.data["source"])
    target = Customer.objects.get(pk=merge.subject_id)
    if source.merged_into_id != target.pk:
        raise ValidationError({"event": _("This merge has already been undone.")})
    moved: dict[str, list[int]] = merge.data["moved"]
    with transaction.atomic():
        move_back(Identity, "customer", source, target, moved)
        signals.customer_unmerged.send(
            sender=Customer, source=source, target=target, actor=actor, moved=moved
        )
        source.merged_into = None
        source.save(update_fields=["merged_into", "updated_at"])
        events.customers_unmerged(source, target, merge, actor)
        index_customer(source.pk)
        index_customer(target.pk)
    return source
