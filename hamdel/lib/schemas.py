"""API schemas every app's router shares: a page of a keyset list, an error."""

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
