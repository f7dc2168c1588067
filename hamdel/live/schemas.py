from ninja import Schema

from hamdel.lib.validation import Body, Id


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    conversation: int
    number: int
    subject: str
    actor: str | None
    created_at: str
    read: bool


class NotificationsOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Body):
    ids: list[Id] | None = None  # None marks every notification read


class MarkReadOut(Schema):
    marked: int
    unread: int
