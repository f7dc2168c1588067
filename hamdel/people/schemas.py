from datetime import datetime

from ninja import Schema
from pydantic import Field

from hamdel.people.models import Agent


class IdentityOut(Schema):
    id: int
    kind: str
    value: str
    display: str


class IdentityIn(Schema):
    kind: str = Field(description="email, phone, telegram, whatsapp, instagram or other")
    value: str


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


class CustomerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    language: str = ""
    timezone: str = ""
    tier: str = "standard"
    notes: str = ""
    emails: list[str] = []
    phones: list[str] = []
    handles: list[IdentityIn] = []


class CustomerPatch(Schema):
    name: str | None = None
    language: str | None = None
    timezone: str | None = None
    tier: str | None = None
    notes: str | None = None


class MergeIn(Schema):
    target_id: int


class TeamOut(Schema):
    id: int
    name: str
    timezone: str
    brand_name: str
    brand_logo_url: str
    sender_address: str


class TeamIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    timezone: str = "UTC"
    brand_name: str = ""
    brand_logo_url: str = ""
    sender_address: str = ""


class TeamPatch(Schema):
    name: str | None = None
    timezone: str | None = None
    brand_name: str | None = None
    brand_logo_url: str | None = None
    sender_address: str | None = None


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


class AgentIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    email: str = ""
    name: str = ""
    role: str = "agent"
    team_ids: list[int] = []
    languages: list[str] = []
    skills: list[str] = []
    timezone: str = "UTC"


class AgentPatch(Schema):
    role: str | None = None
    team_ids: list[int] | None = None
    languages: list[str] | None = None
    skills: list[str] | None = None
    timezone: str | None = None
    ui_language: str | None = None
    signature: str | None = None
    presence: str | None = None
    is_active: bool | None = None


class OrganisationOut(Schema):
    name: str
    default_language: str
    phone_region: str
    timezone: str
    redaction_enabled: bool


class OrganisationPatch(Schema):
    name: str | None = None
    default_language: str | None = None
    phone_region: str | None = None
    timezone: str | None = None
    redaction_enabled: bool | None = None
