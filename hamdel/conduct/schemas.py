"""Schemas of the conduct API."""

from ninja import Schema
from pydantic import Field


class CheckIn(Schema):
    text: str = Field(max_length=100_000)
    language: str | None = Field(default=None, description="fa, tr, ru or en; else all lists")


class MatchOut(Schema):
    start: int  # offsets into the text as sent
    end: int
    category: str


class CheckOut(Schema):
    abusive: bool
    severity: str | None
    matches: list[MatchOut]
