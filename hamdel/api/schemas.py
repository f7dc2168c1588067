from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[dict[str, str]] = []


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None
    revoked: bool
