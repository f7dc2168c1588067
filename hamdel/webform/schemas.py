"""Shapes of the web form API."""

from ninja import Schema
from pydantic import Field


class FormText(Schema):
    title: str = Field("", max_length=200)
    intro: str = Field("", max_length=2000)


class WebFormOut(Schema):
    slug: str
    url: str = Field(description="the public address, relative to the site")
    is_default: bool
    team_id: int | None
    is_active: bool
    texts: dict[str, FormText] = Field(description="title and intro per language: en, fa, tr, ru")
    allowed_origins: list[str] = Field(description="sites whose pages may embed the form")
    min_seconds: int
    max_per_ip: int


class WebFormIn(Schema):
    slug: str = Field(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    team_id: int | None = None
    is_active: bool = True
    texts: dict[str, FormText] = Field(default_factory=dict)
    allowed_origins: list[str] = Field(default_factory=list)
    min_seconds: int = Field(2, ge=0, le=600)
    max_per_ip: int = Field(10, ge=1, le=100_000)


class WebFormPatch(Schema):
    slug: str | None = Field(None, min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    team_id: int | None = None
    is_active: bool | None = None
    texts: dict[str, FormText] | None = None
    allowed_origins: list[str] | None = None
    min_seconds: int | None = Field(None, ge=0, le=600)
    max_per_ip: int | None = Field(None, ge=1, le=100_000)
