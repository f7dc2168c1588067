from typing import Literal

from ninja import Schema
from pydantic import Field

SecurityIn = Literal["tls", "starttls", "none"]


class MailboxIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    address: str = Field(min_length=3, max_length=254)
    team: int | None = None
    language: Literal["", "en", "fa", "tr", "ru"] = ""
    imap_host: str = Field(min_length=1, max_length=255)
    imap_port: int = Field(993, ge=1, le=65535)
    imap_security: SecurityIn = "tls"
    imap_folder: str = Field("INBOX", min_length=1, max_length=255)
    username: str = Field(min_length=1, max_length=255)
    password: str = Field(
        "", max_length=500, description="write-only; `env:NAME` reads it from the environment"
    )
    smtp_host: str = Field("", max_length=255)
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: SecurityIn = "starttls"
    poll_seconds: int = Field(60, ge=10, le=3600)
    acknowledge: bool = False
    acknowledge_window_hours: int = Field(24, ge=0, le=24 * 30)
    is_active: bool = True


class MailboxPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    team: int | None = None
    language: Literal["", "en", "fa", "tr", "ru"] | None = None
    imap_host: str | None = Field(None, min_length=1, max_length=255)
    imap_port: int | None = Field(None, ge=1, le=65535)
    imap_security: SecurityIn | None = None
    username: str | None = Field(None, min_length=1, max_length=255)
    password: str | None = Field(None, max_length=500, description="write-only")
    smtp_host: str | None = Field(None, max_length=255)
    smtp_port: int | None = Field(None, ge=1, le=65535)
    acknowledge: bool | None = None
    acknowledge_window_hours: int | None = Field(None, ge=0, le=24 * 30)
    is_active: bool | None = None


class MailboxOut(Schema):
    id: int
    name: str
    address: str
    team: int | None
    language: str
    imap_host: str
    imap_port: int
    imap_security: str
    imap_folder: str
    username: str
    has_password: bool
    smtp_host: str
    smtp_port: int
    smtp_security: str
    poll_seconds: int
    acknowledge: bool
    acknowledge_window_hours: int
    is_active: bool
    last_fetch_at: str | None
    last_error: str
    flagged_count: int
