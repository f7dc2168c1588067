from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from hamdel.lib.validation import Body, Id, absent
from hamdel.people.models import Agent, Presence, Role


class IdentityOut(Schema):
    id: int
    kind: str
    value: str
    display: str


class IdentityIn(Body):
    kind: str = Field(
        max_length=16, description="email, phone, telegram, whatsapp, instagram or other"
    )
    value: str = Field(min_length=1, max_length=254)


class CustomerOut(Schema):
    id: int
    name: str
    language: str
    timezone: str
    tier: str
    notes: str
    merged_into_id: int | None
    created_at: datetime
    identities: list[IdentityOut]


class CustomerIn(Body):
    name: str = Field(min_length=1, max_length=200)
    language: str = Field("", max_length=8)
    timezone: str = Field("", max_length=64)
    tier: str = Field("standard", max_length=16)
    notes: str = ""
    emails: list[Annotated[str, Field(max_length=254)]] = []
    phones: list[Annotated[str, Field(max_length=254)]] = []
    handles: list[IdentityIn] = []


class CustomerPatch(Body):
    """Fields left out stay as they are; none of them may be null."""

    name: str = absent(min_length=1, max_length=200)
    language: str = absent(max_length=8)
    timezone: str = absent(max_length=64)
    tier: str = absent(max_length=16)
    notes: str = absent()


class MergeIn(Body):
    target_id: Id


class TeamOut(Schema):
    id: int
    name: str
    timezone: str
    brand_name: str
    brand_logo_url: str
    sender_address: str


class TeamIn(Body):
    name: str = Field(min_length=1, max_length=100)
    timezone: str = Field("UTC", max_length=64)
    brand_name: str = Field("", max_length=200)
    brand_logo_url: str = Field("", max_length=200)
    sender_address: str = Field("", max_length=254)


class TeamPatch(Body):
    """Fields left out stay as they are; none of them may be null ("" clears a brand)."""

    name: str = absent(min_length=1, max_length=100)
    timezone: str = absent(max_length=64)
    brand_name: str = absent(max_length=200)
    brand_logo_url: str = absent(max_length=200)
    sender_address: str = absent(max_length=254)


class AgentOut(Schema):
    id: int
    user_id: int
    username: str
    name: str
    email: str
    is_active: bool
    role: str
    team_ids: list[int]
    languages: list[str]
    skills: list[str]
    timezone: str
    presence: str

    @staticmethod
    def resolve_username(obj: Agent) -> str:
        return obj.user.get_username()

    @staticmethod
    def resolve_name(obj: Agent) -> str:
        return obj.user.get_full_name()

    @staticmethod
    def resolve_email(obj: Agent) -> str:
        return obj.user.email

    @staticmethod
    def resolve_is_active(obj: Agent) -> bool:
        return obj.user.is_active

    @staticmethod
    def resolve_team_ids(obj: Agent) -> list[int]:
        return [team.pk for team in obj.teams.all()]


class AgentIn(Body):
    username: str = Field(min_length=1, max_length=150)
    email: str = Field("", max_length=254)
    name: str = Field("", max_length=150)
    role: Role = Role.AGENT
    team_ids: list[Id] = []
    languages: list[Annotated[str, Field(max_length=8)]] = []
    skills: list[Annotated[str, Field(max_length=64)]] = []
    timezone: str = Field("UTC", max_length=64)


class AgentPatch(Body):
    """Fields left out stay as they are; none of them may be null."""

    role: Role = absent()
    team_ids: list[Id] = absent()
    languages: list[Annotated[str, Field(max_length=8)]] = absent()
    skills: list[Annotated[str, Field(max_length=64)]] = absent()
    timezone: str = absent(max_length=64)
    ui_language: str = absent(max_length=8)
    signature: str = absent()
    presence: Presence = absent()
    is_active: bool = absent()


class OrganisationOut(Schema):
    name: str
    default_language: str
    phone_region: str
    timezone: str
    redaction_enabled: bool


class OrganisationPatch(Body):
    """Fields left out stay as they are; none of them may be null."""

    name: str = absent(min_length=1, max_length=200)
    default_language: str = absent(max_length=8)
    phone_region: str = absent(max_length=2)
    timezone: str = absent(max_length=64)
    redaction_enabled: bool = absent()
