"""Shapes of the messaging API. Secrets are write-only: no answer carries one, except the
generated webhook secret in the answer to the creation, once."""

from typing import Literal

from ninja import Schema
from pydantic import Field


class AccountIn(Schema):
    kind: Literal["sms", "telegram", "whatsapp", "webhook"]
    name: str = Field(min_length=1, max_length=100)
    team: int | None = Field(None, description="the id of the team new conversations go to")
    api_base: str = Field(
        "", max_length=300, description="the provider API's base URL; empty: the provider's own"
    )
    reopen_hours: int = Field(72, ge=0, le=24 * 90)
    # SMS (Twilio-compatible)
    account_sid: str | None = Field(None, max_length=100)
    from_number: str | None = Field(None, max_length=40)
    auth_token: str | None = Field(None, max_length=200, description="write-only")
    # Telegram and Telegram-compatible bot APIs
    bot_token: str | None = Field(None, max_length=200, description="write-only")
    username: str | None = Field(None, max_length=100)
    # WhatsApp Business Cloud API
    phone_number_id: str | None = Field(None, max_length=100)
    access_token: str | None = Field(None, max_length=1000, description="write-only")
    app_secret: str | None = Field(None, max_length=200, description="write-only")
    # Generic webhook
    outbound_url: str | None = Field(None, max_length=300)


class AccountPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    is_active: bool | None = None
    reopen_hours: int | None = Field(None, ge=0, le=24 * 90)
    auth_token: str | None = Field(None, max_length=200, description="write-only")
    bot_token: str | None = Field(None, max_length=200, description="write-only")
    access_token: str | None = Field(None, max_length=1000, description="write-only")
    app_secret: str | None = Field(None, max_length=200, description="write-only")


class AccountOut(Schema):
    id: int
    kind: str
    name: str
    team: int | None
    api_base: str
    webhook_url: str
    settings: dict[str, str]
    identity_kind: str
    reopen_hours: int
    is_active: bool
    webhook_note: str


class CreatedOut(AccountOut):
    webhook_secret: str | None = Field(
        description="shown once, now; null where the provider signs with its own token"
    )


class TemplateIn(Schema):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9_]+$")
    language: str = Field("en", min_length=1, max_length=16)
    body: str = Field(min_length=1, max_length=1024)
    approved: bool = True


class TemplateOut(Schema):
    id: int
    name: str
    language: str
    body: str
    approved: bool
